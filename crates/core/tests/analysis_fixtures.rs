//! The engine on the reference tables: for every case folder that must parse, the table written in
//! its expected.json plus its plan.json go through `analysis::run`, and the report is compared
//! with the expected `analyses` (and the NIST certified values) under SCHEMA.md §8.
mod analysis_compare;
mod support;

use std::path::Path;

use analysis_compare::{mismatches, reference_table};
use serde_json::Value;
use social_roi_core::analysis::{self, Plan};

/// Mismatches of the report for one case folder (empty = pass).
pub fn check_case(case: &Path) -> Vec<String> {
    let expected = support::load_json(&case.join("expected.json"));
    let plan_text = std::fs::read_to_string(case.join("plan.json")).unwrap_or_else(|_| "{}".into());
    let plan = match Plan::from_json(&plan_text) {
        Ok(p) => p,
        Err(e) => return vec![format!("plan.json: {e}")],
    };
    let table = reference_table(&expected);
    let report = match analysis::run(&table, &plan) {
        Ok(r) => r,
        Err(e) => return vec![format!("run: {e}")],
    };
    let actual = serde_json::to_value(&report).unwrap();
    mismatches(&actual, &expected)
}

/// The check itself must catch a wrong number, a wrong null and a missing reason.
#[test]
fn the_check_rejects_a_perturbed_report() {
    let case = support::fixtures_dir().join("ties_and_constant_column");
    let expected = support::load_json(&case.join("expected.json"));
    let plan = Plan::from_json(&std::fs::read_to_string(case.join("plan.json")).unwrap()).unwrap();
    let report = analysis::run(&reference_table(&expected), &plan).unwrap();
    let good = serde_json::to_value(&report).unwrap();
    assert!(mismatches(&good, &expected).is_empty());
    let mut bad = good.clone();
    let r = bad["correlations"][0]["pearson"]["r"].as_f64().unwrap();
    bad["correlations"][0]["pearson"]["r"] = (r * (1.0 + 1e-8)).into();
    assert_eq!(mismatches(&bad, &expected).len(), 1);
    let mut bad = good.clone();
    bad["correlations"][1]["undefined_reason"] = Value::Null;
    assert_eq!(mismatches(&bad, &expected).len(), 1);
    let mut bad = good;
    bad["regressions"][2]["r2"] = 1.0.into();
    assert_eq!(mismatches(&bad, &expected).len(), 1);
}

/// The prewhitened lags, their adjusted p and the verdict are compared too (statsmodels values).
#[test]
fn the_check_rejects_a_perturbed_prewhitening_or_verdict() {
    let case = support::fixtures_dir().join("prewhitened_ccf_planted_weekly");
    let expected = support::load_json(&case.join("expected.json"));
    let plan = Plan::from_json(&std::fs::read_to_string(case.join("plan.json")).unwrap()).unwrap();
    let report = analysis::run(&reference_table(&expected), &plan).unwrap();
    let good = serde_json::to_value(&report).unwrap();
    assert!(mismatches(&good, &expected).is_empty());
    assert_eq!(good["verdict"]["status"], "relationship");
    assert_eq!(good["verdict"]["k"], 2);
    let pw = "/lagged/0/prewhitened";
    for (path, factor) in [
        ("/ar_coefficients/1", 1.0 + 1e-8),
        ("/lags/3/r", 1.0 + 1e-8),
        ("/p_adjusted", 1.5),
    ] {
        let mut bad = good.clone();
        let v = bad.pointer_mut(&format!("{pw}{path}")).unwrap();
        *v = (v.as_f64().unwrap() * factor + 1e-5 * f64::from(factor > 1.1)).into();
        assert_eq!(mismatches(&bad, &expected).len(), 1, "{path}");
    }
    let mut bad = good;
    bad["verdict"]["status"] = "no_relationship".into();
    assert_eq!(mismatches(&bad, &expected).len(), 1);
}

#[test]
fn engine_on_the_reference_tables_matches_every_case() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for (case, _) in support::analysis_cases() {
        checked += 1;
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        for m in check_case(&case) {
            failures.push(format!("{name}: {m}"));
        }
    }
    assert!(checked > 0, "no case with a table");
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
