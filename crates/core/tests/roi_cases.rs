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

fn report_of(case: &str) -> social_roi_core::Report {
    let dir = support::fixtures_dir().join(case);
    let expected = support::load_json(&dir.join("expected.json"));
    let plan = Plan::from_json(&std::fs::read_to_string(dir.join("plan.json")).unwrap()).unwrap();
    social_roi_core::analysis::run(&analysis_compare::reference_table(&expected), &plan).unwrap()
}

fn text_of(r: &social_roi_core::Report, code: &str) -> (String, String) {
    let f = r
        .findings()
        .iter()
        .find(|f| f.kind.code() == code)
        .unwrap_or_else(|| panic!("no {code} finding"));
    (f.text_en.clone(), f.text_it.clone())
}

#[test]
fn findings_name_the_assumptions_payback_and_channels() {
    let r = report_of("roi_two_channels");
    let (en, it) = text_of(&r, "roi_assumptions");
    assert!(en.contains("40% margin (typed)"), "{en}");
    assert!(
        en.contains("hours from column “ig_hours” (measured)"),
        "{en}"
    );
    assert!(en.contains("2 hours per period (typed)"), "{en}");
    assert!(it.contains("margine del 40% (inserito)"), "{it}");
    let (en, it) = text_of(&r, "channel_comparison");
    assert!(en.contains("“instagram” ROI 50%, ROAS 15") && en.contains("attributes"));
    assert!(it.contains("«facebook» ROI −7,7%") && it.contains("attribuiscono"));
    let (en, _) = text_of(&r, "payback");
    assert!(en.contains("Payback after 1 month") && en.contains("Break-even revenue: 5,062.50"));

    let r = report_of("roi_negative_never_pays_back");
    let (en, it) = text_of(&r, "investment_roi");
    assert!(
        en.contains("ROI −40.1% — it does not pay for itself"),
        "{en}"
    );
    assert!(it.contains("non si ripaga"), "{it}");
    let f = r
        .findings()
        .iter()
        .find(|f| f.kind.code() == "payback")
        .unwrap();
    assert_eq!(f.severity, social_roi_core::analysis::Severity::Warning);
    assert!(f.text_en.contains("never reached"));

    let r = report_of("roi_zero_conversions");
    let inv = r.investment_roi.as_ref().unwrap();
    assert_eq!(inv.totals.cpa.value, None);
    assert!(inv
        .totals
        .cpa
        .undefined_reason
        .as_deref()
        .unwrap()
        .contains("no conversions"));
    let (en, _) = text_of(&r, "roi_assumptions");
    assert!(
        en.contains("the margin in column “margin” (measured)"),
        "{en}"
    );
    assert!(en.contains("a value of 50 per conversion (typed)"), "{en}");
}

#[test]
fn the_what_if_reuses_the_prepared_inputs() {
    let r = report_of("roi_hours_fixed_partial_months");
    let p = r.investment_inputs.as_ref().expect("prepared inputs kept");
    let base = invest::evaluate(p, &invest::Assumptions::default());
    assert_eq!(&base, r.investment_roi.as_ref().unwrap());
    let mut summary = invest::evaluate_summary(p, &invest::Assumptions::default());
    assert!(summary.per_period.is_empty());
    summary.per_period = base.per_period.clone();
    assert_eq!(summary, base, "the summary has the same figures");
    // Doubling the hours adds 24 h × 20 = 480 to the investment; the value is unchanged.
    let more = invest::evaluate(
        p,
        &invest::Assumptions {
            hours_factor: 2.0,
            ..Default::default()
        },
    );
    let d = more.totals.investment.total - base.totals.investment.total;
    assert!((d - 480.0).abs() < 1e-9, "{d}");
    assert_eq!(more.totals.value, base.totals.value);
    assert_eq!(more.payback.periods, None, "940 < 1387.42: no payback");
}
