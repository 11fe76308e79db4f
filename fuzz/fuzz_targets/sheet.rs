//! Fuzz target: `sheet::Workbook::open` and `grid` on every sheet must return data or an error
//! on any bytes — never panic, hang or allocate without bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use social_roi_core::sheet::{Cell, Workbook, MAX_CELLS, MAX_COLS, MAX_ROWS};

fuzz_target!(|data: &[u8]| {
    let Ok(mut wb) = Workbook::open(data) else {
        return;
    };
    assert!(matches!(wb.format(), "xlsx" | "ods" | "xls"));
    for name in wb.sheet_names() {
        if let Ok(grid) = wb.grid(&name) {
            assert!(grid.len() <= MAX_ROWS);
            let cells: usize = grid.iter().map(|r| r.len() + 1).sum();
            assert!(cells <= MAX_CELLS);
            for row in &grid {
                assert!(row.len() <= MAX_COLS);
                // rows end with a value, never with padding
                assert!(row.last() != Some(&Cell::Empty));
                for c in row {
                    if let Cell::Text(s) = c {
                        assert!(!s.is_empty());
                    }
                }
            }
        }
    }
});
