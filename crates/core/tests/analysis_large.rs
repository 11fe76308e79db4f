//! The engine on `gen_large.py 10000` (generated here by a port of the generator, checked against
//! the reference's byte count and first/last lines): Pearson matrix and descriptives against
//! tests/fixtures/gen_large_10000_expected.json at 1e-9 relative.
mod support;

use social_roi_core::analysis::{self, Plan};
use social_roi_core::{Date, Table};

const SEED: u64 = 0x005E_ED20_24C0_FFEE;
const WEEK: [i64; 7] = [2, 1, 0, 0, -1, -2, 0];

fn splitmix64(x: u64) -> u64 {
    let mut x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

fn latent(i: u64, k: u64) -> i64 {
    let h = splitmix64(((i << 3) | k) ^ SEED);
    ((h & 0xFFFF) + ((h >> 16) & 0xFFFF) + ((h >> 32) & 0xFFFF) + ((h >> 48) & 0xFFFF)) as i64
        - 131070
}

/// Python's floor division for a positive divisor.
fn fdiv(a: i64, b: i64) -> i64 {
    a.div_euclid(b)
}

fn row_values(i: u64) -> [i64; 12] {
    let z: Vec<i64> = (0..8).map(|k| latent(i, k)).collect();
    let spend = 200000 + z[0] + 5000 * WEEK[(i % 7) as usize];
    let impressions = 30000 + fdiv(spend, 5) + fdiv(z[1], 8);
    let clicks = fdiv(impressions, 70) + fdiv(z[2], 1024);
    let new_followers = 40 + fdiv(clicks, 25) + fdiv(z[3], 4096);
    let sessions = 1500 + clicks * 2 + fdiv(z[4], 128);
    let bounce = 4500 + fdiv(z[5], 64) - fdiv(clicks, 10);
    let orders = 30 + fdiv(sessions, 50) + fdiv(z[6], 8192);
    let revenue = orders * 6000 + fdiv(z[7], 2);
    let aov = fdiv(revenue, orders);
    let email = 20 + fdiv(sessions, 100) + fdiv(z[1], 8192);
    let engagement = 300 + fdiv(impressions, 40) + fdiv(z[3], 256);
    let returns = fdiv(revenue, 25) + fdiv(z[2], 64);
    [
        spend,
        impressions,
        clicks,
        new_followers,
        sessions,
        bounce,
        orders,
        revenue,
        aov,
        email,
        engagement,
        returns,
    ]
}

const CENTS: [bool; 12] = [
    true, false, false, false, false, true, false, true, true, false, false, true,
];
pub const HEADER: [&str; 13] = [
    "date",
    "spend",
    "impressions",
    "clicks",
    "new_followers",
    "sessions",
    "bounce_rate",
    "orders",
    "revenue",
    "aov",
    "email_signups",
    "engagement",
    "returns",
];

/// Line i of the CSV body, exactly as gen_large.py writes it.
pub fn format_row(i: u64) -> String {
    let d = Date::from_days(Date::from_ymd(2000, 1, 1).unwrap().days() + i as i32);
    let mut s = d.to_iso();
    for (v, cents) in row_values(i).iter().zip(CENTS) {
        s.push(',');
        if cents {
            s.push_str(&format!("{}.{:02}", v.div_euclid(100), v.rem_euclid(100)));
        } else {
            s.push_str(&v.to_string());
        }
    }
    s
}

/// The table gen_large.py's file would parse to.
pub fn large_table(n: u64) -> Table {
    let mut dates = Vec::with_capacity(n as usize);
    let mut cols: Vec<Vec<f64>> = (0..12).map(|_| Vec::with_capacity(n as usize)).collect();
    for i in 0..n {
        let line = format_row(i);
        let mut f = line.split(',');
        let d = f.next().unwrap();
        dates.push(analysis::plan::parse_iso(d).unwrap());
        for (c, v) in cols.iter_mut().zip(f) {
            c.push(v.parse().unwrap());
        }
    }
    Table::from_columns(
        Some(("date", dates)),
        HEADER[1..].iter().copied().zip(cols).collect(),
    )
}

#[test]
fn pearson_matrix_and_descriptives_of_gen_large_10000() {
    let expected =
        support::load_json(&support::fixtures_dir().join("gen_large_10000_expected.json"));
    let n = expected["n_rows"].as_u64().unwrap();
    // The port writes the same bytes: size and first/last lines.
    let bytes: usize =
        HEADER.join(",").len() + 1 + (0..n).map(|i| format_row(i).len() + 1).sum::<usize>();
    assert_eq!(bytes as u64, expected["file_bytes"].as_u64().unwrap());
    assert_eq!(format_row(0), expected["first_data_line"].as_str().unwrap());
    assert_eq!(
        format_row(n - 1),
        expected["last_data_line"].as_str().unwrap()
    );

    let table = large_table(n);
    let report = analysis::run(&table, &Plan::default()).unwrap();
    let names = expected["pearson_exact"]["columns"].as_array().unwrap();
    let matrix = &expected["pearson_exact"]["matrix"];
    let mut failures = Vec::new();
    for c in &report.correlations {
        let i = names.iter().position(|v| v == c.x.as_str()).unwrap();
        let j = names.iter().position(|v| v == c.y.as_str()).unwrap();
        let e = matrix[i][j].as_f64().unwrap();
        match c.pearson.r {
            Some(r) if support::close(r, e) => {}
            r => failures.push(format!("r({}, {}) = {r:?}, expected {e}", c.x, c.y)),
        }
    }
    assert_eq!(report.correlations.len(), 66);
    let actual = serde_json::to_value(&report).unwrap();
    failures.extend(support::compare(
        &actual["descriptives"],
        &expected["descriptives"],
        "descriptives",
    ));
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The ranked fast paths (radix sort, exact-integer Spearman, radix Kendall count), the parallel
/// driver and the stepped `Job` against the general per-pair code, on 10,000 generated rows.
#[test]
fn fast_parallel_and_stepped_analyses_agree_with_the_general_code() {
    use social_roi_core::stats::{correlation::spearman, kendall::kendall};
    use std::sync::Arc;
    let table = Arc::new(large_table(10_000));
    let plan = Plan {
        target: Some(analysis::TargetSpec {
            column: "revenue".into(),
            max_lag: 12,
        }),
        ..Plan::default()
    };
    let one = analysis::run(&table, &plan).unwrap();
    // Units in reverse order, each unit on its own thread, and units skipped by the caller.
    let reversed = analysis::run_with(&table, &plan, &|n, f| (0..n).rev().for_each(f)).unwrap();
    assert_eq!(reversed, one);
    let threads = analysis::run_with(&table, &plan, &|n, f| {
        std::thread::scope(|s| {
            for k in 0..n {
                s.spawn(move || f(k));
            }
        })
    })
    .unwrap();
    assert_eq!(threads, one);
    let lazy = analysis::run_with(&table, &plan, &|n, f| (0..n).step_by(2).for_each(f)).unwrap();
    assert_eq!(lazy, one);
    let mut job = analysis::Job::new(table.clone(), plan);
    let stepped = loop {
        if let Some(r) = job.step(&mut || true) {
            break r.unwrap();
        }
    };
    assert_eq!(stepped, one);
    assert_eq!(one.correlations.len(), 66);
    assert_eq!(one.lagged.len(), 11);
    for c in &one.correlations {
        let (x, y) = (table.numbers(&c.x).unwrap(), table.numbers(&c.y).unwrap());
        let k = kendall(x, y);
        assert_eq!(
            (c.kendall.tau_b, c.kendall.p),
            (k.tau_b, k.p),
            "{} x {}",
            c.x,
            c.y
        );
        let s = spearman(x, y);
        assert!(support::close(c.spearman.rho.unwrap(), s.rho.unwrap()));
    }
}
