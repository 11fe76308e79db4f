//! Ingestion: bytes of a CSV/TSV/text export or a spreadsheet in, a typed [`Table`] and a report out.
//!
//! Entry points: [`read`] (one shot), [`Reader`] (the file fed in pieces of any size, keeping no
//! byte already turned into columns: the browser worker reads a `File` slice by slice) and
//! [`ReadJob`] (bytes in memory, in bounded steps, for the browser's main thread); all three are
//! the same `Reader`. They detect everything by default; [`Options`] overrides any decision.
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
pub(crate) use finish::{default_rule, is_reach_name};
pub(crate) use number::is_missing_marker;
mod infer;
mod number;
mod read;
pub mod report;
mod sheet;
mod sniff;
mod split;
mod years;

pub use dates::DateOrder;
pub use decode::Encoding;
pub use read::Reader;
pub use report::{
    AggregationReport, Ambiguity, ColumnReport, EncodingNotice, FileReport, IgnoredLine,
    MissingCell,
};

pub use crate::reshape::{AggRule, Period};
use crate::{Result, Table};

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
    let mut r = Reader::new(name.to_owned(), bytes.len(), opts.clone());
    loop {
        let at = r.wants().min(bytes.len());
        if let Some(l) = r.feed(&bytes[at..])? {
            return Ok(l);
        }
    }
}

/// [`read`] in steps over bytes held in memory: each [`ReadJob::step`] reads a piece of about
/// `budget_bytes` (a [`Reader`] fed from the buffer) and returns, so the browser can keep the page
/// responsive. The step that decides the layout also reads a 512 KB sample, and the last step
/// (row order, duplicates, building the table) is O(rows) — tens of milliseconds per million rows
/// natively. Spreadsheets are read in one step (the workbook reader is not incremental).
/// After an error or the result, further steps return an error.
pub struct ReadJob {
    bytes: Vec<u8>,
    reader: Reader,
}

impl ReadJob {
    pub fn new(name: String, bytes: Vec<u8>, opts: Options) -> ReadJob {
        let n = bytes.len();
        ReadJob {
            bytes,
            reader: Reader::new(name, n, opts),
        }
    }

    /// Does a bounded amount of work. `Ok(Some)` is the result (once), `Ok(None)` means call again.
    pub fn step(&mut self, budget_bytes: usize) -> Result<Option<Loaded>> {
        let at = self.reader.wants().min(self.bytes.len());
        let end = at.saturating_add(budget_bytes.max(1)).min(self.bytes.len());
        self.reader.feed(&self.bytes[at..end])
    }

    /// Fraction of the work done, 0 to 1.
    pub fn progress(&self) -> f64 {
        self.reader.progress()
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
