//! A fast hasher for in-memory keys (order ids, customer keys, dates): the multiply-rotate step of
//! rustc's FxHash. Hand-written (a dozen lines) rather than a crate; std's SipHash is built to
//! resist flooding by a remote attacker, which a user's own file in their own tab is not, and it
//! cost a third of deriving a 300,000-row orders export's series.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// FxHash state.
#[derive(Default, Clone, Copy)]
pub struct Fx(u64);

const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

impl Fx {
    #[inline]
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(SEED);
    }
}

impl Hasher for Fx {
    #[inline]
    fn write(&mut self, bytes: &[u8]) {
        // The length first, so keys that differ only by trailing zero bytes hash apart.
        self.add(bytes.len() as u64);
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes([
                c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7],
            ]));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut w = [0u8; 8];
            w[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(w));
        }
    }

    #[inline]
    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u32(&mut self, i: u32) {
        self.add(u64::from(i));
    }

    #[inline]
    fn write_u64(&mut self, i: u64) {
        self.add(i);
    }

    #[inline]
    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    /// The multiply leaves the low bits depending only on the low bits of the input, and the
    /// table picks buckets by the low bits: fold the well-mixed high half into them.
    #[inline]
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
}

/// A `HashMap` with [`Fx`].
pub type FxHashMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_hash_apart_and_maps_work() {
        let mut m: FxHashMap<String, u32> = FxHashMap::default();
        for i in 0..10_000u32 {
            m.insert(format!("customer{i}@example.com"), i);
        }
        assert_eq!(m.len(), 10_000);
        assert_eq!(m.get("customer4242@example.com"), Some(&4242));
        let h = |s: &str| {
            let mut f = Fx::default();
            f.write(s.as_bytes());
            f.finish()
        };
        assert_ne!(h("ab"), h("ba"));
        // Keys that differ only in a late byte still land in different buckets (low bits).
        let low = |s: &str| h(s) & 0xffff;
        let buckets: std::collections::HashSet<u64> =
            (0..1000).map(|i| low(&format!("#10{i:03}"))).collect();
        assert!(buckets.len() > 900, "{}", buckets.len());
        assert_ne!(
            h("a"),
            h("a\0"),
            "trailing zero bytes differ through the length-free tail"
        );
    }
}
