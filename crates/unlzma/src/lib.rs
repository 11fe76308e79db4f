//! A tiny LZMA (raw LZMA1 stream) decoder: the page's boot code unpacks the app's wasm with it.
//!
//! Why by hand: the page carries the app's wasm inline, and LZMA packs it ~20 % smaller than the
//! best gzip (zopfli), but browsers only inflate gzip/deflate natively (`DecompressionStream`).
//! This decoder, built as its own wasm module of a few KB (no std, no allocator, no crate), is
//! inlined next to the packed app and run once at boot; the crates that decode LZMA (lzma-rs,
//! xz2) need std and an allocator and would cost more than they save. It decodes the whole
//! output into one caller-given buffer (so no separate dictionary), and never panics on damaged
//! input: every read and copy is checked and reported as an [`Error`].
//!
//! The format is the LZMA SDK's (`lzma-specification.txt`, Igor Pavlov): a range coder over
//! adaptive bit probabilities, literals coded with the previous byte's high bits as context,
//! matches as (length, distance) with four repeated distances.
#![cfg_attr(all(target_arch = "wasm32", not(test)), no_std)]

/// Why a stream could not be decoded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Error {
    /// The properties byte asks for more literal context than this decoder keeps (lc + lp > 4).
    Properties,
    /// The input ended before the output was full.
    Truncated,
    /// A match reaches before the start of the output, or the range coder is corrupt.
    Corrupt,
}

/// Literal context bits (lc + lp) this decoder keeps probabilities for: xz's presets use 3.
const MAX_LCLP: u32 = 4;
const LITERAL_PROBS: usize = 0x300 << MAX_LCLP;
const STATES: usize = 12;
const POS_STATES_MAX: usize = 1 << 4;
const END_POS_MODEL: u32 = 14;
const FULL_DISTANCES: usize = 128;

/// The range decoder over the input.
#[derive(Clone, Copy)]
struct Range<'a> {
    input: &'a [u8],
    at: usize,
    range: u32,
    code: u32,
}

impl<'a> Range<'a> {
    fn new(input: &'a [u8]) -> Result<Range<'a>, Error> {
        if input.len() < 5 || input[0] != 0 {
            return Err(Error::Corrupt);
        }
        let code = u32::from_be_bytes([input[1], input[2], input[3], input[4]]);
        if code == u32::MAX {
            return Err(Error::Corrupt);
        }
        Ok(Range {
            input,
            at: 5,
            range: u32::MAX,
            code,
        })
    }

    #[inline(always)]
    fn normalize(&mut self) -> Result<(), Error> {
        if self.range < 1 << 24 {
            let b = *self.input.get(self.at).ok_or(Error::Truncated)?;
            self.at += 1;
            self.range <<= 8;
            self.code = (self.code << 8) | b as u32;
        }
        Ok(())
    }

    #[inline(always)]
    fn bit(&mut self, prob: &mut u16) -> Result<u32, Error> {
        let bound = (self.range >> 11) * *prob as u32;
        let bit = if self.code < bound {
            self.range = bound;
            *prob += (2048 - *prob) >> 5;
            0
        } else {
            self.range -= bound;
            self.code -= bound;
            *prob -= *prob >> 5;
            1
        };
        self.normalize()?;
        Ok(bit)
    }

    #[inline(always)]
    fn direct(&mut self, count: u32) -> Result<u32, Error> {
        let mut res = 0u32;
        for _ in 0..count {
            self.range >>= 1;
            let bit = (self.code >= self.range) as u32;
            if bit == 1 {
                self.code -= self.range;
            }
            res = (res << 1) | bit;
            self.normalize()?;
        }
        Ok(res)
    }

    /// A `bits`-bit symbol from a tree of probabilities (`probs[1..1 << bits]`).
    #[inline(always)]
    fn tree(&mut self, probs: &mut [u16], bits: u32) -> Result<u32, Error> {
        let mut m = 1usize;
        for _ in 0..bits {
            m = (m << 1) | self.bit(&mut probs[m])? as usize;
        }
        Ok(m as u32 - (1 << bits))
    }

    /// The same, least significant bit first.
    #[inline(always)]
    fn reverse(&mut self, probs: &mut [u16], bits: u32) -> Result<u32, Error> {
        let (mut m, mut sym) = (1usize, 0u32);
        for i in 0..bits {
            let b = self.bit(&mut probs[m])?;
            m = (m << 1) | b as usize;
            sym |= b << i;
        }
        Ok(sym)
    }
}

/// A match length's probabilities.
struct Len {
    choice: u16,
    choice2: u16,
    low: [[u16; 8]; POS_STATES_MAX],
    mid: [[u16; 8]; POS_STATES_MAX],
    high: [u16; 256],
}

impl Len {
    const fn new() -> Len {
        Len {
            choice: 1024,
            choice2: 1024,
            low: [[1024; 8]; POS_STATES_MAX],
            mid: [[1024; 8]; POS_STATES_MAX],
            high: [1024; 256],
        }
    }

    #[inline(always)]
    fn decode(&mut self, rc: &mut Range, pos_state: usize) -> Result<u32, Error> {
        if rc.bit(&mut self.choice)? == 0 {
            return rc.tree(&mut self.low[pos_state], 3);
        }
        if rc.bit(&mut self.choice2)? == 0 {
            return Ok(8 + rc.tree(&mut self.mid[pos_state], 3)?);
        }
        Ok(16 + rc.tree(&mut self.high, 8)?)
    }
}

/// Every adaptive probability of a stream, all starting at one half (1024 of 2048).
struct Model {
    literal: [u16; LITERAL_PROBS],
    is_match: [u16; STATES * POS_STATES_MAX],
    is_rep: [u16; STATES],
    is_rep_g0: [u16; STATES],
    is_rep_g1: [u16; STATES],
    is_rep_g2: [u16; STATES],
    is_rep0_long: [u16; STATES * POS_STATES_MAX],
    pos_slot: [[u16; 64]; 4],
    spec_pos: [u16; 1 + FULL_DISTANCES - END_POS_MODEL as usize],
    align: [u16; 16],
    len: Len,
    rep_len: Len,
}

impl Model {
    const fn new() -> Model {
        Model {
            literal: [1024; LITERAL_PROBS],
            is_match: [1024; STATES * POS_STATES_MAX],
            is_rep: [1024; STATES],
            is_rep_g0: [1024; STATES],
            is_rep_g1: [1024; STATES],
            is_rep_g2: [1024; STATES],
            is_rep0_long: [1024; STATES * POS_STATES_MAX],
            pos_slot: [[1024; 64]; 4],
            spec_pos: [1024; 1 + FULL_DISTANCES - END_POS_MODEL as usize],
            align: [1024; 16],
            len: Len::new(),
            rep_len: Len::new(),
        }
    }
}

/// Decodes a raw LZMA1 stream with properties byte `props` (lc, lp, pb as `(pb·5 + lp)·9 + lc`)
/// until `out` is full. An end marker before then is [`Error::Truncated`].
pub fn decode(props: u8, input: &[u8], out: &mut [u8]) -> Result<(), Error> {
    Decoder::new(props, input)?.run(out, out.len())
}

/// A decode that can stop and go on: [`Decoder::run`] fills `out` up to a given length, so the
/// page unpacks its wasm in short tasks (one call was a ~45 ms task before the first paint).
pub struct Decoder<'a> {
    rc: Range<'a>,
    /// ~30 KB: boxed would be kinder to small stacks, but this crate has no allocator; wasm's
    /// stack is 1 MB and native threads' 2 MB or more (the page keeps its decoder in a static).
    m: Model,
    lc: u32,
    pb_mask: usize,
    lp_mask: usize,
    state: usize,
    reps: [usize; 4],
    /// Bytes written.
    pos: usize,
    /// Bytes of the last match still to copy (a run stopped inside it).
    pending: usize,
}

impl<'a> Decoder<'a> {
    pub fn new(props: u8, input: &'a [u8]) -> Result<Decoder<'a>, Error> {
        if props >= 9 * 5 * 5 {
            return Err(Error::Properties);
        }
        let (lc, lp, pb) = (props as u32 % 9, (props as u32 / 9) % 5, props as u32 / 45);
        if lc + lp > MAX_LCLP {
            return Err(Error::Properties);
        }
        Ok(Decoder {
            rc: Range::new(input)?,
            m: Model::new(),
            lc,
            pb_mask: (1 << pb) - 1,
            lp_mask: (1 << lp) - 1,
            state: 0,
            reps: [0; 4],
            pos: 0,
            pending: 0,
        })
    }

    /// Bytes written so far.
    pub fn pos(&self) -> usize {
        self.pos
    }

    /// Decodes into `out` until `until` bytes (at most `out.len()`) are written. `out` must be
    /// the same buffer at every call (matches copy from what earlier calls wrote).
    pub fn run(&mut self, out: &mut [u8], until: usize) -> Result<(), Error> {
        let n = until.min(out.len());
        let (rc, m) = (&mut self.rc, &mut self.m);
        let (mut pos, mut state, mut reps) = (self.pos, self.state, self.reps);
        let mut pending = self.pending;
        let result = loop {
            if pending > 0 {
                let from = pos - reps[0] - 1;
                let end = (pos + pending).min(n);
                // Byte by byte: a match may overlap the bytes it writes.
                for k in pos..end {
                    out[k] = out[k - pos + from];
                }
                pending -= end - pos;
                pos = end;
            }
            if pos >= n {
                break Ok(());
            }
            match symbol(
                rc,
                m,
                out,
                pos,
                &mut state,
                &mut reps,
                self.lc,
                self.lp_mask,
                self.pb_mask,
            ) {
                Ok(Some(len)) => pending = len,
                Ok(None) => pos += 1,
                Err(e) => break Err(e),
            }
        };
        (self.pos, self.state, self.reps, self.pending) = (pos, state, reps, pending);
        result
    }
}

/// Decodes one symbol at `pos`: a literal or a single repeated byte (written; `None`), or a
/// match (`Some(length)`, with `reps[0]` its distance, for the caller to copy).
#[allow(clippy::too_many_arguments)]
#[inline(never)]
fn symbol(
    rc: &mut Range,
    m: &mut Model,
    out: &mut [u8],
    pos: usize,
    state: &mut usize,
    reps: &mut [usize; 4],
    lc: u32,
    lp_mask: usize,
    pb_mask: usize,
) -> Result<Option<usize>, Error> {
    // The coder in locals, not behind a pointer: in wasm its fields then stay in registers
    // instead of a load and a store per bit. Out of line, and called once a symbol, this is the
    // function the engine optimises first.
    let mut local = *rc;
    let res = (|| {
        let rc = &mut local;
        let pos_state = pos & pb_mask;
        let st = *state;
        if rc.bit(&mut m.is_match[(st << 4) + pos_state])? == 0 {
            let prev = if pos > 0 { out[pos - 1] as usize } else { 0 };
            let base = 0x300 * (((pos & lp_mask) << lc) + (prev >> (8 - lc)));
            let probs = &mut m.literal[base..base + 0x300];
            let mut sym = 1usize;
            if st >= 7 {
                let at = pos.wrapping_sub(reps[0] + 1);
                let mut matched = *out.get(at).ok_or(Error::Corrupt)? as usize;
                while sym < 0x100 {
                    let match_bit = (matched >> 7) & 1;
                    matched <<= 1;
                    let bit = rc.bit(&mut probs[((1 + match_bit) << 8) + sym])? as usize;
                    sym = (sym << 1) | bit;
                    if match_bit != bit {
                        break;
                    }
                }
            }
            while sym < 0x100 {
                sym = (sym << 1) | rc.bit(&mut probs[sym])? as usize;
            }
            out[pos] = sym as u8;
            *state = if st < 4 {
                0
            } else if st < 10 {
                st - 3
            } else {
                st - 6
            };
            return Ok(None);
        }
        let len;
        if rc.bit(&mut m.is_rep[st])? == 1 {
            if pos == 0 {
                return Err(Error::Corrupt);
            }
            if rc.bit(&mut m.is_rep_g0[st])? == 0 {
                if rc.bit(&mut m.is_rep0_long[(st << 4) + pos_state])? == 0 {
                    // A single byte at the last distance.
                    *state = if st < 7 { 9 } else { 11 };
                    out[pos] = *out
                        .get(pos.wrapping_sub(reps[0] + 1))
                        .ok_or(Error::Corrupt)?;
                    return Ok(None);
                }
            } else {
                let dist;
                if rc.bit(&mut m.is_rep_g1[st])? == 0 {
                    dist = reps[1];
                } else {
                    if rc.bit(&mut m.is_rep_g2[st])? == 0 {
                        dist = reps[2];
                    } else {
                        dist = reps[3];
                        reps[3] = reps[2];
                    }
                    reps[2] = reps[1];
                }
                reps[1] = reps[0];
                reps[0] = dist;
            }
            len = m.rep_len.decode(rc, pos_state)?;
            *state = if st < 7 { 8 } else { 11 };
        } else {
            reps[3] = reps[2];
            reps[2] = reps[1];
            reps[1] = reps[0];
            len = m.len.decode(rc, pos_state)?;
            *state = if st < 7 { 7 } else { 10 };
            let slot = rc.tree(&mut m.pos_slot[len.min(3) as usize], 6)?;
            reps[0] = if slot < 4 {
                slot as usize
            } else {
                let bits = (slot >> 1) - 1;
                let base = (2 | (slot & 1)) << bits;
                if slot < END_POS_MODEL {
                    let at = (base - slot) as usize;
                    base as usize + rc.reverse(&mut m.spec_pos[at..], bits)? as usize
                } else {
                    let high = rc.direct(bits - 4)? << 4;
                    let low = rc.reverse(&mut m.align, 4)?;
                    // The end marker's distance is 0xFFFF_FFFF: it lands in `Truncated` below.
                    base.wrapping_add(high).wrapping_add(low) as usize
                }
            };
            if reps[0] == u32::MAX as usize {
                return Err(Error::Truncated);
            }
        }
        if reps[0] >= pos {
            return Err(Error::Corrupt);
        }
        Ok(Some(len as usize + 2))
    })();
    *rc = local;
    res
}

/// The page's decoder between its boot's tasks (wasm is single-threaded: nothing else touches it).
#[cfg(target_arch = "wasm32")]
static mut DECODER: Option<Decoder<'static>> = None;

#[cfg(target_arch = "wasm32")]
fn status(r: Result<(), Error>) -> u32 {
    match r {
        Ok(()) => 0,
        Err(Error::Properties) => 1,
        Err(Error::Truncated) => 2,
        Err(Error::Corrupt) => 3,
    }
}

/// The page's boot entry: starts unpacking `in_len` bytes at `input` (a properties byte, then
/// the raw stream), kept where they are until the end. 0 when started, else 1–3 ([`Error`]'s order).
///
/// # Safety
/// The range must lie inside this module's memory and stay unchanged while [`unlzma_run`] is called.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn unlzma_start(input: *const u8, in_len: usize) -> u32 {
    let input: &'static [u8] = unsafe { core::slice::from_raw_parts(input, in_len) };
    let Some((&props, stream)) = input.split_first() else {
        return 2;
    };
    match Decoder::new(props, stream) {
        Ok(d) => {
            unsafe { *core::ptr::addr_of_mut!(DECODER) = Some(d) };
            0
        }
        Err(e) => status(Err(e)),
    }
}

/// Goes on unpacking into the `out_len` bytes at `out` until `until` of them are written; 0 when
/// done so far, else 1–3 ([`Error`]'s order; 2 also before any [`unlzma_start`]).
///
/// # Safety
/// The range must lie inside this module's memory, not overlap the input, and be the same at
/// every call.
#[cfg(target_arch = "wasm32")]
#[no_mangle]
pub unsafe extern "C" fn unlzma_run(out: *mut u8, out_len: usize, until: usize) -> u32 {
    let out = unsafe { core::slice::from_raw_parts_mut(out, out_len) };
    match unsafe { (*core::ptr::addr_of_mut!(DECODER)).as_mut() } {
        Some(d) => status(d.run(out, until)),
        None => 2,
    }
}

#[cfg(all(target_arch = "wasm32", not(test)))]
#[panic_handler]
fn panic(_: &core::panic::PanicInfo) -> ! {
    core::arch::wasm32::unreachable()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `data` packed by liblzma (xz's "alone" format: its 13-byte header gives way to the
    /// properties byte this decoder takes).
    fn pack(data: &[u8], lc: u32, lp: u32, pb: u32) -> (u8, Vec<u8>) {
        let mut opts = xz2::stream::LzmaOptions::new_preset(9).unwrap();
        opts.literal_context_bits(lc)
            .literal_position_bits(lp)
            .position_bits(pb);
        let mut s = xz2::stream::Stream::new_lzma_encoder(&opts).unwrap();
        let mut out = Vec::with_capacity(data.len() + 1024);
        loop {
            let rest = &data[s.total_in() as usize..];
            let status = s.process_vec(rest, &mut out, xz2::stream::Action::Finish);
            if status.unwrap() == xz2::stream::Status::StreamEnd {
                break;
            }
            out.reserve(out.capacity().max(4096));
        }
        ((pb * 5 + lp) as u8 * 9 + lc as u8, out.split_off(13))
    }

    fn samples() -> Vec<Vec<u8>> {
        let mut state = 7u64;
        let mut noise = move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1);
            (state >> 33) as u8
        };
        let text: Vec<u8> = (0..40_000)
            .flat_map(|i| {
                format!("row {i}, revenue {}.{:02}\n", i * 37 % 1000, i % 100).into_bytes()
            })
            .collect();
        vec![
            Vec::new(),
            b"a".to_vec(),
            vec![0u8; 100_000],                     // one long overlapping match
            (0..70_000).map(|_| noise()).collect(), // incompressible: literals only
            text,
            // Repeats at short distances with changes: rep0–rep3 and matched literals.
            (0..200_000u32)
                .map(|i| [b'x', b'y', (i % 7) as u8, (i / 13 % 5) as u8][(i % 4) as usize])
                .collect(),
        ]
    }

    #[test]
    fn what_liblzma_packs_unpacks_the_same() {
        for data in samples() {
            for (lc, lp, pb) in [(3, 0, 2), (3, 0, 0), (0, 2, 0), (4, 0, 4), (1, 3, 1)] {
                let (props, stream) = pack(&data, lc, lp, pb);
                let mut out = vec![0u8; data.len()];
                assert_eq!(decode(props, &stream, &mut out), Ok(()));
                assert!(out == data, "lc {lc} lp {lp} pb {pb}, {} bytes", data.len());
                // A shorter output is the data's start; a longer one meets the end marker.
                let mut head = vec![0u8; data.len() / 2];
                assert_eq!(decode(props, &stream, &mut head), Ok(()));
                assert!(head[..] == data[..data.len() / 2]);
                let mut more = vec![0u8; data.len() + 1];
                assert_eq!(decode(props, &stream, &mut more), Err(Error::Truncated));
            }
        }
    }

    #[test]
    fn unpacking_in_steps_equals_unpacking_at_once() {
        // Steps of 1 byte stop inside every match; odd sizes cut literals and matches alike.
        for data in samples().into_iter().skip(2) {
            let (props, stream) = pack(&data, 3, 0, 0);
            for step in [1, 7, 4096, 1 << 18] {
                let mut d = Decoder::new(props, &stream).unwrap();
                let mut out = vec![0u8; data.len()];
                let mut calls = 0;
                while d.pos() < out.len() {
                    d.run(&mut out, d.pos() + step).unwrap();
                    calls += 1;
                }
                assert!(out == data, "step {step}");
                assert_eq!(
                    calls,
                    data.len().div_ceil(step),
                    "each run stops at its mark"
                );
            }
        }
    }

    #[test]
    fn damaged_input_is_an_error_never_a_panic() {
        let data = &samples()[4][..30_000];
        let (props, stream) = pack(data, 3, 0, 2);
        let mut out = vec![0u8; data.len()];
        // Every cut: an error, or (cut in the coder's last flushed bytes) the whole data.
        for cut in (0..stream.len())
            .step_by(97)
            .chain(stream.len() - 8..stream.len())
        {
            match decode(props, &stream[..cut], &mut out) {
                Ok(()) => assert!(out == data && cut + 8 >= stream.len(), "cut {cut}"),
                Err(e) => assert!(matches!(e, Error::Truncated | Error::Corrupt), "cut {cut}"),
            }
        }
        // Every byte changed in turn (a sample of them): whatever comes out, no panic.
        let mut bad = stream.clone();
        for k in (0..bad.len()).step_by(53) {
            bad[k] ^= 0x5a;
            let _ = decode(props, &bad, &mut out);
            bad[k] ^= 0x5a;
        }
        assert_eq!(
            decode(props, &[1, 0, 0, 0, 0], &mut out),
            Err(Error::Corrupt)
        );
        assert_eq!(decode(props, &[0, 0], &mut out), Err(Error::Corrupt));
        assert_eq!(decode(225, &stream, &mut out), Err(Error::Properties));
        assert_eq!(decode(8 + 9, &stream, &mut out), Err(Error::Properties)); // lc 8, lp 1
    }
}
