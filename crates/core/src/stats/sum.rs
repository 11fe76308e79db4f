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

    #[inline]
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

#[inline]
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
    let n = a.len().min(b.len());
    let mut total = Neumaier::new();
    for (ba, bb) in a[..n].chunks(BLOCK).zip(b[..n].chunks(BLOCK)) {
        let mut acc = [0.0f64; LANES];
        let mut ia = ba.chunks_exact(LANES);
        let mut ib = bb.chunks_exact(LANES);
        for (ca, cb) in (&mut ia).zip(&mut ib) {
            for l in 0..LANES {
                acc[l] += (ca[l] - ma) * (cb[l] - mb);
            }
        }
        let mut tail = 0.0;
        for (u, v) in ia.remainder().iter().zip(ib.remainder()) {
            tail += (u - ma) * (v - mb);
        }
        total.add(reduce(acc) + tail);
    }
    total.value()
}

/// Σ a_i·b_i over the common length (blocked and compensated like the others).
pub fn dot(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len().min(b.len());
    let mut total = Neumaier::new();
    for (ba, bb) in a[..n].chunks(BLOCK).zip(b[..n].chunks(BLOCK)) {
        let mut acc = [0.0f64; LANES];
        let mut ia = ba.chunks_exact(LANES);
        let mut ib = bb.chunks_exact(LANES);
        for (ca, cb) in (&mut ia).zip(&mut ib) {
            for l in 0..LANES {
                acc[l] += ca[l] * cb[l];
            }
        }
        let mut tail = 0.0;
        for (u, v) in ia.remainder().iter().zip(ib.remainder()) {
            tail += u * v;
        }
        total.add(reduce(acc) + tail);
    }
    total.value()
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
                let mut acc = [0.0f64; LANES];
                let mut ia = xs.chunks_exact(LANES);
                let mut ib = ys.chunks_exact(LANES);
                for (ca, cb) in (&mut ia).zip(&mut ib) {
                    for l in 0..LANES {
                        acc[l] += ca[l] * cb[l];
                    }
                }
                let mut tail = 0.0;
                for (u, v) in ia.remainder().iter().zip(ib.remainder()) {
                    tail += u * v;
                }
                tot.add(reduce(acc) + tail);
            }
        }
        t0 = t1;
    }
    totals.iter().map(Neumaier::value).collect()
}

/// Σ (a_i − m), blocked and compensated.
pub fn sum_centered(a: &[f64], m: f64) -> f64 {
    let mut total = Neumaier::new();
    for block in a.chunks(BLOCK) {
        let mut acc = [0.0f64; LANES];
        let mut it = block.chunks_exact(LANES);
        for c in &mut it {
            for l in 0..LANES {
                acc[l] += c[l] - m;
            }
        }
        let tail: f64 = it.remainder().iter().map(|v| v - m).sum();
        total.add(reduce(acc) + tail);
    }
    total.value()
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
