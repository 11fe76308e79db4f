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
    /// Text, kept for display and ignored by statistics. `None` marks an empty cell.
    Text(Vec<Option<String>>),
}

/// The source of a row: file index into `Table::files` and 1-based physical line; for a joined row
/// also the partner's file and line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RowSource {
    pub file: u16,
    pub line: u32,
    pub joined: Option<(u16, u32)>,
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
            sources: (0..n)
                .map(|i| RowSource {
                    file: 0,
                    line: i as u32 + 2,
                    joined: None,
                })
                .collect(),
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
    use super::*;

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
