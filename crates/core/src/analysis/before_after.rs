//! Before/after comparison at a date (e.g. a campaign start): per column the means before and
//! on/after the date, the percent change, and Welch's unequal-variance t-test.

use super::report::{BeforeAfterColumn, BeforeAfterReport};
use crate::stats::descriptive::describe_with_median;
use crate::stats::welch::welch_described;
use crate::{Date, Table};

pub const RULE: &str =
    "before: date < split; after: date >= split; Welch's t-test of mean(after) - mean(before)";

/// Compares the named columns (all numeric columns when `None`) before and after `split`.
pub fn before_after(t: &Table, split: Date, columns: Option<&[String]>) -> BeforeAfterReport {
    let dates = t.dates().unwrap_or(&[]);
    let names: Vec<&str> = match columns {
        Some(c) => c.iter().map(String::as_str).collect(),
        None => t.numeric_columns().map(|(n, _)| n).collect(),
    };
    // Tables are sorted by date, so the split is one index and complete columns need no copy
    // (this runs on the main thread when the user moves the date, on up to millions of rows).
    let cut = dates
        .windows(2)
        .all(|w| w[0] <= w[1])
        .then(|| dates.partition_point(|d| *d < split));
    let mut out = Vec::new();
    for name in names {
        let Some(v) = t.numbers(name) else { continue };
        let copied;
        let (before, after): (&[f64], &[f64]) = match cut {
            Some(k) if dates.len() == v.len() && !v.iter().any(|x| x.is_nan()) => v.split_at(k),
            _ => {
                let (mut b, mut a) = (Vec::new(), Vec::new());
                for (d, &x) in dates.iter().zip(v) {
                    if x.is_nan() {
                        continue;
                    }
                    if *d < split {
                        b.push(x);
                    } else {
                        a.push(x);
                    }
                }
                copied = (b, a);
                (&copied.0, &copied.1)
            }
        };
        // Both sides are free of NaN here: each side's mean and spread once, for the means
        // reported and the test (no median: it would sort both sides).
        let (db, da) = (
            describe_with_median(before, None),
            describe_with_median(after, None),
        );
        let (mean_before, mean_after) = (db.mean, da.mean);
        let pct = match (mean_before, mean_after) {
            (Some(b), Some(a)) if b != 0.0 => Some((a - b) / b.abs()).filter(|v| v.is_finite()),
            _ => None,
        };
        let w = welch_described(&da, &db);
        let reason = if before.len() < 2 || after.len() < 2 {
            Some(format!(
                "the t-test needs at least 2 values on each side (before: {}, after: {})",
                before.len(),
                after.len()
            ))
        } else if w.t.is_none() {
            Some("both sides have zero variance".to_owned())
        } else {
            None
        };
        out.push(BeforeAfterColumn {
            column: name.to_owned(),
            n_before: before.len(),
            n_after: after.len(),
            mean_before,
            mean_after,
            pct_change: pct,
            welch: w,
            undefined_reason: reason,
        });
    }
    BeforeAfterReport {
        date: split.to_iso(),
        rule: RULE,
        columns: out,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(day: u32) -> Date {
        Date::from_ymd(2024, 1, day).expect("valid")
    }

    #[test]
    fn sorted_unsorted_and_missing_give_the_same_split() {
        // The slice path (sorted, complete) and the copying path (unsorted or with NaN) agree.
        let days = vec![d(1), d(2), d(3), d(4), d(5), d(6)];
        let a = vec![1.0, 2.0, 3.0, 10.0, 11.0, 13.0];
        let sorted = Table::from_columns(Some(("date", days.clone())), vec![("a", a.clone())]);
        let mut rev_days = days.clone();
        rev_days.reverse();
        let mut rev_a = a.clone();
        rev_a.reverse();
        let unsorted = Table::from_columns(Some(("date", rev_days)), vec![("a", rev_a)]);
        let with_nan = Table::from_columns(
            Some(("date", [days.clone(), vec![d(7)]].concat())),
            vec![("a", [a.clone(), vec![f64::NAN]].concat())],
        );
        let s = before_after(&sorted, d(4), None).columns.remove(0);
        assert_eq!((s.n_before, s.n_after), (3, 3));
        assert_eq!(s.mean_before, Some(2.0));
        assert!((s.mean_after.unwrap() - 34.0 / 3.0).abs() < 1e-12);
        assert!(s.welch.t.unwrap() > 0.0);
        for other in [&unsorted, &with_nan] {
            let o = before_after(other, d(4), None).columns.remove(0);
            assert_eq!((o.n_before, o.n_after), (3, 3));
            assert_eq!(o.mean_before, s.mean_before);
            assert!((o.mean_after.unwrap() - s.mean_after.unwrap()).abs() < 1e-12);
            assert!((o.welch.t.unwrap() - s.welch.t.unwrap()).abs() < 1e-12);
        }
    }
}
