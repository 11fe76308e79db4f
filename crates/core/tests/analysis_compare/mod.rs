//! Shared by the analysis tests of the core and the CLI: the reference table of a case and the
//! comparison of a report with its expected.json (SCHEMA.md §8 through `support::compare`).
#![allow(dead_code)]

use serde_json::Value;
use social_roi_core::analysis;
use social_roi_core::{Date, Table};

use super::support;

/// Free-text keys: the implementation must say *that* a value is undefined or qualified, in its
/// own words; the wording is not part of the contract.
const FREE_TEXT: &[&str] = &["undefined_reason", "notes", "roi_absent_reason"];

/// The table as written in expected.json (`table.date`, `numeric_columns`, `values`, null → NaN).
pub fn reference_table(expected: &Value) -> Table {
    let t = &expected["table"];
    let dates: Option<Vec<Date>> = t["date"].as_array().and_then(|d| {
        d.iter()
            .map(|v| v.as_str().and_then(analysis::plan::parse_iso))
            .collect()
    });
    let cols: Vec<(&str, Vec<f64>)> = t["numeric_columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            let name = n.as_str().unwrap();
            let v = t["values"][name]
                .as_array()
                .unwrap()
                .iter()
                .map(|c| c.as_f64().unwrap_or(f64::NAN))
                .collect();
            (name, v)
        })
        .collect();
    Table::from_columns(dates.map(|d| ("date", d)), cols)
}

/// Removes the free-text keys from `expected`, checking that `actual` has a value wherever the
/// reference has one.
fn strip_free_text(actual: &Value, expected: &mut Value, path: &str, out: &mut Vec<String>) {
    match expected {
        Value::Object(m) => {
            for k in FREE_TEXT {
                if let Some(e) = m.remove(*k) {
                    let present = match actual.get(*k) {
                        Some(Value::String(s)) => !s.is_empty(),
                        Some(Value::Array(a)) => !a.is_empty(),
                        _ => false,
                    };
                    if !e.is_null() && !present {
                        out.push(format!("{path}.{k}: missing (expected something like {e})"));
                    }
                }
            }
            for (k, v) in m.iter_mut() {
                let a = actual.get(k).unwrap_or(&Value::Null);
                strip_free_text(a, v, &format!("{path}.{k}"), out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                let a = actual.get(i).unwrap_or(&Value::Null);
                strip_free_text(a, v, &format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

/// Compares one section (`actual` against `expected`, free-text keys only checked for presence).
pub fn section_mismatches(actual: &Value, expected: &Value, path: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut e = expected.clone();
    strip_free_text(actual, &mut e, path, &mut out);
    out.extend(support::compare(actual, &e, path));
    out
}

/// Compares a serialised report (`analyses`) with a case's expected.json.
pub fn mismatches(actual: &Value, expected: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let ea = &expected["analyses"];
    for key in [
        "descriptives",
        "correlations",
        "lagged",
        "period_over_period",
        "regressions",
        "roi",
        "roi_absent_reason",
        "investment_roi",
        // Issue 13: the prewhitened lags sit inside `lagged`; the verdict and the ties are their
        // own keys.
        "verdict",
        "ties",
    ] {
        let Some(e) = ea.get(key) else { continue };
        let a = actual.get(key).cloned().unwrap_or(Value::Null);
        let path = format!("analyses.{key}");
        if key == "roi_absent_reason" {
            if !a.is_string() {
                out.push(format!("{path}: missing"));
            }
            continue;
        }
        out.extend(section_mismatches(&a, e, &path));
    }
    // NIST: certified values at their own tolerance, exact-on-binary64 values at the schema's.
    if let Some(nist) = ea.get("nist") {
        let tol = nist["certified_tolerance_rel"].as_f64().unwrap_or(1e-9);
        let col = expected["table"]["numeric_columns"][0]
            .as_str()
            .unwrap_or("y");
        let got = &actual["descriptives"][col];
        for stat in ["mean", "std", "acf1"] {
            let a = got[stat].as_f64();
            if let Some(c) = nist["certified"][stat].as_f64() {
                match a {
                    Some(a) if (a - c).abs() <= tol * c.abs() => {}
                    _ => out.push(format!(
                        "nist.certified.{stat}: got {a:?}, certified {c} (rel {tol})"
                    )),
                }
            }
            if let Some(x) = nist["exact_on_binary64_inputs"][stat].as_f64() {
                match a {
                    Some(a) if support::close(a, x) => {}
                    _ => out.push(format!(
                        "nist.exact_on_binary64_inputs.{stat}: got {a:?}, expected {x}"
                    )),
                }
            }
        }
    }
    out
}

/// Compares the CLI's `table` section with expected.json's (`row_order` is descriptive text).
pub fn table_mismatches(actual: &Value, expected: &Value) -> Vec<String> {
    let mut e = expected["table"].clone();
    if let Some(m) = e.as_object_mut() {
        m.remove("row_order");
    }
    support::compare(actual, &e, "table")
}
