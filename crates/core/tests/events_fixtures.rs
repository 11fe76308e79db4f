//! Every event fixture (tests/fixtures/events/*/): the export is recognised as the expected
//! format, and the weekly and monthly series and the retention equal the reference values
//! (SCHEMA §8 tolerance). New folders are picked up without code changes.
#[path = "support/mod.rs"]
mod support;

use serde_json::Value;
use social_roi_core::analysis::plan::parse_iso;
use social_roi_core::analysis::recipe_for;
use social_roi_core::events::{self, Derived, Digest, Recipe};
use social_roi_core::ingest::{self, Options};
use social_roi_core::{Period, Table};

fn num(v: &Value) -> Option<f64> {
    v.as_f64()
}

fn same(a: f64, e: Option<f64>) -> bool {
    match e {
        None => a.is_nan(),
        Some(e) => !a.is_nan() && support::close(a, e),
    }
}

fn compare_series(name: &str, what: &str, d: &Derived, exp: &Value, out: &mut Vec<String>) {
    let dates: Vec<String> = d
        .table
        .dates()
        .unwrap_or(&[])
        .iter()
        .map(|x| x.to_iso())
        .collect();
    let want: Vec<String> = exp["date"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    if dates != want {
        out.push(format!("{name} {what}: dates {dates:?}, expected {want:?}"));
        return;
    }
    let series = exp["series"].as_object().cloned().unwrap_or_default();
    let got: Vec<&str> = d.table.numeric_columns().map(|c| c.0).collect();
    let mut want_names: Vec<&str> = series.keys().map(String::as_str).collect();
    let mut got_sorted = got.clone();
    want_names.sort_unstable();
    got_sorted.sort_unstable();
    if got_sorted != want_names {
        out.push(format!(
            "{name} {what}: series {got:?}, expected {want_names:?}"
        ));
    }
    for (col, vals) in &series {
        let Some(v) = d.table.numbers(col) else {
            continue;
        };
        let e: Vec<Option<f64>> = vals.as_array().unwrap().iter().map(num).collect();
        for (i, (&a, &b)) in v.iter().zip(&e).enumerate() {
            if !same(a, b) {
                out.push(format!(
                    "{name} {what} {col}[{}]: {a}, expected {b:?}",
                    want[i]
                ));
                break;
            }
        }
    }
}

fn compare_retention(name: &str, what: &str, d: &Derived, exp: &Value, out: &mut Vec<String>) {
    let Some(r) = &d.retention else {
        out.push(format!("{name}: no retention"));
        return;
    };
    let share: Vec<Option<f64>> = exp[what]["returning_share"]
        .as_array()
        .unwrap()
        .iter()
        .map(num)
        .collect();
    let ok = r.returning_share.len() == share.len()
        && r.returning_share
            .iter()
            .zip(&share)
            .all(|(a, e)| same(a.unwrap_or(f64::NAN), *e));
    if !ok {
        out.push(format!(
            "{name} {what}: returning_share {:?}, expected {share:?}",
            r.returning_share
        ));
    }
    let cohorts = exp[what]["cohorts"].as_array().unwrap();
    if cohorts.len() != r.cohorts.len() {
        out.push(format!(
            "{name} {what}: {} cohorts, expected {}",
            r.cohorts.len(),
            cohorts.len()
        ));
    }
    for (c, e) in r.cohorts.iter().zip(cohorts) {
        let shares: Vec<f64> = e["shares"]
            .as_array()
            .unwrap()
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let ok = e["cohort"].as_str() == Some(c.start.to_iso().as_str())
            && e["size"].as_u64() == Some(c.size as u64)
            && c.shares.len() == shares.len()
            && c.shares
                .iter()
                .zip(&shares)
                .all(|(a, b)| support::close(*a, *b));
        if !ok {
            out.push(format!("{name} {what}: cohort {c:?}, expected {e}"));
        }
    }
    for (key, got) in [
        ("repeat_purchase_rate", r.repeat_purchase_rate),
        ("orders_per_customer", r.orders_per_customer),
        ("value_of_customer", r.value_of_customer),
    ] {
        if !same(got.unwrap_or(f64::NAN), exp[key].as_f64()) {
            out.push(format!("{name}: {key} {got:?}, expected {}", exp[key]));
        }
    }
}

#[test]
fn every_event_fixture_derives_its_expected_series() {
    let mut failures = Vec::new();
    for case in support::event_cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let exp = support::load_json(&case.join("expected.json"));
        let file = exp["file_name"].as_str().unwrap_or("input.csv");
        let bytes = std::fs::read(support::input_file(&case)).unwrap();
        let mut opts = Options::default();
        opts.today = exp["today"].as_str().and_then(parse_iso);
        let l = match ingest::read(file, &bytes, &opts) {
            Ok(l) => l,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let Some(ev) = &l.report.events else {
            failures.push(format!("{name}: not read as events"));
            continue;
        };
        if Some(ev.kind.code()) != exp["format"].as_str() {
            failures.push(format!("{name}: recognised as {}", ev.kind.code()));
        }
        // the fixture's label may name the platform ("… (Instagram)"); ours names the export
        let want = exp["recognised_label"].as_str().unwrap_or("");
        if exp.get("mapping").is_none() && !want.starts_with(&ev.label_en) {
            failures.push(format!(
                "{name}: label {:?}, expected {want:?}",
                ev.label_en
            ));
        }
        let recipe = match exp.get("mapping") {
            // the user's choices for a generic event file
            Some(m) => {
                let s = |k: &str| m[k].as_str();
                let leave: Vec<&str> = m["exclude_status"]
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                Recipe::generic(
                    s("date_column").unwrap(),
                    s("id_column"),
                    s("customer_column"),
                    s("amount_column"),
                    s("status_column").map(|c| (c, leave.as_slice())),
                )
            }
            None => recipe_for(&l.table, &l.report).expect("a recipe"),
        };
        check_digest(&name, &l.table, &recipe, &mut failures);
        // a generic file read with no choices made (the command line) guesses the same columns
        let guessed = recipe_for(&l.table, &l.report).expect("a recipe");
        let recipes = if exp.get("mapping").is_some() {
            vec![recipe, guessed]
        } else {
            vec![recipe]
        };
        for (what, period, recipe) in recipes
            .iter()
            .flat_map(|r| [("week", Period::Week, r), ("month", Period::Month, r)])
        {
            match events::derive(&l.table, recipe, period) {
                Ok(d) => {
                    compare_series(&name, what, &d, &exp["period"][what], &mut failures);
                    if exp.get("retention").is_some() {
                        compare_retention(&name, what, &d, &exp["retention"], &mut failures);
                    }
                }
                Err(e) => failures.push(format!("{name} {what}: {e}")),
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The page derives orders from a digest made where the file is read, carried over in bytes:
/// it must give exactly what `derive` gives, for every period, and refuse any cut-short copy.
fn check_digest(name: &str, table: &Table, recipe: &Recipe, out: &mut Vec<String>) {
    let digest = match events::digest(table, recipe) {
        Ok(Some(g)) => g,
        Ok(None) => return,
        Err(e) => return out.push(format!("{name}: digest {e}")),
    };
    let bytes = digest.to_bytes();
    let Some(back) = Digest::from_bytes(&bytes) else {
        return out.push(format!("{name}: the digest's bytes do not read back"));
    };
    if back.to_bytes() != bytes {
        out.push(format!("{name}: the digest changes through its bytes"));
    }
    for period in [Period::Day, Period::Week, Period::Month] {
        // Debug text compares NaN (a missing value) as equal to itself
        let direct = format!(
            "{:?}",
            events::derive(table, recipe, period).map_err(|e| e.to_string())
        );
        let via = format!("{:?}", Ok::<_, String>(back.per_period(period)));
        if direct != via {
            out.push(format!(
                "{name} {}: the digest's series differ from derive's",
                period.name()
            ));
        }
    }
    if let Some(n) = (0..bytes.len()).find(|&n| Digest::from_bytes(&bytes[..n]).is_some()) {
        out.push(format!(
            "{name}: the first {n} bytes of a digest read as one"
        ));
    }
}

fn load(case: &str, opts: &Options) -> ingest::Loaded {
    let dir = support::fixtures_dir().join("events").join(case);
    let bytes = std::fs::read(support::input_file(&dir)).unwrap();
    ingest::read(case, &bytes, opts).unwrap()
}

/// A per-day file `date,<column>` of `n` days from `start`, the value of day k being `f(k)`.
fn daily(name: &str, column: &str, start: &str, n: i32, f: impl Fn(i32) -> i32) -> ingest::Loaded {
    let first = parse_iso(start).unwrap().days();
    let mut text = format!("date,{column}\n");
    for k in 0..n {
        let d = social_roi_core::Date::from_days(first + k).to_iso();
        text.push_str(&format!("{d},{}\n", f(k)));
    }
    ingest::read(name, text.as_bytes(), &Options::default()).unwrap()
}

fn inputs<'a>(files: &[&'a ingest::Loaded]) -> Vec<social_roi_core::analysis::Input<'a>> {
    files
        .iter()
        .map(|l| social_roi_core::analysis::Input {
            table: &l.table,
            report: &l.report,
            recipe: None,
            digest: None,
        })
        .collect()
}

fn iso(t: &social_roi_core::Table) -> Vec<String> {
    t.dates()
        .unwrap_or(&[])
        .iter()
        .map(|d| d.to_iso())
        .collect()
}

#[test]
fn orders_join_social_data_per_week_and_the_analyses_follow() {
    use social_roi_core::analysis::{self, prepare_files, Plan};
    let shop = load("shopify_orders", &Options::default());
    let meta = load("meta_content", &Options::default());
    // wide exports keep only what their series need: no captions, no e-mails in memory
    assert!(meta.table.column("Description").is_none());
    assert!(shop.table.column("Billing Name").is_none());
    assert!(
        shop.table.column("Email").is_some(),
        "the customer key is kept"
    );
    let caption = meta
        .report
        .columns
        .iter()
        .find(|c| c.name == "Description")
        .unwrap();
    assert!(caption.format.starts_with("not read"));
    let mut all = Options::default();
    all.all_columns = true;
    assert!(load("meta_content", &all)
        .table
        .column("Description")
        .is_some());
    // a per-day social file: resampled to weeks (summed) before the join
    let ga = daily("ga.csv", "sessions", "2024-02-01", 200, |k| 10 + k % 7);
    let fans = daily("ig.csv", "followers", "2024-02-01", 200, |k| 1000 + k);
    let files = inputs(&[&shop, &meta, &ga, &fans]);
    let p = prepare_files(&files, None, None).unwrap();
    assert_eq!(p.period, Some(Period::Week), "spans > 8 weeks: weekly");
    let t = &p.table;
    for c in [
        "orders",
        "net_revenue",
        "returning_customers",
        "posts",
        "Reach",
        "sessions",
    ] {
        assert!(t.numbers(c).is_some(), "{c} missing");
    }
    let dates = t.dates().unwrap();
    assert!(
        dates.iter().all(|d| d.iso_weekday() == 1),
        "weeks start on Monday"
    );
    // inner join: weeks of both exports (Meta ends in June, Shopify starts in March)
    assert_eq!(dates.first().unwrap().to_iso(), "2024-03-04");
    assert!(dates.last().unwrap().to_iso().as_str() <= "2024-06-24");
    // full weeks of the daily file sum 7 days
    let s = t.numbers("sessions").unwrap();
    assert!(s.iter().all(|&x| (70.0..=112.0).contains(&x)), "{s:?}");
    assert!(p.retention.is_some());
    // a running follower total: the week's last day (2024-03-10 is day 38 from 2024-02-01)
    assert_eq!(t.numbers("followers").unwrap()[0], 1038.0);
    let report = analysis::run(t, &Plan::default()).unwrap();
    let json = serde_json::to_value(&report).unwrap();
    assert!(json.to_string().contains("returning_customers"));
    // the monthly plan period wins over the default
    let plan = Plan::from_json(r#"{"period": "month"}"#).unwrap();
    let m = prepare_files(&files, Some(&plan), Some(Period::Week)).unwrap();
    assert_eq!(m.period, Some(Period::Month));
    assert!(m.table.dates().unwrap().iter().all(|d| d.day() == 1));
}

#[test]
fn dates_without_a_year_take_the_year_of_the_other_files() {
    use social_roi_core::analysis::prepare_files;
    let mut opts = Options::default();
    // a year too late on its own: August..February ends before this today in 2027
    opts.today = parse_iso("2027-06-01");
    let tiktok = load("tiktok_overview", &opts);
    let col = tiktok
        .report
        .columns
        .iter()
        .find(|c| c.name == "Date")
        .unwrap();
    assert_eq!(col.assumed_year, Some(2026));
    let other = daily("sales.csv", "sales", "2025-10-01", 60, |k| k);
    let files = inputs(&[&tiktok, &other]);
    let p = prepare_files(&files, None, Some(Period::Month)).unwrap();
    let months = iso(&p.table);
    assert_eq!(months, ["2025-10-01", "2025-11-01"]);
    assert!(p
        .notes
        .iter()
        .any(|(_, n)| n.iter().any(|s| s.contains("2025 to 2026"))));
    // the user's year stays
    opts.year = Some(2026);
    let fixed = load("tiktok_overview", &opts);
    let files = inputs(&[&fixed, &other]);
    // no common month: the chosen year is kept, and the join says what each file covers
    let e = prepare_files(&files, None, Some(Period::Month)).unwrap_err();
    assert_eq!(e.kind_code(), "no_common_dates");
    assert!(e
        .to_string()
        .contains("tiktok_overview runs from 2026-08-01 to 2027-02-01"));
}

#[test]
fn shopify_line_items_without_a_date_are_continuation_rows() {
    let l = load("shopify_orders", &Options::default());
    let cont = l
        .report
        .ignored_lines
        .iter()
        .filter(|i| i.reason.starts_with("continuation row"))
        .count();
    assert!(cont > 0);
    assert!(l
        .report
        .ignored_lines
        .iter()
        .all(|i| !i.reason.starts_with("totals")));
    assert_eq!(l.report.events.as_ref().unwrap().rows + cont as u64, 379);
}

/// An orders file whose dates have no year, aligned with another file's years: the digest made
/// from the dates as read moves by the same years, so the page (which adds up the digest) and the
/// CLI (which derives from the moved table) give the same series.
#[test]
fn a_digest_moves_with_the_years_of_a_yearless_file() {
    let mut opts = Options::default();
    opts.today = parse_iso("2026-12-05");
    let orders = "date,order,customer,amount\n\
        12 September,1,a@x.io,10\n12 September,2,b@x.io,20\n12 September,3,,7\n\
        13 September,4,a@x.io,5\n13 September,5,c@x.io,8\n20 September,6,b@x.io,9\n\
        20 September,7,a@x.io,4\n20 September,8,c@x.io,3\n";
    let social = "date,reach\n2024-09-09,100\n2024-09-16,120\n2024-09-23,90\n";
    let a = ingest::read("orders.csv", orders.as_bytes(), &opts).unwrap();
    let b = ingest::read("social.csv", social.as_bytes(), &opts).unwrap();
    assert!(a.report.events.is_some(), "read as events");
    let recipe = Recipe::generic(
        "date",
        Some("order"),
        Some("customer"),
        Some("amount"),
        None,
    );
    let digest = events::digest(&a.table, &recipe).unwrap().unwrap();
    let inputs = |d| orders_and_social(&a, &b, &recipe, d);
    let from_table =
        social_roi_core::analysis::prepare_files(&inputs(None), None, Some(Period::Week)).unwrap();
    let from_digest =
        social_roi_core::analysis::prepare_files(&inputs(Some(&digest)), None, Some(Period::Week))
            .unwrap();
    assert_eq!(format!("{from_digest:?}"), format!("{from_table:?}"));
    let t = &from_table.table;
    assert_eq!(
        t.dates().unwrap()[0].to_iso(),
        "2024-09-09",
        "moved to 2024"
    );
    assert_eq!(t.numbers("orders").unwrap(), &[5.0, 3.0, 0.0][..t.n_rows()]);
}

fn orders_and_social<'a>(
    a: &'a ingest::Loaded,
    b: &'a ingest::Loaded,
    recipe: &'a Recipe,
    digest: Option<&'a Digest>,
) -> Vec<social_roi_core::analysis::Input<'a>> {
    vec![
        social_roi_core::analysis::Input {
            table: &a.table,
            report: &a.report,
            recipe: Some(recipe),
            digest,
        },
        social_roi_core::analysis::Input {
            table: &b.table,
            report: &b.report,
            recipe: None,
            digest: None,
        },
    ]
}
