//! Period-over-period changes: percent changes and first differences of two series, and the
//! correlation of the paired changes — so that two trending series are not reported as related.

use super::report::{
    short_reason, ChangeCorrelation, PeriodEntry, DIFF_DEFINITION, PCT_DEFINITION,
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

fn series(v: &[f64]) -> Vec<Option<f64>> {
    v.iter().map(|&c| (!c.is_nan()).then_some(c)).collect()
}

fn changes(definition: &'static str, xs: Vec<f64>, ys: Vec<f64>) -> ChangeCorrelation {
    let r = pearson(&xs, &ys);
    ChangeCorrelation {
        definition,
        n: r.n,
        r: r.r,
        p: r.p,
        undefined_reason: r.undefined.map(short_reason),
        x_series: series(&xs),
        y_series: series(&ys),
    }
}

/// Both change correlations of x and y (rows in time order).
pub fn period_over_period(xname: &str, x: &[f64], yname: &str, y: &[f64]) -> PeriodEntry {
    PeriodEntry {
        x: xname.to_owned(),
        y: yname.to_owned(),
        pct_change: changes(PCT_DEFINITION, pct_change(x), pct_change(y)),
        diff: changes(DIFF_DEFINITION, diff(x), diff(y)),
    }
}
