//! Benjamini–Hochberg adjusted p-values (false discovery rate) for a family of tests.

/// BH-adjusted p-values over the defined entries (undefined ones stay `None` and do not count
/// towards the family size m): `p_(i)·m/i`, made monotone from the largest down, capped at 1.
pub fn benjamini_hochberg(ps: &[Option<f64>]) -> Vec<Option<f64>> {
    let mut idx: Vec<usize> = (0..ps.len()).filter(|&i| ps[i].is_some()).collect();
    idx.sort_by(|&a, &b| ps[a].unwrap_or(1.0).total_cmp(&ps[b].unwrap_or(1.0)));
    let m = idx.len();
    let mut out = vec![None; ps.len()];
    let mut running = 1.0f64;
    for (rank, &i) in idx.iter().enumerate().rev() {
        let p = ps[i].unwrap_or(1.0);
        running = running.min(p * m as f64 / (rank + 1) as f64);
        out[i] = Some(running.clamp(0.0, 1.0));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_r_p_adjust() {
        // R: p.adjust(c(0.01, 0.04, 0.03, 0.2), "BH") = 0.04 0.0533 0.0533 0.2
        let got = benjamini_hochberg(&[Some(0.01), Some(0.04), None, Some(0.03), Some(0.2)]);
        let want = [
            Some(0.04),
            Some(0.04 * 4.0 / 3.0),
            None,
            Some(0.04 * 4.0 / 3.0),
            Some(0.2),
        ];
        for (g, w) in got.iter().zip(want) {
            match (g, w) {
                (Some(g), Some(w)) => assert!((g - w).abs() < 1e-15),
                (g, w) => assert_eq!(*g, w),
            }
        }
    }
}
