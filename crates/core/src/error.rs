//! The crate's one error type: a boxed, `#[non_exhaustive]` kind that carries where the problem is.
//!
//! Modelled on rust-csv: `Error(Box<ErrorKind>)` keeps `Result<T, Error>` one pointer wide. Every
//! kind has a stable snake_case code (`kind_code`) used by the CLI's JSON and the fixtures, and a
//! [`Position`] (1-based physical line, 1-based field index, byte offset) wherever one applies.

use std::fmt;

use crate::Lang;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Where in the input a problem is. All fields are 1-based except `byte_offset` (0-based).
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Position {
    /// Name of the file (or "pasted text") the position refers to, when several are loaded.
    pub file: Option<String>,
    /// 1-based physical line (CRLF counts as one line break).
    pub line: Option<u64>,
    /// 1-based field index within the record.
    pub column: Option<u64>,
    /// Header name of that field, when known.
    pub column_name: Option<String>,
    /// 0-based byte offset from the start of the file's bytes.
    pub byte_offset: Option<u64>,
}

impl Position {
    pub fn line(line: u64) -> Position {
        Position {
            line: Some(line),
            ..Position::default()
        }
    }

    pub fn with_column(mut self, column: u64, name: Option<&str>) -> Position {
        self.column = Some(column);
        self.column_name = name.map(str::to_owned);
        self
    }

    pub fn with_byte_offset(mut self, offset: u64) -> Position {
        self.byte_offset = Some(offset);
        self
    }

    pub fn with_file(mut self, file: &str) -> Position {
        self.file = Some(file.to_owned());
        self
    }
}

/// An error from ingestion, planning or analysis.
#[derive(Debug, Clone, PartialEq)]
pub struct Error(Box<ErrorKind>);

/// What went wrong. New kinds may be added; match with a wildcard arm.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// The input has no bytes, or only whitespace/comments.
    EmptyInput { pos: Position },
    /// A header was found but no data row follows it.
    NoDataRows { pos: Position, header_fields: usize },
    /// A record has a different number of fields than the header.
    /// `pos` names the first offending line; `others` lists further ones as (line, fields).
    RaggedRow {
        pos: Position,
        fields: usize,
        expected: usize,
        others: Vec<(u64, usize)>,
    },
    /// A quoted field is never closed; `pos` is where the quote opened.
    UnterminatedQuote { pos: Position },
    /// The bytes are not text (e.g. an image or an archive that is not a spreadsheet).
    BinaryOrNotText { pos: Position, what: String },
    /// Text that is not valid in the declared/forced encoding and no fallback applies.
    InvalidUtf8 { pos: Position },
    /// Two rows of per-period data carry the same date with different values.
    DuplicateDate {
        pos: Position,
        date: String,
        first_line: u64,
        second_line: u64,
    },
    /// A date cell that does not parse in the column's date format.
    InvalidDate { pos: Position, raw: String },
    /// A spreadsheet could not be read (corrupt file, missing sheet, …).
    Spreadsheet { pos: Position, message: String },
    /// The input is larger than this environment can handle.
    TooLarge {
        pos: Position,
        bytes: u64,
        limit: u64,
    },
    /// An analysis plan is malformed: unknown field, wrong type, unknown column.
    InvalidPlan {
        pos: Position,
        field: String,
        message: String,
        /// The message in Italian; `None` where only English exists (serde's syntax errors).
        message_it: Option<String>,
    },
    /// A column named by the user or the plan does not exist.
    UnknownColumn {
        pos: Position,
        name: String,
        /// The columns there are (numeric ones, for a plan), to name them in the message; may be
        /// empty.
        known: Vec<String>,
    },
    /// Any other problem with the input, with a ready-made message.
    Other { pos: Position, message: String },
    /// A file could not be read at all (missing, no permission); `message` is the system's reason.
    Io { pos: Position, message: String },
    /// A join or resampling needs a date column and this table has none.
    NoDateColumn { pos: Position },
    /// Files joined on their dates share none: each file's (name, first date, last date).
    NoCommonDates {
        pos: Position,
        ranges: Vec<(String, String, String)>,
    },
    /// The header has more columns than any spreadsheet holds (one long line of values?).
    TooManyColumns {
        pos: Position,
        columns: usize,
        limit: usize,
    },
}

impl Error {
    pub fn new(kind: ErrorKind) -> Error {
        Error(Box::new(kind))
    }

    pub fn kind(&self) -> &ErrorKind {
        &self.0
    }

    pub fn into_kind(self) -> ErrorKind {
        *self.0
    }

    /// Stable snake_case identifier of the kind (`ragged_row`, `empty_input`, …).
    pub fn kind_code(&self) -> &'static str {
        match &*self.0 {
            ErrorKind::EmptyInput { .. } => "empty_input",
            ErrorKind::NoDataRows { .. } => "no_data_rows",
            ErrorKind::RaggedRow { .. } => "ragged_row",
            ErrorKind::UnterminatedQuote { .. } => "unterminated_quote",
            ErrorKind::BinaryOrNotText { .. } => "binary_or_not_text",
            ErrorKind::InvalidUtf8 { .. } => "invalid_utf8",
            ErrorKind::DuplicateDate { .. } => "duplicate_date",
            ErrorKind::InvalidDate { .. } => "invalid_date",
            ErrorKind::Spreadsheet { .. } => "spreadsheet",
            ErrorKind::TooLarge { .. } => "too_large",
            ErrorKind::InvalidPlan { .. } => "invalid_plan",
            ErrorKind::UnknownColumn { .. } => "unknown_column",
            ErrorKind::Other { .. } => "other",
            ErrorKind::Io { .. } => "io",
            ErrorKind::NoDateColumn { .. } => "no_date_column",
            ErrorKind::NoCommonDates { .. } => "no_common_dates",
            ErrorKind::TooManyColumns { .. } => "too_many_columns",
        }
    }

    pub fn position(&self) -> &Position {
        match &*self.0 {
            ErrorKind::EmptyInput { pos }
            | ErrorKind::NoDataRows { pos, .. }
            | ErrorKind::RaggedRow { pos, .. }
            | ErrorKind::UnterminatedQuote { pos }
            | ErrorKind::BinaryOrNotText { pos, .. }
            | ErrorKind::InvalidUtf8 { pos }
            | ErrorKind::DuplicateDate { pos, .. }
            | ErrorKind::InvalidDate { pos, .. }
            | ErrorKind::Spreadsheet { pos, .. }
            | ErrorKind::TooLarge { pos, .. }
            | ErrorKind::InvalidPlan { pos, .. }
            | ErrorKind::UnknownColumn { pos, .. }
            | ErrorKind::Other { pos, .. }
            | ErrorKind::Io { pos, .. }
            | ErrorKind::NoDateColumn { pos }
            | ErrorKind::NoCommonDates { pos, .. }
            | ErrorKind::TooManyColumns { pos, .. } => pos,
        }
    }

    fn position_mut(&mut self) -> &mut Position {
        match &mut *self.0 {
            ErrorKind::EmptyInput { pos }
            | ErrorKind::NoDataRows { pos, .. }
            | ErrorKind::RaggedRow { pos, .. }
            | ErrorKind::UnterminatedQuote { pos }
            | ErrorKind::BinaryOrNotText { pos, .. }
            | ErrorKind::InvalidUtf8 { pos }
            | ErrorKind::DuplicateDate { pos, .. }
            | ErrorKind::InvalidDate { pos, .. }
            | ErrorKind::Spreadsheet { pos, .. }
            | ErrorKind::TooLarge { pos, .. }
            | ErrorKind::InvalidPlan { pos, .. }
            | ErrorKind::UnknownColumn { pos, .. }
            | ErrorKind::Other { pos, .. }
            | ErrorKind::Io { pos, .. }
            | ErrorKind::NoDateColumn { pos }
            | ErrorKind::NoCommonDates { pos, .. }
            | ErrorKind::TooManyColumns { pos, .. } => pos,
        }
    }

    /// Tags the error with the file it came from (used when several files are loaded).
    pub fn in_file(mut self, file: &str) -> Error {
        self.position_mut().file = Some(file.to_owned());
        self
    }

    pub fn line(&self) -> Option<u64> {
        self.position().line
    }

    pub fn column(&self) -> Option<u64> {
        self.position().column
    }

    /// For a plan's or a form's field: only what the field needs, in the given language (the
    /// form shows it next to the field, so "invalid analysis plan, field …" would repeat it).
    pub fn field_reason(&self, lang: Lang) -> Option<&str> {
        match self.0.as_ref() {
            ErrorKind::InvalidPlan {
                message,
                message_it,
                ..
            } => Some(match lang {
                Lang::It => message_it.as_deref().unwrap_or(message),
                _ => message,
            }),
            _ => None,
        }
    }

    /// The user-facing message in the given language: what is wrong, where, and what to do.
    pub fn message(&self, lang: Lang) -> String {
        let it = lang == Lang::It;
        let pos = self.position();
        let mut where_ = String::new();
        if let Some(f) = &pos.file {
            where_.push_str(&format!("{f}: "));
        }
        match (pos.line, pos.column) {
            (Some(l), Some(c)) => {
                let name = pos
                    .column_name
                    .as_deref()
                    .map(|n| format!(" «{n}»"))
                    .unwrap_or_default();
                if it {
                    where_.push_str(&format!("riga {l}, colonna {c}{name}: "));
                } else {
                    where_.push_str(&format!("line {l}, column {c}{name}: "));
                }
            }
            (Some(l), None) => where_.push_str(&if it {
                format!("riga {l}: ")
            } else {
                format!("line {l}: ")
            }),
            _ => {}
        }
        let what = match &*self.0 {
            ErrorKind::EmptyInput { .. } => {
                if it {
                    "il file è vuoto: non ci sono né intestazione né dati. Incolla o carica un'esportazione con una riga di intestazione e almeno una riga di dati.".to_owned()
                } else {
                    "the input is empty: there is no header and no data. Paste or upload an export with a header line and at least one data row.".to_owned()
                }
            }
            ErrorKind::NoDataRows { header_fields, .. } => {
                if it {
                    format!("c'è un'intestazione con {header_fields} colonne ma nessuna riga di dati, quindi non si può calcolare nessuna statistica.")
                } else {
                    format!("there is a header with {header_fields} columns but no data rows, so no statistic can be computed.")
                }
            }
            ErrorKind::RaggedRow {
                fields,
                expected,
                others,
                ..
            } => {
                let more = if others.is_empty() {
                    String::new()
                } else {
                    let list: Vec<String> = others
                        .iter()
                        .take(5)
                        .map(|(l, f)| {
                            if it {
                                format!("la riga {l} ne ha {f}")
                            } else {
                                format!("line {l} has {f}")
                            }
                        })
                        .collect();
                    let tail = match (others.len().saturating_sub(5), it) {
                        (0, _) => String::new(),
                        (n, false) => format!(" and {n} more lines differ"),
                        (n, true) => format!(" e altre {n} righe sono diverse"),
                    };
                    if it {
                        format!(" Anche: {}{tail}.", list.join("; "))
                    } else {
                        format!(" Also: {}{tail}.", list.join("; "))
                    }
                };
                if it {
                    format!("questa riga ha {fields} campi ma l'intestazione ne ha {expected}. Controlla separatori e virgolette in quella riga.{more}")
                } else {
                    format!("this row has {fields} fields but the header has {expected}. Check the delimiters and quotes on that line.{more}")
                }
            }
            ErrorKind::UnterminatedQuote { .. } => {
                if it {
                    "qui si apre un campo tra virgolette che non viene mai chiuso. Aggiungi la virgoletta di chiusura o raddoppia (\"\") quelle interne.".to_owned()
                } else {
                    "a quoted field opens here and is never closed. Add the closing quote, or double (\"\") the quotes inside the field.".to_owned()
                }
            }
            ErrorKind::BinaryOrNotText { what, .. } => {
                if it {
                    format!("non è un file di testo né un foglio di calcolo ({what}). Carica un CSV, TSV, TXT, XLSX, XLS o ODS.")
                } else {
                    format!("this is not a text file or spreadsheet ({what}). Upload a CSV, TSV, TXT, XLSX, XLS or ODS file.")
                }
            }
            ErrorKind::InvalidUtf8 { .. } => {
                if it {
                    "il testo non è UTF-8 valido. Salvalo come «CSV UTF-8» o scegli la codifica a mano.".to_owned()
                } else {
                    "the text is not valid UTF-8. Save it as \"CSV UTF-8\" or choose the encoding by hand.".to_owned()
                }
            }
            ErrorKind::DuplicateDate {
                date,
                first_line,
                second_line,
                ..
            } => {
                if it {
                    format!("la data {date} compare due volte con valori diversi (righe {first_line} e {second_line}). Se i dati sono per evento (es. un post per riga), scegli l'aggregazione per giorno, settimana o mese.")
                } else {
                    format!("the date {date} appears twice with different values (lines {first_line} and {second_line}). If the data is per event (e.g. one post per row), choose aggregation per day, week or month.")
                }
            }
            ErrorKind::InvalidDate { raw, .. } => {
                if it {
                    format!("«{raw}» non è una data nel formato di questa colonna. Correggi la data nel file (o elimina la riga) e caricalo di nuovo.")
                } else {
                    format!("\"{raw}\" is not a date in this column's format. Correct the date in the file (or delete the row) and load it again.")
                }
            }
            ErrorKind::Spreadsheet { message, .. } => {
                if it {
                    format!("il foglio di calcolo non si può leggere: {message}")
                } else {
                    format!("the spreadsheet cannot be read: {message}")
                }
            }
            ErrorKind::TooLarge { bytes, limit, .. } => {
                let mb = |b: u64| b as f64 / 1_000_000.0;
                if it {
                    format!("il file è troppo grande ({:.0} MB; limite {:.0} MB in questo browser). Dividilo o aggrega i dati per giorno o settimana.", mb(*bytes), mb(*limit))
                } else {
                    format!("the file is too large ({:.0} MB; the limit in this browser is {:.0} MB). Split it, or aggregate the data per day or week first.", mb(*bytes), mb(*limit))
                }
            }
            ErrorKind::InvalidPlan {
                field,
                message,
                message_it,
                ..
            } => {
                // a syntax error has no field to name
                match (it, field.is_empty()) {
                    (true, false) => {
                        let message = message_it.as_ref().unwrap_or(message);
                        format!("piano di analisi non valido, campo «{field}»: {message}")
                    }
                    (true, true) => {
                        let message = message_it.as_ref().unwrap_or(message);
                        format!("piano di analisi non valido: {message}")
                    }
                    (false, false) => {
                        format!("invalid analysis plan, field \"{field}\": {message}")
                    }
                    (false, true) => format!("invalid analysis plan: {message}"),
                }
            }
            ErrorKind::UnknownColumn { name, known, .. } => {
                // the nearest name first ("revenu" → "revenue"), then the others, a few
                let mut list: Vec<&String> = known.iter().collect();
                list.sort_by_key(|k| {
                    crate::text::edit_distance(
                        &crate::text::lowercase(k),
                        &crate::text::lowercase(name),
                    )
                });
                let shown: Vec<String> = list
                    .iter()
                    .take(8)
                    .map(|k| {
                        if it {
                            format!("«{k}»")
                        } else {
                            format!("\"{k}\"")
                        }
                    })
                    .collect();
                let more = if list.len() > 8 { ", …" } else { "" };
                match (it, shown.is_empty()) {
                    (true, true) => format!("non c'è una colonna chiamata «{name}»."),
                    (false, true) => format!("there is no column named \"{name}\"."),
                    (true, false) => format!(
                        "non c'è una colonna chiamata «{name}» (ci sono: {}{more}).",
                        shown.join(", ")
                    ),
                    (false, false) => format!(
                        "there is no column named \"{name}\" (there are: {}{more}).",
                        shown.join(", ")
                    ),
                }
            }
            ErrorKind::Other { message, .. } => message.clone(),
            ErrorKind::Io { message, .. } => {
                if it {
                    format!("impossibile leggere il file: {message}")
                } else {
                    format!("cannot read the file: {message}")
                }
            }
            ErrorKind::NoDateColumn { .. } => {
                if it {
                    "questa tabella non ha una colonna di date, quindi non si può unire ad altri file né aggregare per periodo. Indica quale colonna contiene le date.".to_owned()
                } else {
                    "this table has no date column, so it cannot be joined with other files or aggregated per period. Choose which column holds the dates.".to_owned()
                }
            }
            ErrorKind::NoCommonDates { ranges, .. } => {
                let list: Vec<String> = ranges
                    .iter()
                    .map(|(f, a, b)| {
                        if it {
                            format!("{f} va dal {a} al {b}")
                        } else {
                            format!("{f} runs from {a} to {b}")
                        }
                    })
                    .collect();
                if it {
                    format!("i file non hanno nessuna data in comune ({}), quindi unendoli non resta nessuna riga. Carica file dello stesso periodo, oppure unisci tenendo tutte le date (in «Unisci i file per data»; da riga di comando un piano con \"join\": {{\"type\": \"outer\"}}).", list.join("; "))
                } else {
                    format!("the files have no date in common ({}), so joining them leaves no row. Load files of the same period, or combine them keeping all dates (under “Combine the files on their dates”; on the command line, a plan with \"join\": {{\"type\": \"outer\"}}).", list.join("; "))
                }
            }
            ErrorKind::TooManyColumns { columns, limit, .. } => {
                if it {
                    format!("l'intestazione ha {columns} colonne, più di quante ne abbia un foglio di calcolo (qui il limite è {limit}): è forse una sola lunga riga di valori? Salva la tabella con una riga per data.")
                } else {
                    format!("the header has {columns} columns, more than a spreadsheet holds (the limit here is {limit}): is it one long line of values? Save the table with one row per date.")
                }
            }
        };
        format!("{where_}{what}")
    }
}

impl From<ErrorKind> for Error {
    fn from(kind: ErrorKind) -> Error {
        Error::new(kind)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::En))
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_is_one_pointer_wide() {
        assert_eq!(std::mem::size_of::<Error>(), std::mem::size_of::<usize>());
    }

    #[test]
    fn messages_name_the_line_in_both_languages() {
        let e = Error::new(ErrorKind::RaggedRow {
            pos: Position::line(5),
            fields: 3,
            expected: 4,
            others: vec![(8, 5)],
        });
        assert_eq!(e.kind_code(), "ragged_row");
        assert_eq!(e.line(), Some(5));
        assert!(e
            .message(Lang::En)
            .starts_with("line 5: this row has 3 fields but the header has 4"));
        assert!(e
            .message(Lang::It)
            .starts_with("riga 5: questa riga ha 3 campi"));
        assert!(e.to_string().contains("Also: line 8 has 5."), "{e}");
    }
}
