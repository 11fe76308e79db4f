//! Statistics over columns: descriptives, correlations (Pearson, Spearman, Kendall), regression, tests.
//!
//! Every function here is pure, never panics on any input (NaN, empty slices, huge values) and
//! never returns NaN: an undefined quantity is `None` (the analysis layer adds the reason).
//! Kernels take plain `&[f64]` slices where NaN marks a missing cell, like [`crate::Table`].

pub mod correlation;
pub mod descriptive;
pub mod dist;
pub mod kendall;
pub mod multiple;
pub mod ols;
pub mod rank;
pub mod regression;
pub mod sum;
pub mod welch;

pub use correlation::{pearson, spearman, PearsonResult, SpearmanResult};
pub use descriptive::{acf1, describe, Descriptives};
pub use kendall::{kendall, KendallMethod, KendallResult};
pub use multiple::benjamini_hochberg;
pub use ols::{ols, Coefficient, OlsResult};
pub use regression::{linregress, Linregress};
pub use welch::{welch, WelchResult};

/// Rows where both cells are present (pairwise deletion), as two new vectors.
pub fn complete_pairs(x: &[f64], y: &[f64]) -> (Vec<f64>, Vec<f64>) {
    let n = x.len().min(y.len());
    let mut a = Vec::with_capacity(n);
    let mut b = Vec::with_capacity(n);
    for (&u, &v) in x[..n].iter().zip(&y[..n]) {
        if !u.is_nan() && !v.is_nan() {
            a.push(u);
            b.push(v);
        }
    }
    (a, b)
}

/// True when the slice has no missing (NaN) cell.
pub fn is_complete(x: &[f64]) -> bool {
    !x.iter().any(|v| v.is_nan())
}

/// True when all values are equal (zero variance); an empty slice counts as constant.
/// Decided on the values themselves, not on a computed variance that rounding may leave non-zero.
pub fn is_constant(x: &[f64]) -> bool {
    match x.first() {
        None => true,
        Some(&f) => x.iter().all(|&v| v == f),
    }
}
