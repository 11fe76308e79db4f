//! Descriptive statistics of one column (n, mean, sample std, min, max, median, sum) and the NIST
//! lag-1 autocorrelation, computed so that the NIST StRD NumAcc data (large common offset, tiny
//! spread) come out right: compensated sums, a refined mean, and the corrected two-pass variance.

use super::sum::{self, Neumaier};

/// Descriptives over the non-missing values of a column. `None` = undefined (n too small).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct Descriptives {
    pub n: usize,
    pub mean: Option<f64>,
    /// Sample standard deviation (ddof = 1); undefined for n < 2.
    pub std: Option<f64>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    /// Mean of the two middle values for even n.
    pub median: Option<f64>,
    /// Σ of the values (0 for an empty column; `None` only if it overflows).
    pub sum: Option<f64>,
}

/// Descriptives of the non-NaN values of `x`.
pub fn describe(x: &[f64]) -> Descriptives {
    let mut v: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    let median = median_in_place(&mut v);
    describe_with_median(&v, median)
}

/// Descriptives when the median is already known (e.g. from a sort done for ranks). `x` must
/// hold no NaN.
pub fn describe_with_median(x: &[f64], median: Option<f64>) -> Descriptives {
    let n = x.len();
    if n == 0 {
        return Descriptives {
            n,
            mean: None,
            std: None,
            min: None,
            max: None,
            median: None,
            sum: Some(0.0),
        };
    }
    // Three passes over the values: total with min and max, the mean's refinement, Σd with Σd².
    let (total, lo, hi) = sum::sum_min_max(x);
    // `mean(x)` from the total just taken (it would take the same sum again)
    let mean = sum::mean_from_sum(x, total);
    let std = match mean {
        Some(m) if n >= 2 => {
            if lo == hi {
                Some(0.0)
            } else {
                // Corrected two-pass: Σd² − (Σd)²/n removes the residual error of the mean.
                let (s1, ss) = sum::centred_sums(x, m);
                let var = (ss - s1 * s1 / n as f64) / (n - 1) as f64;
                (var.is_finite() && var >= 0.0).then(|| var.sqrt())
            }
        }
        _ => None,
    };
    Descriptives {
        n,
        mean,
        std,
        min: Some(lo),
        max: Some(hi),
        median: median.filter(|m| m.is_finite()),
        sum: total.is_finite().then_some(total),
    }
}

/// Everything one pass family gives for a complete column (no NaN): the descriptives (median left
/// to the caller, who usually has a sort at hand), the centred totals Σd and Σd² around the mean
/// (reused by correlations and lags) and the NIST lag-1 autocorrelation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CompleteSummary {
    pub stats: Descriptives,
    pub mean: f64,
    pub s1: f64,
    pub s2: f64,
    pub acf1: Option<f64>,
}

/// [`CompleteSummary`] of a NaN-free column with at least one value.
pub fn summarize_complete(x: &[f64], median: Option<f64>) -> Option<CompleteSummary> {
    let n = x.len();
    // The compensated total serves the reported sum and the mean.
    let (total, lo, hi) = sum::sum_min_max(x);
    let mean = sum::mean_from_sum(x, total)?;
    // Centred sums straight from x (no copy of the deviations), both in one pass.
    let (s1, s2) = sum::centred_sums(x, mean);
    let ss = s2 - s1 * s1 / n as f64;
    let constant = lo == hi;
    let std = if n < 2 {
        None
    } else if constant {
        Some(0.0)
    } else {
        let var = ss / (n - 1) as f64;
        (var.is_finite() && var >= 0.0).then(|| var.sqrt())
    };
    let acf1 = if n < 2 || constant {
        None
    } else {
        let r = sum::dot_centered(&x[..n - 1], mean, &x[1..], mean) / s2;
        r.is_finite().then(|| r.clamp(-1.0, 1.0))
    };
    Some(CompleteSummary {
        stats: Descriptives {
            n,
            mean: Some(mean),
            std,
            min: Some(lo),
            max: Some(hi),
            median: median.filter(|m| m.is_finite()),
            sum: total.is_finite().then_some(total),
        },
        mean,
        s1,
        s2,
        acf1,
    })
}

/// Median of NaN-free values, reordering them (O(n) selection).
pub fn median_in_place(v: &mut [f64]) -> Option<f64> {
    let n = v.len();
    if n == 0 {
        return None;
    }
    let mid = n / 2;
    let (_, &mut upper, _) = v.select_nth_unstable_by(mid, f64::total_cmp);
    if n % 2 == 1 {
        return Some(upper);
    }
    let lower = v[..mid].iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Some(midpoint(lower, upper))
}

/// (a + b)/2 without overflow for huge values.
pub fn midpoint(a: f64, b: f64) -> f64 {
    let m = (a + b) / 2.0;
    if m.is_finite() {
        m
    } else {
        a / 2.0 + b / 2.0
    }
}

/// NIST lag-1 autocorrelation with one overall mean:
/// `Σ_{t<n}(y_t − ȳ)(y_{t+1} − ȳ) / Σ_t(y_t − ȳ)²` over the non-missing values in order
/// (a missing cell breaks the chain: only consecutive rows that are both present contribute to
/// the numerator). `None` for fewer than 2 values or zero variance.
pub fn acf1(x: &[f64]) -> Option<f64> {
    let present: Vec<f64> = x.iter().copied().filter(|v| !v.is_nan()).collect();
    if present.len() < 2 || super::is_constant(&present) {
        return None;
    }
    let m = sum::mean(&present)?;
    let den = sum::sum_sq_centered(&present, m);
    let mut num = Neumaier::new();
    for w in x.windows(2) {
        if !w[0].is_nan() && !w[1].is_nan() {
            num.add((w[0] - m) * (w[1] - m));
        }
    }
    let r = num.value() / den;
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn basic_descriptives() {
        let d = describe(&[3.0, f64::NAN, 1.0, 2.0, 10.0]);
        assert_eq!(d.n, 4);
        assert_eq!(d.mean, Some(4.0));
        assert_eq!(d.median, Some(2.5));
        assert_eq!(d.min, Some(1.0));
        assert_eq!(d.max, Some(10.0));
        assert_eq!(d.sum, Some(16.0));
        assert!((d.std.unwrap() - 4.08248290463863).abs() < 1e-12);
        let one = describe(&[5.0]);
        assert_eq!((one.std, one.median), (None, Some(5.0)));
        let none = describe(&[f64::NAN]);
        assert_eq!((none.n, none.mean, none.sum), (0, None, Some(0.0)));
    }

    #[test]
    fn numacc4_like_offset_data() {
        // NIST NumAcc4: 1e13 + 0.2, then 1000 alternating 0.1/0.3 offsets; std = 0.1 exactly.
        let mut x = vec![10000000000000.2];
        for i in 0..1000 {
            x.push(if i % 2 == 0 {
                10000000000000.1
            } else {
                10000000000000.3
            });
        }
        let d = describe(&x);
        assert!((d.mean.unwrap() / 10000000000000.2 - 1.0).abs() < 1e-15);
        assert!((d.std.unwrap() / 0.1 - 1.0).abs() < 1e-2);
        assert!((acf1(&x).unwrap() + 0.999).abs() < 1e-3);
        let c = summarize_complete(&x, None).unwrap();
        assert_eq!(c.stats.mean, d.mean);
        assert!((c.stats.std.unwrap() / d.std.unwrap() - 1.0).abs() < 1e-12);
        assert!((c.acf1.unwrap() / acf1(&x).unwrap() - 1.0).abs() < 1e-12);
    }
}
