//! The "changes" view of a table: every numeric column replaced by its period-over-period first
//! differences, so correlations of changes can be computed with the same engine as levels.
//!
//! First differences rather than percent changes: they are defined when a period is 0 (days without
//! orders are common) and keep every row; the plan's `period_over_period` reports both per pair.

use super::period::diff;
use crate::table::{Column, ColumnData, Table};

/// The table of first differences (`v_t - v_{t-1}`, missing when either is missing), without its
/// first row (which has no previous period). `None` when fewer than 3 rows remain useful.
pub fn changes_table(table: &Table) -> Option<Table> {
    let n = table.n_rows();
    if n < 3 {
        return None;
    }
    let columns = table
        .columns
        .iter()
        .filter_map(|c| {
            let v = c.numbers()?;
            Some(Column {
                name: c.name.clone(),
                data: ColumnData::Numeric(diff(v)[1..].to_vec()),
            })
        })
        .collect();
    let mut date = table.date.clone();
    if let Some(d) = &mut date {
        d.values.remove(0);
    }
    Some(Table {
        date,
        columns,
        sources: table.sources[1..].to_vec(),
        files: table.files.clone(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;

    #[test]
    fn differences_drop_the_first_row_and_keep_gaps() {
        let d = |i| Date::from_ymd(2024, 1, i).unwrap();
        let t = Table::from_columns(
            Some(("date", vec![d(1), d(2), d(3), d(4)])),
            vec![
                ("a", vec![1.0, 3.0, f64::NAN, 10.0]),
                ("b", vec![5.0, 4.0, 2.0, 2.0]),
            ],
        );
        let c = changes_table(&t).unwrap();
        assert_eq!(c.n_rows(), 3);
        assert_eq!(c.dates().unwrap()[0], d(2));
        let a = c.numbers("a").unwrap();
        assert_eq!(a[0], 2.0);
        assert!(a[1].is_nan() && a[2].is_nan());
        assert_eq!(c.numbers("b").unwrap(), &[-1.0, -2.0, 0.0]);
        assert!(changes_table(&Table::from_columns(None, vec![("a", vec![1.0, 2.0])])).is_none());
    }
}
