//! Adstock: geometric carry-over of a spend column, `a_t = x_t + λ·a_{t−1}`, correlated with a
//! target. λ is the user's, or the value on a grid that maximises r — reported as chosen, since
//! picking the best of several λ makes r look stronger than it is.
//!
//! A missing x_t leaves a_t missing and restarts the carry-over after the gap (the spend in the
//! gap is unknown, so carrying the old stock across it would invent data).

use super::report::{short_reason, AdstockEntry, AdstockGridPoint};
use crate::stats::{pearson, PearsonResult};

pub const DEFINITION: &str = "a_t = x_t + lambda * a_{t-1} (a missing x_t restarts the carry-over)";
pub const CAVEAT: &str =
    "lambda was chosen to maximise r over the grid, which inflates r; confirm on new data";

/// Default grid: 0, 0.1, …, 0.9.
pub fn default_grid() -> Vec<f64> {
    (0..10).map(|i| i as f64 / 10.0).collect()
}

/// The adstock transform of x.
pub fn transform(x: &[f64], lambda: f64) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len());
    let mut prev = 0.0;
    for &v in x {
        if v.is_nan() {
            out.push(f64::NAN);
            prev = 0.0;
        } else {
            let a = v + lambda * prev;
            out.push(a);
            prev = a;
        }
    }
    out
}

/// Adstock of `x` against `y` with a fixed λ or the best λ on the grid.
pub fn adstock(
    xname: &str,
    x: &[f64],
    yname: &str,
    y: &[f64],
    lambda: Option<f64>,
    grid: Option<&[f64]>,
) -> AdstockEntry {
    let raw = pearson(x, y);
    let (chosen, points, source) = match lambda {
        Some(l) => ((l, pearson(&transform(x, l), y)), Vec::new(), "user"),
        None => {
            let grid = grid.map(<[f64]>::to_vec).unwrap_or_else(default_grid);
            let mut points = Vec::with_capacity(grid.len());
            let mut best: Option<(f64, PearsonResult)> = None;
            for &l in &grid {
                let r = pearson(&transform(x, l), y);
                points.push(AdstockGridPoint {
                    lambda: l,
                    n: r.n,
                    r: r.r,
                });
                let better = match (&best, r.r) {
                    (_, None) => false,
                    (None, Some(_)) => true,
                    (Some((bl, b)), Some(rv)) => {
                        let bv = b.r.unwrap_or(f64::NEG_INFINITY);
                        rv > bv || (rv == bv && l < *bl)
                    }
                };
                if better {
                    best = Some((l, r));
                }
            }
            let best = best.unwrap_or((grid.first().copied().unwrap_or(0.0), raw));
            (best, points, "grid_max_r")
        }
    };
    let (l, r) = chosen;
    AdstockEntry {
        x: xname.to_owned(),
        y: yname.to_owned(),
        definition: DEFINITION,
        lambda: r.r.map(|_| l),
        lambda_source: source,
        n: r.n,
        r: r.r,
        p: r.p,
        r_raw: raw.r,
        grid: points,
        caveat: (source == "grid_max_r").then_some(CAVEAT),
        undefined_reason: r.undefined.map(short_reason),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn carry_over_and_grid_choice() {
        let a = transform(&[1.0, 0.0, 0.0, f64::NAN, 2.0], 0.5);
        assert_eq!(a[..3], [1.0, 0.5, 0.25]);
        assert!(a[3].is_nan());
        assert_eq!(a[4], 2.0);
        // y is exactly the λ = 0.6 adstock of x: the grid must find 0.6 with r = 1.
        let x: Vec<f64> = (0..40).map(|i| ((i * 7) % 11) as f64).collect();
        let y = transform(&x, 0.6);
        let e = adstock("x", &x, "y", &y, None, Some(&[0.0, 0.3, 0.6, 0.9]));
        assert_eq!(e.lambda, Some(0.6));
        assert!((e.r.unwrap() - 1.0).abs() < 1e-12);
        assert_eq!(e.lambda_source, "grid_max_r");
    }
}
