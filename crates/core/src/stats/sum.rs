//! Accurate sums and dot products: Neumaier compensation across blocks of vectorisable partial sums.
//!
//! Plain left-to-right summation loses digits on long columns and on values with a large common
//! offset (the NIST NumAcc data). Full per-element compensation is exact enough but serial and
//! slow on a million rows, so each block of [`BLOCK`] elements is summed in 8 independent lanes
//! (the compiler vectorises them; error ~ BLOCK/8 ulps of the block's magnitude) and the block
//! sums go into one Neumaier accumulator.

/// Elements per block; small enough that the in-block error stays far below 1e-12 relative.
const BLOCK: usize = 256;
const LANES: usize = 8;

/// Neumaier's improved Kahan–Babuška summation.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Neumaier {
    s: f64,
    c: f64,
}

impl Neumaier {
    pub fn new() -> Neumaier {
        Neumaier::default()
    }

    // `always`: the page's size-optimised build otherwise makes this a call per value (8% of a
    // million-row analysis there).
    #[inline(always)]
    pub fn add(&mut self, v: f64) {
        let t = self.s + v;
        if self.s.abs() >= v.abs() {
            self.c += (self.s - t) + v;
        } else {
            self.c += (v - t) + self.s;
        }
        self.s = t;
    }

    pub fn value(&self) -> f64 {
        self.s + self.c
    }
}

#[inline]
fn lanes_sum<F: Fn(usize) -> f64>(len: usize, f: F) -> f64 {
    let mut acc = [0.0f64; LANES];
    let full = len / LANES * LANES;
    let mut i = 0;
    while i < full {
        for (l, a) in acc.iter_mut().enumerate() {
            *a += f(i + l);
        }
        i += LANES;
    }
    let mut tail = 0.0;
    for j in full..len {
        tail += f(j);
    }
    reduce(acc) + tail
}

/// Σ f(i) for i in 0..len, blocked and compensated.
#[inline]
pub fn sum_by<F: Fn(usize) -> f64>(len: usize, f: F) -> f64 {
    let mut total = Neumaier::new();
    let mut start = 0;
    while start < len {
        let end = (start + BLOCK).min(len);
        total.add(lanes_sum(end - start, |j| f(start + j)));
        start = end;
    }
    total.value()
}

/// Σ f(xs_i, ys_i) over a block, in [`LANES`] lanes then the tail (the order every blocked sum
/// here uses). Indexes the slices directly: iterator adapters (`chunks_exact`, `zip`) stay calls
/// per step in the page's size-optimised build, where this loop is most of the analysis.
#[inline(always)]
fn block_sum(xs: &[f64], ys: &[f64], f: impl Fn(f64, f64) -> f64) -> f64 {
    let n = xs.len().min(ys.len());
    let (xs, ys) = (&xs[..n], &ys[..n]);
    let full = n / LANES * LANES;
    let mut acc = [0.0f64; LANES];
    let mut i = 0;
    while i < full {
        for l in 0..LANES {
            acc[l] += f(xs[i + l], ys[i + l]);
        }
        i += LANES;
    }
    let mut tail = 0.0;
    for j in full..n {
        tail += f(xs[j], ys[j]);
    }
    reduce(acc) + tail
}

/// Σ over blocks of [`BLOCK`] of [`block_sum`], compensated across blocks.
#[inline(always)]
fn blocked(a: &[f64], b: &[f64], f: impl Fn(f64, f64) -> f64 + Copy) -> f64 {
    let n = a.len().min(b.len());
    let mut total = Neumaier::new();
    let mut start = 0;
    while start < n {
        let end = (start + BLOCK).min(n);
        total.add(block_sum(&a[start..end], &b[start..end], f));
        start = end;
    }
    total.value()
}

#[inline(always)]
fn reduce(acc: [f64; LANES]) -> f64 {
    ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7]))
}

/// Σ x_i, compensated element by element (used for reported sums and means, where a column may
/// mix magnitudes arbitrarily).
pub fn sum(x: &[f64]) -> f64 {
    let mut total = Neumaier::new();
    for &v in x {
        total.add(v);
    }
    total.value()
}

/// Σ (a_i − ma)(b_i − mb) over the common length.
pub fn dot_centered(a: &[f64], ma: f64, b: &[f64], mb: f64) -> f64 {
    blocked(a, b, |u, v| (u - ma) * (v - mb))
}

/// Σ a_i·b_i over the common length (blocked and compensated like the others).
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    blocked(a, b, |u, v| u * v)
}

/// For every shift k: Σ_t a_t·b_{t+k} over the t where both indices exist — all shifts in one
/// sweep over blocks of t, so each block of `a` and `b` is read from memory once (not once per
/// shift). Each (block, shift) partial sum is added to that shift's compensated total.
pub fn dot_shifts(a: &[f64], b: &[f64], shifts: &[i64]) -> Vec<f64> {
    const T_BLOCK: usize = 1024;
    let (na, nb) = (a.len() as i64, b.len() as i64);
    let mut totals = vec![Neumaier::new(); shifts.len()];
    let mut t0 = 0i64;
    while t0 < na {
        let t1 = (t0 + T_BLOCK as i64).min(na);
        for (tot, &k) in totals.iter_mut().zip(shifts) {
            // t in [t0, t1) with 0 <= t + k < nb.
            let lo = t0.max(-k);
            let hi = t1.min(nb - k);
            if lo < hi {
                let (lo, hi) = (lo as usize, hi as usize);
                let xs = &a[lo..hi];
                let ys = &b[(lo as i64 + k) as usize..(hi as i64 + k) as usize];
                tot.add(block_sum(xs, ys, |u, v| u * v));
            }
        }
        t0 = t1;
    }
    totals.iter().map(Neumaier::value).collect()
}

/// Σ (a_i − m), blocked and compensated.
pub fn sum_centered(a: &[f64], m: f64) -> f64 {
    blocked(a, a, |u, _| u - m)
}

/// (Σ (a_i − m), Σ (a_i − m)²) in one pass: the same blocks, lanes and order as
/// [`sum_centered`] and [`sum_sq_centered`], so the same values, for half the reads (a column's
/// spread on a million rows is computed on the page's main thread too).
pub fn centred_sums(a: &[f64], m: f64) -> (f64, f64) {
    let (mut t1, mut t2) = (Neumaier::new(), Neumaier::new());
    let mut start = 0;
    while start < a.len() {
        let end = (start + BLOCK).min(a.len());
        let block = &a[start..end];
        let full = block.len() / LANES * LANES;
        let (mut acc1, mut acc2) = ([0.0f64; LANES], [0.0f64; LANES]);
        let mut i = 0;
        while i < full {
            for l in 0..LANES {
                let d = block[i + l] - m;
                acc1[l] += d;
                acc2[l] += d * d;
            }
            i += LANES;
        }
        let (mut tail1, mut tail2) = (0.0, 0.0);
        for &v in &block[full..] {
            let d = v - m;
            tail1 += d;
            tail2 += d * d;
        }
        t1.add(reduce(acc1) + tail1);
        t2.add(reduce(acc2) + tail2);
        start = end;
    }
    (t1.value(), t2.value())
}

/// ([`sum`], min, max) of NaN-free values in one pass (min and max are ±∞ for none).
pub fn sum_min_max(x: &[f64]) -> (f64, f64, f64) {
    let mut total = Neumaier::new();
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in x {
        total.add(v);
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (total.value(), lo, hi)
}

/// Σ (a_i − m)².
pub fn sum_sq_centered(a: &[f64], m: f64) -> f64 {
    dot_centered(a, m, a, m)
}

/// The mean, refined by a second pass (`m + Σ(x − m)/n`) so that it is correct to about one ulp
/// even when the values share a large offset. `None` for an empty slice.
pub fn mean(x: &[f64]) -> Option<f64> {
    mean_from_sum(x, sum(x))
}

/// [`mean`] given `sum(x)` already.
pub fn mean_from_sum(x: &[f64], total: f64) -> Option<f64> {
    if x.is_empty() {
        return None;
    }
    let n = x.len() as f64;
    let m = total / n;
    let m = m + sum_centered(x, m) / n;
    m.is_finite().then_some(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compensated_sum_keeps_small_terms() {
        let mut v = vec![1e16, 1.0, -1e16];
        v.extend(std::iter::repeat_n(1.0, 1000));
        assert_eq!(sum(&v), 1001.0);
        let w: Vec<f64> = (0..100_000).map(|_| 0.1).collect();
        assert!((sum(&w) - 10_000.0).abs() < 1e-9);
    }

    #[test]
    fn fused_passes_equal_the_separate_ones() {
        // Lengths around the block and lane sizes, values with a large common offset.
        for n in [0, 1, 7, 8, 9, 255, 256, 257, 1000, 4099] {
            let x: Vec<f64> = (0..n)
                .map(|i| 1e6 + ((i * 7919 % 1009) as f64).sqrt() - (i % 3) as f64 * 0.1)
                .collect();
            let m = if n > 0 {
                x.iter().sum::<f64>() / n as f64
            } else {
                0.0
            };
            let (s1, s2) = centred_sums(&x, m);
            assert_eq!(s1.to_bits(), sum_centered(&x, m).to_bits(), "n = {n}");
            assert_eq!(s2.to_bits(), sum_sq_centered(&x, m).to_bits(), "n = {n}");
            assert_eq!(s1.to_bits(), sum_by(n, |i| x[i] - m).to_bits(), "n = {n}");
            let (t, lo, hi) = sum_min_max(&x);
            assert_eq!(t.to_bits(), sum(&x).to_bits());
            assert_eq!(lo, x.iter().copied().fold(f64::INFINITY, f64::min));
            assert_eq!(hi, x.iter().copied().fold(f64::NEG_INFINITY, f64::max));
        }
    }

    #[test]
    fn shifted_dots_match_one_at_a_time() {
        let a: Vec<f64> = (0..5000).map(|i| ((i * 37 % 101) as f64).sin()).collect();
        let b: Vec<f64> = (0..5000).map(|i| ((i * 53 % 97) as f64).cos()).collect();
        let shifts: Vec<i64> = (-40..=40).chain([4999, -4999, 6000]).collect();
        let got = dot_shifts(&a, &b, &shifts);
        for (g, &k) in got.iter().zip(&shifts) {
            let (lo, hi) = (0i64.max(-k), 5000i64.min(5000 - k));
            let want: f64 = if lo < hi {
                (lo..hi).map(|t| a[t as usize] * b[(t + k) as usize]).sum()
            } else {
                0.0
            };
            assert!((g - want).abs() < 1e-9, "k={k}: {g} vs {want}");
        }
    }

    #[test]
    fn mean_of_offset_values_is_exact() {
        let x = [1e13 + 1.0, 1e13 + 2.0, 1e13 + 3.0];
        assert_eq!(mean(&x), Some(1e13 + 2.0));
        assert_eq!(mean(&[]), None);
    }
}
