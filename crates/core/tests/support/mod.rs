//! Shared test support: finding the reference cases and the one matching rule (SCHEMA.md section 8).
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// Relative tolerance for point estimates (SCHEMA.md §8).
pub const REL: f64 = 1e-9;
/// Absolute floor added to the relative tolerance.
pub const ABS_FLOOR: f64 = 1e-12;
/// Absolute tolerance for p-values.
pub const P_ABS: f64 = 1e-6;

/// The repository's copy of the reference cases (`tests/fixtures`, copied from `../shared/fixtures`).
pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures")
}

/// Every case folder (a directory holding `expected.json`), sorted by name. New folders are picked
/// up without code changes.
pub fn cases() -> Vec<PathBuf> {
    cases_in(&fixtures_dir())
}

/// The cases that must parse and write their table in expected.json (what the engine is checked
/// on), with that expected.json.
pub fn analysis_cases() -> Vec<(PathBuf, serde_json::Value)> {
    cases()
        .into_iter()
        .map(|case| {
            let expected = load_json(&case.join("expected.json"));
            (case, expected)
        })
        .filter(|(_, e)| {
            e["expect"].as_str().unwrap_or("").starts_with("ok") && e.get("table").is_some()
        })
        .collect()
}

/// The event-export cases (`tests/fixtures/events/*/`).
pub fn event_cases() -> Vec<PathBuf> {
    cases_in(&fixtures_dir().join("events"))
}

fn cases_in(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.join("expected.json").is_file())
        .collect();
    v.sort();
    assert!(
        !v.is_empty(),
        "no reference cases found in {}",
        dir.display()
    );
    v
}

pub fn load_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The input files of a case, in order: `input.*` first, then `input2.*`, `input3.*`, …
pub fn input_files(case: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(case)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let stem = p.file_stem().and_then(|s| s.to_str()).unwrap_or("");
            stem == "input"
                || (stem.starts_with("input") && stem[5..].chars().all(|c| c.is_ascii_digit()))
        })
        .collect();
    v.sort_by_key(|p| {
        let stem = p.file_stem().unwrap().to_str().unwrap().to_owned();
        stem[5..].parse::<u32>().unwrap_or(1)
    });
    v
}

/// A one-file case's input (`input.*`).
pub fn input_file(case: &Path) -> PathBuf {
    input_files(case).into_iter().next().expect("input file")
}

/// SCHEMA.md §8: `|a − e| <= 1e-9·|e| + 1e-12`.
pub fn close(a: f64, e: f64) -> bool {
    a == e || (a - e).abs() <= REL * e.abs() + ABS_FLOOR
}

/// SCHEMA.md §8 for p-values: `|a − e| <= 1e-6`.
pub fn close_p(a: f64, e: f64) -> bool {
    a == e || (a - e).abs() <= P_ABS
}

/// Is this JSON key a p-value (matched with `P_ABS`)? The prewhitened lags' and the verdict's
/// adjusted p-values (`best_p`, `p_lags`, `p_adjusted`) are p-values too.
pub fn is_p_value_key(key: &str) -> bool {
    matches!(key, "p" | "slope_p" | "best_p" | "p_lags" | "p_adjusted")
}

/// Compares `actual` against `expected` under the schema's rule, recursively. Objects: every key in
/// `expected` must match (extra keys in `actual` are allowed); an expected object whose numbers are
/// all null may be absent. Arrays: same length, element-wise. Numbers: `close` (or `close_p` under a
/// p-value key); integers and strings exact. Returns the mismatches as `path: detail` lines.
pub fn compare(
    actual: &serde_json::Value,
    expected: &serde_json::Value,
    path: &str,
) -> Vec<String> {
    let mut out = Vec::new();
    compare_into(actual, expected, path, false, &mut out);
    out
}

fn all_null(v: &serde_json::Value) -> bool {
    match v {
        serde_json::Value::Null => true,
        serde_json::Value::Object(m) => m.values().all(all_null),
        serde_json::Value::Array(a) => a.iter().all(all_null),
        _ => false,
    }
}

fn compare_into(
    a: &serde_json::Value,
    e: &serde_json::Value,
    path: &str,
    p_value: bool,
    out: &mut Vec<String>,
) {
    use serde_json::Value as V;
    match (a, e) {
        (V::Number(x), V::Number(y)) => {
            let (xf, yf) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            let ok = if y.is_f64() || x.is_f64() {
                if p_value {
                    close_p(xf, yf)
                } else {
                    close(xf, yf)
                }
            } else {
                xf == yf
            };
            if !ok {
                out.push(format!("{path}: got {x}, expected {y}"));
            }
        }
        (V::Object(am), V::Object(em)) => {
            for (k, ev) in em {
                let sub = format!("{path}.{k}");
                match am.get(k) {
                    Some(av) => compare_into(av, ev, &sub, is_p_value_key(k), out),
                    None if all_null(ev) => {}
                    None => out.push(format!("{sub}: missing")),
                }
            }
        }
        (V::Array(aa), V::Array(ea)) => {
            if aa.len() != ea.len() {
                out.push(format!(
                    "{path}: length {} vs expected {}",
                    aa.len(),
                    ea.len()
                ));
                return;
            }
            for (i, (av, ev)) in aa.iter().zip(ea).enumerate() {
                compare_into(av, ev, &format!("{path}[{i}]"), p_value, out);
            }
        }
        _ if a == e => {}
        _ => out.push(format!("{path}: got {a}, expected {e}")),
    }
}

/// `bytes` read by an `ingest::Reader` fed pieces of `size` bytes (the browser worker's way),
/// the layout decided on the first `layout` bytes of text (1 MB in use, so that small files are
/// read in windows the way large ones are), as the `Debug` text of the result: to compare with
/// the one-shot `ingest::read`. Checks on the way that progress never goes back and that the file
/// is not read more than a few times.
pub fn read_in_pieces(
    name: &str,
    bytes: &[u8],
    opts: &social_roi_core::ingest::Options,
    size: usize,
    layout: usize,
) -> String {
    let mut r = social_roi_core::ingest::Reader::new(name.into(), bytes.len(), opts.clone())
        .layout_after(layout);
    let mut fed = 0usize;
    let got = loop {
        let at = r.wants();
        let end = (at + size).min(bytes.len());
        fed += end - at;
        let p = r.progress();
        match r.feed(&bytes[at..end]) {
            Ok(Some(l)) => break Ok(l),
            Ok(None) => assert!(r.progress() >= p, "progress went back"),
            Err(e) => break Err(e),
        }
    };
    assert!(
        fed <= 4 * bytes.len() + 1,
        "read the file more than a few times"
    );
    format!("{got:?}")
}
