//! Pearson and Spearman correlation over complete pairs, with the schema's undefined-value rules
//! (n < 2, zero variance over the complete pairs, n = 2 and n = 3, |r| = 1).

use super::dist::{fisher_ci95, r_two_sided_p};
use super::rank::{dot_i32, Ranked};
use super::{complete_pairs, is_constant, sum};

/// Why a statistic is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Undefined {
    /// Fewer than 2 complete pairs (or observations).
    TooFew { n: usize },
    /// x has zero variance over the complete pairs.
    ConstantX,
    /// y has zero variance over the complete pairs.
    ConstantY,
    /// The values are too large (or too small) for their sums in binary64 (±1e308, 1e-320).
    OutOfRange { n: usize },
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PearsonResult {
    pub n: usize,
    pub r: Option<f64>,
    pub p: Option<f64>,
    pub ci95: Option<[f64; 2]>,
    pub undefined: Option<Undefined>,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SpearmanResult {
    pub n: usize,
    pub rho: Option<f64>,
    pub p: Option<f64>,
    pub undefined: Option<Undefined>,
}

impl PearsonResult {
    pub fn undefined(n: usize, why: Undefined) -> PearsonResult {
        PearsonResult {
            n,
            r: None,
            p: None,
            ci95: None,
            undefined: Some(why),
        }
    }
}

impl SpearmanResult {
    pub fn undefined(n: usize, why: Undefined) -> SpearmanResult {
        SpearmanResult {
            n,
            rho: None,
            p: None,
            undefined: Some(why),
        }
    }
}

/// The reason a pair over `n` complete pairs with these values is undefined, if it is.
pub fn check_pair(a: &[f64], b: &[f64]) -> Option<Undefined> {
    if a.len() < 2 {
        Some(Undefined::TooFew { n: a.len() })
    } else if is_constant(a) {
        Some(Undefined::ConstantX)
    } else if is_constant(b) {
        Some(Undefined::ConstantY)
    } else {
        None
    }
}

/// Pearson r of x and y over the rows where both are present.
pub fn pearson(x: &[f64], y: &[f64]) -> PearsonResult {
    let (a, b) = complete_pairs(x, y);
    pearson_complete(&a, &b)
}

/// Pearson r of two equally long, NaN-free slices.
pub fn pearson_complete(a: &[f64], b: &[f64]) -> PearsonResult {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if let Some(why) = check_pair(a, b) {
        return PearsonResult::undefined(n, why);
    }
    if n == 2 {
        // Two distinct points lie on a line: r = ±1 exactly (rounding must not blur that).
        let s = (a[1] - a[0]).signum() * (b[1] - b[0]).signum();
        return pearson_from_r(2, s);
    }
    let (Some(ma), Some(mb)) = (sum::mean(a), sum::mean(b)) else {
        return PearsonResult::undefined(n, Undefined::OutOfRange { n });
    };
    let sxx = sum::sum_sq_centered(a, ma);
    let syy = sum::sum_sq_centered(b, mb);
    let sxy = sum::dot_centered(a, ma, b, mb);
    pearson_from_sums(n, sxx, syy, sxy)
}

/// r from centred sums of squares and products (both variances non-zero).
pub fn pearson_from_sums(n: usize, sxx: f64, syy: f64, sxy: f64) -> PearsonResult {
    let r = correlation_from_sums(sxx, syy, sxy);
    match r {
        Some(r) => pearson_from_r(n, r),
        None => PearsonResult::undefined(n, Undefined::OutOfRange { n }),
    }
}

/// `sxy / √(sxx·syy)` clamped to [−1, 1]; `None` if not finite.
pub fn correlation_from_sums(sxx: f64, syy: f64, sxy: f64) -> Option<f64> {
    let mut den = (sxx * syy).sqrt();
    if !den.is_finite() || den == 0.0 {
        den = sxx.sqrt() * syy.sqrt();
    }
    let r = sxy / den;
    r.is_finite().then(|| r.clamp(-1.0, 1.0))
}

/// p and CI for a known r over n pairs (n = 2: both undefined, 0 degrees of freedom).
pub fn pearson_from_r(n: usize, r: f64) -> PearsonResult {
    PearsonResult {
        n,
        r: Some(r),
        p: r_two_sided_p(r, n),
        ci95: fisher_ci95(r, n),
        undefined: None,
    }
}

/// Spearman's rho (Pearson r of average ranks) over the rows where both are present.
pub fn spearman(x: &[f64], y: &[f64]) -> SpearmanResult {
    let (a, b) = complete_pairs(x, y);
    spearman_complete(&a, &b)
}

/// Spearman's rho of two equally long, NaN-free slices.
pub fn spearman_complete(a: &[f64], b: &[f64]) -> SpearmanResult {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if let Some(why) = check_pair(a, b) {
        return SpearmanResult::undefined(n, why);
    }
    let ra = Ranked::new(a);
    let rb = Ranked::new(b);
    spearman_from_ranks(n, &ra, &rb)
}

/// rho from two rankings of the same n rows (neither constant). Exact integer sums: the
/// twice-centred average ranks are integers, so only the final division rounds.
pub fn spearman_from_ranks(n: usize, ra: &Ranked, rb: &Ranked) -> SpearmanResult {
    let dot = dot_i32(&ra.centred2, &rb.centred2);
    spearman_from_dot(n, dot, ra.centred2_ss, rb.centred2_ss)
}

pub fn spearman_from_dot(n: usize, dot: i128, ssa: i128, ssb: i128) -> SpearmanResult {
    let rho = if ssa == 0 || ssb == 0 {
        None
    } else if dot * dot == ssa * ssb {
        Some(if dot > 0 { 1.0 } else { -1.0 })
    } else {
        correlation_from_sums(ssa as f64, ssb as f64, dot as f64)
    };
    match rho {
        None => SpearmanResult::undefined(n, Undefined::TooFew { n }),
        Some(rho) => SpearmanResult {
            n,
            rho: Some(rho),
            p: r_two_sided_p(rho, n),
            undefined: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pearson_known_values_and_edges() {
        let r = pearson(&[1.0, 2.0, 3.0, 4.0, 5.0], &[2.0, 4.0, 5.0, 4.0, 5.0]);
        assert!((r.r.unwrap() - 0.7745966692414834).abs() < 1e-15);
        assert!((r.p.unwrap() - 0.12402706265755456).abs() < 1e-9);
        let two = pearson(&[1.0, 2.0], &[5.0, 3.0]);
        assert_eq!((two.r, two.p, two.ci95), (Some(-1.0), None, None));
        let c = pearson(&[1.0, 2.0, 3.0], &[2.0, 2.0, 2.0]);
        assert_eq!(c.undefined, Some(Undefined::ConstantY));
        let missing = pearson(&[1.0, f64::NAN, 3.0], &[1.0, 2.0, f64::NAN]);
        assert_eq!(missing.undefined, Some(Undefined::TooFew { n: 1 }));
        // sums that overflow are values out of range, not too few pairs
        let huge = pearson(&[-1e308, 1e308, 5e307], &[0.0, 1.0, 2.0]);
        assert_eq!(huge.undefined, Some(Undefined::OutOfRange { n: 3 }));
        let exact = pearson(&[1.0, 2.0, 3.0, 4.0], &[3.0, 5.0, 7.0, 9.0]);
        assert_eq!(
            (exact.r, exact.p, exact.ci95),
            (Some(1.0), Some(0.0), Some([1.0, 1.0]))
        );
    }

    #[test]
    fn spearman_with_ties() {
        // Pearson r of the average ranks [1,2.5,2.5,4,5] and [1,4,2.5,2.5,5] = 29/38.
        let s = spearman(&[1.0, 2.0, 2.0, 3.0, 4.0], &[1.0, 3.0, 2.0, 2.0, 5.0]);
        assert!((s.rho.unwrap() - 29.0 / 38.0).abs() < 1e-15);
    }
}
