//! `social-roi`: the command-line front end over the core engine (the same code as the web app).
//!
//! * `analyze FILE…` reads the files (event files — orders, payments, posts — combined per period,
//!   per day when their dates span 8 weeks or less and per week otherwise, as on the page, unless
//!   `--period` or the plan says; joined on date when several), runs the
//!   plan (or the defaults plus role guesses from the column names) and prints the findings and
//!   results, or with `--json` the SCHEMA.md §4 document.
//! * `roi --plan plan.json [FILE…]` the return on the whole investment from the plan's model.
//! * `quick --spend … --revenue …` the quick calculator from typed totals.
//!
//! Exit status: 0 done; 2 the command line, a file or the plan is wrong (the JSON error object
//! `{"error":{"kind","line","column","message",…}}` on stdout, the message on stderr); 1 the
//! report could not be written. Arguments are parsed by clap (native only: no size reason to
//! hand-roll); a progress bar goes to stderr for large files when stderr is a terminal.

mod human;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand, ValueEnum};
use serde_json::{json, Value};
use social_roi_core::analysis::quick::{self, QuickInput};
use social_roi_core::analysis::{self, guess_roles, invest, Plan, Side};
use social_roi_core::events::Retention;
use social_roi_core::ingest::{self, Aggregate, FileReport, Loaded, Options, ReadJob};
use social_roi_core::{Date, Error, ErrorKind, Lang, Period, Position, Table};

/// Files at least this large get a progress bar (when stderr is a terminal).
const PROGRESS_FROM_BYTES: usize = 8 << 20;

#[derive(Parser, Debug)]
#[command(
    name = "social-roi",
    version,
    about = "Social-media ROI and correlations from your exports, computed locally",
    long_about = "Social-media ROI and correlations from your exports (shop orders, payments, \
                  analytics, social insights), computed on this machine: nothing is sent anywhere.",
    after_help = "Exit status: 0 done; 2 the command line, a file or the plan is wrong (a JSON \
                  error object on stdout, the message on stderr); 1 the report could not be written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Analyse exports: findings, correlations, lags, changes, ROI, retention
    #[command(
        long_about = "Reads CSV/TSV/TXT/XLSX/XLS/ODS exports (joined on date when several), runs \
                      the analysis plan (default: descriptives, all-pairs correlations, and \
                      ROI/lag analyses guessed from the column names) and prints the findings and \
                      results.\n\nEvent files (one row per order, payment or post: Shopify, \
                      WooCommerce, Etsy, Stripe, PayPal, Meta, X, Mailchimp, TikTok exports, or \
                      any file whose dates repeat) are combined per period: per day when their dates \
                      span 8 weeks or less, per week otherwise (as on the page), unless --period \
                      (or the plan's \"period\") says otherwise. Dates written without a \
                      year (TikTok's \"12 September\") take the latest years on or before today."
    )]
    Analyze(Analyze),
    /// Return on the whole investment (time, money, fixed costs) from a plan's model
    #[command(
        long_about = "The return on the whole investment from the plan's \"investment\" and \
                      \"value\" sections, over the files, or without files over the plan's \
                      investment.periods."
    )]
    Roi(Roi),
    /// The quick calculator from typed totals (no file)
    Quick(Quick),
}

#[derive(Args, Debug, Clone)]
struct Common {
    /// Language of the report
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Print the machine-readable JSON report
    #[arg(long)]
    json: bool,
    /// Write the report to FILE instead of standard output
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct Analyze {
    /// Input files (CSV, TSV, TXT, XLSX, XLS, ODS)
    #[arg(required = true, value_name = "FILE")]
    files: Vec<String>,
    /// Analysis plan (plan.json), as saved by the page
    #[arg(long, value_name = "plan.json")]
    plan: Option<String>,
    /// Period event files are combined into (default: day for 8 weeks of dates or less, else week)
    #[arg(long, value_enum)]
    period: Option<PeriodArg>,
    /// Today's date, for dates written without a year (default: the system's date)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    today: Option<Date>,
    /// A business column (sales, orders, customers): the outcome the verdict tests; repeatable
    #[arg(long, value_name = "COLUMN")]
    business: Vec<String>,
    /// A social column (followers, reach, traffic, posts, spend); repeatable
    #[arg(long, value_name = "COLUMN")]
    social: Vec<String>,
    /// The sheet to read in spreadsheet files (default: the first with dates, else the first
    /// with data)
    #[arg(long, value_name = "NAME")]
    sheet: Option<String>,
    #[command(flatten)]
    common: Common,
}

/// How the command line marks columns, in the words of `analysis::findings::MARK_SIDES`.
const MARK_SIDES_CLI: [&str; 2] = [
    "with --business COLUMN and --social COLUMN (or the plan's \"sides\")",
    "con --business COLONNA e --social COLONNA (o con \"sides\" nel piano)",
];

/// The plan's sides (else the guess from the names) with the command line's columns moved to
/// the side it gives them.
fn mark_sides(plan: &mut Plan, table: &Table, business: &[String], social: &[String]) {
    if business.is_empty() && social.is_empty() {
        return;
    }
    let named = |c: &String| business.contains(c) || social.contains(c);
    let mut spec = analysis::plan::SidesSpec::default();
    for (column, side) in analysis::roles::sides(table, plan) {
        match side {
            _ if named(&column) => {}
            Side::Business => spec.business.push(column),
            Side::Social => spec.social.push(column),
            _ => {}
        }
    }
    spec.business.extend(business.iter().cloned());
    spec.social.extend(social.iter().cloned());
    plan.sides = Some(spec);
}

#[derive(Args, Debug)]
struct Roi {
    /// Plan with the "investment" and "value" model
    #[arg(long, required = true, value_name = "plan.json")]
    plan: String,
    /// Data files (optional: without them, the plan's constants over its periods)
    #[arg(value_name = "FILE")]
    files: Vec<String>,
    #[command(flatten)]
    common: Common,
}

/// Numbers are read as the page's quick form reads them ("1.234,50", "€ 400", "30%" for the
/// margin); a negative number reaches the core's check, which names what the field needs.
#[derive(Args, Debug)]
#[command(allow_negative_numbers = true)]
struct Quick {
    /// Money spent (ads, boosts) over the months
    #[arg(long, value_name = "N", value_parser = typed_number)]
    spend: Option<f64>,
    /// Hours worked over the months
    #[arg(long, value_name = "N", value_parser = typed_number)]
    hours: Option<f64>,
    /// Value of an hour
    #[arg(long, value_name = "N", value_parser = typed_number)]
    hourly_rate: Option<f64>,
    /// Tools, an agency, content production: per month
    #[arg(long, value_name = "N", value_parser = typed_number)]
    fixed_monthly: Option<f64>,
    /// Paid once (a photo shoot, a website)
    #[arg(long, value_name = "N", value_parser = typed_number)]
    one_off: Option<f64>,
    /// How many months the amounts cover (default 1)
    #[arg(long, value_name = "N", value_parser = typed_number)]
    months: Option<f64>,
    /// Sales attributed to social media over the months
    #[arg(long, value_name = "N", value_parser = typed_number)]
    revenue: Option<f64>,
    /// Share of revenue that is profit: a fraction (0.4) or a percentage (40%)
    #[arg(long, value_name = "F", value_parser = typed_margin)]
    margin: Option<f64>,
    /// New customers over the months (a count)
    #[arg(long, value_name = "N", value_parser = typed_number)]
    new_customers: Option<f64>,
    /// New followers over the months (a count)
    #[arg(long, value_name = "N", value_parser = typed_number)]
    new_followers: Option<f64>,
    /// Currency symbol for the verdict (e.g. €)
    #[arg(long, value_name = "SYMBOL")]
    currency: Option<String>,
    #[command(flatten)]
    common: Common,
}

impl Quick {
    fn input(&self) -> QuickInput {
        QuickInput {
            spend: self.spend,
            hours: self.hours,
            hourly_rate: self.hourly_rate,
            fixed_monthly: self.fixed_monthly,
            one_off: self.one_off,
            months: self.months,
            revenue: self.revenue,
            margin: self.margin,
            new_customers: self.new_customers,
            new_followers: self.new_followers,
            currency: self.currency.clone(),
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum LangArg {
    En,
    It,
}

impl From<LangArg> for Lang {
    fn from(l: LangArg) -> Lang {
        match l {
            LangArg::En => Lang::En,
            LangArg::It => Lang::It,
        }
    }
}

#[derive(ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
enum PeriodArg {
    Day,
    Week,
    Month,
}

impl From<PeriodArg> for Period {
    fn from(p: PeriodArg) -> Period {
        match p {
            PeriodArg::Day => Period::Day,
            PeriodArg::Week => Period::Week,
            PeriodArg::Month => Period::Month,
        }
    }
}

/// A typed amount or count, as the page's quick form reads it.
fn typed_number(s: &str) -> Result<f64, String> {
    match quick::parse_number(s) {
        Ok(Some(v)) => Ok(v),
        _ => Err(format!("not a number: '{s}' (e.g. 1250.50)")),
    }
}

/// A margin: a fraction (0.4), or a percentage when written with % ("40%", "12,5 %").
fn typed_margin(s: &str) -> Result<f64, String> {
    let v = typed_number(s)?;
    Ok(if s.contains('%') { v / 100.0 } else { v })
}

fn parse_date(s: &str) -> Result<Date, String> {
    analysis::plan::parse_iso(s).ok_or_else(|| format!("not a date as YYYY-MM-DD: '{s}'"))
}

impl Command {
    fn common(&self) -> &Common {
        match self {
            Command::Analyze(a) => &a.common,
            Command::Roi(r) => &r.common,
            Command::Quick(q) => &q.common,
        }
    }
}

/// The core's message, with the command line's way to the fix where the message names the page's.
fn cli_message(e: &Error, lang: Lang) -> String {
    let m = e.message(lang);
    match (e.kind(), lang) {
        (ErrorKind::DuplicateDate { .. }, Lang::It) => {
            format!("{m} Da riga di comando: --period day, week o month.")
        }
        (ErrorKind::DuplicateDate { .. }, _) => {
            format!("{m} On the command line: --period day, week or month.")
        }
        _ => m,
    }
}

/// The JSON error object of SCHEMA §5 (plus `file` and `column_name` when known).
fn error_json(e: &Error, lang: Lang) -> Value {
    let pos = e.position();
    let mut obj = json!({
        "kind": e.kind_code(),
        "line": pos.line,
        "column": pos.column,
        "message": cli_message(e, lang),
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

/// The system's date (UTC): the core has no clock.
fn system_today() -> Option<Date> {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs();
    Some(Date::from_days((secs / 86_400) as i32))
}

/// Reads one file; large files through the core's stepped reader with a progress bar on stderr
/// (only when stderr is a terminal: logs and pipes stay clean).
/// One file; with `--period` given, a file whose dates repeat is combined per that period (the
/// page's "combine per period" choice) instead of refused.
fn read_input(
    path: &str,
    today: Option<Date>,
    period: Option<Period>,
    sheet: Option<&str>,
) -> Result<Loaded, Error> {
    match read_input_with(path, today, None, sheet) {
        Err(e) if matches!(e.kind(), ErrorKind::DuplicateDate { .. }) && period.is_some() => {
            read_input_with(path, today, period.map(Aggregate::new), sheet)
        }
        r => r,
    }
}

fn read_input_with(
    path: &str,
    today: Option<Date>,
    aggregate: Option<Aggregate>,
    sheet: Option<&str>,
) -> Result<Loaded, Error> {
    let bytes = std::fs::read(path).map_err(|e| io_error(path, e))?;
    let name = std::path::Path::new(path)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(path)
        .to_owned();
    let mut opts = Options::default();
    opts.today = today;
    opts.aggregate = aggregate;
    // a text file has no sheets: only the spreadsheets among the files read the option
    opts.sheet = sheet.map(str::to_owned);
    let in_file = |e: Error| {
        if e.position().file.is_some() {
            e
        } else {
            e.in_file(&name)
        }
    };
    if bytes.len() < PROGRESS_FROM_BYTES || !std::io::stderr().is_terminal() {
        return ingest::read(&name, &bytes, &opts).map_err(in_file);
    }
    let bar = indicatif::ProgressBar::new(1000).with_message(name.clone());
    bar.set_style(
        indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {percent}% ({elapsed})")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    let mut job = ReadJob::new(name.clone(), bytes, opts);
    let loaded = loop {
        match job.step(4 << 20) {
            Ok(Some(l)) => break Ok(l),
            Ok(None) => bar.set_position((job.progress() * 1000.0) as u64),
            Err(e) => break Err(in_file(e)),
        }
    };
    bar.finish_and_clear();
    loaded
}

fn read_plan(path: Option<&str>) -> Result<Option<Plan>, Error> {
    match path {
        Some(p) => {
            let text = std::fs::read_to_string(p).map_err(|e| io_error(p, e))?;
            Ok(Some(Plan::from_json(&text).map_err(|e| e.in_file(p))?))
        }
        None => Ok(None),
    }
}

/// The files read, their event files combined per period, joined and resampled as the plan says.
struct Read {
    table: Table,
    reports: Vec<FileReport>,
    retention: Option<Retention>,
}

fn read_tables(
    files: &[String],
    plan: Option<&Plan>,
    period: Option<Period>,
    today: Option<Date>,
    sheet: Option<&str>,
    lang: Lang,
) -> Result<Read, Error> {
    let mut loaded = Vec::with_capacity(files.len());
    for f in files {
        loaded.push(read_input(f, today.or_else(system_today), period, sheet)?);
    }
    let inputs: Vec<analysis::Input> = loaded
        .iter()
        .map(|l| analysis::Input {
            table: &l.table,
            report: &l.report,
            recipe: None,
            digest: None,
        })
        .collect();
    // The page's rule: event files per day over 8 weeks of dates or less, per week over more
    // (the core's, on all the event files' span), unless told otherwise; `--period` given
    // combines plain files too, as a plan's `period` does.
    let asked = period
        .filter(|_| plan.is_none_or(|p| p.period.is_none()))
        .map(|p| {
            let mut q = plan.cloned().unwrap_or_default();
            q.period = Some(match p {
                Period::Day => social_roi_core::analysis::ResamplePeriod::Day,
                Period::Week => social_roi_core::analysis::ResamplePeriod::Week,
                Period::Month => social_roi_core::analysis::ResamplePeriod::Month,
            });
            q
        });
    let prepared = analysis::prepare_files(&inputs, asked.as_ref().or(plan), period)?;
    if let Some(p) = prepared.period {
        let told =
            period.is_some() || plan.is_some_and(|p| p.period.is_some() || p.resample.is_some());
        for l in &loaded {
            if let Some(ev) = &l.report.events {
                let label = ev.kind.label(lang);
                let how = social_roi_core::events::note(ev.kind, p, lang);
                let hint = match (told, lang) {
                    (true, _) => "",
                    (false, Lang::It) => " (--period per cambiare)",
                    (false, Lang::En) => " (--period to change)",
                };
                eprintln!("{}: {label}, {}{hint}", l.report.name, lower_first(&how));
            }
        }
        for (file, notes) in &prepared.notes {
            for n in notes {
                eprintln!("{file}: {}", social_roi_core::notes::note_text(lang, n));
            }
        }
    }
    // a file's own notices (a sheet passed over, an encoding guessed) on stderr too, not only in
    // the JSON; what combining did to it (summed per week, part weeks left out) joins them there
    let mut reports: Vec<FileReport> = loaded.into_iter().map(|l| l.report).collect();
    // the JSON's note names the period applied, not the automatic one it was read with
    if let Some(p) = prepared.period {
        for ev in reports.iter_mut().filter_map(|r| r.events.as_mut()) {
            ev.note_en = social_roi_core::events::note(ev.kind, p, Lang::En);
            ev.note_it = social_roi_core::events::note(ev.kind, p, Lang::It);
        }
    }
    for r in &reports {
        for n in &r.notices {
            eprintln!("{}: {}", r.name, social_roi_core::notes::note_text(lang, n));
        }
    }
    for (file, notes) in &prepared.notes {
        if let Some(r) = reports.iter_mut().find(|r| &r.name == file) {
            r.notices.extend(notes.iter().cloned());
        }
    }
    Ok(Read {
        table: prepared.table,
        reports,
        retention: prepared.retention,
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

fn to_json<T: serde::Serialize>(v: &T) -> Result<String, Error> {
    social_roi_core::json::to_string(v)
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

fn run_analyze(a: &Analyze) -> Result<String, Error> {
    let lang = a.common.lang.into();
    let mut plan = read_plan(a.plan.as_deref())?;
    // The command line wins over the plan file.
    if let (Some(p), Some(period)) = (plan.as_mut(), a.period) {
        p.period = Some(match period {
            PeriodArg::Day => analysis::ResamplePeriod::Day,
            PeriodArg::Week => analysis::ResamplePeriod::Week,
            PeriodArg::Month => analysis::ResamplePeriod::Month,
        });
    }
    let read = read_tables(
        &a.files,
        plan.as_ref(),
        a.period.map(Into::into),
        a.today,
        a.sheet.as_deref(),
        lang,
    )?;
    let (plan, plan_source) = match plan {
        Some(p) => (p, "file"),
        None => (
            Plan::suggested(&read.table, &guess_roles(&read.table)),
            "guessed from column names",
        ),
    };
    let mut plan = plan;
    mark_sides(&mut plan, &read.table, &a.business, &a.social);
    let mut report = analysis::run_with(&read.table, &plan, &on_every_core)?;
    report.retell_marking(MARK_SIDES_CLI);
    if a.common.json {
        // Serialised straight from the structs (not through `Value`), so columns stay in header
        // order.
        let mut doc = analysis::document(
            read.reports.iter().collect(),
            &read.table,
            &report,
            &plan,
            plan_source,
            lang,
        );
        doc.retention = read.retention.as_ref();
        to_json(&doc)
    } else {
        let mut text = human::render(&read.table, &report, &a.files, plan_source, lang);
        text.push_str(&human::events(&read.reports, read.retention.as_ref(), lang));
        Ok(text)
    }
}

/// `roi`: the investment model over the files, or over the plan's periods without files.
fn run_roi(r: &Roi) -> Result<String, Error> {
    let lang = r.common.lang.into();
    let plan = read_plan(Some(&r.plan))?.unwrap_or_default();
    let no_model = || {
        Error::new(ErrorKind::InvalidPlan {
            pos: Position::default(),
            field: "investment".into(),
            message: "the plan has no \"investment\" or \"value\" section to compute".into(),
            message_it: Some(
                "il piano non ha una sezione \"investment\" o \"value\" da calcolare".into(),
            ),
        })
    };
    let (table, reports) = if r.files.is_empty() {
        (None, Vec::new())
    } else {
        let read = read_tables(&r.files, Some(&plan), None, None, None, lang)?;
        plan.validate(&read.table)?;
        (Some(read.table), read.reports)
    };
    let (_, out) = invest::investment_roi(table.as_ref(), &plan)?.ok_or_else(no_model)?;
    let findings = invest::findings::findings(&out);
    if r.common.json {
        to_json(&json!({
            "input": {"files": reports},
            "investment_roi": out,
            "findings": findings_json(&findings, lang),
            "plan": plan,
        }))
    } else {
        Ok(human::investment(&out, &findings, lang))
    }
}

/// `quick`: the quick calculator from the typed options.
fn run_quick(q: &Quick) -> Result<String, Error> {
    let input = q.input();
    let lang: Lang = q.common.lang.into();
    // the core names the form's field; here it is the option
    quick::validate(&input).map_err(|e| match (e.kind(), e.field_reason(lang)) {
        (ErrorKind::InvalidPlan { field, .. }, Some(why)) => Error::new(ErrorKind::Other {
            pos: Position::default(),
            message: format!("--{}: {why}", field.replace('_', "-")),
        }),
        _ => e,
    })?;
    let r = quick::compute(&input);
    if q.common.json {
        // The numbers as a plan to save (whole months only), for `social-roi roi --plan`.
        let start = Date::from_ymd(2024, 1, 1).unwrap_or(Date::from_days(0));
        let plan = quick::to_plan(&input, start).ok();
        to_json(&json!({"input": input, "result": r, "plan": plan}))
    } else {
        Ok(human::quick(&r, q.common.lang.into()))
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

/// Writes the report to the file or stdout. A closed pipe (`social-roi … | head`) ends the
/// program quietly instead of panicking; any other failure is exit status 1.
fn emit(text: &str, output: Option<&PathBuf>) -> ExitCode {
    use std::io::Write;
    let result = match output {
        Some(path) => std::fs::write(path, text),
        None => {
            let mut stdout = std::io::stdout().lock();
            stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush())
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe && output.is_none() => {
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("social-roi: cannot write the report: {e}");
            ExitCode::from(1)
        }
    }
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            use clap::error::ErrorKind as K;
            if matches!(e.kind(), K::DisplayHelp | K::DisplayVersion) {
                let _ = e.print();
                return ExitCode::SUCCESS;
            }
            // Usage errors in the same JSON shape as every other error, and clap's message
            // (with the usage) on stderr.
            let msg = e
                .kind()
                .as_str()
                .map(str::to_owned)
                .unwrap_or_else(|| e.to_string());
            let detail = e.to_string();
            let first = detail
                .lines()
                .next()
                .map(|l| l.trim_start_matches("error: ").to_owned())
                .unwrap_or(msg);
            emit(
                &format!(
                    "{}\n",
                    json!({"error": {"kind": "usage", "line": null, "column": null, "message": first}})
                ),
                None,
            );
            let _ = e.print();
            return ExitCode::from(2);
        }
    };
    let common = cli.command.common().clone();
    let lang: Lang = common.lang.into();
    let result = match &cli.command {
        Command::Analyze(a) => run_analyze(a),
        Command::Roi(r) => run_roi(r),
        Command::Quick(q) => run_quick(q),
    };
    match result {
        Ok(text) => emit(&text, common.output.as_ref()),
        Err(e) => {
            // Errors go to stdout in JSON (the report's place), even with --output.
            emit(&format!("{}\n", error_json(&e, lang)), None);
            eprintln!("social-roi: {}", cli_message(&e, lang));
            ExitCode::from(2)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(v: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("social-roi").chain(v.iter().copied()))
    }

    #[test]
    fn arguments() {
        let Ok(Cli {
            command: Command::Analyze(a),
        }) = parse(&[
            "analyze",
            "a.csv",
            "b.csv",
            "--plan=p.json",
            "--lang",
            "it",
            "--json",
            "--period",
            "month",
            "--today",
            "2026-02-15",
            "--sheet",
            "Dates",
        ])
        else {
            panic!()
        };
        assert_eq!(a.files, ["a.csv", "b.csv"]);
        assert_eq!(a.sheet.as_deref(), Some("Dates"));
        assert_eq!(a.plan.as_deref(), Some("p.json"));
        assert_eq!((a.common.lang, a.common.json), (LangArg::It, true));
        assert_eq!(a.period, Some(PeriodArg::Month));
        assert_eq!(a.today, Date::from_ymd(2026, 2, 15));
        assert!(parse(&["analyze"]).is_err());
        assert!(parse(&["analyze", "a.csv", "--lang", "fr"]).is_err());
        assert!(parse(&["analyze", "a.csv", "--today", "15/02/2026"]).is_err());
        assert!(parse(&["analyse", "a.csv"]).is_err());
        assert!(parse(&["roi", "a.csv"]).is_err(), "roi needs --plan");
        let Ok(Cli {
            command: Command::Quick(q),
        }) = parse(&[
            "quick", "--spend", "400", "--margin", "0.4", "-o", "out.txt",
        ])
        else {
            panic!()
        };
        assert_eq!((q.spend, q.margin), (Some(400.0), Some(0.4)));
        assert_eq!(q.common.output, Some(PathBuf::from("out.txt")));
        assert!(parse(&["quick", "--spend", "lots"]).is_err());
    }
}
