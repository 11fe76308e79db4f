//! Property tests of the correlation kernels: bounds, symmetry, invariance under positive affine
//! maps, Knight's Kendall against the O(n²) definition, QR OLS against simple regression.
use proptest::prelude::*;
use social_roi_core::stats::kendall::{counts, counts_naive, counts_ranked, kendall_from_counts};
use social_roi_core::stats::rank::Ranked;
use social_roi_core::stats::{kendall, linregress, ols, pearson, spearman};

/// Paired columns with many ties (small integer values) and some missing cells.
fn paired(max_len: usize) -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prop::collection::vec((0i32..6, 0i32..6, 0u8..10), 0..max_len).prop_map(|v| {
        v.into_iter()
            .map(|(a, b, m)| {
                let a = if m == 0 { f64::NAN } else { a as f64 };
                let b = if m == 1 { f64::NAN } else { b as f64 };
                (a, b)
            })
            .unzip()
    })
}

fn within(v: Option<f64>) -> bool {
    v.is_none_or(|r| (-1.0..=1.0).contains(&r))
}

fn close(a: Option<f64>, b: Option<f64>, tol: f64) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => (a - b).abs() <= tol * (1.0 + b.abs()),
        (a, b) => a == b,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn coefficients_are_bounded_and_symmetric((x, y) in paired(40)) {
        let (p, s, k) = (pearson(&x, &y), spearman(&x, &y), kendall(&x, &y));
        prop_assert!(within(p.r) && within(s.rho) && within(k.tau_b));
        for pv in [p.p, s.p, k.p].into_iter().flatten() {
            prop_assert!((0.0..=1.0).contains(&pv));
        }
        let (p2, s2, k2) = (pearson(&y, &x), spearman(&y, &x), kendall(&y, &x));
        prop_assert!(close(p.r, p2.r, 1e-14) && close(p.p, p2.p, 1e-12));
        prop_assert!(close(s.rho, s2.rho, 1e-14) && close(k.tau_b, k2.tau_b, 1e-14));
        prop_assert_eq!(k.p, k2.p);
        prop_assert_eq!(k.method, k2.method);
    }

    #[test]
    fn invariant_under_positive_affine_maps((x, y) in paired(40), a in 0.1f64..10.0, b in -100.0f64..100.0) {
        let xt: Vec<f64> = x.iter().map(|v| a * v + b).collect();
        let p = pearson(&x, &y);
        let pt = pearson(&xt, &y);
        prop_assert!(close(pt.r, p.r, 1e-12), "{:?} vs {:?}", pt.r, p.r);
        prop_assert_eq!(spearman(&xt, &y).rho, spearman(&x, &y).rho);
        prop_assert_eq!(kendall(&xt, &y).tau_b, kendall(&x, &y).tau_b);
        prop_assert_eq!(kendall(&xt, &y).p, kendall(&x, &y).p);
    }

    #[test]
    fn knight_and_ranked_kendall_equal_the_naive_count((x, y) in paired(60)) {
        let (a, b) = social_roi_core::stats::complete_pairs(&x, &y);
        let naive = counts_naive(&a, &b);
        prop_assert_eq!(counts(&a, &b), naive);
        if a.len() >= 2 {
            prop_assert_eq!(counts_ranked(&Ranked::new(&a), &Ranked::new(&b)), naive);
        }
        let k = kendall_from_counts(&naive);
        prop_assert_eq!(k, kendall(&x, &y));
    }

    #[test]
    fn ranked_kendall_handles_many_distinct_values(v in prop::collection::vec((-1e6f64..1e6, 0u16..400), 2..300)) {
        // Many distinct x values and a y with ~n distinct ranks force the Fenwick path.
        let (a, b): (Vec<f64>, Vec<f64>) = v.into_iter().map(|(a, b)| (a, b as f64)).unzip();
        prop_assert_eq!(counts_ranked(&Ranked::new(&a), &Ranked::new(&b)), counts_naive(&a, &b));
    }

    #[test]
    fn qr_ols_with_one_regressor_equals_simple_regression((x, y) in paired(40), noise in prop::collection::vec(-1.0f64..1.0, 40)) {
        let y: Vec<f64> = y.iter().zip(&noise).map(|(v, e)| v + e).collect();
        let l = linregress(&x, &y);
        let f = ols(&y, &[("x", &x)]);
        if let (Some(slope), false) = (l.slope, f.coefficients.is_empty()) {
            prop_assert!(close(Some(f.coefficients[1].estimate), Some(slope), 1e-9));
            prop_assert!(close(Some(f.coefficients[0].estimate), l.intercept, 1e-9));
            if l.slope_stderr.is_some() {
                prop_assert!(close(f.coefficients[1].stderr, l.slope_stderr, 1e-9));
                prop_assert!(close(f.coefficients[0].stderr, l.intercept_stderr, 1e-9));
                prop_assert!(close(f.coefficients[1].p, l.slope_p, 1e-9));
                prop_assert!(close(f.r2, l.r2, 1e-9));
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(12))]

    /// Columns of ≥ 2048 rows take the radix sort (decimal and float keys) in `Ranked`; the ranked
    /// Kendall and the exact-integer Spearman must agree with Knight's count and with ranks
    /// computed by a comparison sort.
    #[test]
    fn large_columns_rank_like_small_ones(
        v in prop::collection::vec((0u32..3000, 0u32..50, any::<bool>()), 2048..4000)
    ) {
        let a: Vec<f64> = v.iter().map(|&(a, _, f)| if f { a as f64 / 100.0 } else { a as f64 / 7.0 }).collect();
        let b: Vec<f64> = v.iter().map(|&(_, b, _)| b as f64).collect();
        let (ra, rb) = (Ranked::new(&a), Ranked::new(&b));
        prop_assert_eq!(counts_ranked(&ra, &rb), counts(&a, &b));
        let mut order: Vec<usize> = (0..a.len()).collect();
        order.sort_by(|&i, &j| a[i].total_cmp(&a[j]).then(i.cmp(&j)));
        let perm: Vec<u32> = order.iter().map(|&i| i as u32).collect();
        prop_assert_eq!(&ra.perm, &perm);
        let s = spearman(&a, &b);
        let s2 = social_roi_core::stats::correlation::spearman_from_ranks(a.len(), &ra, &rb);
        prop_assert_eq!(s.rho, s2.rho);
    }
}
