//! The "changes" view of a table: every numeric column replaced by its period-over-period first
//! differences, so correlations of changes can be computed with the same engine as levels.
//!
//! First differences rather than percent changes: they are defined when a period is 0 (days without
//! orders are common) and keep every row; the plan's `period_over_period` reports both per pair.

use super::period::diff;
use crate::table::{Column, ColumnData, Table};

/// The table of first differences (`v_t - v_{t-1}`, missing when either is missing), without its
/// first row (which has no previous period). `None` when fewer than 3 rows remain useful.
///
/// A column whose values all have at most 4 decimals (money, counts, percentages as written)
/// gets its differences rounded to those decimals: 2512.03 − 2503.48 is 8.55, not the float
/// subtraction's 8.550000000000182. Equal changes then tie, as they should for Spearman and
/// Kendall, and the ranking takes the fast integer path (on a million rows, the difference
/// between a task the page hardly notices and one that blocks it for a quarter of a second).
pub fn changes_table(table: &Table) -> Option<Table> {
    let columns = table
        .columns
        .iter()
        .filter_map(|c| Some(changes_column(&c.name, c.numbers()?)))
        .collect();
    changes_table_from(table, columns)
}

/// One column of [`changes_table`]: the differences of `values`, on their decimals.
pub fn changes_column(name: &str, values: &[f64]) -> Column {
    let d = if values.is_empty() {
        Vec::new()
    } else {
        on_grid(diff(values)[1..].to_vec(), decimals(values))
    };
    Column {
        name: name.to_owned(),
        data: ColumnData::Numeric(d),
    }
}

/// [`changes_table`] from its columns made one by one with [`changes_column`] (the page spreads
/// them over several tasks).
pub fn changes_table_from(table: &Table, columns: Vec<Column>) -> Option<Table> {
    let n = table.n_rows();
    if n < 3 {
        return None;
    }
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

/// The smallest number of decimals (0 to 4) that writes every finite value exactly, if any.
fn decimals(v: &[f64]) -> Option<i32> {
    (0..=4).find(|&d| {
        let s = 10f64.powi(d);
        v.iter()
            .filter(|x| x.is_finite())
            .all(|&x| (x * s).abs() < 1e15 && (x * s).round() / s == x)
    })
}

/// `x` rounded to `d` decimals (the nearest double to the decimal number), NaN kept.
fn on_grid(mut x: Vec<f64>, d: Option<i32>) -> Vec<f64> {
    if let Some(d) = d {
        let s = 10f64.powi(d);
        for v in x.iter_mut().filter(|v| v.is_finite()) {
            *v = (*v * s).round() / s;
        }
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Date;

    fn money_in(t: &Table) -> Vec<f64> {
        t.numbers("money").unwrap().to_vec()
    }

    #[test]
    fn changes_of_decimal_columns_stay_on_their_decimals() {
        let d = |i| Date::from_ymd(2024, 1, i).unwrap();
        let t = Table::from_columns(
            Some(("date", vec![d(1), d(2), d(3), d(4)])),
            vec![
                ("money", vec![2503.48, 2512.03, 100.1, 91.55]),
                ("ratio", vec![0.1, 1.0 / 3.0, 0.5, 0.25]),
            ],
        );
        let c = changes_table(&t).unwrap();
        let money = c.numbers("money").unwrap();
        let (a, b) = (money_in(&t)[1], money_in(&t)[0]);
        assert_ne!(a - b, 8.55, "the float subtraction is off");
        assert_eq!(money, &[8.55, -2411.93, -8.55]);
        // Not a decimal column (1/3): plain differences.
        let ratio = c.numbers("ratio").unwrap();
        assert_eq!(ratio[0], 1.0 / 3.0 - 0.1);
    }

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
