//! What ingestion detected and skipped, per file: the report the CLI prints as JSON and the web
//! app's preview shows. Field names follow SCHEMA.md §4 `input.files[]`.

use serde::{Deserialize, Serialize};

/// Most entries kept in `ignored_lines` and `missing_cells`; the totals are always exact.
/// A million-row file with an empty column would otherwise carry a million entries.
pub const LIST_CAP: usize = 10_000;

/// A line that is not data, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IgnoredLine {
    pub line: u64,
    pub reason: String,
}

/// A numeric cell that holds no number (empty, `NA`, `-`, text, ...): reported, never zero.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingCell {
    pub line: u64,
    pub column: String,
    pub raw: String,
}

/// The first byte that was not UTF-8 when the text fell back to Windows-1252.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingNotice {
    /// 0-based byte offset in the file.
    pub offset: u64,
    /// 1-based line of that byte.
    pub line: u64,
    /// The byte, as `0x80`.
    pub value: String,
    /// Ready-made English message.
    pub message: String,
}

/// How many cells back a column's type.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Evidence {
    /// Cells that parsed as the chosen kind (numbers or dates).
    pub parsed: u64,
    /// Non-blank cells (missing markers such as `NA` count as non-blank).
    pub non_blank: u64,
}

/// A reading the engine had to choose between, shown to the user with an override.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ambiguity {
    /// `decimal_separator` or `date_order`.
    pub what: String,
    /// The reading used (e.g. `","` or `DMY`).
    pub chosen: String,
    /// The other possible reading.
    pub alternative: String,
    /// A cell that fits both readings, as written.
    pub example: String,
    /// Why the chosen reading won.
    pub reason: String,
}

/// One column as detected.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ColumnReport {
    pub name: String,
    /// 1-based field index in the file (or spreadsheet column).
    pub index: usize,
    /// `date`, `number` or `text`.
    pub kind: String,
    /// Human-readable format, e.g. `decimal ',' thousands '.' currency € percent -> fraction`.
    pub format: String,
    pub decimal_separator: Option<String>,
    pub thousands_separator: Option<String>,
    pub currency: Option<String>,
    pub percent: bool,
    pub accounting_negatives: bool,
    /// For the date column: the format (e.g. `dd/mm/yyyy`).
    pub date_format: Option<String>,
    pub evidence: Evidence,
    pub ambiguity: Option<Ambiguity>,
    /// Whether the user forced this column's kind or format.
    pub overridden: bool,
    /// Dates written without a year: the year given to the earliest one (change it with
    /// `Options::year`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assumed_year: Option<i32>,
}

/// Everything detected and skipped while reading one file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FileReport {
    pub name: String,
    pub bytes: u64,
    /// `UTF-8`, `UTF-8 with BOM`, `UTF-16LE`, `UTF-16BE`, `Windows-1252`, or `xlsx`/`xls`/`ods`.
    pub encoding: String,
    pub bom: bool,
    pub encoding_notice: Option<EncodingNotice>,
    /// `LF`, `CRLF`, `CR` (null for spreadsheets or one-line files).
    pub line_terminator: Option<String>,
    pub ends_with_newline: bool,
    /// `comma`, `semicolon`, `tab`, `pipe`, or the character itself.
    pub delimiter: Option<String>,
    pub delimiter_detected: bool,
    pub quote_char: Option<String>,
    pub decimal_separator: Option<String>,
    pub thousands_separator: Option<String>,
    pub header_line: Option<u64>,
    pub header: Vec<String>,
    /// First and last data line.
    pub data_lines: Option<[u64; 2]>,
    pub n_data_rows: u64,
    pub ignored_lines: Vec<IgnoredLine>,
    /// Total ignored lines (the list stops at [`LIST_CAP`]).
    pub n_ignored_lines: u64,
    pub date_column: Option<String>,
    pub date_format: Option<String>,
    /// `ascending`, `descending`, `unordered` or `no date column`.
    pub row_order_in_file: String,
    pub text_columns_ignored: Vec<String>,
    pub missing_cells: Vec<MissingCell>,
    /// Total missing cells (the list stops at [`LIST_CAP`]).
    pub n_missing_cells: u64,
    /// For spreadsheets: the sheet read and all sheet names.
    pub sheet: Option<String>,
    pub sheets: Vec<String>,
    pub columns: Vec<ColumnReport>,
    /// Rows combined by aggregation (`None` when not aggregated): period and row count before.
    pub aggregated: Option<AggregationReport>,
    /// Other things the user should know (English), e.g. identical duplicate rows dropped.
    pub notices: Vec<String>,
    /// Set when the rows are events (orders, payments, posts) to be combined per period.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub events: Option<crate::events::EventsReport>,
}

/// What aggregation did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AggregationReport {
    pub period: String,
    pub rows_before: u64,
    pub rows_after: u64,
    /// Rule per numeric column, e.g. `("revenue", "sum")`.
    pub rules: Vec<(String, String)>,
}

impl FileReport {
    pub(crate) fn ignore(&mut self, line: u64, reason: impl Into<String>) {
        self.n_ignored_lines += 1;
        if self.ignored_lines.len() < LIST_CAP {
            self.ignored_lines.push(IgnoredLine {
                line,
                reason: reason.into(),
            });
        }
    }
}

/// Name of a delimiter byte in reports.
pub(crate) fn delimiter_name(d: u8) -> String {
    match d {
        b',' => "comma".into(),
        b';' => "semicolon".into(),
        b'\t' => "tab".into(),
        b'|' => "pipe".into(),
        // single-column files are split on NUL; they read the same as a one-column CSV
        0 => "comma".into(),
        other => (other as char).to_string(),
    }
}

/// The notice for columns with no name and no values, dropped (1-based numbers, ascending): one
/// line for all of them, runs written as ranges ("columns 2–16384"), so a sheet with a stray
/// value far to the right does not print thousands of lines.
pub(crate) fn dropped_unnamed(cols: &[usize]) -> Option<String> {
    match cols {
        [] => None,
        [k] => Some(format!(
            "column {k} has no name and no values; it was dropped"
        )),
        _ => {
            let mut parts: Vec<String> = Vec::new();
            let mut i = 0;
            while i < cols.len() {
                let mut j = i;
                while j + 1 < cols.len() && cols[j + 1] == cols[j] + 1 {
                    j += 1;
                }
                parts.push(if j > i {
                    format!("{}\u{2013}{}", cols[i], cols[j])
                } else {
                    cols[i].to_string()
                });
                i = j + 1;
            }
            Some(format!(
                "columns {} have no name and no values; they were dropped",
                parts.join(", ")
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dropped_unnamed_columns_are_one_notice_with_ranges() {
        assert_eq!(super::dropped_unnamed(&[]), None);
        assert_eq!(
            super::dropped_unnamed(&[3]).unwrap(),
            "column 3 has no name and no values; it was dropped"
        );
        let many: Vec<usize> = (2..=16384).chain([16386]).collect();
        assert_eq!(
            super::dropped_unnamed(&many).unwrap(),
            "columns 2\u{2013}16384, 16386 have no name and no values; they were dropped"
        );
    }
}
