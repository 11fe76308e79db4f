//! Period-over-period changes: percent changes and first differences of two series, and the
//! correlation of the paired changes — so that two trending series are not reported as related.

use super::report::{
    short_reason, ChangeCorrelation, PeriodEntry, Series, DIFF_DEFINITION, PCT_DEFINITION,
};
use crate::stats::pearson;

/// `v_t / v_{t−1} − 1`, NaN (missing) at t = 0, next to a missing cell, or after a zero.
pub fn pct_change(v: &[f64]) -> Vec<f64> {
    let mut out = vec![f64::NAN; v.len()];
    for t in 1..v.len() {
        let (a, b) = (v[t - 1], v[t]);
        if !a.is_nan() && !b.is_nan() && a != 0.0 {
            let c = b / a - 1.0;
            out[t] = if c.is_finite() { c } else { f64::NAN };
        }
    }
    out
}

/// `v_t − v_{t−1}`, NaN at t = 0 and next to a missing cell.
pub fn diff(v: &[f64]) -> Vec<f64> {
    let mut out = vec![f64::NAN; v.len()];
    for t in 1..v.len() {
        let c = v[t] - v[t - 1];
        if c.is_finite() {
            out[t] = c;
        }
    }
    out
}

/// One column's changes, made once and shared by every entry that shows them: with a dozen
/// columns each appears in several pairs, and per-entry copies of million-row series were most of
/// the analysis' memory.
#[derive(Debug, Clone)]
pub struct ColumnChanges {
    pub pct: Series,
    pub diff: Series,
}

impl ColumnChanges {
    pub fn of(v: &[f64]) -> ColumnChanges {
        ColumnChanges {
            pct: Series(pct_change(v).into()),
            diff: Series(diff(v).into()),
        }
    }
}

fn changes(definition: &'static str, xs: &Series, ys: &Series) -> ChangeCorrelation {
    let r = pearson(&xs.0, &ys.0);
    ChangeCorrelation {
        definition,
        n: r.n,
        r: r.r,
        p: r.p,
        undefined_reason: r.undefined.map(short_reason),
        x_series: xs.clone(),
        y_series: ys.clone(),
    }
}

/// Both change correlations of x and y (rows in time order).
pub fn period_over_period(
    xname: &str,
    x: &ColumnChanges,
    yname: &str,
    y: &ColumnChanges,
) -> PeriodEntry {
    PeriodEntry {
        x: xname.to_owned(),
        y: yname.to_owned(),
        pct_change: changes(PCT_DEFINITION, &x.pct, &y.pct),
        diff: changes(DIFF_DEFINITION, &x.diff, &y.diff),
    }
}
