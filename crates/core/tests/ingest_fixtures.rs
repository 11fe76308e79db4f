//! The reference cases in tests/fixtures, read through `ingest::read` (and `reshape::join` for
//! several files): one data-driven test; every case folder is picked up without code changes.
mod support;

use std::path::Path;

use serde_json::Value;
use social_roi_core::ingest::{self, Loaded, Options};
use social_roi_core::reshape::{self, JoinKind};
use social_roi_core::{ColumnData, Table};

fn read_file(p: &Path) -> Result<Loaded, social_roi_core::Error> {
    let bytes = std::fs::read(p).unwrap();
    let name = p.file_name().unwrap().to_str().unwrap();
    ingest::read(name, &bytes, &Options::default())
}

/// Also reads every case through `ReadJob` with a tiny budget: the result must be identical.
fn read_stepped(p: &Path) -> Result<Loaded, social_roi_core::Error> {
    let bytes = std::fs::read(p).unwrap();
    let name = p.file_name().unwrap().to_str().unwrap().to_owned();
    let mut job = ingest::ReadJob::new(name, bytes, Options::default());
    let mut last = -1.0;
    loop {
        let pr = job.progress();
        assert!(
            (0.0..=1.0).contains(&pr) && pr >= last,
            "progress {pr} after {last}"
        );
        last = pr;
        if let Some(l) = job.step(97)? {
            return Ok(l);
        }
    }
}

fn check_file(report: &Value, e: &Value, file: &str, out: &mut Vec<String>) {
    let r = |k: &str| report.get(k).cloned().unwrap_or(Value::Null);
    for key in [
        "header_line",
        "date_column",
        "decimal_separator",
        "thousands_separator",
    ] {
        if let Some(ev) = e.get(key) {
            if r(key) != *ev {
                out.push(format!("{file}.{key}: got {}, expected {ev}", r(key)));
            }
        }
    }
    if let Some(Value::String(d)) = e.get("delimiter") {
        // "comma (single column)" -> "comma"
        let want = d.split_whitespace().next().unwrap_or("");
        if r("delimiter") != Value::String(want.to_owned()) {
            out.push(format!(
                "{file}.delimiter: got {}, expected {want}",
                r("delimiter")
            ));
        }
    }
    if let Some(Value::Array(ign)) = e.get("ignored_lines") {
        let want: Vec<&Value> = ign.iter().map(|x| &x["line"]).collect();
        let got_v = r("ignored_lines");
        let got: Vec<&Value> = got_v
            .as_array()
            .map(|a| a.iter().map(|x| &x["line"]).collect())
            .unwrap_or_default();
        if got != want {
            out.push(format!(
                "{file}.ignored_lines: got {got:?}, expected {want:?}"
            ));
        }
    }
    if let Some(Value::Array(m)) = e.get("missing_cells") {
        let norm = |a: &[Value]| -> Vec<(Value, Value, Value)> {
            let mut v: Vec<_> = a
                .iter()
                .map(|x| (x["line"].clone(), x["column"].clone(), x["raw"].clone()))
                .collect();
            v.sort_by_key(|x| (x.0.as_u64(), x.1.to_string()));
            v
        };
        let got = norm(
            r("missing_cells")
                .as_array()
                .map_or(&[][..], |a| a.as_slice()),
        );
        if got != norm(m) {
            out.push(format!(
                "{file}.missing_cells: got {got:?}, expected {:?}",
                norm(m)
            ));
        }
    }
    if let Some(ev) = e.get("text_columns_ignored") {
        if r("text_columns_ignored") != *ev {
            out.push(format!(
                "{file}.text_columns_ignored: got {}, expected {ev}",
                r("text_columns_ignored")
            ));
        }
    }
    for key in [
        "n_data_rows",
        "row_order_in_file",
        "bom",
        "line_terminator",
        "ends_with_newline",
    ] {
        if let (Some(ev), Some(gv)) = (e.get(key), report.get(key)) {
            if gv != ev {
                out.push(format!("{file}.{key}: got {gv}, expected {ev}"));
            }
        }
    }
}

fn check_table(t: &Table, exp: &Value, out: &mut Vec<String>) {
    if exp["n_rows"].as_u64() != Some(t.n_rows() as u64) {
        out.push(format!(
            "table.n_rows: got {}, expected {}",
            t.n_rows(),
            exp["n_rows"]
        ));
    }
    let got_dates: Value = match t.dates() {
        Some(d) => Value::Array(d.iter().map(|x| Value::String(x.to_iso())).collect()),
        None => Value::Null,
    };
    if let Some(ed) = exp.get("date") {
        if *ed != got_dates {
            out.push(format!("table.date: got {got_dates}, expected {ed}"));
        }
    }
    let names: Vec<&str> = t.numeric_columns().map(|c| c.0).collect();
    let want: Vec<&str> = exp["numeric_columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    if names != want {
        out.push(format!(
            "table.numeric_columns: got {names:?}, expected {want:?}"
        ));
    }
    if let Some(Value::Object(vals)) = exp.get("values") {
        for (col, ev) in vals {
            let Some(got) = t.numbers(col) else {
                out.push(format!("table.values.{col}: missing"));
                continue;
            };
            let av = Value::Array(
                got.iter()
                    .map(|&x| {
                        if x.is_nan() {
                            Value::Null
                        } else {
                            serde_json::Number::from_f64(x).map_or(Value::Null, Value::Number)
                        }
                    })
                    .collect(),
            );
            out.extend(support::compare(&av, ev, &format!("table.values.{col}")));
        }
    }
    if let Some(Value::Array(src)) = exp.get("source_lines") {
        for (i, s) in src.iter().enumerate() {
            let Some(rs) = t.sources.get(i) else { break };
            let file = t.files.get(rs.file as usize).map(String::as_str);
            if s["file"].as_str() != file || s["line"].as_u64() != Some(rs.line as u64) {
                out.push(format!(
                    "table.source_lines[{i}]: got {file:?}:{}, expected {s}",
                    rs.line
                ));
            }
            if let (Some(f2), Some(l2)) = (s.get("file2"), s.get("line2")) {
                let got = rs
                    .joined()
                    .map(|(f, l)| (t.files.get(f as usize).cloned(), l as u64));
                if got != Some((f2.as_str().map(str::to_owned), l2.as_u64().unwrap_or(0))) {
                    out.push(format!(
                        "table.source_lines[{i}].joined: got {got:?}, expected {s}"
                    ));
                }
            }
        }
        if src.len() != t.sources.len() {
            out.push(format!(
                "table.source_lines: {} rows, expected {}",
                t.sources.len(),
                src.len()
            ));
        }
    }
    // Text columns are kept for display, never as numbers.
    for c in &t.columns {
        if let ColumnData::Text(v) = &c.data {
            if v.len() != t.n_rows() {
                out.push(format!("text column {} has {} cells", c.name, v.len()));
            }
        }
    }
}

fn check_case(case: &Path, out: &mut Vec<String>) {
    let exp = support::load_json(&case.join("expected.json"));
    let inputs = support::input_files(case);
    let expect = exp["expect"].as_str().unwrap_or("");
    if expect == "error" {
        let e = match read_file(&inputs[0]) {
            Ok(_) => {
                out.push(format!(
                    "expected error {}, got a table",
                    exp["error"]["kind"]
                ));
                return;
            }
            Err(e) => e,
        };
        if Value::String(e.kind_code().into()) != exp["error"]["kind"] {
            out.push(format!(
                "error.kind: got {}, expected {}",
                e.kind_code(),
                exp["error"]["kind"]
            ));
        }
        let line = e.line().map_or(Value::Null, Value::from);
        if line != exp["error"]["line"] {
            out.push(format!(
                "error.line: got {line}, expected {}",
                exp["error"]["line"]
            ));
        }
        if let Some(c) = exp["error"]["column"].as_u64() {
            if e.column() != Some(c) {
                out.push(format!("error.column: got {:?}, expected {c}", e.column()));
            }
        }
        if let Some(Value::Array(all)) = exp["error"].get("offending_lines") {
            if let social_roi_core::ErrorKind::RaggedRow { others, .. } = e.kind() {
                let got: Vec<u64> = std::iter::once(e.line().unwrap_or(0))
                    .chain(others.iter().map(|o| o.0))
                    .collect();
                let want: Vec<u64> = all.iter().filter_map(|x| x["line"].as_u64()).collect();
                if got != want {
                    out.push(format!("ragged lines: got {got:?}, expected {want:?}"));
                }
            }
        }
        let stepped = read_stepped(&inputs[0])
            .err()
            .map(|e| (e.kind_code(), e.line()));
        if stepped != Some((e.kind_code(), e.line())) {
            out.push(format!("ReadJob error differs: {stepped:?}"));
        }
        return;
    }
    let mut loaded = Vec::new();
    for p in &inputs {
        match read_file(p) {
            Ok(l) => {
                match read_stepped(p) {
                    // Debug text compares NaN cells as equal (PartialEq would not).
                    Ok(s) if format!("{s:?}") == format!("{l:?}") => {}
                    Ok(_) => out.push(format!("{}: ReadJob result differs from read", p.display())),
                    Err(e) => out.push(format!("{}: ReadJob failed: {e}", p.display())),
                }
                loaded.push(l)
            }
            Err(e) => {
                out.push(format!("{}: {} ({})", p.display(), e, e.kind_code()));
                return;
            }
        }
    }
    let files_exp = exp["input"]["files"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    for (l, fe) in loaded.iter().zip(&files_exp) {
        let rep = serde_json::to_value(&l.report).unwrap();
        check_file(&rep, fe, &l.report.name, out);
    }
    let table = if loaded.len() == 1 {
        loaded.pop().unwrap().table
    } else {
        let plan = case.join("plan.json");
        let kind = if plan.is_file() {
            match support::load_json(&plan)["join"]["type"].as_str() {
                Some("outer") => JoinKind::Outer,
                _ => JoinKind::Inner,
            }
        } else {
            JoinKind::Inner
        };
        match reshape::join(loaded, kind) {
            Ok(t) => t.into(),
            Err(e) => {
                out.push(format!("join: {e}"));
                return;
            }
        }
    };
    check_table(&table, &exp["table"], out);
}

#[test]
fn every_reference_case_reads_to_its_expected_table_or_error() {
    let mut failures = Vec::new();
    let mut n = 0;
    for case in support::cases() {
        let mut out = Vec::new();
        check_case(&case, &mut out);
        n += 1;
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        failures.extend(out.into_iter().map(|m| format!("{name}: {m}")));
    }
    assert!(n > 0);
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
