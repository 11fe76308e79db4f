//! `social-roi`: the command-line report over the core engine (same code as the web app).
//!
//! `social-roi analyze FILE [FILE2 …] [--plan plan.json] [--lang en|it] [--json]` reads the files
//! (joined on date when several), runs the plan (or the defaults plus role guesses from the column
//! names), and prints the findings and results — or, with `--json`, the SCHEMA.md §4 layout
//! `{"input":{"files":[…]}, "table":{…}, "analyses":{…}, "findings":[…], "plan":{…}}`.
//! Errors: exit status 2, `{"error":{"kind","line","column","message",…}}` on stdout and the
//! message on stderr. Arguments are parsed by hand: four options do not justify a parser crate.

mod human;

use std::process::ExitCode;

use serde_json::{json, Value};
use social_roi_core::analysis::{self, guess_roles, Plan};
use social_roi_core::ingest::{self, FileReport, Loaded, Options};
use social_roi_core::{Error, ErrorKind, Lang, Position, Table};

const USAGE: &str =
    "usage: social-roi analyze FILE [FILE2 ...] [--plan plan.json] [--lang en|it] [--json]

Reads CSV/TSV/TXT/XLSX/XLS/ODS exports (joined on date when several), runs the analysis plan
(default: descriptives, all-pairs correlations, and ROI/lag analyses guessed from column names)
and prints the findings and results. --json prints the machine-readable report.";

#[derive(Debug, Default)]
struct Args {
    files: Vec<String>,
    plan: Option<String>,
    lang: Lang,
    json: bool,
}

enum Parsed {
    Run(Args),
    Help,
    Version,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut args = Args::default();
    match it.next().as_deref() {
        Some("analyze") => {}
        Some("-h" | "--help" | "help") => return Ok(Parsed::Help),
        Some("-V" | "--version") => return Ok(Parsed::Version),
        Some(other) => return Err(format!("unknown command '{other}' (expected 'analyze')")),
        None => return Err("missing command 'analyze'".into()),
    }
    let mut only_files = false;
    while let Some(a) = it.next() {
        if only_files || !a.starts_with("--") || a == "-" {
            args.files.push(a);
            continue;
        }
        let (key, inline) = match a.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (a.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| it.next())
                .ok_or_else(|| format!("{name} needs a value"))
        };
        match key.as_str() {
            "--" => only_files = true,
            "--plan" => args.plan = Some(value("--plan")?),
            "--lang" => {
                args.lang = match value("--lang")?.as_str() {
                    "en" => Lang::En,
                    "it" => Lang::It,
                    other => return Err(format!("--lang must be en or it, not '{other}'")),
                }
            }
            "--json" => args.json = true,
            "--help" => return Ok(Parsed::Help),
            other => return Err(format!("unknown option '{other}'")),
        }
    }
    if args.files.is_empty() {
        return Err("no input file".into());
    }
    Ok(Parsed::Run(args))
}

/// The JSON error object of SCHEMA §5 (plus `file` and `column_name` when known).
fn error_json(e: &Error, lang: Lang) -> Value {
    let pos = e.position();
    let mut obj = json!({
        "kind": e.kind_code(),
        "line": pos.line,
        "column": pos.column,
        "message": e.message(lang),
    });
    if let Some(f) = &pos.file {
        obj["file"] = json!(f);
    }
    if let Some(c) = &pos.column_name {
        obj["column_name"] = json!(c);
    }
    if let Some(b) = pos.byte_offset {
        obj["byte_offset"] = json!(b);
    }
    json!({ "error": obj })
}

fn io_error(file: &str, err: std::io::Error) -> Error {
    Error::new(ErrorKind::Io {
        pos: Position::default().with_file(file),
        message: err.to_string(),
    })
}

/// Everything a run produces.
struct Output {
    reports: Vec<FileReport>,
    table: Table,
    plan: Plan,
    plan_source: &'static str,
    report: analysis::Report,
}

fn read_input(path: &str) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    ingest::read(name, &bytes, &Options::default()).map_err(|e| {
        if e.position().file.is_some() {
            e
        } else {
            e.in_file(name)
        }
    })
}

fn run(args: &Args) -> Result<Output, Error> {
    let plan = match &args.plan {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| io_error(p, e))?;
            Some(Plan::from_json(&text).map_err(|e| e.in_file(p))?)
        }
        None => None,
    };
    let mut loaded = Vec::with_capacity(args.files.len());
    for f in &args.files {
        loaded.push(read_input(f)?);
    }
    let tables: Vec<&Table> = loaded.iter().map(|l| &*l.table).collect();
    let table = analysis::prepare(&tables, plan.as_ref())?;
    let reports: Vec<FileReport> = loaded.into_iter().map(|l| l.report).collect();
    let (plan, plan_source) = match plan {
        Some(p) => (p, "file"),
        None => (
            Plan::suggested(&table, &guess_roles(&table)),
            "guessed from column names",
        ),
    };
    let report = analysis::run_with(&table, &plan, &on_every_core)?;
    Ok(Output {
        reports,
        table,
        plan,
        plan_source,
        report,
    })
}

/// Runs the analysis's independent units on every core, each thread taking the next unit when
/// done (their costs differ by 10×). The core starts no threads itself.
fn on_every_core(n: usize, f: &(dyn Fn(usize) + Sync)) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let threads = std::thread::available_parallelism().map_or(1, |t| t.get());
    let next = AtomicUsize::new(0);
    let work = || loop {
        let k = next.fetch_add(1, Ordering::Relaxed);
        if k >= n {
            break;
        }
        f(k);
    };
    std::thread::scope(|s| {
        for _ in 1..threads.min(n) {
            s.spawn(work);
        }
        work();
    });
}

/// Writes to stdout; a closed pipe (`social-roi … | head`) ends the program quietly instead of
/// panicking.
fn emit(text: &str) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
    {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("social-roi: cannot write the report: {e}");
        std::process::exit(2);
    }
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(Parsed::Run(a)) => a,
        Ok(Parsed::Help) => {
            emit(&format!("{USAGE}\n"));
            return ExitCode::SUCCESS;
        }
        Ok(Parsed::Version) => {
            emit(&format!("social-roi {}\n", env!("CARGO_PKG_VERSION")));
            return ExitCode::SUCCESS;
        }
        Err(msg) => {
            emit(&format!(
                "{}\n",
                json!({"error": {"kind": "usage", "line": null, "column": null, "message": msg}})
            ));
            eprintln!("social-roi: {msg}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    match run(&args) {
        Ok(out) => {
            if args.json {
                // Serialised straight from the structs (not through `Value`) so that columns stay
                // in header order.
                let doc = analysis::document(
                    out.reports.iter().collect(),
                    &out.table,
                    &out.report,
                    &out.plan,
                    out.plan_source,
                    args.lang,
                );
                match serde_json::to_string_pretty(&doc) {
                    Ok(s) => emit(&format!("{s}\n")),
                    Err(e) => {
                        eprintln!("social-roi: {e}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                emit(&human::render(
                    &out.table,
                    &out.report,
                    &args.files,
                    out.plan_source,
                    args.lang,
                ));
            }
            ExitCode::SUCCESS
        }
        Err(e) => {
            emit(&format!("{}\n", error_json(&e, args.lang)));
            eprintln!("social-roi: {}", e.message(args.lang));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> Result<Parsed, String> {
        parse_args(v.iter().map(|s| s.to_string()))
    }

    #[test]
    fn arguments() {
        let Ok(Parsed::Run(a)) = parse(&[
            "analyze",
            "a.csv",
            "b.csv",
            "--plan=p.json",
            "--lang",
            "it",
            "--json",
        ]) else {
            panic!()
        };
        assert_eq!(a.files, ["a.csv", "b.csv"]);
        assert_eq!(a.plan.as_deref(), Some("p.json"));
        assert_eq!((a.lang, a.json), (Lang::It, true));
        assert!(parse(&["analyze"]).is_err());
        assert!(parse(&["analyze", "a.csv", "--lang", "fr"]).is_err());
        assert!(parse(&["analyse", "a.csv"]).is_err());
        assert!(matches!(parse(&["--help"]), Ok(Parsed::Help)));
    }
}
