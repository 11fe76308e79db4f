//! Differential tests: `sheet::Workbook` against calamine (the reader it replaced) on every
//! workbook in `tests/sheets/` and the xlsx fixture, every sheet, cell by cell.
//!
//! calamine trims leading/trailing empty rows and columns; cells outside its range must be
//! Empty in ours. Dates compare as 1900-system serials (calamine keeps 1904 serials as stored
//! and gives ODS dates and times as ISO strings, converted here).

use std::io::Cursor;
use std::path::PathBuf;

use calamine::{Data, Reader};
use social_roi_core::sheet::{Cell, Workbook};
use social_roi_core::Date;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn workbooks() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("tests/sheets"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("xlsx" | "ods" | "xls")
            )
        })
        .collect();
    v.sort();
    v.push(root().join("tests/fixtures/xlsx_weekly_marketing/input.xlsx"));
    assert!(v.len() >= 10, "{v:?}");
    v
}

fn iso_serial(s: &str) -> f64 {
    let (date, time) = s.split_once('T').unwrap_or((s, ""));
    let p: Vec<&str> = date.split('-').collect();
    let d = Date::from_ymd(
        p[0].parse().unwrap(),
        p[1].parse().unwrap(),
        p[2].parse().unwrap(),
    )
    .unwrap();
    let mut serial = d.days() as f64 + 25_569.0;
    if !time.is_empty() {
        let t: Vec<f64> = time.split(':').map(|x| x.parse().unwrap()).collect();
        serial += (t[0] * 3600.0 + t[1] * 60.0 + t.get(2).copied().unwrap_or(0.0)) / 86_400.0;
    }
    serial
}

fn duration_days(s: &str) -> f64 {
    // PTnnHnnMnnS as ODS writes it
    let s = s.trim_start_matches("PT");
    let (h, rest) = s.split_once('H').unwrap();
    let (m, rest) = rest.split_once('M').unwrap();
    let sec = rest.trim_end_matches('S');
    (h.parse::<f64>().unwrap() * 3600.0
        + m.parse::<f64>().unwrap() * 60.0
        + sec.parse::<f64>().unwrap())
        / 86_400.0
}

fn same(ours: &Cell, theirs: &Data) -> bool {
    match (ours, theirs) {
        (Cell::Empty, Data::Empty) => true,
        (Cell::Empty, Data::String(s)) => s.is_empty(),
        (Cell::Number(a), Data::Float(b)) => a == b || (a.is_nan() && b.is_nan()),
        (Cell::Number(a), Data::Int(b)) => *a == *b as f64,
        (Cell::Date(a), Data::DateTime(dt)) => {
            let shift = if format!("{dt:?}").contains("is_1904: true") {
                1462.0
            } else {
                0.0
            };
            *a == dt.as_f64() + shift
        }
        (Cell::Date(a), Data::DateTimeIso(s)) => (*a - iso_serial(s)).abs() < 1e-9,
        (Cell::Date(a), Data::DurationIso(s)) => (*a - duration_days(s)).abs() < 1e-9,
        (Cell::Text(a), Data::String(b)) => a == b,
        // ODS error cells: calamine gives their text as a string
        (Cell::Error(a), Data::String(b)) => a == b,
        (Cell::Error(a), Data::Error(e)) => {
            *a == e.to_string() || (a == "#GETTING_DATA" && e.to_string() == "#DATA!")
        }
        (Cell::Bool(a), Data::Bool(b)) => a == b,
        _ => false,
    }
}

#[test]
fn every_sheet_matches_calamine() {
    let mut compared = 0usize;
    let mut non_empty = 0usize;
    for path in workbooks() {
        let bytes = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let mut ours = Workbook::open(&bytes).unwrap_or_else(|e| panic!("{name}: {e}"));
        let mut theirs = calamine::open_workbook_auto_from_rs(Cursor::new(bytes.clone())).unwrap();
        let ext = path.extension().unwrap().to_str().unwrap();
        assert_eq!(ours.format(), ext, "{name}");
        assert_eq!(ours.sheet_names(), theirs.sheet_names(), "{name}");
        for sheet in ours.sheet_names() {
            let grid = ours
                .grid(&sheet)
                .unwrap_or_else(|e| panic!("{name}/{sheet}: {e}"));
            let range = theirs.worksheet_range(&sheet).unwrap();
            let (r0, c0) = range.start().unwrap_or((0, 0));
            let mut seen = std::collections::HashSet::new();
            for (r, c, d) in range.cells() {
                let (r, c) = (r + r0 as usize, c + c0 as usize);
                seen.insert((r, c));
                let mine = grid
                    .get(r)
                    .and_then(|row| row.get(c))
                    .unwrap_or(&Cell::Empty);
                assert!(
                    same(mine, d),
                    "{name}/{sheet} R{}C{}: ours {mine:?}, calamine {d:?}",
                    r + 1,
                    c + 1
                );
                compared += 1;
                if *mine != Cell::Empty {
                    non_empty += 1;
                }
            }
            for (r, row) in grid.iter().enumerate() {
                for (c, cell) in row.iter().enumerate() {
                    if !seen.contains(&(r, c)) {
                        assert_eq!(
                            *cell,
                            Cell::Empty,
                            "{name}/{sheet} R{}C{} outside calamine's range",
                            r + 1,
                            c + 1
                        );
                    }
                }
            }
        }
    }
    assert!(non_empty > 15_000, "{non_empty} of {compared}");
}
