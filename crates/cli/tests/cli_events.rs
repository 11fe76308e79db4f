//! Event exports through the binary: `--period` sets the table's periods and series, the default
//! is weekly with a note on stderr, and no personal data of an orders or payments export reaches
//! the JSON or the human output.
#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

/// (exit code, stdout, stderr)
fn analyze(file: &Path, extra: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_social-roi"))
        .arg("analyze")
        .arg(file)
        .args(extra)
        .output()
        .expect("run social-roi");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

fn check_table(name: &str, what: &str, out: &Value, exp: &Value, failures: &mut Vec<String>) {
    if out["table"]["date"] != exp["period"][what]["date"] {
        failures.push(format!("{name} --period {what}: table.date differs"));
    }
    let series = exp["period"][what]["series"].as_object().unwrap();
    for (col, want) in series {
        let got = &out["table"]["values"][col];
        let ok = got.as_array().is_some_and(|g| {
            g.len() == want.as_array().unwrap().len()
                && g.iter().zip(want.as_array().unwrap()).all(|(a, e)| {
                    match (a.as_f64(), e.as_f64()) {
                        (Some(a), Some(e)) => support::close(a, e),
                        (None, None) => true,
                        _ => false,
                    }
                })
        });
        if !ok {
            failures.push(format!("{name} --period {what}: series {col} differs"));
        }
    }
}

#[test]
fn period_option_sets_the_table() {
    let mut failures = Vec::new();
    for case in support::event_cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let exp = support::load_json(&case.join("expected.json"));
        if exp.get("mapping").is_some() {
            continue; // generic events need the user's column choices (the page asks for them)
        }
        let today = exp["today"].as_str().unwrap_or("2026-01-01");
        for what in ["week", "month"] {
            let (code, stdout, stderr) = analyze(
                &support::input_file(&case),
                &["--json", "--period", what, "--today", today],
            );
            if code != 0 {
                failures.push(format!("{name}: exit {code}: {stderr}"));
                continue;
            }
            let out: Value = serde_json::from_str(&stdout).unwrap_or(Value::Null);
            check_table(&name, what, &out, &exp, &mut failures);
            let ev = &out["input"]["files"][0]["events"];
            if ev["kind"] != exp["format"] {
                failures.push(format!("{name}: events.kind {}", ev["kind"]));
            }
            if exp.get("retention").is_some() && !out["retention"]["cohorts"].is_array() {
                failures.push(format!("{name}: no retention in the JSON"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn event_files_default_to_weeks_with_a_note() {
    let case = support::fixtures_dir().join("events/shopify_orders");
    let exp = support::load_json(&case.join("expected.json"));
    let (code, stdout, stderr) = analyze(&support::input_file(&case), &["--json"]);
    assert_eq!(code, 0, "{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    let mut failures = Vec::new();
    check_table("shopify_orders", "week", &out, &exp, &mut failures);
    assert!(failures.is_empty(), "{failures:?}");
    assert!(
        stderr.contains(
            "Shopify orders export, one row per line item: combined per week (--period to change)"
        ),
        "{stderr}"
    );
    // --period wins over the plan's period
    let plan = std::env::temp_dir().join(format!("social-roi-plan-{}.json", std::process::id()));
    std::fs::write(&plan, r#"{"period": "week"}"#).unwrap();
    let (code, stdout, stderr) = analyze(
        &support::input_file(&case),
        &[
            "--json",
            "--plan",
            plan.to_str().unwrap(),
            "--period",
            "month",
        ],
    );
    let _ = std::fs::remove_file(&plan);
    assert_eq!(code, 0, "{stderr}");
    let out: Value = serde_json::from_str(&stdout).unwrap();
    let mut failures = Vec::new();
    check_table("shopify_orders", "month", &out, &exp, &mut failures);
    assert!(failures.is_empty(), "{failures:?}");
    assert!(!stderr.contains("--period to change"), "told: no hint");
    let (code, _, stderr) = analyze(&support::input_file(&case), &["--period", "year"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("invalid value 'year' for '--period")
            && stderr.contains("possible values: day, week, month"),
        "{stderr}"
    );
}

#[test]
fn no_personal_data_in_any_output() {
    let mut failures = Vec::new();
    for case in support::event_cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let exp = support::load_json(&case.join("expected.json"));
        let personal: Vec<String> = exp["personal_data"]
            .as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|s| s.as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        if exp.get("retention").is_some() {
            assert!(
                !personal.is_empty(),
                "{name}: an orders case lists its personal data"
            );
        }
        for args in [
            &["--json"][..],
            &[][..],
            &["--lang", "it", "--period", "month"][..],
        ] {
            let (code, stdout, stderr) = analyze(&support::input_file(&case), args);
            assert_eq!(code, 0, "{name}: {stderr}");
            let all = format!("{stdout}\n{stderr}").to_lowercase();
            for p in &personal {
                let p = p.trim().to_lowercase();
                if !p.is_empty() && all.contains(&p) {
                    failures.push(format!("{name} {args:?}: output contains {p:?}"));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A short orders file (under 8 weeks, whose automatic period is the day): combined per day, as
/// the page does, and per week when asked, the JSON's note naming the period applied (it once
/// said "combined per day" of a file combined per week). With `--lang it` the notes on stderr
/// were English.
#[test]
fn the_notes_name_the_period_applied_and_speak_italian() {
    let dir = std::env::temp_dir().join(format!("sroi-notes-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("orders.csv");
    std::fs::write(
        &file,
        "Order Number,Order Status,Order Date,Email (Billing),Order Total Amount\n\
         101,completed,2024-04-01 10:00,a@x.io,120.50\n\
         102,pending,2024-04-02 10:00,b@x.io,10.00\n\
         103,completed,2024-04-09 10:00,a@x.io,45.00\n",
    )
    .unwrap();
    let (code, out, _) = analyze(&file, &["--json"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let ev = &v["input"]["files"][0]["events"];
    assert_eq!(ev["suggested_period"], "day");
    assert!(
        ev["note_en"]
            .as_str()
            .unwrap()
            .ends_with("combined per day"),
        "{ev}"
    );
    assert_eq!(v["table"]["n_rows"], 9, "a row a day from 1 to 9 April");
    let (code, out, _) = analyze(&file, &["--json", "--period", "week"]);
    assert_eq!(code, 0);
    let v: Value = serde_json::from_str(&out).unwrap();
    let note = v["input"]["files"][0]["events"]["note_en"]
        .as_str()
        .unwrap();
    assert!(note.ends_with("combined per week"), "{note}");
    let (_, _, err) = analyze(&file, &["--lang", "it"]);
    assert!(
        err.contains("1 ordini in sospeso contati come ordini"),
        "{err}"
    );
    assert!(!err.contains("pending orders"), "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// `--period week` on a plain daily file: it stayed daily without a word. It is now combined per
/// week as asked (its part weeks at the edges left out of the sums), with a note.
#[test]
fn period_combines_a_plain_daily_file_too() {
    let dir = std::env::temp_dir().join(format!("sroi-period-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("daily.csv");
    let mut text = String::from("date,sales\n");
    for d in 1..=21 {
        text.push_str(&format!("2024-01-{d:02},{d}\n"));
    }
    std::fs::write(&file, text).unwrap();
    let (code, out, err) = analyze(&file, &["--json", "--period", "week"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["table"]["date"],
        serde_json::json!(["2024-01-01", "2024-01-08", "2024-01-15"])
    );
    // 1+…+7, 8+…+14, 15+…+21
    assert_eq!(
        v["table"]["values"]["sales"],
        serde_json::json!([28.0, 77.0, 126.0])
    );
    assert!(
        err.contains("daily rows combined per week, as asked"),
        "{err}"
    );
    // without --period the file stays daily
    let (_, out, _) = analyze(&file, &["--json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["table"]["date"].as_array().unwrap().len(), 21);
    std::fs::remove_dir_all(&dir).ok();
}
