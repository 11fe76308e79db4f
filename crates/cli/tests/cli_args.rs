//! The command line's conventions (issue 16): `--help` for the program and each subcommand,
//! `--version`, a bad option exits 2 with the JSON error object, `--output FILE` writes the report
//! there, and the documented exit statuses.
use std::process::Command;

use serde_json::Value;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_social-roi"))
}

fn run(args: &[&str]) -> (i32, String, String) {
    let out = bin().args(args).output().expect("run social-roi");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).to_string(),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn fixture(rel: &str) -> String {
    format!("{}/../../tests/fixtures/{rel}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn help_lists_the_subcommands_and_each_has_its_own() {
    let (code, out, _) = run(&["--help"]);
    assert_eq!(code, 0);
    for sub in ["analyze", "roi", "quick"] {
        assert!(out.contains(sub), "{out}");
    }
    assert!(out.contains("Exit status"), "{out}");
    let (code, out, _) = run(&["analyze", "--help"]);
    assert_eq!(code, 0);
    for opt in [
        "--plan", "--period", "--today", "--lang", "--json", "--output",
    ] {
        assert!(out.contains(opt), "analyze --help lacks {opt}: {out}");
    }
    assert!(
        !out.contains("--spend"),
        "quick's options are not analyze's"
    );
    let (code, out, _) = run(&["quick", "--help"]);
    assert_eq!(code, 0);
    assert!(
        out.contains("--hourly-rate") && out.contains("--margin"),
        "{out}"
    );
    let (code, out, _) = run(&["help", "roi"]);
    assert_eq!(code, 0);
    assert!(out.contains("--plan"), "{out}");
}

#[test]
fn version_is_the_package_version() {
    let (code, out, _) = run(&["--version"]);
    assert_eq!(code, 0);
    assert_eq!(
        out.trim(),
        format!("social-roi {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn a_bad_option_exits_2_with_the_json_error() {
    for args in [
        &["analyze", "a.csv", "--bogus"][..],
        &["analyze", "a.csv", "--lang", "fr"],
        &["analyze"],
        &["frobnicate"],
        &["quick", "--spend", "lots"],
    ] {
        let (code, out, err) = run(args);
        assert_eq!(code, 2, "{args:?}");
        let v: Value =
            serde_json::from_str(&out).unwrap_or_else(|e| panic!("{args:?}: {e}: {out}"));
        assert_eq!(v["error"]["kind"], "usage", "{args:?}");
        assert!(v["error"]["line"].is_null() && v["error"]["column"].is_null());
        assert!(!v["error"]["message"].as_str().unwrap_or("").is_empty());
        assert!(err.starts_with("error:"), "{args:?}: {err}");
    }
}

#[test]
fn output_writes_the_report_to_a_file() {
    let dir = std::env::temp_dir().join(format!("social-roi-out-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("report.json");
    let input = fixture("weekly_marketing_iso_csv/input.csv");
    let (code, out, _) = run(&[
        "analyze",
        &input,
        "--json",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert_eq!(code, 0);
    assert!(out.is_empty(), "nothing on stdout: {out}");
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    assert_eq!(v["table"]["n_rows"], 104);
    // The same report as on stdout.
    let (_, stdout, _) = run(&["analyze", &input, "--json"]);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), stdout);
    // An input error still goes to stdout as JSON, exit 2, and leaves no report file.
    let bad = dir.join("bad.json");
    let (code, out, _) = run(&[
        "analyze",
        &fixture("bad_ragged_rows/input.csv"),
        "-o",
        bad.to_str().unwrap(),
    ]);
    assert_eq!(code, 2);
    assert_eq!(
        serde_json::from_str::<Value>(&out).unwrap()["error"]["kind"],
        "ragged_row"
    );
    assert!(!bad.exists());
    // A report that cannot be written: exit 1.
    let (code, _, err) = run(&[
        "quick",
        "--spend",
        "100",
        "--output",
        dir.join("no/such/dir/x.txt").to_str().unwrap(),
    ]);
    assert_eq!(code, 1, "{err}");
    std::fs::remove_dir_all(&dir).ok();
}

/// A daily file with a repeated date: refused with the command line's fix named, and combined
/// per period when `--period` is given (the page's "combine per period" choice).
#[test]
fn repeated_dates_are_combined_when_a_period_is_given() {
    let dir = std::env::temp_dir().join(format!("sroi-dup-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("dup.csv");
    std::fs::write(
        &f,
        "date,spend,revenue\n2024-03-01,10,100\n2024-03-01,11,110\n2024-03-02,12,130\n2024-03-03,13,125\n",
    )
    .unwrap();
    let f = f.to_str().unwrap();
    let (code, out, err) = run(&["analyze", f]);
    assert_eq!(code, 2, "{out}");
    assert!(out.contains("\"duplicate_date\""), "{out}");
    assert!(err.contains("--period day, week or month"), "{err}");
    let (code, out, err) = run(&["analyze", "--json", "--period", "day", f]);
    assert_eq!(code, 0, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["table"]["n_rows"], 3);
    let spend = &v["analyses"]["descriptives"]["spend"];
    assert_eq!(spend["n"], 3);
    assert_eq!(spend["max"], 21.0, "the day's two rows summed");
    std::fs::remove_dir_all(&dir).ok();
}

/// The Italian text report says its period and the plan's source in Italian (they were English).
#[test]
fn the_italian_report_header_is_italian() {
    let (code, out, err) = run(&[
        "analyze",
        "--lang",
        "it",
        &fixture("weekly_marketing_iso_csv/input.csv"),
    ]);
    assert_eq!(code, 0, "{err}");
    let head: Vec<&str> = out.lines().take(2).collect();
    assert!(head[0].ends_with("settimana)"), "{head:?}");
    assert_eq!(head[1], "piano: dedotto dai nomi delle colonne", "{head:?}");
}

/// Columns whose names say nothing are marked from the command line, and the texts that tell
/// the user to mark them name the options, not the page's step 3 (a dead end in a terminal).
#[test]
fn business_and_social_columns_are_marked_from_the_command_line() {
    let dir = std::env::temp_dir().join(format!("sroi-sides-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let f = dir.join("plain.csv");
    // alpha follows beta in the same week (alpha = 2·beta + a little noise).
    let mut csv = String::from("date,alpha,beta\n");
    let mut seed = 7u64;
    for i in 0..30 {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        let beta = 50.0 + (seed >> 40) as f64 / 1e5;
        let alpha = 2.0 * beta + ((seed >> 20) % 61) as f64;
        csv.push_str(&format!("2024-01-{:02},{alpha:.1},{beta:.2}\n", i + 1));
    }
    std::fs::write(&f, csv).unwrap();
    let f = f.to_str().unwrap();

    let (code, out, err) = run(&["analyze", "--json", f]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let text = v["analyses"]["verdict"]["text_en"].as_str().unwrap();
    assert_eq!(v["analyses"]["verdict"]["status"], "no_pairs", "{text}");
    assert!(
        text.contains("--business COLUMN and --social COLUMN"),
        "{text}"
    );
    assert!(!text.contains("step 3"), "{text}");
    let (_, out_it, _) = run(&["analyze", "--lang", "it", f]);
    assert!(out_it.contains("con --business COLONNA"), "{out_it}");
    assert!(!out_it.contains("passo 3"), "{out_it}");

    let (code, out, err) = run(&[
        "analyze",
        "--json",
        "--business",
        "alpha",
        "--social",
        "beta",
        f,
    ]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(
        v["analyses"]["verdict"]["status"], "relationship",
        "{}",
        v["analyses"]["verdict"]
    );
    assert_eq!(v["analyses"]["verdict"]["x"], "beta");
    assert_eq!(v["analyses"]["verdict"]["y"], "alpha");

    let (code, out, _) = run(&["analyze", "--business", "gamma", f]);
    assert_eq!(code, 2);
    assert!(
        out.contains("\"unknown_column\"") && out.contains("gamma"),
        "{out}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn sheet_chooses_a_spreadsheet_s_sheet_and_a_missing_one_is_named() {
    let book = fixture("formats/search_console.xlsx");
    // by default the first sheet with dates, the one passed over said on stderr
    let (code, out, err) = run(&["analyze", &book, "--json"]);
    assert_eq!(code, 0, "{err}");
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["input"]["files"][0]["sheet"], "Dates");
    assert!(err.contains("\"Queries\" has no dates"), "{err}");
    let (code, out, _) = run(&["analyze", &book, "--sheet", "Queries", "--json"]);
    assert_eq!(code, 0);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(doc["input"]["files"][0]["sheet"], "Queries");
    let (code, out, _) = run(&["analyze", &book, "--sheet", "Nope", "--json"]);
    assert_eq!(code, 2);
    let doc: Value = serde_json::from_str(&out).unwrap();
    assert!(doc["error"]["message"]
        .as_str()
        .unwrap()
        .contains("no sheet named \"Nope\" (sheets: Queries, Pages, Dates, Filters)"));
}
