//! Corpus replay: the reference inputs under every option variant the fuzz targets use, and every
//! crash the fuzzer found (as a regression), through `read` and through `ReadJob` with tiny
//! budgets. Cheap enough for CI; the real fuzzing is `cargo +nightly fuzz run read` (fuzz/).
mod support;

use social_roi_core::ingest::{
    self, AggRule, Aggregate, ColumnKind, ColumnOverride, Options, Period, ReadJob,
};

/// fuzz/artifacts/read/crash-d6fa9cd4…: a NIST-like column with a multi-byte character right
/// before a `0:00`-like time (the date parser sliced inside the character).
const CRASH_1: &str = concat!(
    "00790a3239392e38350a3239392e37340a3239392e39300a3330302e30370a3239392e39330a3239392e38350a323939",
    "2e39350a3239392e39380a3330302e39380a3239392e38380a3330302e30300a3239392e39380a3239392e39330a3239",
    "392e36350a3239392e37360a3239392e38310a3330302e30300a3330302e30300a3239392e39360a3239392e39360a32",
    "0a3330302e30370a3239392e39330a3239392e38350a3239392e39350a3239392e39380a3330302e39380a3239392e38",
    "380a3330302e30300a3239392e39380a3239392e39330a3239392e36350a3239392e37360a3239392e38310a3330302e",
    "30300a3330302e30300a3239392e39360a3239392e39360a3239392e39360a3239392e39340a3239392e39360a323939",
    "2e39340a3239392e38380a3239392e38300a3239feff6461392e38350a3239392e38380a3239392e39300a3239392e38",
    "340a3239392e38330a3239392e37390a3239392e38310a3239392e38380a3239392e38380a3239392e38330a3239396e",
    "38300a3239392e37390a3239392e37360a3239392e38300a32392b392e38380a3239392e38380a3239392e38380a3239",
    "392e38360a3239392e37320a3239392e37320a3239392e36320a3239392e38360a3239392e39370a3239392e39350a32",
    "39392e38380a3239392e39310a3239392e38350a3239392e38370a3239392e38340a3239392e38340a3239392e38350a",
    "3239392e38340a3239392e3a340a3239392e38340a3239392e38390a3239392e38310a3239392e38310a3239392e3832",
    "0a3239392e38300a3239320a3239392e38340a3239392e38350a3239392e38350a3239392e37380a3239392e38390a32",
    "39392e38340a3239392e37380a3239392e38310a3239392e39330a3239392e36350a3239392e37360a3239392e38310a",
    "3330302e30300a3330302e30300a3239392e39360a3239392e39360a320a3330302e30370a3239392e39330a3239392e",
    "38350a3239392e39350a3239392e350a3239392e38300a3239392e38310a323939392e39360a3239392e39340a323939",
    "2e39360a3239392e39340a3239392e38380a3239392e38300a3239feff6461392e38350a3239392e38380a3239392e39",
    "300a3239392e38340a3239392e38330a3239392e37390a3239392e38310a3239392e38380a3239392e38380a3239392e",
    "38330a3239396e38300a3239392e37390a3239392e37360a3239392e38300a32392b392e38380a3239392e38380a3239",
    "392e38380a3239392e38360a3239392e37320a3239392e37320a3239392e36320a3239392e38360a3239392e39370a32",
    "39392e39350a3239392e38380a3239392e39310a3239392e38350a3239392e38370a3239392e38340a3239392e38340a",
    "3239392e38350a3239392e38340affffff843a340a3239392e38340a3239392e38390a3239392e38310a3239392e3831",
    "0a3239392e38320a3239392e38300a3239320a3239392e38340a3239392e38350a3239392e38350a3239392e37380a32",
    "39392e38390a3239392e38340a3239392e37380a3239392e38310a3239392e37360a3239392e38310a3239392e37390a",
    "3239392e38310a3239392e38320a3239392e38350a3239392e38370a3239392e38370a3239392e38310a3239392e3734",
    "0a3239392e38310a3239392e39340a323939c32e39350a3239392e38300a3239392e38310a3239392e38370a",
);

fn unhex(s: &str) -> Vec<u8> {
    (0..s.len() / 2)
        .map(|i| u8::from_str_radix(&s[2 * i..2 * i + 2], 16).unwrap())
        .collect()
}

/// The option variants of fuzz_targets/read.rs, selected by the first byte.
fn options(sel: u8) -> Options {
    let mut o = Options::default();
    if sel & 1 != 0 {
        o.delimiter = Some([b',', b';', b'\t', b'|'][(sel >> 1) as usize & 3]);
    }
    if sel & 8 != 0 {
        o.aggregate = Some(
            Aggregate::new([Period::Day, Period::Week, Period::Month][(sel >> 4) as usize % 3])
                .rule("b", AggRule::Last),
        );
    }
    if sel & 64 != 0 {
        o.columns.push(
            ColumnOverride::new("a")
                .kind(ColumnKind::Number)
                .decimal(b','),
        );
    }
    if sel & 128 != 0 {
        o.no_date_column = true;
    }
    o
}

fn replay(data: &[u8]) {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let opts = options(sel);
    let one = ingest::read("x", bytes, &opts);
    if let Ok(l) = &one {
        let n = l.table.n_rows();
        assert!(l.table.columns.iter().all(|c| c.len() == n));
    }
    let mut job = ReadJob::new("x".into(), bytes.to_vec(), opts);
    let stepped = loop {
        match job.step(sel as usize % 61 + 1) {
            Ok(Some(l)) => break Ok(l),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
    };
    match (one, stepped) {
        (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (Err(a), Err(b)) => assert_eq!((a.kind_code(), a.line()), (b.kind_code(), b.line())),
        (a, b) => panic!("read {:?} vs ReadJob {:?}", a.map(|_| ()), b.map(|_| ())),
    }
}

#[test]
fn fuzz_crashes_stay_fixed() {
    replay(&unhex(CRASH_1));
}

#[test]
fn reference_inputs_under_every_option_variant() {
    for case in support::cases() {
        for input in support::input_files(&case) {
            let bytes = std::fs::read(&input).unwrap();
            for sel in [0u8, 3, 24, 64, 255] {
                let mut data = vec![sel];
                data.extend_from_slice(&bytes);
                replay(&data);
                // and cut at a few places (truncated uploads)
                for cut in [
                    1,
                    data.len() / 3,
                    data.len() / 2,
                    data.len().saturating_sub(1),
                ] {
                    replay(&data[..cut.min(data.len())]);
                }
            }
        }
    }
}
