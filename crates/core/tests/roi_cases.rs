//! The issue-14 reference cases that have no data file: `roi_*` folders with `expected_plan.json`
//! (the investment model over the plan's own periods) or `expected_quick.json` (the quick
//! calculator). Cases with data are checked by `analysis_fixtures` like every other case.
mod analysis_compare;
mod support;

use std::path::PathBuf;

use serde_json::Value;
use social_roi_core::analysis::quick::{self, QuickInput};
use social_roi_core::analysis::{invest, Plan};

fn roi_cases(file: &str) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(support::fixtures_dir())
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("roi_"))
                && p.join(file).is_file()
        })
        .collect();
    v.sort();
    v
}

fn plan_mismatches(case: &std::path::Path, expected: &Value) -> Vec<String> {
    let text = std::fs::read_to_string(case.join("plan.json")).unwrap();
    let plan = Plan::from_json(&text).unwrap();
    let (_, r) = invest::investment_roi(None, &plan).unwrap().unwrap();
    let actual = serde_json::to_value(&r).unwrap();
    analysis_compare::section_mismatches(&actual, &expected["investment_roi"], "investment_roi")
}

#[test]
fn models_without_data_match_their_reference() {
    let cases = roi_cases("expected_plan.json");
    assert!(!cases.is_empty());
    for case in cases {
        let expected = support::load_json(&case.join("expected_plan.json"));
        let m = plan_mismatches(&case, &expected);
        assert!(m.is_empty(), "{}:\n{}", case.display(), m.join("\n"));
        // The check itself must catch a wrong number.
        let mut bad = expected.clone();
        let roi = &mut bad["investment_roi"]["totals"]["roi"]["value"];
        *roi = (roi.as_f64().unwrap() * (1.0 + 1e-8)).into();
        assert_eq!(plan_mismatches(&case, &bad).len(), 1);
    }
}

#[test]
fn the_quick_calculator_matches_its_reference() {
    let cases = roi_cases("expected_quick.json");
    assert!(!cases.is_empty());
    for case in cases {
        let inputs = support::load_json(&case.join("quick.json"));
        let expected = support::load_json(&case.join("expected_quick.json"));
        let results = expected["results"].as_array().unwrap();
        assert_eq!(inputs.as_array().unwrap().len(), results.len());
        for (q, e) in inputs.as_array().unwrap().iter().zip(results) {
            let input: QuickInput = serde_json::from_value(q["input"].clone()).unwrap();
            quick::validate(&input).unwrap();
            let r = quick::compute(&input);
            assert!(!r.verdict_en.is_empty() && !r.verdict_it.is_empty());
            let actual = serde_json::to_value(&r).unwrap();
            let name = q["name"].as_str().unwrap();
            let m = analysis_compare::section_mismatches(&actual, &e["expected"], name);
            assert!(m.is_empty(), "{}:\n{}", case.display(), m.join("\n"));
        }
    }
}
