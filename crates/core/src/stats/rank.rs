//! Sorting and ranking of columns: a stable radix argsort, dense ranks, average ranks and the tie
//! statistics that Spearman and Kendall need. A column is sorted once and reused for every pair.
//!
//! The argsort is an LSD radix sort on order-preserving integer images of the floats, written by
//! hand because a comparison sort of a million indices is several times slower and the standard
//! library has no stable radix sort.

/// Order-preserving image of a non-NaN float: `a < b ⇔ key(a) < key(b)`, and −0 = +0.
#[inline]
pub fn sort_key(v: f64) -> u64 {
    let v = if v == 0.0 { 0.0 } else { v };
    let b = v.to_bits();
    if b >> 63 == 1 {
        !b
    } else {
        b | (1 << 63)
    }
}

/// Indices of `x` (no NaN) sorted ascending by value; equal values keep their original order.
pub fn argsort(x: &[f64]) -> Vec<u32> {
    sort_with_groups(x).0
}

/// The ascending permutation of `x` (no NaN) and the start of each group of equal values in it
/// (plus a final `n`).
pub fn sort_with_groups(x: &[f64]) -> (Vec<u32>, Vec<u32>) {
    let n = x.len();
    if n < 2048 {
        let keys: Vec<u64> = x.iter().map(|&v| sort_key(v)).collect();
        let mut idx: Vec<u32> = (0..n as u32).collect();
        idx.sort_by_key(|&i| keys[i as usize]);
        let sorted: Vec<u64> = idx.iter().map(|&i| keys[i as usize]).collect();
        return (idx, group_starts(&sorted));
    }
    // Money and counts are usually whole multiples of 10^-d: their integer images need far fewer
    // radix passes than the 64 bits of a float (2 instead of 6 for cents below 2^22).
    if let Some((ints, lo, hi)) = decimal_ints(x) {
        if hi.abs_diff(lo) < 1 << 32 {
            return packed_argsort(&ints, lo, hi);
        }
        let keys = ints.iter().map(|&k| k.abs_diff(lo)).collect();
        let (idx, sorted) = radix_argsort(keys);
        let starts = group_starts(&sorted);
        return (idx, starts);
    }
    let keys: Vec<u64> = x.iter().map(|&v| sort_key(v)).collect();
    let (idx, sorted) = radix_argsort(keys);
    let starts = group_starts(&sorted);
    (idx, starts)
}

fn group_starts(sorted: &[u64]) -> Vec<u32> {
    let mut starts = Vec::new();
    for (i, k) in sorted.iter().enumerate() {
        if i == 0 || *k != sorted[i - 1] {
            starts.push(i as u32);
        }
    }
    starts.push(sorted.len() as u32);
    starts
}

/// The integers `round(v·10^d)` for the smallest d ≤ 4 with which every value is exactly
/// `integer / 10^d` (so the map is one-to-one and order-preserving), with their minimum and
/// maximum, if they stay below 2⁴⁰ in magnitude.
fn decimal_ints(x: &[f64]) -> Option<(Vec<i64>, i64, i64)> {
    let mut ints = vec![0i64; x.len()];
    // Literal scales, so that the division by 1 folds away for whole numbers.
    let (lo, hi) = scaled_ints(x, 1.0, &mut ints)
        .or_else(|| scaled_ints(x, 10.0, &mut ints))
        .or_else(|| scaled_ints(x, 100.0, &mut ints))
        .or_else(|| scaled_ints(x, 1000.0, &mut ints))
        .or_else(|| scaled_ints(x, 10000.0, &mut ints))?;
    Some((ints, lo, hi))
}

/// One pass of [`decimal_ints`] for one scale; `None` as soon as a block has a value that is
/// not `integer / scale`.
#[inline(always)]
fn scaled_ints(x: &[f64], scale: f64, ints: &mut [i64]) -> Option<(i64, i64)> {
    const LIMIT: f64 = (1u64 << 40) as f64;
    // Adding and subtracting 1.5·2⁵² rounds to the nearest integer for |t| < 2⁵¹ without a
    // branch or a libm call (larger |t| fail the limit anyway).
    const ROUND: f64 = 6_755_399_441_055_744.0;
    let (mut lo, mut hi) = (i64::MAX, i64::MIN);
    for (xs, is) in x.chunks(1024).zip(ints.chunks_mut(1024)) {
        let mut exact = true;
        for (&v, slot) in xs.iter().zip(is.iter_mut()) {
            let i = (v * scale + ROUND) - ROUND;
            // NaN fails both comparisons.
            exact &= i.abs() < LIMIT && i / scale == v;
            let k = i as i64;
            *slot = k;
            lo = lo.min(k);
            hi = hi.max(k);
        }
        if !exact {
            return None;
        }
    }
    Some((lo, hi))
}

/// Radix argsort of integers from `lo` to `hi` (less than 2³² apart), packed with their index into one u64
/// (`(key − lo) << 32 | index`): one array to scatter per pass instead of two. Sorting on the key
/// bits only keeps it stable.
fn packed_argsort(ints: &[i64], lo: i64, hi: i64) -> (Vec<u32>, Vec<u32>) {
    // 11-bit digits (as below): measured faster here than 8 (a pass fewer for 12–22-bit keys) or 16.
    let n = ints.len();
    let mut a: Vec<u64> = ints
        .iter()
        .enumerate()
        .map(|(i, &k)| k.abs_diff(lo) << 32 | i as u64)
        .collect();
    let max = hi.abs_diff(lo);
    let bits = (64 - max.leading_zeros()).max(1);
    let passes = bits.div_ceil(DIGIT) as usize;
    let mut b = vec![0u64; n];
    let mask = (BUCKETS - 1) as u64;
    let mut hist = vec![[0u32; BUCKETS]; passes];
    for &v in &a {
        for (p, h) in hist.iter_mut().enumerate() {
            h[((v >> (32 + p as u32 * DIGIT)) & mask) as usize] += 1;
        }
    }
    for (p, h) in hist.iter().enumerate() {
        if h.iter().any(|&c| c as usize == n) {
            continue;
        }
        let shift = 32 + p as u32 * DIGIT;
        let mut offs = [0u32; BUCKETS];
        let mut acc = 0u32;
        for (o, &c) in offs.iter_mut().zip(h.iter()) {
            *o = acc;
            acc += c;
        }
        for &v in &a {
            let d = ((v >> shift) & mask) as usize;
            b[offs[d] as usize] = v;
            offs[d] += 1;
        }
        std::mem::swap(&mut a, &mut b);
    }
    let mut starts = Vec::new();
    for (i, v) in a.iter().enumerate() {
        if i == 0 || v >> 32 != a[i - 1] >> 32 {
            starts.push(i as u32);
        }
    }
    starts.push(n as u32);
    (a.iter().map(|&v| v as u32).collect(), starts)
}

const DIGIT: u32 = 11;
const BUCKETS: usize = 1 << DIGIT;
const PASSES: usize = 6; // 6 × 11 ≥ 64 bits

/// Stable LSD radix argsort; returns the permutation and the keys in sorted order.
fn radix_argsort(mut keys: Vec<u64>) -> (Vec<u32>, Vec<u64>) {
    let n = keys.len();
    let max = keys.iter().copied().max().unwrap_or(0);
    let bits = 64 - max.leading_zeros();
    let passes = (bits.div_ceil(DIGIT) as usize).clamp(1, PASSES);
    let mut hist = vec![[0u32; BUCKETS]; passes];
    for &k in &keys {
        for (p, h) in hist.iter_mut().enumerate() {
            h[((k >> (p as u32 * DIGIT)) as usize) & (BUCKETS - 1)] += 1;
        }
    }
    let mut idx: Vec<u32> = (0..n as u32).collect();
    let mut keys2 = vec![0u64; n];
    let mut idx2 = vec![0u32; n];
    for (p, h) in hist.iter().enumerate() {
        // A digit that is the same in every key does not reorder anything.
        if h.iter().any(|&c| c as usize == n) {
            continue;
        }
        let mut offs = [0u32; BUCKETS];
        let mut acc = 0u32;
        for (o, &c) in offs.iter_mut().zip(h.iter()) {
            *o = acc;
            acc += c;
        }
        let shift = p as u32 * DIGIT;
        for (&k, &i) in keys.iter().zip(&idx) {
            let d = ((k >> shift) as usize) & (BUCKETS - 1);
            let o = offs[d] as usize;
            offs[d] += 1;
            keys2[o] = k;
            idx2[o] = i;
        }
        std::mem::swap(&mut keys, &mut keys2);
        std::mem::swap(&mut idx, &mut idx2);
    }
    (idx, keys)
}

/// Tie statistics of one variable (scipy's `count_rank_tie`): over the groups of equal values
/// with sizes t, `pairs = Σ t(t−1)/2`, `v0 = Σ t(t−1)(t−2)`, `v1 = Σ t(t−1)(2t+5)`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct TieStats {
    pub pairs: u64,
    pub v0: f64,
    pub v1: f64,
}

impl TieStats {
    pub fn add_group(&mut self, t: u64) {
        if t > 1 {
            let t128 = t as u128;
            self.pairs += t * (t - 1) / 2;
            self.v0 += (t128 * (t128 - 1) * (t128 - 2)) as f64;
            self.v1 += (t128 * (t128 - 1) * (2 * t128 + 5)) as f64;
        }
    }

    pub fn has_ties(&self) -> bool {
        self.pairs > 0
    }
}

/// A column sorted once: its sort permutation, dense ranks (0-based), the number of distinct
/// values, twice-centred average ranks (`2·rank − (n+1)`, exact integers) and tie statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    pub perm: Vec<u32>,
    /// Start of each group of equal values in `perm`, then n.
    pub starts: Vec<u32>,
    /// Dense ranks in the narrowest type that holds them (a 1 MB u8 array stays in cache where a
    /// 4 MB u32 one does not, and a million-row column keeps 3 MB less).
    pub dense: CompactRanks,
    pub distinct: u32,
    pub centred2: Vec<i32>,
    pub ties: TieStats,
    /// Σ centred2² (exact), the "variance" of the average ranks times 4n.
    pub centred2_ss: i128,
}

impl Ranked {
    /// Ranks of `x`, which must hold no NaN and fewer than 2³¹ values.
    pub fn new(x: &[f64]) -> Ranked {
        let (perm, starts) = sort_with_groups(x);
        Ranked::from_groups(perm, starts)
    }

    /// Ranks from an ascending permutation and its groups of equal values.
    pub fn from_groups(perm: Vec<u32>, starts: Vec<u32>) -> Ranked {
        let n = perm.len();
        let distinct = starts.len().saturating_sub(1);
        let mut centred2 = vec![0i32; n];
        let dense = if distinct <= 1 << 8 {
            CompactRanks::U8(scatter_ranks(&perm, &starts, &mut centred2, |g| g as u8))
        } else if distinct <= 1 << 16 {
            CompactRanks::U16(scatter_ranks(&perm, &starts, &mut centred2, |g| g as u16))
        } else {
            CompactRanks::U32(scatter_ranks(&perm, &starts, &mut centred2, |g| g))
        };
        let mut ties = TieStats::default();
        let mut ss: i128 = 0;
        for w in starts.windows(2) {
            let (s, e) = (w[0] as usize, w[1] as usize);
            let c = (s + e) as i64 - n as i64;
            ss += (c as i128) * (c as i128) * (e - s) as i128;
            ties.add_group((e - s) as u64);
        }
        Ranked {
            distinct: distinct as u32,
            dense,
            perm,
            starts,
            centred2,
            ties,
            centred2_ss: ss,
        }
    }

    /// The number of values.
    pub fn len(&self) -> usize {
        self.dense.len()
    }

    pub fn is_empty(&self) -> bool {
        self.dense.is_empty()
    }

    /// Frees the sort order and group starts (up to 8 bytes a row), keeping the dense ranks,
    /// which hold both: [`Ranked::rebuild_order`] makes them again. An analysis that keeps every
    /// column's ranks for a late Kendall count (the page's front worker) keeps this much less.
    pub fn drop_order(&mut self) {
        self.perm = Vec::new();
        self.starts = Vec::new();
    }

    /// Whether [`Ranked::drop_order`] freed the order.
    pub fn has_order(&self) -> bool {
        self.perm.len() == self.len()
    }

    /// The sort order and group starts again, from the dense ranks: a counting sort, rows in
    /// index order within a group of equal values (the original sort may order a group's rows
    /// otherwise; no rank statistic depends on that order).
    pub fn rebuild_order(&self) -> (Vec<u32>, Vec<u32>) {
        fn by<T: Copy + Into<u32>>(dense: &[T], k: usize) -> (Vec<u32>, Vec<u32>) {
            let mut starts = vec![0u32; k + 1];
            for &g in dense {
                starts[g.into() as usize + 1] += 1;
            }
            for g in 0..k {
                starts[g + 1] += starts[g];
            }
            let mut next = starts[..k].to_vec();
            let mut perm = vec![0u32; dense.len()];
            for (i, &g) in dense.iter().enumerate() {
                let at = &mut next[g.into() as usize];
                perm[*at as usize] = i as u32;
                *at += 1;
            }
            (perm, starts)
        }
        let k = self.distinct as usize;
        match &self.dense {
            CompactRanks::U8(v) => by(v, k),
            CompactRanks::U16(v) => by(v, k),
            CompactRanks::U32(v) => by(v, k),
        }
    }
}

/// Dense rank (as `T`) and twice-centred average rank of every row, from the sorted groups.
fn scatter_ranks<T: Copy + Default>(
    perm: &[u32],
    starts: &[u32],
    centred2: &mut [i32],
    rank: impl Fn(u32) -> T,
) -> Vec<T> {
    let n = perm.len();
    let mut dense = vec![T::default(); n];
    for (g, w) in starts.windows(2).enumerate() {
        let (s, e) = (w[0] as usize, w[1] as usize);
        // Average 1-based rank of positions s..e is (s+1+e)/2, so 2·rank − (n+1) = s+e−n.
        let c = ((s + e) as i64 - n as i64) as i32;
        let r = rank(g as u32);
        for &i in &perm[s..e] {
            dense[i as usize] = r;
            centred2[i as usize] = c;
        }
    }
    dense
}

/// Dense ranks stored as u8, u16 or u32.
#[derive(Debug, Clone, PartialEq)]
pub enum CompactRanks {
    U8(Vec<u8>),
    U16(Vec<u16>),
    U32(Vec<u32>),
}

impl CompactRanks {
    /// The number of rows.
    pub fn len(&self) -> usize {
        match self {
            CompactRanks::U8(v) => v.len(),
            CompactRanks::U16(v) => v.len(),
            CompactRanks::U32(v) => v.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The rank of row i.
    pub fn get(&self, i: usize) -> u32 {
        match self {
            CompactRanks::U8(v) => v[i] as u32,
            CompactRanks::U16(v) => v[i] as u32,
            CompactRanks::U32(v) => v[i],
        }
    }
}

/// Average ranks (1-based, ties get the mean rank) of NaN-free values.
pub fn average_ranks(x: &[f64]) -> Vec<f64> {
    let r = Ranked::new(x);
    let n = x.len() as f64;
    r.centred2
        .iter()
        .map(|&c| (c as f64 + n + 1.0) / 2.0)
        .collect()
}

/// Σ a_i·b_i exactly, for twice-centred ranks (|value| < n).
pub fn dot_i32(a: &[i32], b: &[i32]) -> i128 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    if n >= 1 << 25 {
        return a.iter().zip(b).map(|(&u, &v)| u as i128 * v as i128).sum();
    }
    // |a_i·b_i| < 2⁵⁰, so 1024 products fit in an i64 (and the loop vectorises).
    let mut total: i128 = 0;
    for (ca, cb) in a.chunks(1024).zip(b.chunks(1024)) {
        let mut acc: i64 = 0;
        for (&u, &v) in ca.iter().zip(cb) {
            acc += u as i64 * v as i64;
        }
        total += acc as i128;
    }
    total
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sort_keys_order_floats() {
        let v = [-1e300, -2.5, -0.0, 0.0, 1e-300, 3.0, f64::INFINITY];
        for w in v.windows(2) {
            assert!(sort_key(w[0]) <= sort_key(w[1]));
        }
        assert_eq!(sort_key(-0.0), sort_key(0.0));
    }

    #[test]
    fn radix_and_comparison_argsort_agree() {
        // Sevenths (float keys), cents (decimal keys), large integers, mixed signs.
        let gens: [fn(u64) -> f64; 3] = [
            |i| ((i.wrapping_mul(2654435761) % 1000) as f64 - 500.0) / 7.0,
            |i| ((i.wrapping_mul(2654435761) % 100_000) as f64 - 50_000.0) / 100.0,
            |i| (i.wrapping_mul(2654435761) % 10_000_000_000) as f64,
        ];
        for g in gens {
            let x: Vec<f64> = (0..10_000u64).map(g).collect();
            let (got, starts) = sort_with_groups(&x);
            let mut want: Vec<u32> = (0..x.len() as u32).collect();
            want.sort_by(|&a, &b| x[a as usize].total_cmp(&x[b as usize]).then(a.cmp(&b)));
            assert_eq!(got, want);
            let distinct = {
                let mut v = x.clone();
                v.sort_by(f64::total_cmp);
                v.dedup();
                v.len()
            };
            assert_eq!(starts.len(), distinct + 1);
        }
    }

    #[test]
    fn the_order_rebuilt_from_the_dense_ranks_is_the_sorted_one() {
        // u8, u16 and u32 dense ranks; ties in each; the sort keeps equal values in row order.
        type Gen = (usize, fn(u64) -> f64);
        let gens: [Gen; 3] = [
            (5_000, |i| (i.wrapping_mul(2654435761) % 7) as f64),
            (5_000, |i| {
                ((i.wrapping_mul(2654435761) % 3000) as f64) / 100.0
            }),
            (70_000, |i| {
                (i.wrapping_mul(2654435761) % 1_000_003) as f64 - 5e5
            }),
        ];
        for (n, g) in gens {
            let x: Vec<f64> = (0..n as u64).map(g).collect();
            let mut r = Ranked::new(&x);
            let want = (r.perm.clone(), r.starts.clone());
            assert!(r.has_order());
            r.drop_order();
            assert!(!r.has_order() && r.perm.is_empty() && r.starts.is_empty());
            assert_eq!(r.len(), n);
            assert_eq!(r.rebuild_order(), want);
        }
        let wide = Ranked::new(&(0..70_000).map(f64::from).collect::<Vec<_>>());
        assert!(matches!(wide.dense, CompactRanks::U32(_)));
    }

    #[test]
    fn average_ranks_with_ties() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 10.0, 5.0]),
            vec![2.5, 4.0, 2.5, 1.0]
        );
        let r = Ranked::new(&[1.0, 1.0, 2.0]);
        assert_eq!(
            (0..3).map(|i| r.dense.get(i)).collect::<Vec<_>>(),
            [0, 0, 1]
        );
        assert!(matches!(r.dense, CompactRanks::U8(_)));
        assert_eq!(r.distinct, 2);
        assert_eq!(r.ties.pairs, 1);
    }
}
