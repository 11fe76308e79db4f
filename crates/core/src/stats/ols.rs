//! Multiple linear regression y ~ 1 + x₁ + … + x_p by Householder QR (not the normal equations,
//! whose condition number is the square of the data's). Written by hand: the one-shot small dense
//! QR needed here does not justify a linear-algebra dependency in the wasm bundle.
//!
//! Regressors and y are centred first, so the intercept column is orthogonal to the rest and
//! large common offsets (dates as numbers, revenue in the millions) do not cost digits. The
//! intercept's variance is then σ²(1/n + x̄ᵀ(XcᵀXc)⁻¹x̄) with (XcᵀXc)⁻¹ = R⁻¹R⁻ᵀ.

use super::dist::t_two_sided_p;
use super::{is_constant, sum};

/// One estimated coefficient.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Coefficient {
    /// `"intercept"` or the regressor's name.
    pub name: String,
    pub estimate: f64,
    pub stderr: Option<f64>,
    pub t: Option<f64>,
    pub p: Option<f64>,
}

/// Why a multiple regression could not be fitted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OlsIssue {
    /// Fewer complete rows than parameters.
    TooFew { n: usize, params: usize },
    /// A regressor is constant or a linear combination of the others (named).
    Collinear { column: String },
    /// y is constant over the complete rows.
    ConstantY,
    /// As many rows as parameters: exact fit, no standard errors.
    NoResidualDf,
}

#[derive(Debug, Clone, PartialEq)]
pub struct OlsResult {
    pub n: usize,
    pub coefficients: Vec<Coefficient>,
    pub r2: Option<f64>,
    pub adj_r2: Option<f64>,
    pub df_resid: usize,
    /// Residual standard error.
    pub sigma: Option<f64>,
    pub issue: Option<OlsIssue>,
}

/// Fits y on the named regressors (plus an intercept) over the rows where all are present.
pub fn ols(y: &[f64], xs: &[(&str, &[f64])]) -> OlsResult {
    let p = xs.len();
    let m = p + 1;
    let len = xs.iter().map(|(_, x)| x.len()).fold(y.len(), usize::min);
    let rows: Vec<usize> = (0..len)
        .filter(|&i| !y[i].is_nan() && xs.iter().all(|(_, x)| !x[i].is_nan()))
        .collect();
    let n = rows.len();
    let fail = |issue| OlsResult {
        n,
        coefficients: Vec::new(),
        r2: None,
        adj_r2: None,
        df_resid: n.saturating_sub(m),
        sigma: None,
        issue: Some(issue),
    };
    if n < m || n < 2 {
        return fail(OlsIssue::TooFew { n, params: m });
    }
    let yv: Vec<f64> = rows.iter().map(|&i| y[i]).collect();
    if is_constant(&yv) {
        return fail(OlsIssue::ConstantY);
    }
    let Some(my) = sum::mean(&yv) else {
        return fail(OlsIssue::TooFew { n, params: m });
    };
    let mut means = Vec::with_capacity(p);
    let mut cols: Vec<Vec<f64>> = Vec::with_capacity(p);
    for (name, x) in xs {
        let v: Vec<f64> = rows.iter().map(|&i| x[i]).collect();
        if is_constant(&v) {
            return fail(OlsIssue::Collinear {
                column: (*name).to_owned(),
            });
        }
        let Some(mx) = sum::mean(&v) else {
            return fail(OlsIssue::TooFew { n, params: m });
        };
        means.push(mx);
        cols.push(v.iter().map(|a| a - mx).collect());
    }
    let mut qty: Vec<f64> = yv.iter().map(|a| a - my).collect();
    let sst = sum::sum_sq_centered(&qty, 0.0);
    let norms: Vec<f64> = cols
        .iter()
        .map(|c| sum::sum_sq_centered(c, 0.0).sqrt())
        .collect();

    // Householder QR of the centred regressors, applied to y as we go.
    let mut r = vec![vec![0.0f64; p]; p];
    for j in 0..p {
        let (left, right) = cols.split_at_mut(j + 1);
        let col = &mut left[j];
        let norm = sum::sum_sq_centered(&col[j..], 0.0).sqrt();
        if norm.is_nan() || norm <= 1e-10 * norms[j] || !norm.is_finite() {
            return fail(OlsIssue::Collinear {
                column: xs[j].0.to_owned(),
            });
        }
        let alpha = if col[j] > 0.0 { -norm } else { norm };
        col[j] -= alpha;
        let vtv = sum::sum_sq_centered(&col[j..], 0.0);
        let v = &col[j..];
        for other in right.iter_mut() {
            let f = 2.0 * sum::dot_centered(v, 0.0, &other[j..], 0.0) / vtv;
            for (o, vi) in other[j..].iter_mut().zip(v) {
                *o -= f * vi;
            }
        }
        let f = 2.0 * sum::dot_centered(v, 0.0, &qty[j..], 0.0) / vtv;
        for (o, vi) in qty[j..].iter_mut().zip(v) {
            *o -= f * vi;
        }
        r[j][j] = alpha;
        for (k, other) in right.iter().enumerate() {
            r[j][j + 1 + k] = other[j];
        }
    }
    // Back-substitution R β = (Qᵀy)[..p].
    let mut beta = vec![0.0f64; p];
    for j in (0..p).rev() {
        let mut s = qty[j];
        for k in j + 1..p {
            s -= r[j][k] * beta[k];
        }
        beta[j] = s / r[j][j];
    }
    let sse = sum::sum_sq_centered(&qty[p..], 0.0);
    let df = n - m;
    let intercept = my - beta.iter().zip(&means).map(|(b, m)| b * m).sum::<f64>();
    let r2 = (1.0 - sse / sst).clamp(0.0, 1.0);
    let finite = |v: f64| v.is_finite().then_some(v);

    // R⁻¹ (upper triangular), for the covariance σ²R⁻¹R⁻ᵀ.
    let mut rinv = vec![vec![0.0f64; p]; p];
    for j in 0..p {
        rinv[j][j] = 1.0 / r[j][j];
        for i in (0..j).rev() {
            let mut s = 0.0;
            for k in i + 1..=j {
                s += r[i][k] * rinv[k][j];
            }
            rinv[i][j] = -s / r[i][i];
        }
    }
    let sigma2 = if df > 0 { Some(sse / df as f64) } else { None };
    let coef = |name: &str, estimate: f64, var_factor: f64| {
        let stderr = sigma2.and_then(|s2| finite((s2 * var_factor).sqrt()));
        let (t, pv) = match stderr {
            Some(se) if se > 0.0 => {
                let t = estimate / se;
                (finite(t), t_two_sided_p(t, df as f64))
            }
            Some(_) if estimate != 0.0 => (None, Some(0.0)),
            _ => (None, None),
        };
        Coefficient {
            name: name.to_owned(),
            estimate,
            stderr,
            t,
            p: pv,
        }
    };
    // x̄ᵀR⁻¹: the intercept's extra variance is ‖R⁻ᵀx̄‖².
    let mut w = 0.0;
    for j in 0..p {
        let s: f64 = means[..=j]
            .iter()
            .zip(&rinv)
            .map(|(m, row)| m * row[j])
            .sum();
        w += s * s;
    }
    let mut coefficients = vec![coef("intercept", intercept, 1.0 / n as f64 + w)];
    for (j, (name, _)) in xs.iter().enumerate() {
        let vf: f64 = (j..p).map(|k| rinv[j][k] * rinv[j][k]).sum();
        coefficients.push(coef(name, beta[j], vf));
    }
    if coefficients.iter().any(|c| !c.estimate.is_finite()) {
        return fail(OlsIssue::Collinear {
            column: xs.last().map_or("", |x| x.0).to_owned(),
        });
    }
    OlsResult {
        n,
        coefficients,
        r2: Some(r2),
        adj_r2: (df > 0).then(|| 1.0 - (1.0 - r2) * (n - 1) as f64 / df as f64),
        df_resid: df,
        sigma: sigma2.and_then(|s| finite(s.sqrt())),
        issue: (df == 0).then_some(OlsIssue::NoResidualDf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_plane_is_recovered() {
        let x1 = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let x2 = [2.0, 1.0, 4.0, 3.0, 6.0, 5.0];
        let y: Vec<f64> = x1
            .iter()
            .zip(&x2)
            .map(|(a, b)| 1.5 + 2.0 * a - 0.5 * b)
            .collect();
        let f = ols(&y, &[("a", &x1), ("b", &x2)]);
        assert!((f.coefficients[0].estimate - 1.5).abs() < 1e-12);
        assert!((f.coefficients[1].estimate - 2.0).abs() < 1e-12);
        assert!((f.coefficients[2].estimate + 0.5).abs() < 1e-12);
        assert!((f.r2.unwrap() - 1.0).abs() < 1e-12);
    }

    #[test]
    fn collinear_regressors_are_reported() {
        let x1 = [1.0, 2.0, 3.0, 4.0];
        let x2 = [2.0, 4.0, 6.0, 8.0];
        let f = ols(&[1.0, 3.0, 2.0, 5.0], &[("a", &x1), ("b", &x2)]);
        assert!(matches!(f.issue, Some(OlsIssue::Collinear { .. })));
    }
}
