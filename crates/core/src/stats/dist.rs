//! p-values from the t and normal distributions and the Fisher-z interval, guarded so they never
//! panic or return NaN.
//!
//! statrs supplies the regularised incomplete beta and erfc. Its continued fraction stops after
//! 140 terms, which is not enough once the degrees of freedom reach the tens of thousands (the
//! fraction needs about √df terms), so large df use Hill's (1970, CACM algorithm 396) normalising
//! transformation of t, accurate to far better than the 1e-6 the p-values are checked at.

use statrs::function::{beta::checked_beta_reg, erf::erfc};

/// 97.5% point of the standard normal, as scipy's `ndtri(0.975)` (SCHEMA §3).
pub const Z975: f64 = 1.959963984540054;

/// Degrees of freedom from which Hill's transformation replaces the beta continued fraction.
const HILL_DF: f64 = 2000.0;

/// Two-sided p-value of a standard normal statistic: `2·Φ(−|z|)`.
pub fn normal_two_sided_p(z: f64) -> Option<f64> {
    if z.is_nan() {
        return None;
    }
    Some(erfc(z.abs() / std::f64::consts::SQRT_2).clamp(0.0, 1.0))
}

/// Two-sided p-value of Student's t with `df` degrees of freedom (df may be fractional, as in
/// Welch's test). `None` when df ≤ 0 or t is NaN.
pub fn t_two_sided_p(t: f64, df: f64) -> Option<f64> {
    if t.is_nan() || df.is_nan() || df <= 0.0 {
        return None;
    }
    if t.is_infinite() {
        return Some(0.0);
    }
    if df >= HILL_DF {
        return hill_two_sided_p(t, df);
    }
    // P(|T| > t) = I_{df/(df+t²)}(df/2, 1/2).
    let x = df / (df + t * t);
    beta_tail(df, x)
}

/// Upper tail of Fisher's F with (d1, d2) degrees of freedom, `I_{d2/(d2+d1·f)}(d2/2, d1/2)`;
/// past `HILL_DF` denominator degrees of freedom (where the beta fraction stops short) d1·F is
/// χ²(d1) (the regularised upper incomplete gamma), within 1% of p there. `None` when undefined.
pub fn f_sf(f: f64, d1: f64, d2: f64) -> Option<f64> {
    if f.is_nan() || f < 0.0 || d1.is_nan() || d1 <= 0.0 || d2.is_nan() || d2 <= 0.0 {
        return None;
    }
    if f.is_infinite() {
        return Some(0.0);
    }
    if d2 >= HILL_DF {
        return statrs::function::gamma::checked_gamma_ur(d1 / 2.0, d1 * f / 2.0)
            .ok()
            .filter(|p| !p.is_nan())
            .map(|p| p.clamp(0.0, 1.0));
    }
    checked_beta_reg(d2 / 2.0, d1 / 2.0, d2 / (d2 + d1 * f))
        .ok()
        .filter(|p| !p.is_nan())
        .map(|p| p.clamp(0.0, 1.0))
}

/// Two-sided p-value of a correlation r over n pairs (t test with n−2 df), computed from
/// 1 − r² = (1 − r)(1 + r) so that r near ±1 keeps its digits. |r| = 1 gives 0.
pub fn r_two_sided_p(r: f64, n: usize) -> Option<f64> {
    if r.is_nan() || n < 3 {
        return None;
    }
    let df = (n - 2) as f64;
    if r.abs() >= 1.0 {
        return Some(0.0);
    }
    if df >= HILL_DF {
        let t = r * (df / ((1.0 - r) * (1.0 + r))).sqrt();
        return hill_two_sided_p(t, df);
    }
    beta_tail(df, (1.0 - r) * (1.0 + r))
}

fn beta_tail(df: f64, x: f64) -> Option<f64> {
    let x = x.clamp(0.0, 1.0);
    let p = checked_beta_reg(df / 2.0, 0.5, x).ok()?;
    p.is_finite().then(|| p.clamp(0.0, 1.0))
}

/// Hill's approximation: maps t with df degrees of freedom to a standard normal deviate.
fn hill_two_sided_p(t: f64, df: f64) -> Option<f64> {
    let a = df - 0.5;
    let b = 48.0 * a * a;
    let y = a * (t * t / df).ln_1p();
    if !y.is_finite() {
        return Some(0.0);
    }
    let z = y.sqrt();
    let z2 = y;
    let z = z + (z * z2 + 3.0 * z) / b
        - (4.0 * z.powi(7) + 33.0 * z.powi(5) + 240.0 * z * z2 + 855.0 * z)
            / (10.0 * b * (b + 0.8 * z2 * z2 + 100.0));
    normal_two_sided_p(z)
}

/// The 95% Fisher-z interval `tanh(atanh(r) ± 1.96/√(n−3))`, with the schema's edge rules:
/// |r| = 1 gives `[r, r]`; n = 3 gives `[−1, 1]`; n < 3 is undefined.
pub fn fisher_ci95(r: f64, n: usize) -> Option<[f64; 2]> {
    if r.is_nan() || n < 3 {
        return None;
    }
    if r.abs() >= 1.0 {
        return Some([r, r]);
    }
    if n == 3 {
        return Some([-1.0, 1.0]);
    }
    let z = r.atanh();
    let se = (1.0 / (n - 3) as f64).sqrt();
    Some([(z - Z975 * se).tanh(), (z + Z975 * se).tanh()])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_p_values_match_known_quantiles() {
        // t = 2.228138851986 is the 97.5% point for 10 df, so the two-sided p is 0.05.
        assert!((t_two_sided_p(2.228138851986, 10.0).unwrap() - 0.05).abs() < 1e-9);
        assert!((t_two_sided_p(1.959963984540054, 1e7).unwrap() - 0.05).abs() < 1e-6);
        assert!((t_two_sided_p(1.9623390808264078, 1000.0).unwrap() - 0.05).abs() < 1e-9);
        assert_eq!(t_two_sided_p(f64::INFINITY, 3.0), Some(0.0));
        assert_eq!(t_two_sided_p(1.0, 0.0), None);
        let p = normal_two_sided_p(1.959963984540054).unwrap();
        assert!((p - 0.05).abs() < 1e-9, "{p}");
    }

    /// scipy 1.17.1 `scipy.stats.f.sf(f, d1, d2)`; past 2,000 denominator df the approximation
    /// is held to 1% of p (it only decides whether a seasonal pattern is clear).
    #[test]
    fn f_upper_tail_matches_scipy() {
        let cases = [
            (2.5, 6.0, 77.0, 0.029056408576832976),
            (1.0, 11.0, 24.0, 0.4743647718782905),
            (4.2, 11.0, 36.0, 0.0005097502274401892),
            (0.3, 6.0, 175.0, 0.9362196666574578),
            (12.0, 11.0, 5.0, 0.00654963634581751),
        ];
        for (x, d1, d2, want) in cases {
            let got = f_sf(x, d1, d2).unwrap();
            assert!(
                (got - want).abs() <= 1e-9 * want.max(1e-3),
                "F({x}; {d1}, {d2}): {got} vs {want}"
            );
        }
        let got = f_sf(3.1, 6.0, 100000.0).unwrap();
        assert!((got / 0.004897994977137399 - 1.0).abs() < 0.01, "{got}");
        assert_eq!(f_sf(f64::NAN, 6.0, 10.0), None);
        assert_eq!(f_sf(1.0, 0.0, 10.0), None);
        assert_eq!(f_sf(f64::INFINITY, 6.0, 10.0), Some(0.0));
    }

    #[test]
    fn hill_agrees_with_beta_where_both_apply() {
        for &t in &[0.1, 0.5, 1.0, 2.0, 3.0, 4.5, 6.0] {
            for &df in &[2000.0, 2500.0, 5000.0] {
                let exact = beta_tail(df, df / (df + t * t)).unwrap();
                let hill = hill_two_sided_p(t, df).unwrap();
                assert!(
                    (exact - hill).abs() < 1e-9,
                    "t={t} df={df}: {exact} vs {hill}"
                );
            }
        }
    }

    #[test]
    fn fisher_interval_edge_rules() {
        assert_eq!(fisher_ci95(0.5, 3), Some([-1.0, 1.0]));
        assert_eq!(fisher_ci95(1.0, 10), Some([1.0, 1.0]));
        assert_eq!(fisher_ci95(0.5, 2), None);
        let ci = fisher_ci95(0.5, 28).unwrap();
        assert!(ci[0] < 0.5 && ci[1] > 0.5);
    }
}
