//! Welch's unequal-variance t-test of two independent samples.

use super::descriptive::{describe, describe_with_median, Descriptives};
use super::dist::t_two_sided_p;

#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct WelchResult {
    pub t: Option<f64>,
    pub df: Option<f64>,
    pub p: Option<f64>,
}

/// Welch's t-test of mean(a) − mean(b) over the non-missing values. Undefined (all `None`) when
/// a side has fewer than 2 values or both sides have zero variance.
pub fn welch(a: &[f64], b: &[f64]) -> WelchResult {
    // Mean and spread only: the median (a sort of each side) is not needed here.
    let spread = |x: &[f64]| {
        if x.iter().any(|v| v.is_nan()) {
            describe(x)
        } else {
            describe_with_median(x, None)
        }
    };
    welch_described(&spread(a), &spread(b))
}

/// [`welch`] from each side's descriptives (a caller that reports the means has them already).
pub fn welch_described(da: &Descriptives, db: &Descriptives) -> WelchResult {
    let none = WelchResult {
        t: None,
        df: None,
        p: None,
    };
    let (Some(ma), Some(sa), Some(mb), Some(sb)) = (da.mean, da.std, db.mean, db.std) else {
        return none;
    };
    let (va, vb) = (sa * sa / da.n as f64, sb * sb / db.n as f64);
    let se2 = va + vb;
    if se2.is_nan() || se2 <= 0.0 || !se2.is_finite() {
        return none;
    }
    let t = (ma - mb) / se2.sqrt();
    let df = se2 * se2 / (va * va / (da.n - 1) as f64 + vb * vb / (db.n - 1) as f64);
    if !t.is_finite() || !df.is_finite() {
        return none;
    }
    WelchResult {
        t: Some(t),
        df: Some(df),
        p: t_two_sided_p(t, df),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_known_value() {
        // Means 2.5 and 6, variances 5/3 and 10: t = −3.5/√(5/12 + 2), Welch–Satterthwaite df.
        let w = welch(&[1.0, 2.0, 3.0, 4.0], &[2.0, 4.0, 6.0, 8.0, 10.0]);
        assert!((w.t.unwrap() + 2.2514363231593695).abs() < 1e-12);
        assert!((w.df.unwrap() - 5.520787746170677).abs() < 1e-9);
        assert!(welch(&[1.0], &[2.0, 3.0]).t.is_none());
    }
}
