//! Correctly rounded decimal text to `f64`, as `str::parse::<f64>` does, without its tables.
//!
//! Written by hand because std's parser carries an 11 KB table of 128-bit powers of five (about
//! 10 KB of the gzipped page, which has a size budget). Numbers with at most 15 digits and a
//! power of ten up to 22 take Clinger's exact fast path (nearly every cell of a real export);
//! the rest start from a close approximation and are settled exactly by comparing the decimal
//! value with the halfway points between neighbouring doubles in big-integer arithmetic
//! (Clinger's Algorithm R). The tests check it against std on many generated inputs.

use std::cmp::Ordering;

/// Significant digits kept: more can only decide a tie, which a nonzero digit after the
/// 800th breaks the same way as all of them (the exact halfway points need at most 767).
const MAX_DIGITS: usize = 800;

/// Parses what `str::parse::<f64>` accepts (sign, digits with an optional point, exponent,
/// `inf`, `infinity`, `nan` in any case) to the same value, or `None` where it fails.
pub fn parse_f64(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let (neg, rest) = match b.first() {
        Some(b'-') => (true, &b[1..]),
        Some(b'+') => (false, &b[1..]),
        _ => (false, b),
    };
    let v = parse_unsigned(rest)?;
    Some(if neg { -v } else { v })
}

fn parse_unsigned(b: &[u8]) -> Option<f64> {
    if b.is_empty() {
        return None;
    }
    if !b[0].is_ascii_digit() && b[0] != b'.' {
        let word = std::str::from_utf8(b).ok()?.to_ascii_lowercase();
        return match word.as_str() {
            "inf" | "infinity" => Some(f64::INFINITY),
            "nan" => Some(f64::NAN),
            _ => None,
        };
    }
    // Digits (without leading zeros), the decimal exponent of the last kept digit, stickiness.
    let mut digits: Vec<u8> = Vec::new();
    let (mut exp10, mut seen_digit, mut seen_point, mut sticky) = (0i64, false, false, false);
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen_digit = true;
                if digits.is_empty() && c == b'0' {
                    if seen_point {
                        exp10 -= 1;
                    }
                } else if digits.len() < MAX_DIGITS {
                    digits.push(c - b'0');
                    if seen_point {
                        exp10 -= 1;
                    }
                } else {
                    sticky |= c != b'0';
                    if !seen_point {
                        exp10 += 1;
                    }
                }
            }
            b'.' if !seen_point => seen_point = true,
            _ => break,
        }
        i += 1;
    }
    if !seen_digit {
        return None;
    }
    if i < b.len() {
        if b[i] | 0x20 != b'e' {
            return None;
        }
        i += 1;
        let (eneg, start) = match b.get(i) {
            Some(b'-') => (true, i + 1),
            Some(b'+') => (false, i + 1),
            _ => (false, i),
        };
        let e = &b[start..];
        if e.is_empty() || !e.iter().all(u8::is_ascii_digit) {
            return None;
        }
        // Saturate: an exponent beyond any double only needs its sign.
        let mut v: i64 = 0;
        for &c in e {
            v = (v * 10 + i64::from(c - b'0')).min(1_000_000_000);
        }
        exp10 += if eneg { -v } else { v };
    }
    if sticky {
        digits.push(1);
        exp10 -= 1;
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp10 += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    let n = digits.len() as i64;
    if exp10 + n > 310 {
        return Some(f64::INFINITY);
    }
    if exp10 + n < -324 {
        return Some(0.0);
    }
    if n <= 19 && exp10.abs() <= 22 {
        let m = digits.iter().fold(0u64, |a, &d| a * 10 + u64::from(d));
        // Clinger's fast path: both the digits and the power of ten are exact doubles.
        if n <= 15 {
            let p = POW10[exp10.unsigned_abs() as usize];
            return Some(if exp10 >= 0 {
                m as f64 * p
            } else {
                m as f64 / p
            });
        }
        if exp10.abs() <= 19 {
            return Some(exact_u128(m, exp10));
        }
    }
    Some(algorithm_r(&digits, exp10))
}

/// m × 10^exp10 for m < 10^19 and |exp10| ≤ 19, rounded exactly in 128-bit integers: the
/// full-precision values spreadsheets write (`0.47619047619047616`) need no big integers.
fn exact_u128(m: u64, exp10: i64) -> f64 {
    let p = 10u128.pow(exp10.unsigned_abs() as u32);
    let (q, sticky, shift) = if exp10 >= 0 {
        (u128::from(m) * p, false, 0)
    } else {
        // m·2^s / 10^k with m·2^s in [2^127, 2^128): a quotient of at least 64 bits.
        let s = u128::from(m).leading_zeros();
        let num = u128::from(m) << s;
        (num / p, num % p != 0, -(s as i32))
    };
    let bits = 128 - q.leading_zeros() as i32;
    if bits <= 53 {
        return q as f64 * pow2(shift);
    }
    let mut drop = bits - 53;
    let mut mant = (q >> drop) as u64;
    let rem = q & ((1u128 << drop) - 1);
    let half = 1u128 << (drop - 1);
    if rem > half || (rem == half && (sticky || mant & 1 == 1)) {
        mant += 1;
        if mant == 1 << 53 {
            mant >>= 1;
            drop += 1;
        }
    }
    mant as f64 * pow2(shift + drop)
}

/// 2^e as a double, for normal exponents.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

const POW10: [f64; 23] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
    1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];

/// The double nearest to digits × 10^exp10 (ties to even), refined from an approximation.
fn algorithm_r(digits: &[u8], exp10: i64) -> f64 {
    // Approximation from the first 17 digits; off by a few units in the last place at most.
    let k = digits.len().min(17);
    let top = digits[..k].iter().fold(0u64, |a, &d| a * 10 + u64::from(d)) as f64;
    let p = exp10 + (digits.len() - k) as i64;
    let mut z = if p >= 0 {
        top * 10f64.powi(p.min(400) as i32)
    } else if p >= -300 {
        top / 10f64.powi((-p) as i32)
    } else {
        top / 1e300 / 10f64.powi((-p - 300) as i32)
    };
    if z.is_infinite() {
        z = f64::MAX;
    }
    if z == 0.0 {
        z = f64::from_bits(1);
    }
    let d = Big::from_digits(digits);
    loop {
        let (m, e2) = decompose(z);
        // Above the upper halfway point (m + 1/2)·2^e2?
        match compare(&d, exp10, 2 * m + 1, e2 - 1) {
            Ordering::Greater => {
                if z == f64::MAX {
                    return f64::INFINITY;
                }
                z = f64::from_bits(z.to_bits() + 1);
                continue;
            }
            Ordering::Equal => {
                return if m % 2 == 0 {
                    z
                } else if z == f64::MAX {
                    f64::INFINITY
                } else {
                    f64::from_bits(z.to_bits() + 1)
                };
            }
            Ordering::Less => {}
        }
        // Below the lower halfway point? The gap below a power of two is half as wide.
        let (lc, le) = if m == 1 << 52 && e2 > -1074 {
            (4 * m - 1, e2 - 2)
        } else {
            (2 * m - 1, e2 - 1)
        };
        match compare(&d, exp10, lc, le) {
            Ordering::Less => {
                if z.to_bits() == 1 {
                    return 0.0;
                }
                z = f64::from_bits(z.to_bits() - 1);
            }
            Ordering::Equal => {
                return if m % 2 == 0 {
                    z
                } else {
                    f64::from_bits(z.to_bits() - 1)
                };
            }
            Ordering::Greater => return z,
        }
    }
}

/// A positive finite double as m × 2^e with m an integer (53 bits unless subnormal).
fn decompose(z: f64) -> (u64, i64) {
    let bits = z.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i64;
    let frac = bits & ((1 << 52) - 1);
    if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    }
}

/// Compares digits × 10^exp10 with c × 2^e2, exactly.
fn compare(d: &Big, exp10: i64, c: u64, e2: i64) -> Ordering {
    let mut lhs = d.clone();
    let mut rhs = Big::from_u64(c);
    if exp10 >= 0 {
        lhs.mul_pow10(exp10 as u32);
    } else {
        rhs.mul_pow10((-exp10) as u32);
    }
    if e2 >= 0 {
        rhs.shl(e2 as u32);
    } else {
        lhs.shl((-e2) as u32);
    }
    lhs.cmp(&rhs)
}

/// A non-negative big integer, 32-bit limbs, least significant first, no high zero limbs.
#[derive(Clone, PartialEq, Eq)]
struct Big(Vec<u32>);

impl Big {
    fn from_u64(v: u64) -> Big {
        let mut b = Big(vec![v as u32, (v >> 32) as u32]);
        b.trim();
        b
    }

    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let v = chunk.iter().fold(0u32, |a, &d| a * 10 + u32::from(d));
            b.mul_small(10u32.pow(chunk.len() as u32));
            b.add_small(v);
        }
        b
    }

    fn trim(&mut self) {
        while self.0.last() == Some(&0) {
            self.0.pop();
        }
    }

    fn mul_small(&mut self, m: u32) {
        let mut carry = 0u64;
        for limb in &mut self.0 {
            let v = u64::from(*limb) * u64::from(m) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
        self.trim();
    }

    fn add_small(&mut self, a: u32) {
        let mut carry = u64::from(a);
        for limb in &mut self.0 {
            if carry == 0 {
                return;
            }
            let v = u64::from(*limb) + carry;
            *limb = v as u32;
            carry = v >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }

    fn mul_pow10(&mut self, mut p: u32) {
        while p >= 9 {
            self.mul_small(1_000_000_000);
            p -= 9;
        }
        if p > 0 {
            self.mul_small(10u32.pow(p));
        }
    }

    fn shl(&mut self, bits: u32) {
        let (words, rem) = ((bits / 32) as usize, bits % 32);
        if rem > 0 {
            let mut carry = 0u32;
            for limb in &mut self.0 {
                let v = *limb;
                *limb = (v << rem) | carry;
                carry = v >> (32 - rem);
            }
            if carry > 0 {
                self.0.push(carry);
            }
        }
        if words > 0 && !self.0.is_empty() {
            self.0.splice(0..0, std::iter::repeat_n(0, words));
        }
    }
}

impl Ord for Big {
    fn cmp(&self, o: &Self) -> Ordering {
        self.0
            .len()
            .cmp(&o.0.len())
            .then_with(|| self.0.iter().rev().cmp(o.0.iter().rev()))
    }
}

impl PartialOrd for Big {
    fn partial_cmp(&self, o: &Self) -> Option<Ordering> {
        Some(self.cmp(o))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn same(s: &str) {
        let ours = parse_f64(s);
        let std = s.parse::<f64>().ok();
        match (ours, std) {
            (Some(a), Some(b)) if a.is_nan() && b.is_nan() => {}
            (Some(a), Some(b)) => assert_eq!(a.to_bits(), b.to_bits(), "{s}: {a:e} vs {b:e}"),
            (a, b) => assert_eq!(a, b, "{s}"),
        }
    }

    #[test]
    fn agrees_with_std_on_hard_and_edge_cases() {
        for s in [
            "0",
            "-0",
            "0.0",
            ".5",
            "5.",
            "1e5",
            "1E-5",
            "+3.25",
            "12345678901234567890",
            "9007199254740993",
            "2.2250738585072011e-308",
            "2.2250738585072014e-308",
            "4.9406564584124654e-324",
            "2.4703282292062327e-324",
            "2.4703282292062328e-324",
            "1.7976931348623157e308",
            "1.7976931348623158e308",
            "1.7976931348623159e308",
            "1e309",
            "1e-400",
            "0.1",
            "0.30000000000000004",
            "123456789012345678901234567890e-10",
            "8.550000000000182",
            "2512.03",
            "1.00000000000000011102230246251565404236316680908203125",
            "1.00000000000000011102230246251565404236316680908203124",
            "1.00000000000000011102230246251565404236316680908203126",
            "9007199254740992.5",
            "9007199254740993.0000000000000000001",
            "inf",
            "-Infinity",
            "NaN",
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "1.2.3",
            "1x",
            "--1",
            "0e999999999999",
            "1e-999999999999",
            "00000000000000000000000000000000000000001e-20",
        ] {
            same(s);
        }
        let long = format!("0.{}1", "0".repeat(900));
        same(&long);
        let long = format!("1.{}1e-300", "0".repeat(900));
        same(&long);
    }

    proptest! {
        #[test]
        fn agrees_with_std_on_generated_numbers(
            int in "[0-9]{0,25}", frac in "[0-9]{0,25}", exp in -360i32..330, with_exp in any::<bool>()
        ) {
            let s = if with_exp { format!("{int}.{frac}e{exp}") } else { format!("{int}.{frac}") };
            same(&s);
        }

        #[test]
        fn round_trips_every_double(bits in any::<u64>()) {
            let v = f64::from_bits(bits);
            if v.is_finite() {
                for s in [format!("{v:e}"), format!("{v}")] {
                    same(&s);
                }
            }
        }

        #[test]
        fn halfway_points_round_to_even(bits in 1u64..0x7fe0_0000_0000_0000) {
            // The exact midpoint between a double and the next one, written out in full.
            let a = f64::from_bits(bits);
            let (m, e) = decompose(a);
            let (c, q) = (2 * m + 1, e - 1);
            let s = if q >= 0 {
                let mut b = Big::from_u64(c);
                b.shl(q as u32);
                big_to_string(&b)
            } else {
                // c × 2^q = c × 5^-q / 10^-q.
                let mut b = Big::from_u64(c);
                for _ in 0..(-q) { b.mul_small(5); }
                let digits = big_to_string(&b);
                format!("{digits}e{q}")
            };
            same(&s);
        }
    }

    fn big_to_string(b: &Big) -> String {
        let mut limbs = b.0.clone();
        let mut out = Vec::new();
        while !limbs.is_empty() {
            let mut rem = 0u64;
            for limb in limbs.iter_mut().rev() {
                let v = (rem << 32) | u64::from(*limb);
                *limb = (v / 10) as u32;
                rem = v % 10;
            }
            out.push(b'0' + rem as u8);
            while limbs.last() == Some(&0) {
                limbs.pop();
            }
        }
        if out.is_empty() {
            out.push(b'0');
        }
        out.reverse();
        String::from_utf8(out).unwrap()
    }
}
