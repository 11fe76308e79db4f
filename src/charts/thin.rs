//! Keeping charts of long series small: a chart never needs more points than it has pixels.
//! A million-row export drawn point by point would be an SVG of tens of MB and freeze the tab.

/// Most points drawn per line.
pub const MAX_LINE_POINTS: usize = 2400;
/// Most points drawn in a scatter chart.
pub const MAX_SCATTER_POINTS: usize = 4000;
/// Most bars drawn in a per-period bar chart.
pub const MAX_BARS: usize = 366;

/// A line thinned to at most `max` points: each bucket of consecutive rows keeps its minimum and
/// maximum (in row order), so peaks, dips and the overall shape survive; a bucket with a missing
/// value ends with a NaN, so gaps stay visible. Short series are returned as they are. `x_of`
/// gives row i's x: only the kept rows' are asked for (a million-row chart makes no x column).
pub fn min_max(x_of: impl Fn(usize) -> f64, ys: &[f64], max: usize) -> (Vec<f64>, Vec<f64>) {
    let n = ys.len();
    if n <= max.max(4) {
        return ((0..n).map(x_of).collect(), ys.to_vec());
    }
    let buckets = (max / 2).max(2);
    let (mut ox, mut oy) = (
        Vec::with_capacity(max + buckets),
        Vec::with_capacity(max + buckets),
    );
    for b in 0..buckets {
        let (a, e) = (b * n / buckets, (b + 1) * n / buckets);
        // By value over the bucket's slice: indexing back into `ys` for every comparison cost a
        // bounds check each in the size-optimised wasm (this runs on the page's main thread).
        let (mut lo, mut hi) = (usize::MAX, usize::MAX);
        let (mut lv, mut hv) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut gap = false;
        for (k, &v) in ys[a..e].iter().enumerate() {
            if !v.is_finite() {
                gap = true;
                continue;
            }
            if v < lv {
                (lv, lo) = (v, k);
            }
            if v > hv {
                (hv, hi) = (v, k);
            }
        }
        if lo != usize::MAX {
            let (first, last) = (lo.min(hi), lo.max(hi));
            ox.push(x_of(a + first));
            oy.push(ys[a + first]);
            if last != first {
                ox.push(x_of(a + last));
                oy.push(ys[a + last]);
            }
        }
        if gap {
            ox.push(x_of(e - 1));
            oy.push(f64::NAN);
        }
    }
    (ox, oy)
}

/// At most `max` items, evenly spaced (first and last included), in their original order.
pub fn evenly<T: Copy>(items: &[T], max: usize) -> Vec<T> {
    let n = items.len();
    if n <= max || max < 2 {
        return items.to_vec();
    }
    (0..max).map(|k| items[k * (n - 1) / (max - 1)]).collect()
}

/// Consecutive values grouped into at most `max` buckets, each the mean of its finite values
/// (`None` when it has none); returns the values and the first index of each bucket. Takes the
/// values as they come (a million ROI rows are not copied first).
pub fn bucket_means(
    values: impl ExactSizeIterator<Item = Option<f64>>,
    max: usize,
) -> (Vec<Option<f64>>, Vec<usize>) {
    let n = values.len();
    let finite = |v: Option<f64>| v.filter(|v| v.is_finite());
    if n <= max || max == 0 {
        return (values.map(finite).collect(), (0..n).collect());
    }
    let mut out = Vec::with_capacity(max);
    let mut starts = Vec::with_capacity(max);
    let mut values = values.map(finite);
    for b in 0..max {
        let (a, e) = (b * n / max, (b + 1) * n / max);
        // summed in order from -0.0, as `Iterator::sum` does: the same means to the last bit
        let (mut sum, mut count) = (-0.0, 0usize);
        for v in values.by_ref().take(e - a).flatten() {
            sum += v;
            count += 1;
        }
        out.push((count > 0).then(|| sum / count as f64));
        starts.push(a);
    }
    (out, starts)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn min_max_keeps_extremes_and_gaps_within_the_limit() {
        let n = 100_000;
        let xs: Vec<f64> = (0..n).map(|i| i as f64).collect();
        let mut ys: Vec<f64> = (0..n).map(|i| ((i % 1000) as f64).sin()).collect();
        ys[50_000] = 99.0;
        ys[70_000] = -99.0;
        ys[80_000] = f64::NAN;
        let (tx, ty) = min_max(|i| xs[i], &ys, 1000);
        assert!(tx.len() <= 1000 + 500 + 1, "{}", tx.len());
        assert!(ty.contains(&99.0) && ty.contains(&-99.0), "extremes kept");
        assert!(ty.iter().any(|v| v.is_nan()), "the gap is kept");
        assert!(tx.windows(2).all(|w| w[0] <= w[1]), "x stays in order");
        let short = min_max(|i| xs[i], &ys[..10], 1000);
        assert_eq!(short.0, xs[..10].to_vec());
    }

    #[test]
    fn evenly_spaced_sample_keeps_ends() {
        let v: Vec<u32> = (0..1001).collect();
        let s = evenly(&v, 11);
        assert_eq!(
            s,
            vec![0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]
        );
        assert_eq!(evenly(&v[..5], 11), v[..5].to_vec());
    }

    #[test]
    fn bucket_means_ignore_missing_periods() {
        let v = [Some(1.0), None, Some(3.0), None, None, None];
        let (m, s) = bucket_means(v.iter().copied(), 3);
        assert_eq!(m, vec![Some(1.0), Some(3.0), None]);
        assert_eq!(s, vec![0, 2, 4]);
        assert_eq!(bucket_means(v.iter().copied(), 10).0, v.to_vec());
    }
}
