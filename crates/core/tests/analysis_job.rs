//! The resumable analysis: stepping a `Job` one unit at a time gives exactly `run`'s report,
//! progress rises from 0 to 1, and errors surface on the first step.
mod analysis_compare;
mod support;

use std::sync::Arc;

use social_roi_core::analysis::{self, BackShare, Job, Plan, TargetSpec};
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

/// The analysis in two halves as the page runs them (two workers): the back half's report given
/// to the front half. Returns the front half's report at its findings and the finished one.
fn in_halves(table: Table, plan: Plan) -> (analysis::Report, analysis::Report) {
    use analysis::Role;
    // The back half runs on its share, as in the page.
    let share = analysis::BackShare::of(&table, &plan);
    let (back_table, back_plan) = match &share {
        Some(s) => (Arc::new(s.table(&table)), s.plan.clone()),
        None => (Arc::new(table.clone()), plan.clone()),
    };
    let table = Arc::new(table);
    let mut back = Job::with_role(back_table, back_plan, Role::Back);
    let back = loop {
        if let Some(r) = back.step(&mut || true) {
            break r.unwrap();
        }
    };
    let mut front = Job::with_role(table, plan, Role::Front);
    let mut at_findings = None;
    let mut waited = false;
    let done = loop {
        if let Some(r) = front.step(&mut || false) {
            break r.unwrap();
        }
        if front.waiting_for_back() {
            assert!(!waited, "the front half waits once");
            assert!(
                front.findings_report().is_none(),
                "no findings before the merge"
            );
            waited = true;
            front.give_back(back.clone());
        } else if let Some(r) = front.findings_report() {
            at_findings.get_or_insert_with(|| r.clone());
        }
    };
    assert!(waited, "the front half never asked for the back half");
    (
        at_findings.expect("the front half paused at its findings"),
        done,
    )
}

/// The halves give `run`'s report exactly; at the findings only Kendall's values are missing.
/// Returns how many pairs' Kendall values were still to count at the findings.
fn halves_equal_run(table: Table, plan: Plan) -> usize {
    let whole = analysis::run(&table, &plan).unwrap();
    let (findings, done) = in_halves(table, plan);
    // Compared as Debug text: every field (serde-skipped ones too), and NaN equal to itself.
    let same = |a: &analysis::Report, b: &analysis::Report| format!("{a:?}") == format!("{b:?}");
    if !same(&done, &whole) {
        let (a, b) = (
            serde_json::to_value(&done).unwrap(),
            serde_json::to_value(&whole).unwrap(),
        );
        let keys: Vec<&String> = a
            .as_object()
            .unwrap()
            .keys()
            .filter(|k| a[k.as_str()] != b[k.as_str()])
            .collect();
        panic!("the halves differ from run in {keys:?}");
    }
    assert_eq!(findings.findings(), whole.findings());
    // Kendall's values: counted later for ranked pairs (None), with the pair otherwise (pairs
    // with missing cells); adjusted only at the end.
    let mut unk = whole.clone();
    for (c, f) in unk.correlations.iter_mut().zip(&findings.correlations) {
        let k = &f.kendall;
        assert!(k.p_bh.is_none());
        assert!(
            (k.tau_b, k.p, k.method) == (None, None, None)
                || (k.tau_b, k.p, k.method) == (c.kendall.tau_b, c.kendall.p, c.kendall.method)
        );
        c.kendall = f.kendall;
    }
    unk.findings = findings.findings.clone();
    assert!(
        same(&findings, &unk),
        "at the findings, more than Kendall's values differ"
    );
    findings
        .correlations
        .iter()
        .filter(|c| c.kendall.method.is_none() && c.pearson.r.is_some())
        .count()
}

#[test]
fn the_two_halves_give_the_whole_report() {
    let (table, plan) = weekly();
    halves_equal_run(table.clone(), plan);
    let extensions = Plan::from_json(
        r#"{"target": {"column": "revenue", "max_lag": 6},
            "lagged": [{"x": "sessions", "y": "revenue", "max_lag": 3}],
            "period_over_period": [{"x": "sessions", "y": "revenue"}],
            "regressions": [{"y": "revenue", "x": ["sessions", "social_spend"]}],
            "adstock": [{"x": "social_spend", "y": "sessions"}],
            "before_after": {"date": "2024-01-01"},
            "roi": {"cost": "social_spend", "attributed_revenue": "revenue", "margin": 0.3}}"#,
    )
    .unwrap();
    halves_equal_run(table.clone(), extensions);
    // Missing cells: pairs take the general path (Kendall with its pair, not late).
    let mut cols: Vec<(String, Vec<f64>)> = table
        .numeric_columns()
        .map(|(n, v)| (n.to_owned(), v.to_vec()))
        .collect();
    for (k, (_, v)) in cols.iter_mut().enumerate().take(2) {
        v[3 + k] = f64::NAN;
    }
    let dates = table.dates().map(|d| ("date", d.to_vec()));
    let holes = Table::from_columns(
        dates,
        cols.iter().map(|(n, v)| (n.as_str(), v.clone())).collect(),
    );
    halves_equal_run(holes, Plan::default());
}

/// Without the row-sized results, the rest of the report is the same (findings aside: they
/// read the ROI).
#[test]
fn leaving_the_row_results_out_changes_nothing_else() {
    let (table, _) = weekly();
    let plan = Plan::from_json(
        r#"{"target": {"column": "revenue", "max_lag": 4},
            "roi": {"cost": "social_spend", "attributed_revenue": "revenue", "margin": 0.3}}"#,
    )
    .unwrap();
    let whole = analysis::run(&table, &plan).unwrap();
    assert!(whole.roi.is_some());
    let mut job = Job::new(Arc::new(table), plan).without_row_results();
    let mut lean = loop {
        if let Some(r) = job.step(&mut || false) {
            break r.unwrap();
        }
    };
    assert!(lean.roi.is_none() && lean.roi_absent_reason.is_none());
    assert!(lean.investment_roi.is_none() && lean.investment_inputs.is_none());
    lean.roi = whole.roi.clone();
    lean.findings = whole.findings.clone();
    assert_eq!(format!("{lean:?}"), format!("{whole:?}"));
}

#[test]
fn leaving_the_change_series_out_changes_nothing_else() {
    let (table, plan) = weekly();
    assert!(
        plan.period_over_period.len() >= 2,
        "the case has period-over-period entries"
    );
    let whole = analysis::run(&table, &plan).unwrap();
    let mut job = Job::new(Arc::new(table), plan).without_change_series();
    let mut lean = loop {
        if let Some(r) = job.step(&mut || false) {
            break r.unwrap();
        }
    };
    assert_eq!(
        lean.period_over_period.len(),
        whole.period_over_period.len()
    );
    for (l, w) in lean
        .period_over_period
        .iter_mut()
        .zip(&whole.period_over_period)
    {
        for (lc, wc) in [(&mut l.pct_change, &w.pct_change), (&mut l.diff, &w.diff)] {
            assert!(lc.x_series.0.is_empty() && lc.y_series.0.is_empty());
            assert!(!wc.x_series.0.is_empty());
            lc.x_series = wc.x_series.clone();
            lc.y_series = wc.y_series.clone();
        }
    }
    assert_eq!(format!("{lean:?}"), format!("{whole:?}"));
}

#[test]
fn a_complete_table_counts_kendall_after_the_findings() {
    // Four complete daily columns with noise and a lagged tie between two of them.
    let n: usize = 400;
    let mut state = 12345u64;
    let mut noise = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 11) as f64 / (1u64 << 53) as f64
    };
    let start = social_roi_core::Date::from_ymd(2024, 1, 1).unwrap();
    let dates: Vec<_> = (0..n)
        .map(|k| social_roi_core::Date::from_days(start.days() + k as i32))
        .collect();
    let spend: Vec<f64> = (0..n).map(|_| (100.0 * noise()).round()).collect();
    let followers: Vec<f64> = (0..n).map(|k| k as f64 * 3.0 + 50.0 * noise()).collect();
    let revenue: Vec<f64> = (0..n)
        .map(|k| 20.0 * spend[k.saturating_sub(2)] + 500.0 * noise())
        .collect();
    let orders: Vec<f64> = (0..n).map(|_| (30.0 * noise()).round()).collect();
    let table = Table::from_columns(
        Some(("date", dates)),
        vec![
            ("ad_spend", spend),
            ("followers", followers),
            ("revenue", revenue),
            ("orders", orders),
        ],
    );
    let plan = Plan {
        target: Some(TargetSpec {
            column: "revenue".into(),
            max_lag: 7,
        }),
        ..Plan::default()
    };
    assert_eq!(
        halves_equal_run(table, plan),
        6,
        "every pair's Kendall comes after the findings"
    );
}

#[test]
fn the_two_halves_give_every_reference_report() {
    let (mut checked, mut with_share) = (0, 0);
    for (case, expected) in support::analysis_cases() {
        let plan_text =
            std::fs::read_to_string(case.join("plan.json")).unwrap_or_else(|_| "{}".into());
        let Ok(plan) = Plan::from_json(&plan_text) else {
            continue;
        };
        let table = analysis_compare::reference_table(&expected);
        if analysis::run(&table, &plan).is_err() {
            continue;
        }
        let shared = BackShare::of(&table, &plan).is_some();
        halves_equal_run(table, plan);
        checked += 1;
        with_share += usize::from(shared);
    }
    assert!(checked > 10, "only {checked} cases");
    assert!(
        with_share > 3,
        "only {with_share} cases' back half ran on a share"
    );
}

/// Runs a back half to its report.
fn back_report(table: Table, plan: Plan) -> analysis::Report {
    let mut back = Job::with_role(Arc::new(table), plan, analysis::Role::Back);
    loop {
        if let Some(r) = back.step(&mut || true) {
            break r.unwrap();
        }
    }
}

#[test]
fn the_back_half_reads_only_its_share() {
    let (table, plan) = weekly();
    let share = BackShare::of(&table, &plan).expect("a share");
    let numeric: Vec<&str> = table.numeric_columns().map(|(n, _)| n).collect();
    assert!(share.columns.len() < numeric.len(), "{:?}", share.columns);
    assert!(share.columns.iter().any(|c| c == "revenue"), "the target");
    // In the table's order, and its table holds just those, every row kept.
    let order: Vec<&String> = numeric
        .iter()
        .filter_map(|n| share.columns.iter().find(|c| c == n))
        .collect();
    assert_eq!(order, share.columns.iter().collect::<Vec<_>>());
    let t = share.table(&table);
    let kept: Vec<&str> = t.columns.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(kept, share.columns);
    assert_eq!((t.n_rows(), t.dates()), (table.n_rows(), table.dates()));
    // The back's work on it is the same, entry by entry.
    let whole = back_report(table.clone(), plan.clone());
    let part = back_report(t, share.plan.clone());
    assert!(!whole.lagged.is_empty() && !whole.verdict.tests.is_empty());
    assert_eq!(format!("{part:?}"), format!("{whole:?}"));
    // Shares with nothing or only the target to read still give the whole report in halves.
    let sides = |business: &[&str], social: &[&str]| {
        Some(analysis::plan::SidesSpec {
            business: business.iter().map(|s| s.to_string()).collect(),
            social: social.iter().map(|s| s.to_string()).collect(),
        })
    };
    let nothing = Plan {
        sides: sides(&["revenue"], &[]),
        ..Plan::default()
    };
    let target_only = Plan {
        sides: sides(&[], &[]),
        ..plan.clone()
    };
    let one_pair = Plan {
        sides: sides(&["revenue"], &["sessions"]),
        ..plan.clone()
    };
    for (p, want) in [
        (nothing, vec![]),
        (target_only, vec!["revenue"]),
        (one_pair, vec!["sessions", "revenue"]),
    ] {
        let share = BackShare::of(&table, &p).expect("a share");
        let mut got: Vec<&str> = share.columns.iter().map(String::as_str).collect();
        got.sort();
        let mut want = want;
        want.sort();
        assert_eq!(got, want);
        halves_equal_run(table.clone(), p);
    }
}

#[test]
fn a_back_half_of_other_work_is_refused() {
    let (table, plan) = weekly();
    // A back half run with another plan: fewer pairs (no social side), other lags.
    let mut other = plan.clone();
    other.target.as_mut().unwrap().max_lag = 3;
    let mut fewer = plan.clone();
    fewer.sides = Some(analysis::plan::SidesSpec {
        business: vec!["revenue".into()],
        social: Vec::new(),
    });
    for wrong in [other, fewer] {
        let back = back_report(table.clone(), wrong);
        let mut front =
            Job::with_role(Arc::new(table.clone()), plan.clone(), analysis::Role::Front);
        let err = loop {
            match front.step(&mut || false) {
                Some(Ok(_)) => panic!("a mismatched back half was merged"),
                Some(Err(e)) => break e,
                None if front.waiting_for_back() => front.give_back(back.clone()),
                None => {}
            }
        };
        assert!(
            err.to_string().contains("did not do the same work"),
            "{err}"
        );
    }
}

#[test]
fn a_family_cut_at_its_limit_sends_the_whole_table() {
    // 7 business × 8 social columns: 56 pairs, more than the verdict tests (48).
    let n = 30;
    let names: Vec<String> = (0..15).map(|k| format!("c{k}")).collect();
    let cols: Vec<(&str, Vec<f64>)> = names
        .iter()
        .enumerate()
        .map(|(k, n_)| {
            (
                n_.as_str(),
                (0..n).map(|i| ((i * (k + 3)) % 17) as f64).collect(),
            )
        })
        .collect();
    let table = Table::from_columns(None, cols);
    let mut plan = Plan {
        sides: Some(analysis::plan::SidesSpec {
            business: names[..7].to_vec(),
            social: names[7..].to_vec(),
        }),
        ..Plan::default()
    };
    assert_eq!(BackShare::of(&table, &plan), None);
    // 7 × 6 = 42 fit: the share leaves the other two columns out.
    plan.sides.as_mut().unwrap().social.truncate(6);
    let share = BackShare::of(&table, &plan).expect("a share");
    assert_eq!(share.columns, names[..13].to_vec());
    halves_equal_run(table, plan);
}

#[test]
fn text_columns_change_no_analysis() {
    // The page's workers get the numeric columns only: a table's text says nothing to the analysis.
    let (table, plan) = weekly();
    let mut with_text = table.clone();
    let n = table.n_rows();
    let notes: social_roi_core::table::TextColumn = (0..n)
        .map(|i| (i % 3 != 0).then_some(if i % 2 == 0 { "promo" } else { "organic" }))
        .collect();
    with_text.columns.insert(
        1,
        social_roi_core::table::Column {
            name: "note".into(),
            data: social_roi_core::table::ColumnData::Text(notes),
        },
    );
    for p in [plan, Plan::default()] {
        let a = analysis::run(&table, &p).unwrap();
        let b = analysis::run(&with_text, &p).unwrap();
        assert_eq!(format!("{a:?}"), format!("{b:?}"));
    }
}

/// On a table wider than the correlated columns' bound the two halves still do `run`'s work.
#[test]
fn a_wide_table_in_halves_equals_run() {
    let n = 20;
    let mut cols: Vec<(String, Vec<f64>)> = (0..70)
        .map(|c| {
            (
                format!("metric {c}"),
                (0..n).map(|r| ((r * 7 + c * 13) % 17 + c) as f64).collect(),
            )
        })
        .collect();
    cols.push((
        "revenue".into(),
        (0..n).map(|r| (r * r % 11) as f64).collect(),
    ));
    cols.push((
        "followers".into(),
        (0..n).map(|r| (100 + r * 3) as f64).collect(),
    ));
    let dates: Vec<social_roi_core::Date> = (0..n)
        .map(|i| social_roi_core::Date::from_days(19723 + 7 * i))
        .collect();
    let refs: Vec<(&str, Vec<f64>)> = cols.iter().map(|(n, v)| (n.as_str(), v.clone())).collect();
    let table = Table::from_columns(Some(("week", dates)), refs);
    let plan = Plan::suggested(&table, &analysis::guess_roles(&table));
    let whole = analysis::run(&table, &plan).unwrap();
    assert_eq!(
        whole.multiple_comparisons.columns_left_out,
        72 - analysis::MAX_CORRELATED_COLUMNS
    );
    halves_equal_run(table, plan);
}
