//! Properties of derived order series over random event files: customers split into new and
//! returning, net revenue is revenue minus refunds, every kept order is counted once, no panic.

use proptest::prelude::*;
use social_roi_core::events::{self, Recipe};
use social_roi_core::ingest::{self, Options};
use social_roi_core::Period;

/// (day 0..120, hour, order number, customer 0..8 or guest, amount in cents, status 0..3)
type Row = (u32, u32, u32, Option<u32>, u32, u32);

fn rows() -> impl Strategy<Value = Vec<Row>> {
    prop::collection::vec(
        (
            0u32..120,
            0u32..24,
            0u32..40,
            prop::option::of(0u32..8),
            0u32..10_000,
            0u32..4,
        ),
        1..80,
    )
}

fn csv(rows: &[Row]) -> String {
    let statuses = ["paid", "pending", "void", "PAID"];
    let mut s = String::from("when,order,customer,amount,state\n");
    let start = social_roi_core::Date::from_ymd(2024, 1, 1).unwrap().days();
    for &(day, hour, order, customer, cents, st) in rows {
        let d = social_roi_core::Date::from_days(start + day as i32).to_iso();
        let who = customer.map_or(String::new(), |c| format!(" Buyer{c}@Example.com"));
        s.push_str(&format!(
            "{d} {hour:02}:00,#{order},{who},{}.{:02},{}\n",
            cents / 100,
            cents % 100,
            statuses[st as usize]
        ));
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn order_series_add_up(rows in rows()) {
        let text = csv(&rows);
        let l = ingest::read("e.csv", text.as_bytes(), &Options::default()).unwrap();
        prop_assert!(l.report.events.is_some() || rows.len() < 2 || l.table.n_rows() == rows.len());
        let leave: &[&str] = &["void"];
        let r = Recipe::generic("when", Some("order"), Some("customer"), Some("amount"), Some(("state", leave)));
        for period in [Period::Day, Period::Week, Period::Month] {
            let d = events::derive(&l.table, &r, period).unwrap();
            let t = &d.table;
            let col = |n: &str| t.numbers(n).unwrap().to_vec();
            let (c, new, ret) = (col("customers"), col("new_customers"), col("returning_customers"));
            for i in 0..t.n_rows() {
                prop_assert_eq!(c[i], new[i] + ret[i]);
                prop_assert!((col("net_revenue")[i] - (col("revenue")[i] - col("refunds")[i])).abs() < 1e-9);
            }
            // customers are new exactly once
            let distinct_new: f64 = new.iter().sum();
            prop_assert!(distinct_new <= 8.0);
            let ret = d.retention.unwrap();
            prop_assert_eq!(ret.periods.len(), t.n_rows());
            for c in &ret.cohorts {
                prop_assert!(c.shares.iter().all(|s| (0.0..=1.0).contains(s)));
            }
            // orders: each order number once, left out when its first row (by date, then file
            // order) is void
            let mut first: std::collections::BTreeMap<u32, (u32, usize)> = Default::default();
            for (i, r) in rows.iter().enumerate() {
                let e = first.entry(r.2).or_insert((r.0, i));
                if (r.0, i) < *e {
                    *e = (r.0, i);
                }
            }
            let kept = first.values().filter(|&&(_, i)| rows[i].5 != 2).count() as f64;
            let total: f64 = col("orders").iter().sum();
            prop_assert_eq!(total, kept);
        }
    }
}
