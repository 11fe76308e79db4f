//! End to end through the built binary: every reference case's input files and plan.json with
//! `--json` must reproduce expected.json's `table` and `analyses`; every `bad_*` case must exit
//! with status 2 and the error JSON naming the expected kind and line.
#[path = "../../core/tests/analysis_compare/mod.rs"]
mod analysis_compare;
#[path = "../../core/tests/support/mod.rs"]
mod support;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_social-roi"))
}

/// Runs `social-roi analyze` on a case; (exit code, stdout as JSON, stderr).
fn analyze(case: &Path, extra: &[&str]) -> (i32, Value, String) {
    let mut cmd = bin();
    cmd.arg("analyze");
    for f in support::input_files(case) {
        cmd.arg(f);
    }
    if case.join("plan.json").is_file() {
        cmd.arg("--plan").arg(case.join("plan.json"));
    }
    cmd.args(extra);
    let out = cmd.output().expect("run social-roi");
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let json = serde_json::from_str(&stdout).unwrap_or(Value::Null);
    (
        out.status.code().unwrap_or(-1),
        json,
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

#[test]
fn every_case_through_the_cli() {
    let mut failures = Vec::new();
    for case in support::cases() {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let expected = support::load_json(&case.join("expected.json"));
        let expect = expected["expect"].as_str().unwrap_or("");
        let (code, out, stderr) = analyze(&case, &["--json"]);
        if expect == "error" {
            let e = &expected["error"];
            if code != 2 {
                failures.push(format!("{name}: exit {code}, expected 2"));
            }
            if out["error"]["kind"] != e["kind"] {
                failures.push(format!(
                    "{name}: kind {}, expected {}",
                    out["error"]["kind"], e["kind"]
                ));
            }
            if out["error"]["line"] != e["line"] {
                failures.push(format!(
                    "{name}: line {}, expected {}",
                    out["error"]["line"], e["line"]
                ));
            }
            if stderr.trim().is_empty() || !out["error"]["message"].is_string() {
                failures.push(format!("{name}: no error message"));
            }
            continue;
        }
        if code != 0 {
            failures.push(format!("{name}: exit {code}: {stderr} {out}"));
            continue;
        }
        for m in analysis_compare::table_mismatches(&out["table"], &expected) {
            failures.push(format!("{name}: {m}"));
        }
        for m in analysis_compare::mismatches(&out["analyses"], &expected) {
            failures.push(format!("{name}: {m}"));
        }
        if !out["input"]["files"].is_array() || !out["findings"].is_array() {
            failures.push(format!("{name}: input.files or findings missing"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} mismatches:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn human_report_puts_the_verdict_and_findings_first_in_both_languages() {
    let case = support::fixtures_dir().join("weekly_marketing_iso_csv");
    for (lang, head, causation) in [
        ("en", "FINDINGS", "Correlation is not causation"),
        ("it", "RISULTATI", "Correlazione non è causalità"),
    ] {
        let out = bin()
            .arg("analyze")
            .arg(case.join("input.csv"))
            .args(["--plan"])
            .arg(case.join("plan.json"))
            .args(["--lang", lang])
            .output()
            .unwrap();
        assert!(out.status.success());
        let text = String::from_utf8(out.stdout).unwrap();
        let verdict_at = text
            .find(if lang == "en" {
                "DID SOCIAL MOVE THE BUSINESS?\n  Yes, in these data: weeks with higher “sessions” were followed by higher “revenue” 2 weeks later"
            } else {
                "I SOCIAL HANNO MOSSO L'ATTIVITÀ?\n  Sì, in questi dati: le settimane con valori più alti di «sessions» sono state seguite, 2 settimane dopo"
            })
            .expect("the verdict");
        let findings_at = text.find(head).expect(head);
        assert!(verdict_at < findings_at, "the verdict comes first");
        let tables_at = text
            .find(if lang == "en" {
                "DESCRIPTIVES"
            } else {
                "STATISTICHE"
            })
            .unwrap();
        assert!(findings_at < tables_at);
        assert!(text.contains(causation));
    }
}

#[test]
fn without_a_plan_roles_are_guessed() {
    let case = support::fixtures_dir().join("italian_semicolon_decimal_comma");
    let out = bin()
        .arg("analyze")
        .arg(case.join("input.csv"))
        .arg("--json")
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["plan"]["roi"]["cost"], "spesa_social");
    assert_eq!(v["plan"]["roi"]["attributed_revenue"], "fatturato");
    assert!(v["analyses"]["roi"]["totals"]["roas"]["value"].is_number());
    assert_eq!(v["analyses"]["correlations"].as_array().unwrap().len(), 15);
}

/// The API the page builds on: the verdict, the sides, the ties and each finding's scope.
#[test]
fn the_json_has_the_verdict_sides_ties_and_scopes() {
    let case = support::fixtures_dir().join("prewhitened_ccf_planted_weekly");
    let out = bin()
        .arg("analyze")
        .arg(case.join("input.csv"))
        .args(["--json", "--lang", "it"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let verdict = &v["analyses"]["verdict"];
    assert_eq!(verdict["status"], "relationship", "{verdict}");
    assert_eq!(
        (&verdict["x"], &verdict["y"], &verdict["k"]),
        (&"social_spend".into(), &"revenue".into(), &2.into())
    );
    assert!(verdict["text_it"]
        .as_str()
        .unwrap()
        .starts_with("Sì, in questi dati"));
    assert!(verdict["p_adjusted"].as_f64().unwrap() < 0.03);
    assert_eq!(v["plan"]["sides"]["business"][0], "revenue");
    assert_eq!(v["plan"]["sides"]["social"][0], "social_spend");
    assert_eq!(v["analyses"]["sides"][1]["side"], "social");
    assert!(v["analyses"]["ties"].as_array().unwrap().is_empty());
    let findings = v["findings"].as_array().unwrap();
    assert_eq!(findings[0]["severity"], "key");
    assert_eq!(findings[0]["scope"], "business_social");
    assert_eq!(findings[0]["kind"], "lead_lag");
    assert!(findings.iter().all(|f| f["scope"].is_string()));
    let pw = &v["analyses"]["lagged"][0]["prewhitened"];
    assert!(pw["ar_order"].is_u64() && pw["p_adjusted"].is_f64(), "{pw}");
}

#[test]
fn bad_plans_and_missing_files_are_errors_with_status_2() {
    let dir = std::env::temp_dir().join(format!("social-roi-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = support::fixtures_dir().join("weekly_marketing_iso_csv/input.csv");
    let cases = [
        (
            r#"{"lagged": [{"x": "sessions", "y": "revenue", "maxlag": 2}]}"#,
            "invalid_plan",
        ),
        (
            r#"{"period_over_period": [{"x": "sessions", "y": "nope"}]}"#,
            "unknown_column",
        ),
        ("{\n  \"lagged\": [", "invalid_plan"),
    ];
    for (i, (text, kind)) in cases.iter().enumerate() {
        let plan = dir.join(format!("plan{i}.json"));
        std::fs::write(&plan, text).unwrap();
        let out = bin()
            .arg("analyze")
            .arg(&input)
            .arg("--plan")
            .arg(&plan)
            .arg("--json")
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{text}");
        let v: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["error"]["kind"], *kind, "{text}: {v}");
        assert!(!out.stderr.is_empty());
    }
    let out = bin()
        .args(["analyze", "/nonexistent/file.csv", "--json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["error"]["kind"], "io");
    let out = bin().args(["analyze"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    std::fs::remove_dir_all(&dir).ok();
}
