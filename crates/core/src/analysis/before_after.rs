//! Before/after comparison at a date (e.g. a campaign start): per column the means before and
//! on/after the date, the percent change, and Welch's unequal-variance t-test.

use super::report::{BeforeAfterColumn, BeforeAfterReport};
use crate::stats::{describe, welch};
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
    let mut out = Vec::new();
    for name in names {
        let Some(v) = t.numbers(name) else { continue };
        let (mut before, mut after) = (Vec::new(), Vec::new());
        for (d, &x) in dates.iter().zip(v) {
            if x.is_nan() {
                continue;
            }
            if *d < split {
                before.push(x);
            } else {
                after.push(x);
            }
        }
        let (db, da) = (describe(&before), describe(&after));
        let pct = match (db.mean, da.mean) {
            (Some(b), Some(a)) if b != 0.0 => Some((a - b) / b.abs()).filter(|v| v.is_finite()),
            _ => None,
        };
        let w = welch(&after, &before);
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
            mean_before: db.mean,
            mean_after: da.mean,
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
