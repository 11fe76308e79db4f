//! Lagged correlation: for k = −L..L, Pearson r over the pairs (x_t, y_{t+k}) with both present,
//! in time order (k > 0: x leads y), the ±1.96/√n white-noise band, and the best lag by |r|.
//!
//! For complete columns each lag costs one pass: sums are taken around each column's overall
//! mean, and the window's own sums are the column totals minus the few rows the shift drops.

use super::report::{short_reason, LagPoint};
use crate::stats::correlation::{check_pair, pearson_complete, pearson_from_sums, PearsonResult};
use crate::stats::{complete_pairs, sum};

/// Column totals around the column mean, reused by every lag of a complete column.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Centred {
    pub mean: f64,
    /// Σ (x − mean)
    pub s1: f64,
    /// Σ (x − mean)²
    pub s2: f64,
}

impl Centred {
    pub fn new(x: &[f64]) -> Option<Centred> {
        let mean = sum::mean(x)?;
        Some(Centred {
            mean,
            s1: sum::sum_by(x.len(), |i| x[i] - mean),
            s2: sum::sum_sq_centered(x, mean),
        })
    }

    /// (Σ d, Σ d²) over x[a..b], from the totals when the window drops few rows.
    fn window(&self, x: &[f64], a: usize, b: usize) -> (f64, f64) {
        let m = self.mean;
        let dropped = x.len() - (b - a);
        if dropped * 4 <= b - a {
            let (head, tail) = (&x[..a], &x[b..]);
            let d1 =
                sum::sum_by(head.len(), |i| head[i] - m) + sum::sum_by(tail.len(), |i| tail[i] - m);
            let d2 = sum::sum_sq_centered(head, m) + sum::sum_sq_centered(tail, m);
            (self.s1 - d1, self.s2 - d2)
        } else {
            let w = &x[a..b];
            (
                sum::sum_by(w.len(), |i| w[i] - m),
                sum::sum_sq_centered(w, m),
            )
        }
    }
}

/// The rows t of x paired with y_{t+k}: x[a..b] with y[a+k..b+k].
fn window(n: usize, k: i64) -> (usize, usize) {
    let a = (-k).max(0) as usize;
    let b = (n as i64 - k.max(0)).max(a as i64) as usize;
    (a.min(n), b.min(n))
}

/// Columns prepared for many lags: both complete, with their totals and centred copies.
pub struct LagFast<'a> {
    x: &'a [f64],
    y: &'a [f64],
    cx: Centred,
    cy: Centred,
    dx: Vec<f64>,
    dy: Vec<f64>,
}

impl<'a> LagFast<'a> {
    pub fn new(x: &'a [f64], y: &'a [f64], cx: Centred, cy: Centred) -> LagFast<'a> {
        let n = x.len().min(y.len());
        let (x, y) = (&x[..n], &y[..n]);
        LagFast {
            dx: x.iter().map(|v| v - cx.mean).collect(),
            dy: y.iter().map(|v| v - cy.mean).collect(),
            x,
            y,
            cx,
            cy,
        }
    }

    /// r for each lag in `ks`, the cross products of all lags taken in one sweep.
    pub fn many(&self, ks: &[i64]) -> Vec<PearsonResult> {
        let sxy = sum::dot_shifts(&self.dx, &self.dy, ks);
        ks.iter()
            .zip(sxy)
            .map(|(&k, s)| self.with_sxy(k, Some(s)))
            .collect()
    }

    /// r at lag k: one pass (a dot product of the centred copies) when the window has > 2 rows.
    pub fn at(&self, k: i64) -> PearsonResult {
        self.with_sxy(k, None)
    }

    fn with_sxy(&self, k: i64, sxy: Option<f64>) -> PearsonResult {
        let n = self.x.len();
        let (a, b) = window(n, k);
        let shift = |i: usize| (i as i64 + k) as usize;
        if b <= a + 2 {
            return lag_pearson(self.x, self.y, k, None, None);
        }
        let (xs, ys) = (&self.x[a..b], &self.y[shift(a)..shift(b)]);
        if let Some(why) = check_pair(xs, ys) {
            return PearsonResult::undefined(xs.len(), why);
        }
        let m = xs.len() as f64;
        let (sx, sxx) = self.cx.window(self.x, a, b);
        let (sy, syy) = self.cy.window(self.y, shift(a), shift(b));
        // Deviations from the whole series' mean lose the window's digits when the rows the lag
        // drops hold nearly all of the spread (one mistyped 1e10 week: r off by 2e-4; 1e15: r ≈ 0):
        // then the window is recentred on its own, as `lag_pearson` does.
        let (vx, vy) = (sxx - sx * sx / m, syy - sy * sy / m);
        if vx < self.cx.s2 * 1e-6 || vy < self.cy.s2 * 1e-6 {
            return lag_pearson(self.x, self.y, k, None, None);
        }
        let sxy = sxy.unwrap_or_else(|| sum::dot(&self.dx[a..b], &self.dy[shift(a)..shift(b)]));
        pearson_from_sums(
            xs.len(),
            sxx - sx * sx / m,
            syy - sy * sy / m,
            sxy - sx * sy / m,
        )
    }
}

/// r at lag k. `cx`/`cy` are given when the columns have no missing cell (fast path).
pub fn lag_pearson(
    x: &[f64],
    y: &[f64],
    k: i64,
    cx: Option<&Centred>,
    cy: Option<&Centred>,
) -> PearsonResult {
    let n = x.len().min(y.len());
    let (x, y) = (&x[..n], &y[..n]);
    let (a, b) = window(n, k);
    let shift = |i: usize| (i as i64 + k) as usize;
    let xs = &x[a..b];
    let ys = if b > a {
        &y[shift(a)..shift(b)]
    } else {
        &y[..0]
    };
    match (cx, cy) {
        (Some(cx), Some(cy)) if xs.len() > 2 => {
            if let Some(why) = check_pair(xs, ys) {
                return PearsonResult::undefined(xs.len(), why);
            }
            let m = xs.len() as f64;
            let (sx, sxx) = cx.window(x, a, b);
            let (sy, syy) = cy.window(y, shift(a), shift(b));
            let sxy = sum::dot_centered(xs, cx.mean, ys, cy.mean);
            pearson_from_sums(
                xs.len(),
                sxx - sx * sx / m,
                syy - sy * sy / m,
                sxy - sx * sy / m,
            )
        }
        _ => {
            let (pa, pb) = complete_pairs(xs, ys);
            pearson_complete(&pa, &pb)
        }
    }
}

/// One lag's entry in the report.
pub fn lag_point(k: i64, r: &PearsonResult) -> LagPoint {
    LagPoint {
        k,
        n: r.n,
        r: r.r,
        p: r.p,
        band95: (r.n > 0).then(|| crate::stats::dist::Z975 / (r.n as f64).sqrt()),
        undefined_reason: r.undefined.map(short_reason),
    }
}

/// Index of the best lag: largest |r|, ties to the smaller |k| (then the earlier k).
pub fn best_lag(points: &[LagPoint]) -> Option<usize> {
    let mut best: Option<usize> = None;
    for (i, p) in points.iter().enumerate() {
        let Some(r) = p.r else { continue };
        best = match best {
            None => Some(i),
            Some(j) => {
                let (rb, kb) = (points[j].r.unwrap_or(0.0).abs(), points[j].k.abs());
                if r.abs() > rb || (r.abs() == rb && p.k.abs() < kb) {
                    Some(i)
                } else {
                    Some(j)
                }
            }
        };
    }
    best
}

#[cfg(test)]
mod tests {
    /// One mistyped huge value in the rows a lag drops held nearly all of the spread: the
    /// window's sums taken from the whole series' lost every digit (1e15: r ≈ 1e-7 for −0.17).
    #[test]
    fn a_huge_value_the_lag_drops_costs_no_digits() {
        let n = 52;
        let x: Vec<f64> = (0..n)
            .map(|i| 300.0 + ((i * 37) % 11) as f64 * 13.0)
            .collect();
        let mut y: Vec<f64> = (0..n)
            .map(|i| 10_000.0 + ((i * 53) % 17) as f64 * 41.0)
            .collect();
        for big in [1e10, 1e15] {
            y[0] = big;
            let fast = LagFast::new(&x, &y, Centred::new(&x).unwrap(), Centred::new(&y).unwrap());
            for k in [1i64, 2, 3] {
                let want = lag_pearson(&x, &y, k, None, None).r.unwrap();
                let got = fast.at(k).r.unwrap();
                let many = fast.many(&[k])[0].r.unwrap();
                assert!(
                    (got - want).abs() < 1e-12 && (many - want).abs() < 1e-12,
                    "{big} k={k}: {got} {many} vs {want}"
                );
            }
        }
    }

    use super::*;

    #[test]
    fn fast_and_general_paths_agree() {
        let x: Vec<f64> = (0..200)
            .map(|i| ((i * 37 % 101) as f64).sin() * 1e6 + 3e9)
            .collect();
        let y: Vec<f64> = (0..200)
            .map(|i| ((i * 53 % 97) as f64).cos() + 7.0)
            .collect();
        let (cx, cy) = (Centred::new(&x).unwrap(), Centred::new(&y).unwrap());
        for k in -120..=120 {
            let fast = lag_pearson(&x, &y, k, Some(&cx), Some(&cy));
            let slow = lag_pearson(&x, &y, k, None, None);
            assert_eq!(fast.n, slow.n);
            match (fast.r, slow.r) {
                (Some(a), Some(b)) => assert!(
                    (a - b).abs() <= 1e-12 * b.abs().max(1e-3),
                    "k={k}: {a} vs {b}"
                ),
                (a, b) => assert_eq!(a, b),
            }
        }
        let fast = LagFast::new(&x, &y, cx, cy);
        for k in -199..=199 {
            let (a, b) = (fast.at(k), lag_pearson(&x, &y, k, None, None));
            assert_eq!(a.n, b.n);
            match (a.r, b.r) {
                (Some(u), Some(v)) => assert!((u - v).abs() <= 1e-12 * v.abs().max(1e-3), "k={k}"),
                (u, v) => assert_eq!(u, v),
            }
        }
        let ks: Vec<i64> = (-199..=199).collect();
        for (k, m) in ks.iter().zip(fast.many(&ks)) {
            let one = fast.at(*k);
            assert_eq!((m.n, m.undefined), (one.n, one.undefined));
            match (m.r, one.r) {
                (Some(u), Some(v)) => assert!((u - v).abs() <= 1e-12 * v.abs().max(1e-3), "k={k}"),
                (u, v) => assert_eq!(u, v),
            }
        }
        let beyond = lag_pearson(&x, &y, 500, Some(&cx), Some(&cy));
        assert_eq!((beyond.n, beyond.r), (0, None));
    }
}
