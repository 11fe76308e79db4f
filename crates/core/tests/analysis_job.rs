//! The resumable analysis: stepping a `Job` one unit at a time gives exactly `run`'s report,
//! progress rises from 0 to 1, and errors surface on the first step.
mod analysis_compare;
mod support;

use std::sync::Arc;

use social_roi_core::analysis::{self, Job, Plan, TargetSpec};
use social_roi_core::Table;

fn weekly() -> (Table, Plan) {
    let dir = support::fixtures_dir().join("weekly_marketing_iso_csv");
    let expected = support::load_json(&dir.join("expected.json"));
    let mut plan =
        Plan::from_json(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    plan.target = Some(TargetSpec {
        column: "revenue".into(),
        max_lag: 40,
    });
    (analysis_compare::reference_table(&expected), plan)
}

#[test]
fn stepping_one_unit_at_a_time_equals_run() {
    let (table, plan) = weekly();
    let whole = analysis::run(&table, &plan).unwrap();
    let mut job = Job::new(Arc::new(table), plan);
    let mut last = job.progress();
    assert_eq!(last, 0.0);
    let mut steps = 0;
    let report = loop {
        let phase = job.phase();
        assert_ne!(phase, "done");
        let out = job.step(&mut || true);
        steps += 1;
        let p = job.progress();
        assert!(p >= last && p <= 1.0, "progress {p} after {last}");
        last = p;
        if let Some(r) = out {
            break r.unwrap();
        }
    };
    assert!(steps > 20, "only {steps} steps");
    assert_eq!(report, whole);
    assert_eq!(report.findings(), whole.findings());
    assert_eq!(job.phase(), "done");
    // The report is handed out once.
    assert!(matches!(job.step(&mut || false), Some(Err(_))));
}

#[test]
fn never_yielding_finishes_in_one_call() {
    let (table, plan) = weekly();
    let mut job = Job::new(Arc::new(table), plan);
    assert!(matches!(job.step(&mut || false), Some(Ok(_))));
}

#[test]
fn a_plan_that_does_not_fit_fails_on_the_first_step() {
    let (table, _) = weekly();
    let plan =
        Plan::from_json(r#"{"lagged": [{"x": "nope", "y": "revenue", "max_lag": 2}]}"#).unwrap();
    let mut job = Job::new(Arc::new(table), plan);
    match job.step(&mut || true) {
        Some(Err(e)) => assert_eq!(e.kind_code(), "unknown_column"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn extensions_run_on_the_reference_table() {
    let (table, _) = weekly();
    let plan = Plan::from_json(
        r#"{"regressions": [{"y": "revenue", "x": ["sessions", "social_spend", "followers"]}],
            "adstock": [{"x": "social_spend", "y": "sessions"}, {"x": "social_spend", "y": "sessions", "lambda": 0.5}],
            "before_after": {"date": "2024-01-01"},
            "roi": {"cost": "social_spend", "attributed_revenue": "revenue", "margin": 0.3}}"#,
    )
    .unwrap();
    let r = analysis::run(&table, &plan).unwrap();
    let v = serde_json::to_value(&r).unwrap();
    let m = &v["regressions"][0];
    assert_eq!(m["x"].as_array().unwrap().len(), 3);
    assert_eq!(m["coefficients"].as_array().unwrap().len(), 4);
    let r2 = m["r2"].as_f64().unwrap();
    let adj = m["adj_r2"].as_f64().unwrap();
    assert!(r2 > 0.0 && r2 <= 1.0 && adj < r2);
    assert_eq!(v["adstock"][0]["lambda_source"], "grid_max_r");
    assert_eq!(v["adstock"][0]["grid"].as_array().unwrap().len(), 10);
    assert_eq!(v["adstock"][1]["lambda"], 0.5);
    assert!(v["before_after"]["columns"][0]["welch"]["p"].is_number());
    let roi = &v["roi"]["totals"]["roi"]["value"];
    let roas = v["roi"]["totals"]["roas"]["value"].as_f64().unwrap();
    // With one margin m for every row, ROI = ROAS·m − 1 (same rows: cost and revenue present).
    assert!((roi.as_f64().unwrap() - (roas * 0.3 - 1.0)).abs() < 1e-12);
    assert!(v["roi"]["annualised_roi"].is_number());
    let be = v["roi"]["break_even_revenue"].as_f64().unwrap();
    let cost = v["roi"]["total_cost"].as_f64().unwrap();
    assert!((be - cost / 0.3).abs() < 1e-6 * be);
}

/// A column's changes are made once and shared by every period-over-period entry that shows
/// them (per-entry copies of million-row series were most of the page's memory).
#[test]
fn period_entries_share_each_columns_changes() {
    let (table, mut plan) = weekly();
    let cols: Vec<String> = table
        .numeric_columns()
        .take(3)
        .map(|(n, _)| n.to_owned())
        .collect();
    plan.period_over_period = [(0, 1), (0, 2), (1, 2)]
        .iter()
        .map(|&(i, j)| analysis::plan::PairSpec {
            x: cols[i].clone(),
            y: cols[j].clone(),
        })
        .collect();
    let report = analysis::run(&table, &plan).unwrap();
    let entries = &report.period_over_period;
    assert_eq!(entries.len(), 3);
    let mut shared = 0;
    for (i, a) in entries.iter().enumerate() {
        for b in &entries[i + 1..] {
            let same = |x: &analysis::report::Series, y: &analysis::report::Series| {
                Arc::ptr_eq(&x.0, &y.0)
            };
            if a.x == b.x {
                assert!(same(&a.pct_change.x_series, &b.pct_change.x_series));
                assert!(same(&a.diff.x_series, &b.diff.x_series));
                shared += 1;
            }
            if a.y == b.x {
                assert!(same(&a.pct_change.y_series, &b.pct_change.x_series));
                shared += 1;
            }
        }
    }
    assert_eq!(shared, 2, "(a,b)–(a,c) share a; (a,b)–(b,c) share b");
}
