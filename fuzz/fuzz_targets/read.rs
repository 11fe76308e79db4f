//! Fuzz target: `ingest::read` on arbitrary bytes must return a table or an error, never panic.
//! The first byte picks a few option variants so overrides are exercised too.
#![no_main]

use libfuzzer_sys::fuzz_target;
use social_roi_core::ingest::{
    self, AggRule, Aggregate, ColumnKind, ColumnOverride, Options, Period,
};

fuzz_target!(|data: &[u8]| {
    let Some((&sel, bytes)) = data.split_first() else {
        return;
    };
    let mut opts = Options::default();
    if sel & 1 != 0 {
        opts.delimiter = Some([b',', b';', b'\t', b'|'][(sel >> 1) as usize & 3]);
    }
    if sel & 8 != 0 {
        opts.aggregate = Some(
            Aggregate::new([Period::Day, Period::Week, Period::Month][(sel >> 4) as usize % 3])
                .rule("b", AggRule::Last),
        );
    }
    if sel & 64 != 0 {
        opts.columns.push(
            ColumnOverride::new("a")
                .kind(ColumnKind::Number)
                .decimal(b','),
        );
    }
    if sel & 128 != 0 {
        opts.no_date_column = true;
    }
    if let Ok(l) = ingest::read("fuzz.csv", bytes, &opts) {
        // the table is rectangular and the report serialises
        let n = l.table.n_rows();
        assert!(l.table.columns.iter().all(|c| c.len() == n));
        assert!(l.table.dates().is_none_or(|d| d.len() == n));
        let _ = l.report.columns.len();
    }
});
