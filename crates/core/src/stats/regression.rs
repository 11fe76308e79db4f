//! Simple linear regression y ~ x as `scipy.stats.linregress`, with the schema's undefined rules:
//! constant x → nothing defined; constant y → slope 0 and intercept y; n = 2 → no standard errors.

use super::correlation::correlation_from_sums;
use super::dist::r_two_sided_p;
use super::{complete_pairs, is_constant, sum};

/// Why (part of) a regression is undefined.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RegressionIssue {
    TooFew {
        n: usize,
    },
    ConstantX,
    /// y is constant: slope = 0, intercept = y, the rest undefined.
    ConstantY,
    /// n = 2: the line is exact, standard errors and p have 0 degrees of freedom.
    TwoPoints,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Linregress {
    pub n: usize,
    pub slope: Option<f64>,
    pub intercept: Option<f64>,
    pub r2: Option<f64>,
    pub slope_stderr: Option<f64>,
    pub intercept_stderr: Option<f64>,
    pub slope_p: Option<f64>,
    pub issue: Option<RegressionIssue>,
}

impl Linregress {
    fn empty(n: usize, issue: RegressionIssue) -> Linregress {
        Linregress {
            n,
            slope: None,
            intercept: None,
            r2: None,
            slope_stderr: None,
            intercept_stderr: None,
            slope_p: None,
            issue: Some(issue),
        }
    }
}

/// Least-squares line of y on x over the rows where both are present.
pub fn linregress(x: &[f64], y: &[f64]) -> Linregress {
    let (a, b) = complete_pairs(x, y);
    let n = a.len();
    if n < 2 {
        return Linregress::empty(n, RegressionIssue::TooFew { n });
    }
    if is_constant(&a) {
        return Linregress::empty(n, RegressionIssue::ConstantX);
    }
    if is_constant(&b) {
        return Linregress {
            slope: Some(0.0),
            intercept: Some(b[0]),
            ..Linregress::empty(n, RegressionIssue::ConstantY)
        };
    }
    let (Some(mx), Some(my)) = (sum::mean(&a), sum::mean(&b)) else {
        return Linregress::empty(n, RegressionIssue::TooFew { n });
    };
    let sxx = sum::sum_sq_centered(&a, mx);
    let syy = sum::sum_sq_centered(&b, my);
    let sxy = sum::dot_centered(&a, mx, &b, my);
    let slope = sxy / sxx;
    let intercept = my - slope * mx;
    let r = if n == 2 {
        Some(1.0)
    } else {
        correlation_from_sums(sxx, syy, sxy)
    };
    let finite = |v: f64| v.is_finite().then_some(v);
    let mut out = Linregress {
        n,
        slope: finite(slope),
        intercept: finite(intercept),
        r2: r.map(|r| r * r),
        slope_stderr: None,
        intercept_stderr: None,
        slope_p: None,
        issue: None,
    };
    if n == 2 {
        out.issue = Some(RegressionIssue::TwoPoints);
        return out;
    }
    let df = (n - 2) as f64;
    // Residual sum of squares from the residuals themselves: (1 − r²)·Syy loses digits near |r| = 1.
    let sse = if r.is_some_and(|r| r.abs() >= 1.0) {
        0.0
    } else {
        sum::sum_by(n, |i| {
            let e = (b[i] - my) - slope * (a[i] - mx);
            e * e
        })
    };
    let se = (sse / df / sxx).sqrt();
    out.slope_stderr = finite(se);
    out.intercept_stderr = finite(se * (sxx / n as f64 + mx * mx).sqrt());
    out.slope_p = r.and_then(|r| r_two_sided_p(r, n));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anscombe_first_set() {
        let x = [10.0, 8.0, 13.0, 9.0, 11.0, 14.0, 6.0, 4.0, 12.0, 7.0, 5.0];
        let y = [
            8.04, 6.95, 7.58, 8.81, 8.33, 9.96, 7.24, 4.26, 10.84, 4.82, 5.68,
        ];
        let l = linregress(&x, &y);
        assert!((l.slope.unwrap() - 0.5000909090909091).abs() < 1e-12);
        assert!((l.intercept.unwrap() - 3.0000909090909103).abs() < 1e-12);
        assert!((l.slope_stderr.unwrap() - 0.11790550059563408).abs() < 1e-12);
    }

    #[test]
    fn edge_rules() {
        let c = linregress(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]);
        assert_eq!((c.slope, c.issue), (None, Some(RegressionIssue::ConstantX)));
        let y = linregress(&[1.0, 2.0, 3.0], &[5.0, 5.0, 5.0]);
        assert_eq!((y.slope, y.intercept, y.r2), (Some(0.0), Some(5.0), None));
        let two = linregress(&[1.0, 3.0], &[2.0, 6.0]);
        assert_eq!(
            (two.slope, two.intercept, two.r2, two.slope_p),
            (Some(2.0), Some(0.0), Some(1.0), None)
        );
    }
}
