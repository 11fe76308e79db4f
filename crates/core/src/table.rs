//! The typed, columnar table every analysis reads: an optional date column, numeric and text columns.
//!
//! Numeric cells are `f64` with NaN meaning *missing*: the parser never produces NaN from a cell (a
//! literal "NaN" is a missing marker), so the sentinel is unambiguous and columns stay plain `&[f64]`
//! slices (half the memory of `Option<f64>`, and vectorisable). Rows are in analysis order
//! (ascending by date when there is a date column; file order otherwise).

use crate::Date;

/// A typed table in analysis order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    /// The date column, if one was detected or chosen. Every row has a date.
    pub date: Option<DateColumn>,
    /// All other columns, in header order (numeric and text).
    pub columns: Vec<Column>,
    /// Where each row came from (same length as the columns).
    pub sources: Vec<RowSource>,
    /// Names of the source files, indexed by `RowSource::file`.
    pub files: Vec<String>,
}

/// The date column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct DateColumn {
    pub name: String,
    pub values: Vec<Date>,
}

/// One non-date column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub name: String,
    pub data: ColumnData,
}

/// A column's cells.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnData {
    /// Numbers; NaN marks a missing cell.
    Numeric(Vec<f64>),
    /// Text, kept for display and ignored by statistics.
    Text(TextColumn),
}

/// A text column's cells in one buffer: a million short cells are one allocation and one offset
/// each, not a million `String`s (24 bytes each plus a heap block of their own, about three times
/// the text of a typical export), and they cross to the page as two copies instead of a million
/// allocations (issue 15). A cell is never empty: an empty cell is a missing one (`None`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct TextColumn {
    text: String,
    /// Where each cell ends in `text`; it starts where the one before ends.
    ends: Vec<usize>,
}

impl TextColumn {
    pub fn new() -> TextColumn {
        TextColumn::default()
    }

    /// Room for `rows` cells of `bytes` bytes in all.
    pub fn with_capacity(rows: usize, bytes: usize) -> TextColumn {
        TextColumn {
            text: String::with_capacity(bytes),
            ends: Vec::with_capacity(rows),
        }
    }

    /// Adds a cell (`None`, or an empty text, for a missing one).
    pub fn push(&mut self, cell: Option<&str>) {
        if let Some(t) = cell {
            self.text.push_str(t);
        }
        self.ends.push(self.text.len());
    }

    /// Cell `i`: `None` when missing or past the end.
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)?;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1],
        };
        (end > start).then(|| &self.text[start..end])
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cells in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Option<&str>> + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Keeps the first `keep` cells and makes the column `len` long with missing ones.
    pub fn keep_first(&mut self, keep: usize, len: usize) {
        let keep = keep.min(self.len());
        self.ends.truncate(keep);
        self.text.truncate(self.ends.last().copied().unwrap_or(0));
        self.ends.resize(len.max(keep), self.text.len());
    }

    /// The buffer and the cells' ends, as [`TextColumn::from_parts`] takes them back.
    pub fn parts(&self) -> (&str, &[usize]) {
        (&self.text, &self.ends)
    }

    /// A column from [`TextColumn::parts`]; `None` unless the ends rise within the text, each
    /// on a character boundary.
    pub fn from_parts(text: String, ends: Vec<usize>) -> Option<TextColumn> {
        let mut prev = 0;
        for &e in &ends {
            if e < prev || !text.is_char_boundary(e) {
                return None;
            }
            prev = e;
        }
        (prev == text.len()).then_some(TextColumn { text, ends })
    }
}

impl<'a> FromIterator<Option<&'a str>> for TextColumn {
    fn from_iter<I: IntoIterator<Item = Option<&'a str>>>(cells: I) -> TextColumn {
        let mut c = TextColumn::new();
        for cell in cells {
            c.push(cell);
        }
        c
    }
}

impl std::fmt::Debug for TextColumn {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

/// The source of a row: file index into `Table::files` and 1-based physical line; for a joined row
/// also the partner's file and line ([`RowSource::joined`]).
///
/// 12 bytes, not the 20 of an `Option<(u16, u32)>` field: every copy of a table keeps one per
/// row (8 MB less per copy of a million rows). A partner file of `u16::MAX` means none.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RowSource {
    pub file: u16,
    pub line: u32,
    joined_file: u16,
    joined_line: u32,
}

impl Default for RowSource {
    fn default() -> RowSource {
        RowSource::new(0, 0)
    }
}

impl RowSource {
    /// A row of one file (not joined).
    pub const fn new(file: u16, line: u32) -> RowSource {
        RowSource {
            file,
            line,
            joined_file: u16::MAX,
            joined_line: 0,
        }
    }

    /// The partner row's file and line, for a row joined from two files.
    pub fn joined(&self) -> Option<(u16, u32)> {
        (self.joined_file != u16::MAX).then_some((self.joined_file, self.joined_line))
    }

    /// This row with `joined` as its partner (files number far fewer than `u16::MAX`).
    pub fn with_joined(self, joined: Option<(u16, u32)>) -> RowSource {
        let (joined_file, joined_line) =
            joined.map_or((u16::MAX, 0), |(f, l)| (f.min(u16::MAX - 1), l));
        RowSource {
            joined_file,
            joined_line,
            ..self
        }
    }
}

impl Column {
    /// The numeric cells, if this is a numeric column.
    pub fn numbers(&self) -> Option<&[f64]> {
        match &self.data {
            ColumnData::Numeric(v) => Some(v),
            ColumnData::Text(_) => None,
        }
    }

    pub fn is_numeric(&self) -> bool {
        matches!(self.data, ColumnData::Numeric(_))
    }

    pub fn len(&self) -> usize {
        match &self.data {
            ColumnData::Numeric(v) => v.len(),
            ColumnData::Text(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl Table {
    /// Every date `k` years later (earlier for a negative `k`; see [`Date::add_years`]).
    pub fn add_years(&mut self, k: i32) {
        if let Some(dc) = self.date.as_mut() {
            dc.values.iter_mut().for_each(|d| *d = d.add_years(k));
        }
    }

    /// A table from plain vectors, for tests and callers that already have typed data.
    /// Rows get sources `line = index + 2` (as if line 1 were a header) in one file named `"data"`.
    pub fn from_columns(date: Option<(&str, Vec<Date>)>, numeric: Vec<(&str, Vec<f64>)>) -> Table {
        let n = date
            .as_ref()
            .map(|(_, v)| v.len())
            .or_else(|| numeric.first().map(|(_, v)| v.len()))
            .unwrap_or(0);
        Table {
            date: date.map(|(name, values)| DateColumn {
                name: name.to_owned(),
                values,
            }),
            columns: numeric
                .into_iter()
                .map(|(name, v)| {
                    assert_eq!(
                        v.len(),
                        n,
                        "column {name} has {} cells, expected {n}",
                        v.len()
                    );
                    Column {
                        name: name.to_owned(),
                        data: ColumnData::Numeric(v),
                    }
                })
                .collect(),
            sources: (0..n).map(|i| RowSource::new(0, i as u32 + 2)).collect(),
            files: vec!["data".to_owned()],
        }
    }

    pub fn n_rows(&self) -> usize {
        self.sources.len()
    }

    /// Numeric columns in header order, as (name, cells) with NaN for missing.
    pub fn numeric_columns(&self) -> impl Iterator<Item = (&str, &[f64])> {
        self.columns
            .iter()
            .filter_map(|c| c.numbers().map(|v| (c.name.as_str(), v)))
    }

    /// A column by exact name.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.columns.iter().find(|c| c.name == name)
    }

    /// A numeric column's cells by exact name.
    pub fn numbers(&self, name: &str) -> Option<&[f64]> {
        self.column(name).and_then(Column::numbers)
    }

    pub fn dates(&self) -> Option<&[Date]> {
        self.date.as_ref().map(|d| d.values.as_slice())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_text_column_keeps_its_cells_in_one_buffer() {
        let cells = [Some("a"), None, Some(""), Some("città"), Some("b")];
        let c: TextColumn = cells.iter().copied().collect();
        assert_eq!(c.len(), 5);
        // an empty cell is a missing one
        let back: Vec<Option<&str>> = c.iter().collect();
        assert_eq!(back, [Some("a"), None, None, Some("città"), Some("b")]);
        assert_eq!(c.get(5), None);
        let (text, ends) = c.parts();
        assert_eq!((text, ends), ("acittàb", &[1, 1, 1, 7, 8][..]));
        assert_eq!(
            TextColumn::from_parts(text.to_owned(), ends.to_vec()),
            Some(c.clone())
        );
        // ends that fall, leave text over or cut a character are refused
        for bad in [vec![1, 0, 1, 7, 8], vec![1, 1, 1, 7], vec![1, 1, 1, 6, 8]] {
            assert_eq!(TextColumn::from_parts(text.to_owned(), bad), None);
        }
        let mut cut = c.clone();
        cut.keep_first(2, 5);
        assert_eq!(
            cut.iter().collect::<Vec<_>>(),
            [Some("a"), None, None, None, None]
        );
        assert_eq!(cut.parts().0, "a");
        assert_eq!(
            format!("{c:?}"),
            r#"[Some("a"), None, None, Some("città"), Some("b")]"#
        );
    }

    use super::*;

    #[test]
    fn a_row_source_is_twelve_bytes_and_keeps_its_partner() {
        assert_eq!(std::mem::size_of::<RowSource>(), 12);
        let s = RowSource::new(2, 40);
        assert_eq!((s.file, s.line, s.joined()), (2, 40, None));
        assert_eq!(RowSource::default().joined(), None);
        let j = s.with_joined(Some((0, 7)));
        assert_eq!((j.file, j.line, j.joined()), (2, 40, Some((0, 7))));
        assert_eq!(j.with_joined(None), s);
        assert_ne!(j, s);
    }

    #[test]
    fn from_columns_builds_sources_and_lists_numeric_columns() {
        let d = |x| Date::from_ymd(2024, 1, x).unwrap();
        let t = Table::from_columns(
            Some(("date", vec![d(1), d(2)])),
            vec![("a", vec![1.0, f64::NAN]), ("b", vec![3.0, 4.0])],
        );
        assert_eq!(t.n_rows(), 2);
        assert_eq!(t.sources[1].line, 3);
        let names: Vec<&str> = t.numeric_columns().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "b"]);
        assert!(t.numbers("a").unwrap()[1].is_nan());
        assert!(t.numbers("zzz").is_none());
    }
}
