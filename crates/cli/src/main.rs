//! `social-roi`: the command-line report over the core engine (same code as the web app).
//!
//! `social-roi analyze FILE [FILE2 …] [--plan plan.json] [--lang en|it] [--json]` reads the files
//! (joined on date when several), runs the plan (or the defaults plus role guesses from the column
//! names), and prints the findings and results — or, with `--json`, the SCHEMA.md §4 layout
//! `{"input":{"files":[…]}, "table":{…}, "analyses":{…}, "findings":[…], "plan":{…}}`.
//! `social-roi roi --plan plan.json [FILE …]` computes only the investment model (plan sections
//! `investment` and `value`), over the files or, without any, over the plan's `investment.periods`;
//! `social-roi quick --spend 400 --hours 20 …` is the quick calculator ([`quick`]).
//! Errors: exit status 2, `{"error":{"kind","line","column","message",…}}` on stdout and the
//! message on stderr. Arguments are parsed by hand: four options do not justify a parser crate.

mod human;

use std::process::ExitCode;

use serde_json::{json, Value};
use social_roi_core::analysis::quick::{self, QuickInput};
use social_roi_core::analysis::{self, guess_roles, invest, Plan};
use social_roi_core::ingest::{self, FileReport, Loaded, Options};
use social_roi_core::{Error, ErrorKind, Lang, Position, Table};

const USAGE: &str =
    "usage: social-roi analyze FILE [FILE2 ...] [--plan plan.json] [--lang en|it] [--json]
       social-roi roi --plan plan.json [FILE ...] [--lang en|it] [--json]
       social-roi quick [--spend N] [--hours N] [--hourly-rate N] [--fixed-monthly N] [--one-off N]
                        [--months N] [--revenue N] [--margin F] [--new-customers N]
                        [--new-followers N] [--currency SYMBOL] [--lang en|it] [--json]

analyze: reads CSV/TSV/TXT/XLSX/XLS/ODS exports (joined on date when several), runs the analysis
plan (default: descriptives, all-pairs correlations, and ROI/lag analyses guessed from column
names) and prints the findings and results. --json prints the machine-readable report.
roi: the return on the whole investment from the plan's `investment` and `value` sections, over
the files, or without files over the plan's `investment.periods`.
quick: the quick calculator from typed totals (margin as a fraction: 0.4 = 40%).";

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Command {
    #[default]
    Analyze,
    Roi,
    Quick,
}

#[derive(Debug, Default)]
struct Args {
    command: Command,
    files: Vec<String>,
    plan: Option<String>,
    lang: Lang,
    json: bool,
    quick: QuickInput,
}

enum Parsed {
    Run(Box<Args>),
    Help,
    Version,
}

fn parse_args(mut it: impl Iterator<Item = String>) -> Result<Parsed, String> {
    let mut args = Args::default();
    args.command = match it.next().as_deref() {
        Some("analyze") => Command::Analyze,
        Some("roi") => Command::Roi,
        Some("quick") => Command::Quick,
        Some("-h" | "--help" | "help") => return Ok(Parsed::Help),
        Some("-V" | "--version") => return Ok(Parsed::Version),
        Some(other) => {
            return Err(format!(
                "unknown command '{other}' (expected 'analyze', 'roi' or 'quick')"
            ))
        }
        None => return Err("missing command 'analyze', 'roi' or 'quick'".into()),
    };
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
            "--currency" if args.command == Command::Quick => {
                args.quick.currency = Some(value("--currency")?)
            }
            other => match quick_field(&mut args.quick, other) {
                Some(slot) if args.command == Command::Quick => {
                    let v = value(other)?;
                    *slot = Some(
                        v.parse::<f64>()
                            .map_err(|_| format!("{other} needs a number, not '{v}'"))?,
                    );
                }
                _ => return Err(format!("unknown option '{other}'")),
            },
        }
    }
    match args.command {
        Command::Analyze if args.files.is_empty() => return Err("no input file".into()),
        Command::Roi if args.plan.is_none() => {
            return Err("roi needs --plan (the plan's investment and value model)".into())
        }
        Command::Quick if !args.files.is_empty() => {
            return Err(format!("quick reads no file ('{}')", args.files[0]))
        }
        _ => {}
    }
    Ok(Parsed::Run(Box::new(args)))
}

/// The quick calculator's field for an option (`--hourly-rate` → `hourly_rate`).
fn quick_field<'a>(q: &'a mut QuickInput, option: &str) -> Option<&'a mut Option<f64>> {
    Some(match option {
        "--spend" => &mut q.spend,
        "--hours" => &mut q.hours,
        "--hourly-rate" => &mut q.hourly_rate,
        "--fixed-monthly" => &mut q.fixed_monthly,
        "--one-off" => &mut q.one_off,
        "--months" => &mut q.months,
        "--revenue" => &mut q.revenue,
        "--margin" => &mut q.margin,
        "--new-customers" => &mut q.new_customers,
        "--new-followers" => &mut q.new_followers,
        _ => return None,
    })
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

fn read_plan(args: &Args) -> Result<Option<Plan>, Error> {
    match &args.plan {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| io_error(p, e))?;
            Ok(Some(Plan::from_json(&text).map_err(|e| e.in_file(p))?))
        }
        None => Ok(None),
    }
}

/// The files read, joined and resampled as the plan says, with their reports.
fn read_tables(args: &Args, plan: Option<&Plan>) -> Result<(Table, Vec<FileReport>), Error> {
    let mut loaded = Vec::with_capacity(args.files.len());
    for f in &args.files {
        loaded.push(read_input(f)?);
    }
    let tables: Vec<&Table> = loaded.iter().map(|l| &*l.table).collect();
    let table = analysis::prepare(&tables, plan)?;
    Ok((table, loaded.into_iter().map(|l| l.report).collect()))
}

fn run(args: &Args) -> Result<Output, Error> {
    let plan = read_plan(args)?;
    let (table, reports) = read_tables(args, plan.as_ref())?;
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

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    serde_json::to_string_pretty(v)
        .map(|s| s + "\n")
        .map_err(|e| {
            Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: e.to_string(),
            })
        })
}

/// A finding with the text in the chosen language (as in `analyze --json`).
fn findings_json(findings: &[analysis::Finding], lang: Lang) -> Vec<Value> {
    findings
        .iter()
        .map(|f| {
            let mut v = json!(f);
            v["text"] = json!(f.text(lang));
            v
        })
        .collect()
}

/// `roi`: the investment model over the files, or over the plan's periods without files.
fn run_roi(args: &Args) -> Result<String, Error> {
    let plan = read_plan(args)?.unwrap_or_default();
    let no_model = || {
        Error::new(ErrorKind::InvalidPlan {
            pos: Position::default(),
            field: "investment".into(),
            message: "the plan has no \"investment\" or \"value\" section to compute".into(),
        })
    };
    let (table, reports) = if args.files.is_empty() {
        (None, Vec::new())
    } else {
        let (t, r) = read_tables(args, Some(&plan))?;
        plan.validate(&t)?;
        (Some(t), r)
    };
    let (_, r) = invest::investment_roi(table.as_ref(), &plan)?.ok_or_else(no_model)?;
    let findings = invest::findings::findings(&r);
    if args.json {
        to_json(&json!({
            "input": {"files": reports},
            "investment_roi": r,
            "findings": findings_json(&findings, args.lang),
            "plan": plan,
        }))
    } else {
        Ok(human::investment(&r, &findings, args.lang))
    }
}

/// `quick`: the quick calculator from the typed options.
fn run_quick(args: &Args) -> Result<String, Error> {
    quick::validate(&args.quick)?;
    let r = quick::compute(&args.quick);
    if args.json {
        // The numbers as a plan to save (whole months only), for `social-roi roi --plan`.
        let start = social_roi_core::Date::from_ymd(2024, 1, 1)
            .unwrap_or(social_roi_core::Date::from_days(0));
        let plan = quick::to_plan(&args.quick, start).ok();
        to_json(&json!({"input": args.quick, "result": r, "plan": plan}))
    } else {
        Ok(human::quick(&r, args.lang))
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
    let text = match args.command {
        Command::Analyze => run(&args).and_then(|out| {
            if args.json {
                // Serialised straight from the structs (not through `Value`) so that columns stay
                // in header order.
                to_json(&analysis::document(
                    out.reports.iter().collect(),
                    &out.table,
                    &out.report,
                    &out.plan,
                    out.plan_source,
                    args.lang,
                ))
            } else {
                Ok(human::render(
                    &out.table,
                    &out.report,
                    &args.files,
                    out.plan_source,
                    args.lang,
                ))
            }
        }),
        Command::Roi => run_roi(&args),
        Command::Quick => run_quick(&args),
    };
    match text {
        Ok(text) => {
            emit(&text);
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

    #[test]
    fn roi_and_quick_arguments() {
        let Ok(Parsed::Run(a)) = parse(&["roi", "--plan", "p.json"]) else {
            panic!()
        };
        assert_eq!((a.command, a.files.len()), (Command::Roi, 0));
        assert!(parse(&["roi", "a.csv"]).is_err(), "roi needs a plan");
        let Ok(Parsed::Run(a)) = parse(&[
            "quick",
            "--spend=400",
            "--hourly-rate",
            "25",
            "--margin",
            "0.4",
            "--currency",
            "€",
        ]) else {
            panic!()
        };
        assert_eq!(a.command, Command::Quick);
        assert_eq!(
            (a.quick.spend, a.quick.hourly_rate, a.quick.margin),
            (Some(400.0), Some(25.0), Some(0.4))
        );
        assert_eq!(a.quick.currency.as_deref(), Some("€"));
        assert!(parse(&["quick", "--spend", "x"]).is_err());
        assert!(parse(&["quick", "a.csv"]).is_err());
        assert!(parse(&["analyze", "a.csv", "--spend", "3"]).is_err());
    }
}
