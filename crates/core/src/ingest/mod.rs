//! Ingestion: bytes of a CSV/TSV/text export or a spreadsheet in, a typed [`Table`] and a report out.
//!
//! Entry points: [`read`] (one shot) and [`ReadJob`] (the same work in bounded steps, for the
//! browser's main thread). Both detect everything by default; [`Options`] overrides any decision.
//!
//! Pipeline for text: `decode` (container, BOM, UTF-16, UTF-8 check, Windows-1252 fallback) →
//! `sniff` (delimiter, line ends, header after preambles/titles, description row) → `engine`
//! (sample → provisional column readings → one fused split-and-type pass → whole-column decisions,
//! re-reading only contradicted columns) → `finish` (row order, duplicate dates, aggregation).
//! Spreadsheets go through `sheet` (cells from [`crate::sheet`]) and the same `finish`.
//!
//! Decisions (see the modules for details):
//! * A column whose every separator fits both readings (`1.234`) takes the decimal separator the
//!   file's other columns use; with none, `,` for `;` files and `.` otherwise. The column report
//!   carries an [`report::Ambiguity`] and [`ColumnOverride::decimal`] changes it.
//! * Day/month order is decided over the whole date column; when every date fits both, the
//!   order that puts the rows in sequence wins, else the file's locale. Flagged the same way.
//! * Event files (a recognised export's header, repeated dates with times of day, or at least 3
//!   and 10% of the rows repeating a date) are read as events: rows kept, sorted by date,
//!   `FileReport::events` set, to be combined per period by [`crate::events::derive`]. Otherwise
//!   the same date twice with different values is the `duplicate_date` error unless
//!   [`Options::aggregate`] is set; identical duplicate rows are dropped with a notice.
//! * Type rule (SCHEMA §2): numeric if at least half of the non-blank cells are numbers; missing
//!   markers (`NA`, `-`, ...) count as non-blank, empty cells do not; the date column is the one
//!   (date-like header first, then leftmost) where at least 80% of non-blank cells are dates.
//! * Row sources are physical lines (spreadsheets: row numbers). Byte offsets in errors are file
//!   offsets for UTF-8 input and offsets into the decoded text for UTF-16/Windows-1252 input.
//!
//! API notes (deviations from the first sketch): [`crate::reshape::join`] returns a [`Table`]
//! (reports stay per file; [`crate::reshape::join_tables`] joins borrowed tables). Extra options:
//! `Options::no_date_column`, `Aggregate::default_rule` (sum). `ColumnOverride` and `Aggregate`
//! are `#[non_exhaustive]` with constructors (`ColumnOverride::new(..).decimal(b',')`,
//! `Aggregate::new(Period::Week).rule("followers", AggRule::Last)`).

mod dates;
mod decode;
mod engine;
mod finish;
mod infer;
mod number;
pub mod report;
mod sheet;
mod sniff;
mod split;
mod years;

pub use dates::DateOrder;
pub use decode::Encoding;
pub use report::{
    AggregationReport, Ambiguity, ColumnReport, EncodingNotice, FileReport, IgnoredLine,
    MissingCell,
};

pub use crate::reshape::{AggRule, Period};
use crate::{Error, ErrorKind, Position, Result, Table};
use decode::Container;
use engine::{Engine, Setup};

/// What a column should be read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    Date,
    Number,
    Text,
}

/// A user's decision about one column, by header name.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct ColumnOverride {
    pub name: String,
    pub kind: Option<ColumnKind>,
    /// Decimal separator, `b'.'` or `b','` (numbers).
    pub decimal: Option<u8>,
    /// Day/month order (the date column).
    pub date_order: Option<DateOrder>,
}

impl ColumnOverride {
    pub fn new(name: impl Into<String>) -> ColumnOverride {
        ColumnOverride {
            name: name.into(),
            ..ColumnOverride::default()
        }
    }

    pub fn kind(mut self, kind: ColumnKind) -> Self {
        self.kind = Some(kind);
        self
    }

    pub fn decimal(mut self, sep: u8) -> Self {
        self.decimal = Some(sep);
        self
    }

    pub fn date_order(mut self, order: DateOrder) -> Self {
        self.date_order = Some(order);
        self
    }
}

/// Aggregation of event-level rows (one per post or order) into periods.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Aggregate {
    pub period: Period,
    /// Rule per column name; other numeric columns use `default_rule`.
    pub rules: Vec<(String, AggRule)>,
    /// Sum unless changed (counts and money; pick `last` for running totals, `mean` for rates).
    pub default_rule: AggRule,
}

impl Aggregate {
    pub fn new(period: Period) -> Aggregate {
        Aggregate {
            period,
            rules: Vec::new(),
            default_rule: finish::DEFAULT_RULE,
        }
    }

    pub fn rule(mut self, column: impl Into<String>, rule: AggRule) -> Self {
        self.rules.push((column.into(), rule));
        self
    }
}

/// How to read one file. `Default` detects everything.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, serde::Deserialize)]
#[non_exhaustive]
pub struct Options {
    /// Field delimiter byte (`b','`, `b';'`, `b'\t'`, `b'|'`, ...).
    pub delimiter: Option<u8>,
    /// Text encoding; forcing UTF-8 turns the Windows-1252 fallback into an `invalid_utf8` error.
    pub encoding: Option<Encoding>,
    /// Spreadsheet sheet name (default: the first sheet with data).
    pub sheet: Option<String>,
    /// 1-based physical line of the header (spreadsheets: row number).
    pub header_line: Option<usize>,
    /// Name of the date column.
    pub date_column: Option<String>,
    /// Read without a date column (file order is the time order).
    pub no_date_column: bool,
    /// Per-column kind, decimal separator, date order.
    pub columns: Vec<ColumnOverride>,
    /// Aggregate rows per period (event-level data).
    pub aggregate: Option<Aggregate>,
    /// Today's date, from the caller (the core has no clock): dates written without a year
    /// (`12 September`) take the latest years that keep them on or before it.
    #[serde(skip)]
    pub today: Option<crate::Date>,
    /// The year of the earliest date written without a year (overrides the rule above).
    pub year: Option<i32>,
    /// Read only these columns (and the date column) into the table; the others are reported as
    /// not read. Set automatically for a recognised orders or payments export (wide exports such
    /// as Shopify's have ~80 columns, the series need 3 to 6) unless `all_columns`.
    #[serde(default)]
    pub columns_kept: Option<Vec<String>>,
    /// Keep every column even of a recognised export (e.g. to read it as generic events).
    #[serde(default)]
    pub all_columns: bool,
    /// Keep no text column (set for a recognised per-post export: captions and links are not
    /// needed for its series) unless `all_columns`.
    #[serde(default)]
    pub no_text_columns: bool,
}

/// A file that was read: its table and what was detected/skipped on the way.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// Shared: the page analyses a single file's table as it is, without a copy.
    pub table: std::sync::Arc<Table>,
    pub report: FileReport,
}

/// Reads one file (`name` is used in messages and row sources).
pub fn read(name: &str, bytes: &[u8], opts: &Options) -> Result<Loaded> {
    let mut job = Job::new(name.to_owned(), bytes.len(), opts.clone());
    loop {
        if let Some(l) = job.step(bytes, usize::MAX)? {
            return Ok(l);
        }
    }
}

/// [`read`] in steps: each [`ReadJob::step`] does about `budget_bytes` of work and returns, so the
/// browser can keep the page responsive. Decoding, validation and the record passes are bounded by
/// the budget; the sniffing step reads at most 256 KB (4 delimiters) plus a 512 KB sample, and the
/// last step (row order, duplicates, building the table) is O(rows) — tens of milliseconds per
/// million rows natively. Spreadsheets are read in one step (the workbook reader is not incremental).
/// After an error or the result, further steps return an error.
pub struct ReadJob {
    bytes: Vec<u8>,
    job: Job,
}

impl ReadJob {
    pub fn new(name: String, bytes: Vec<u8>, opts: Options) -> ReadJob {
        let n = bytes.len();
        ReadJob {
            bytes,
            job: Job::new(name, n, opts),
        }
    }

    /// Does a bounded amount of work. `Ok(Some)` is the result (once), `Ok(None)` means call again.
    pub fn step(&mut self, budget_bytes: usize) -> Result<Option<Loaded>> {
        let r = self.job.step(&self.bytes, budget_bytes.max(1));
        if self.job.decoded.is_some()
            && !self.bytes.is_empty()
            && matches!(
                self.job.phase,
                Phase::Layout | Phase::Parse | Phase::Reparse
            )
        {
            // The decoded copy is the text now; the original bytes are no longer needed.
            self.bytes = Vec::new();
        }
        if r.is_err() {
            self.job.phase = Phase::Failed;
        }
        r
    }

    /// Fraction of the work done, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.job.progress()
    }
}

enum Phase {
    Start,
    /// Checking UTF-8 up to `pos`.
    Validate(usize),
    /// Transcoding up to `pos` into `decoded`.
    Transcode(usize),
    Layout,
    Parse,
    Reparse,
    Finish,
    Done,
    Failed,
}

struct Job {
    name: String,
    total: usize,
    opts: Options,
    phase: Phase,
    enc: Encoding,
    bom_len: usize,
    decoded: Option<Vec<u8>>,
    replaced: u64,
    report: FileReport,
    setup: Option<Setup>,
    main: Option<Engine>,
    second: Option<Engine>,
    reparse_total: usize,
}

impl Job {
    fn new(name: String, total: usize, opts: Options) -> Job {
        Job {
            report: FileReport {
                name: name.clone(),
                bytes: total as u64,
                ..FileReport::default()
            },
            name,
            total,
            opts,
            phase: Phase::Start,
            enc: Encoding::Utf8,
            bom_len: 0,
            decoded: None,
            replaced: 0,
            setup: None,
            main: None,
            second: None,
            reparse_total: 0,
        }
    }

    fn progress(&self) -> f64 {
        let t = self.total.max(1) as f64;
        let text_len = self.decoded.as_ref().map_or(self.total, Vec::len).max(1) as f64;
        match &self.phase {
            Phase::Start => 0.0,
            // validation then (for a fallback or UTF-16) transcoding: monotonic across the switch
            Phase::Validate(p) => 0.05 * (*p as f64 / t).min(1.0),
            Phase::Transcode(p) => 0.05 + 0.05 * (*p as f64 / t).min(1.0),
            Phase::Layout => 0.1,
            Phase::Parse => {
                0.1 + 0.8
                    * self
                        .main
                        .as_ref()
                        .map_or(0.0, |e| e.pos as f64 / text_len)
                        .min(1.0)
            }
            Phase::Reparse => {
                let done = self
                    .second
                    .as_ref()
                    .map_or(0.0, |e| e.pos as f64 / self.reparse_total.max(1) as f64);
                0.9 + 0.05 * done.min(1.0)
            }
            Phase::Finish => 0.95,
            Phase::Done | Phase::Failed => 1.0,
        }
    }

    fn step(&mut self, bytes: &[u8], budget: usize) -> Result<Option<Loaded>> {
        let name = self.name.clone();
        self.step_inner(bytes, budget).map_err(|e| e.in_file(&name))
    }

    fn step_inner(&mut self, bytes: &[u8], budget: usize) -> Result<Option<Loaded>> {
        match self.phase {
            Phase::Start => {
                match decode::sniff(bytes, self.opts.encoding)? {
                    Container::Spreadsheet => {
                        let built = sheet::read(&self.name, bytes, &self.opts)?;
                        self.phase = Phase::Done;
                        return finish::finish(built, &self.name, &self.opts).map(Some);
                    }
                    Container::Text { enc, bom_len } => {
                        self.enc = enc;
                        self.bom_len = bom_len;
                        self.report.bom = bom_len > 0;
                        self.phase = match enc {
                            Encoding::Utf8 => Phase::Validate(bom_len),
                            _ => {
                                self.decoded =
                                    Some(Vec::with_capacity(bytes.len() + bytes.len() / 4));
                                Phase::Transcode(bom_len)
                            }
                        };
                    }
                }
                Ok(None)
            }
            Phase::Validate(pos) => {
                let to = pos.saturating_add(budget).min(bytes.len());
                match decode::validate_utf8(bytes, pos, to) {
                    Ok(end) if end >= bytes.len() => self.phase = Phase::Layout,
                    Ok(end) => self.phase = Phase::Validate(end),
                    Err(bad) => {
                        let line = decode::line_of(bytes, bad);
                        if self.opts.encoding == Some(Encoding::Utf8) {
                            return Err(Error::new(ErrorKind::InvalidUtf8 {
                                pos: Position::line(line).with_byte_offset(bad as u64),
                            }));
                        }
                        let value = format!("0x{:02X}", bytes[bad]);
                        self.report.encoding_notice = Some(EncodingNotice {
                            offset: bad as u64,
                            line,
                            message: format!(
                                "the file is not UTF-8 (byte {value} at offset {bad}, line {line}); it was read as Windows-1252"
                            ),
                            value,
                        });
                        self.enc = Encoding::Windows1252;
                        self.decoded = Some(Vec::with_capacity(bytes.len() + bytes.len() / 8));
                        self.phase = Phase::Transcode(self.bom_len);
                    }
                }
                Ok(None)
            }
            Phase::Transcode(pos) => {
                let to = pos.saturating_add(budget).min(bytes.len());
                let out = self.decoded.get_or_insert_with(Vec::new);
                let next = match self.enc {
                    Encoding::Windows1252 => {
                        decode::decode_1252(&bytes[pos..to], out);
                        to
                    }
                    Encoding::Utf16Le | Encoding::Utf16Be => {
                        let last = to >= bytes.len();
                        let used = decode::decode_utf16(
                            &bytes[pos..to],
                            self.enc == Encoding::Utf16Le,
                            last,
                            out,
                            &mut self.replaced,
                        );
                        // a cut surrogate pair or odd byte: take a little more next time
                        if used == 0 && !last {
                            let to2 = (pos + 4).min(bytes.len());
                            pos + decode::decode_utf16(
                                &bytes[pos..to2],
                                self.enc == Encoding::Utf16Le,
                                to2 >= bytes.len(),
                                out,
                                &mut self.replaced,
                            )
                        } else {
                            pos + used
                        }
                    }
                    Encoding::Utf8 => to,
                };
                self.phase = if next >= bytes.len() {
                    Phase::Layout
                } else {
                    Phase::Transcode(next.max(pos + 1))
                };
                Ok(None)
            }
            Phase::Layout => {
                self.report.encoding = match self.enc {
                    Encoding::Utf8 if self.bom_len > 0 => "UTF-8 with BOM".into(),
                    e => e.name().into(),
                };
                if self.replaced > 0 {
                    self.report.notices.push(format!(
                        "{} invalid UTF-16 code units were replaced by U+FFFD",
                        self.replaced
                    ));
                }
                let text = match &self.decoded {
                    Some(d) => d.as_slice(),
                    None => bytes.get(self.bom_len..).unwrap_or(&[]),
                };
                if text.iter().all(|b| b.is_ascii_whitespace()) {
                    return Err(Error::new(ErrorKind::EmptyInput {
                        pos: Position::default(),
                    }));
                }
                let layout = sniff::layout(text, self.opts.delimiter, self.opts.header_line)?;
                let r = &mut self.report;
                r.line_terminator = layout.line_terminator.map(str::to_owned);
                r.ends_with_newline = layout.ends_with_newline;
                r.delimiter = Some(report::delimiter_name(layout.delim));
                r.delimiter_detected = layout.delim_detected;
                r.quote_char = Some("\"".into());
                for (line, why) in &layout.ignored {
                    r.ignore(*line, why.clone());
                }
                let opts = recipe_options(&self.opts, &layout.header);
                let setup = engine::setup(text, layout, &opts)?;
                let base = if self.decoded.is_none() {
                    self.bom_len
                } else {
                    0
                };
                self.main = Some(Engine::new(&setup, text.len(), None, base));
                self.setup = Some(setup);
                self.phase = Phase::Parse;
                Ok(None)
            }
            Phase::Parse => {
                let base = if self.decoded.is_none() {
                    self.bom_len
                } else {
                    0
                };
                let text = match &self.decoded {
                    Some(d) => d.as_slice(),
                    None => bytes.get(self.bom_len..).unwrap_or(&[]),
                };
                let (Some(e), Some(setup)) = (self.main.as_mut(), self.setup.as_ref()) else {
                    return Err(internal());
                };
                let limit = e.pos.saturating_add(budget);
                if !e.run(text, limit)? {
                    return Ok(None);
                }
                engine::pass_errors(e, setup)?;
                let plan = engine::plan_reparse(e, setup);
                if plan.reparse.is_empty() && !plan.reparse_dates {
                    self.phase = Phase::Finish;
                } else {
                    let second = Engine::new(
                        setup,
                        text.len(),
                        Some((&plan.reparse, plan.reparse_dates)),
                        base,
                    );
                    self.reparse_total = text.len();
                    self.second = Some(second);
                    self.phase = Phase::Reparse;
                }
                Ok(None)
            }
            Phase::Reparse => {
                let text = match &self.decoded {
                    Some(d) => d.as_slice(),
                    None => bytes.get(self.bom_len..).unwrap_or(&[]),
                };
                let Some(e) = self.second.as_mut() else {
                    return Err(internal());
                };
                let limit = e.pos.saturating_add(budget);
                if e.run(text, limit)? {
                    self.phase = Phase::Finish;
                }
                Ok(None)
            }
            Phase::Finish => {
                let (Some(main), Some(setup)) = (self.main.take(), self.setup.take()) else {
                    return Err(internal());
                };
                let report = std::mem::take(&mut self.report);
                let built = engine::build(main, self.second.take(), &setup, report)?;
                self.phase = Phase::Done;
                finish::finish(built, &self.name, &self.opts).map(Some)
            }
            Phase::Done | Phase::Failed => Err(Error::new(ErrorKind::Other {
                pos: Position::default(),
                message: "this read has already finished".into(),
            })),
        }
    }
}

/// A recognised export's date column (Shopify has four date columns; `Created at` is the
/// order's), unless the user chose one; for orders and payments, only the columns the recipe
/// reads are kept.
fn recipe_options<'a>(opts: &'a Options, header: &[String]) -> std::borrow::Cow<'a, Options> {
    let h: Vec<&str> = header.iter().map(String::as_str).collect();
    let recipe = crate::events::recognise(&h)
        .and_then(|k| crate::events::Recipe::for_kind(k, &h))
        .filter(|_| opts.date_column.is_none() && !opts.no_date_column);
    match recipe {
        Some(r) => {
            let mut o = opts.clone();
            if o.columns_kept.is_none() && !o.all_columns {
                match r.role {
                    crate::events::Role::Orders => o.columns_kept = Some(r.columns_used()),
                    crate::events::Role::Counts => o.no_text_columns = true,
                }
            }
            o.date_column = Some(r.date);
            std::borrow::Cow::Owned(o)
        }
        None => std::borrow::Cow::Borrowed(opts),
    }
}

fn internal() -> Error {
    Error::new(ErrorKind::Other {
        pos: Position::default(),
        message: "internal error: ingestion state lost".into(),
    })
}
