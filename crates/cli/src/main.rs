//! `social-roi`: the command-line report over the core engine (same code as the web app).
//!
//! `social-roi analyze FILE [FILE2 …] [--plan plan.json] [--period day|week|month] [--lang en|it]
//! [--json]` reads the files (event files — orders, payments, posts — combined per period, per week
//! unless `--period` or the plan says otherwise; joined on date when several), runs the plan (or the defaults plus role guesses from the column
//! names), and prints the findings and results — or, with `--json`, the SCHEMA.md §4 layout
//! `{"input":{"files":[…]}, "table":{…}, "analyses":{…}, "findings":[…], "plan":{…}}`.
//! Errors: exit status 2, `{"error":{"kind","line","column","message",…}}` on stdout and the
//! message on stderr. Arguments are parsed by hand: four options do not justify a parser crate.

mod human;

use std::process::ExitCode;

use serde_json::{json, Value};
use social_roi_core::analysis::{self, guess_roles, Plan};
use social_roi_core::events::Retention;
use social_roi_core::ingest::{self, FileReport, Loaded, Options};
use social_roi_core::{Date, Error, ErrorKind, Lang, Period, Position, Table};

const USAGE: &str =
    "usage: social-roi analyze FILE [FILE2 ...] [--plan plan.json] [--period day|week|month]
                          [--today YYYY-MM-DD] [--lang en|it] [--json]

Reads CSV/TSV/TXT/XLSX/XLS/ODS exports (joined on date when several), runs the analysis plan
(default: descriptives, all-pairs correlations, and ROI/lag analyses guessed from column names)
and prints the findings and results. --json prints the machine-readable report.
Event files (one row per order, payment, post: Shopify, WooCommerce, Etsy, Stripe, PayPal, Meta,
X, Mailchimp, TikTok exports or any file whose dates repeat) are combined per period: per week
unless --period (or the plan's \"period\") says otherwise. Dates written without a year
(TikTok's \"12 September\") take the latest years on or before today (--today to fix it).";

#[derive(Debug, Default)]
struct Args {
    files: Vec<String>,
    plan: Option<String>,
    period: Option<Period>,
    /// Today, for dates written without a year (default: the system's date, UTC).
    today: Option<Date>,
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
            "--period" => {
                args.period = Some(match value("--period")?.as_str() {
                    "day" => Period::Day,
                    "week" => Period::Week,
                    "month" => Period::Month,
                    other => {
                        return Err(format!(
                            "--period must be day, week or month, not '{other}'"
                        ))
                    }
                })
            }
            "--today" => {
                let v = value("--today")?;
                args.today =
                    Some(analysis::plan::parse_iso(&v).ok_or_else(|| {
                        format!("--today must be a date as YYYY-MM-DD, not '{v}'")
                    })?)
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
    retention: Option<Retention>,
}

/// The system's date (UTC): the core has no clock.
fn system_today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_days((secs / 86_400) as i32))
}

fn read_input(path: &str, today: Option<Date>) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path);
    let mut opts = Options::default();
    opts.today = today;
    ingest::read(name, &bytes, &opts).map_err(|e| {
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
            let mut plan = Plan::from_json(&text).map_err(|e| e.in_file(p))?;
            // the command line wins over the plan file
            if let Some(period) = args.period {
                plan.period = Some(match period {
                    Period::Day => analysis::ResamplePeriod::Day,
                    Period::Week => analysis::ResamplePeriod::Week,
                    Period::Month => analysis::ResamplePeriod::Month,
                });
            }
            Some(plan)
        }
        None => None,
    };
    let mut loaded = Vec::with_capacity(args.files.len());
    for f in &args.files {
        loaded.push(read_input(f, args.today.or_else(system_today))?);
    }
    let inputs: Vec<analysis::Input> = loaded
        .iter()
        .map(|l| analysis::Input {
            table: &l.table,
            report: &l.report,
            recipe: None,
        })
        .collect();
    // The rule for the command line: event files per week unless told otherwise.
    let prepared = analysis::prepare_files(
        &inputs,
        plan.as_ref(),
        Some(args.period.unwrap_or(Period::Week)),
    )?;
    if let Some(period) = prepared.period {
        let told = args.period.is_some()
            || plan
                .as_ref()
                .is_some_and(|p| p.period.is_some() || p.resample.is_some());
        for l in &loaded {
            if let Some(ev) = &l.report.events {
                let label = ev.kind.label(args.lang);
                let how = social_roi_core::events::note(ev.kind, period, args.lang);
                let hint = if told {
                    ""
                } else if args.lang == Lang::It {
                    " (--period per cambiare)"
                } else {
                    " (--period to change)"
                };
                eprintln!(
                    "{}: {label}, {}{hint}",
                    l.report.name,
                    crate::lower_first(&how)
                );
            }
        }
        for (file, notes) in &prepared.notes {
            for n in notes {
                eprintln!("{file}: {n}");
            }
        }
    }
    let table = prepared.table;
    let retention = prepared.retention;
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
        retention,
    })
}

/// "One row per order" → "one row per order" (inside a sentence).
fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().chain(c).collect(),
        None => String::new(),
    }
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
                let mut doc = analysis::document(
                    out.reports.iter().collect(),
                    &out.table,
                    &out.report,
                    &out.plan,
                    out.plan_source,
                    args.lang,
                );
                doc.retention = out.retention.as_ref();
                match serde_json::to_string_pretty(&doc) {
                    Ok(s) => emit(&format!("{s}\n")),
                    Err(e) => {
                        eprintln!("social-roi: {e}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                let mut text = human::render(
                    &out.table,
                    &out.report,
                    &args.files,
                    out.plan_source,
                    args.lang,
                );
                text.push_str(&human::events(
                    &out.reports,
                    out.retention.as_ref(),
                    args.lang,
                ));
                emit(&text);
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
