//! Fuzz target: `ReadJob` stepped with small budgets must agree with `ingest::read` and never
//! panic; progress stays within 0..=1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use social_roi_core::ingest::{self, Options, ReadJob};

fuzz_target!(|data: &[u8]| {
    let Some((&budget, bytes)) = data.split_first() else {
        return;
    };
    let budget = budget as usize % 64 + 1;
    let one = ingest::read("fuzz.csv", bytes, &Options::default());
    let mut job = ReadJob::new("fuzz.csv".into(), bytes.to_vec(), Options::default());
    let mut steps = 0usize;
    let stepped = loop {
        let p = job.progress();
        assert!((0.0..=1.0).contains(&p));
        steps += 1;
        assert!(steps < 10 * bytes.len() + 100, "too many steps");
        match job.step(budget) {
            Ok(Some(l)) => break Ok(l),
            Ok(None) => {}
            Err(e) => break Err(e),
        }
    };
    match (one, stepped) {
        (Ok(a), Ok(b)) => assert_eq!(format!("{a:?}"), format!("{b:?}")),
        (Err(a), Err(b)) => assert_eq!((a.kind_code(), a.line()), (b.kind_code(), b.line())),
        (a, b) => panic!(
            "read and ReadJob disagree: {:?} vs {:?}",
            a.map(|_| ()),
            b.map(|_| ())
        ),
    }
});
