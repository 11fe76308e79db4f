//! A small spreadsheet reader for .xlsx, .ods and .xls: bytes in, a grid of typed cells out.
//!
//! Written by hand because a crate would bloat the wasm. Measured on the release page (wasm-opt
//! -Oz): with `calamine` the wasm was 1,015 KB raw / 509 KB gzip, without it 413 KB / 186 KB.
//! calamine with zip, quick-xml and above all encoding_rs's tables (260 KB of .rodata) costs
//! ~320 KB gzip of a 450 KB page budget. This module needs only what these three formats use:
//! a zip central-directory reader over `miniz_oxide` inflate (`zip`), a tiny XML scanner (`xml`),
//! an OLE2/CFB container reader (`cfb`) and BIFF8/BIFF5 records (`xls`). calamine stays as the
//! test oracle (dev-dependency, `tests/sheet_oracle.rs`). Measured alone in a throwaway cdylib
//! (wasm-opt -Oz): this reader is ~109 KB raw / ~58 KB gzip, ~54 KB gzip over an empty cdylib.
//!
//! Untrusted input: nothing here panics, loops without bound or allocates from a length field
//! before checking it against the real data. Limits: inflated zip entries are capped (see
//! `zip.rs`), a grid holds at most [`MAX_ROWS`] × [`MAX_COLS`] and [`MAX_CELLS`] cells.

mod cfb;
mod markup;
mod ods;
mod xls;
mod xlsx;
mod xml;
mod zip;

pub(crate) use markup::{is_markup, to_csv};

use crate::decimal::parse_f64;
use crate::{Date, Error, ErrorKind, Position, Result};

/// One cell's value as stored in the file (formulas give their cached result).
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Empty,
    Number(f64),
    /// Excel serial days with the time as fraction, always in the 1900 system (1904-system
    /// workbooks are converted): 45292.5 is 2024-01-01 12:00.
    Date(f64),
    /// Never empty: an empty string is `Cell::Empty`.
    Text(String),
    Bool(bool),
    /// An error value such as `#DIV/0!` or `#N/A`.
    Error(String),
}

/// The [`Cell::Error`] of a formula saved without its result: no value, and a reason to say so.
pub const FORMULA_WITHOUT_VALUE: &str = "#FORMULA-WITHOUT-VALUE";

/// Largest grid handed out: Excel's sheet size, and a cell count that keeps memory bounded
/// (~32 bytes a cell: 320 MB worst case; every row also counts as one cell).
pub const MAX_ROWS: usize = 1_048_576;
pub const MAX_COLS: usize = 16_384;
pub const MAX_CELLS: usize = 10_000_000;

/// Days between Excel's 1904 and 1900 date systems.
const DAYS_1904: f64 = 1462.0;

/// An opened workbook. Sheets are parsed on demand by [`Workbook::grid`].
pub struct Workbook {
    inner: Inner,
}

enum Inner {
    Xlsx(xlsx::Xlsx),
    Ods(ods::Ods),
    Xls(xls::Xls),
}

impl std::fmt::Debug for Workbook {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Workbook")
            .field("format", &self.format())
            .field("sheets", &self.sheet_names())
            .finish()
    }
}

impl Workbook {
    /// Detects the format from the bytes (zip with `xl/workbook.xml` → xlsx, zip with
    /// `content.xml` → ods, OLE2 with a `Workbook`/`Book` stream → xls) and reads the workbook's
    /// shared parts (sheet list, strings, styles). A zip or OLE2 file that is not a spreadsheet
    /// gives `ErrorKind::BinaryOrNotText`; a damaged spreadsheet `ErrorKind::Spreadsheet`.
    pub fn open(bytes: &[u8]) -> Result<Workbook> {
        let inner = if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
            let archive = zip::Archive::new(bytes)?;
            if archive.find("xl/workbook.bin").is_some()
                && archive.find("xl/workbook.xml").is_none()
            {
                return Err(err(
                    "the .xlsb (binary Excel) format is not supported; save it as .xlsx",
                ));
            } else if xlsx::is_xlsx(&archive) {
                Inner::Xlsx(xlsx::Xlsx::open(archive)?)
            } else if ods::is_ods(&archive) {
                Inner::Ods(ods::Ods::open(archive)?)
            } else {
                return Err(not_spreadsheet("a zip archive that is not a spreadsheet"));
            }
        } else if bytes.starts_with(&cfb::SIGNATURE) {
            Inner::Xls(xls::Xls::open_cfb(bytes)?)
        } else if bytes.starts_with(&[0x09, 0x08]) {
            // A bare BIFF stream without the OLE2 container (some old exporters write these).
            Inner::Xls(xls::Xls::open_stream(bytes.to_vec())?)
        } else {
            return Err(not_spreadsheet("not an xlsx, ods or xls file"));
        };
        Ok(Workbook { inner })
    }

    /// `"xlsx"`, `"ods"` or `"xls"`.
    pub fn format(&self) -> &'static str {
        match self.inner {
            Inner::Xlsx(_) => "xlsx",
            Inner::Ods(_) => "ods",
            Inner::Xls(_) => "xls",
        }
    }

    /// Names of the sheets in workbook order (xls: worksheets only, no chart sheets).
    pub fn sheet_names(&self) -> Vec<String> {
        match &self.inner {
            Inner::Xlsx(w) => w.sheet_names(),
            Inner::Ods(w) => w.sheet_names(),
            Inner::Xls(w) => w.sheet_names(),
        }
    }

    /// The cells of a sheet as rows, top-left = A1: `grid[r][c]` is the cell in spreadsheet row
    /// `r + 1`, column `c + 1`. Leading empty rows and columns are kept; trailing empty cells of a
    /// row and trailing empty rows are not (rows may differ in length).
    pub fn grid(&mut self, sheet: &str) -> Result<Vec<Vec<Cell>>> {
        let names = self.sheet_names();
        let Some(index) = names.iter().position(|n| n == sheet) else {
            return Err(err(format!(
                "there is no sheet named \"{sheet}\" (sheets: {})",
                names.join(", ")
            )));
        };
        match &mut self.inner {
            Inner::Xlsx(w) => w.grid(index),
            Inner::Ods(w) => w.grid(index),
            Inner::Xls(w) => w.grid(index),
        }
    }
}

/// A damaged or unsupported spreadsheet.
pub(crate) fn err(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Spreadsheet {
        pos: Position::default(),
        message: message.into(),
    })
}

fn not_spreadsheet(what: &str) -> Error {
    Error::new(ErrorKind::BinaryOrNotText {
        pos: Position::default().with_byte_offset(0),
        what: what.to_owned(),
    })
}

/// Builds a grid from cells given in any order, enforcing the size limits.
pub(crate) struct GridBuilder {
    rows: Vec<Vec<Cell>>,
    cells: usize,
}

impl GridBuilder {
    pub(crate) fn new() -> GridBuilder {
        GridBuilder {
            rows: Vec::new(),
            cells: 0,
        }
    }

    /// Puts a cell at 0-based (row, col); empty cells are not stored (they are the default).
    pub(crate) fn set(&mut self, row: u64, col: u64, cell: Cell) -> Result<()> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if row >= MAX_ROWS as u64 || col >= MAX_COLS as u64 {
            return Err(err(format!(
                "a cell lies outside the largest sheet ({MAX_ROWS} rows × {MAX_COLS} columns)"
            )));
        }
        let (row, col) = (row as usize, col as usize);
        if row >= self.rows.len() {
            self.grow(row + 1 - self.rows.len())?;
            self.rows.resize_with(row + 1, Vec::new);
        }
        let len = self.rows[row].len();
        if col >= len {
            self.grow(col + 1 - len)?;
            self.rows[row].resize(col + 1, Cell::Empty);
        }
        self.rows[row][col] = cell;
        Ok(())
    }

    fn grow(&mut self, n: usize) -> Result<()> {
        self.cells += n;
        if self.cells > MAX_CELLS {
            return Err(err(format!(
                "the sheet has more than {MAX_CELLS} cells; split it or remove unused rows"
            )));
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Vec<Vec<Cell>> {
        self.rows
    }
}

/// Whether a number format code shows a date or time: any of d m y h s (or an elapsed `[h]`
/// `[m]` `[s]`) in the first section, outside quotes, brackets and escapes.
pub(crate) fn is_date_format(code: &str) -> bool {
    let mut chars = code.chars();
    while let Some(c) = chars.next() {
        match c {
            ';' => return false,
            '\\' | '_' | '*' => {
                chars.next();
            }
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                }
            }
            '[' => {
                let mut inner = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inner.push(q.to_ascii_lowercase());
                }
                // [h], [mm], [ss]: elapsed time; [Red], [$-409], [>100] are not dates
                if !inner.is_empty() && inner.chars().all(|c| matches!(c, 'h' | 'm' | 's')) {
                    return true;
                }
            }
            'd' | 'D' | 'm' | 'M' | 'y' | 'Y' | 'h' | 'H' | 's' | 'S' => return true,
            _ => {}
        }
    }
    false
}

/// Built-in number formats that show dates or times (ECMA-376 18.8.30: 14–22, 45–47; and the
/// East Asian locale date formats 27–36, 50–58, as Excel and calamine treat them).
pub(crate) fn is_builtin_date_format(id: u32) -> bool {
    matches!(id, 14..=22 | 27..=36 | 45..=47 | 50..=58)
}

/// Parses an ISO 8601 date or date-time (`2024-01-15`, `2024-01-15T10:30:00.5`, an offset or `Z`
/// is ignored) into 1900-system serial days.
pub(crate) fn iso_to_serial(s: &str) -> Option<f64> {
    let s = s.trim();
    let (date, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mut parts = date.splitn(3, '-');
    let y: i32 = parts.next()?.parse().ok()?;
    let m: u32 = parts.next()?.parse().ok()?;
    let d: u32 = parts.next()?.parse().ok()?;
    let days = Date::from_ymd(y, m, d)?.days() as f64 + 25_569.0;
    // Excel counts a phantom 1900-02-29, so its serials before 1900-03-01 are one lower.
    let days = if days < 61.0 { days - 1.0 } else { days };
    let frac = match time {
        Some(t) => {
            let t = t.trim_end_matches('Z');
            let t = match t.find(['+', '-']) {
                Some(i) => &t[..i],
                None => t,
            };
            let mut hms = t.splitn(3, ':');
            let h = parse_f64(hms.next()?)?;
            let mi = hms.next().map_or(Some(0.0), parse_f64)?;
            let sec = hms.next().map_or(Some(0.0), parse_f64)?;
            if !(0.0..=24.0).contains(&h)
                || !(0.0..60.0).contains(&mi)
                || !(0.0..61.0).contains(&sec)
            {
                return None;
            }
            (h * 3600.0 + mi * 60.0 + sec) / 86_400.0
        }
        None => 0.0,
    };
    Some(days + frac)
}

/// Parses an ISO 8601 duration as ODS writes times (`PT10H30M00S`, `-P1DT2H`) into days.
pub(crate) fn iso_duration_days(s: &str) -> Option<f64> {
    let s = s.trim();
    let (neg, s) = match s.strip_prefix('-') {
        Some(r) => (true, r),
        None => (false, s),
    };
    let s = s.strip_prefix('P')?;
    let mut total = 0.0;
    let mut num = String::new();
    let mut in_time = false;
    for c in s.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' | '.' => num.push(c),
            _ => {
                let v = parse_f64(&num)?;
                num.clear();
                total += match (c, in_time) {
                    ('D', false) => v,
                    ('W', false) => v * 7.0,
                    ('H', true) => v / 24.0,
                    ('M', true) => v / 1440.0,
                    ('S', true) => v / 86_400.0,
                    _ => return None,
                };
            }
        }
    }
    if !num.is_empty() {
        return None;
    }
    Some(if neg { -total } else { total })
}

/// Little-endian readers that return `None` past the end instead of panicking.
pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([s[0], s[1]]))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

pub(crate) fn f64_at(b: &[u8], at: usize) -> Option<f64> {
    let s = b.get(at..at.checked_add(8)?)?;
    let mut a = [0u8; 8];
    a.copy_from_slice(s);
    Some(f64::from_le_bytes(a))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_formats() {
        for f in [
            "yyyy-mm-dd",
            "DD/MM/YY",
            "h:mm",
            "[h]:mm:ss",
            "mmm-yy",
            "d-mmm",
            "H:MM:SS;@",
        ] {
            assert!(is_date_format(f), "{f}");
        }
        for f in [
            "General",
            "0.00%",
            "#,##0.00",
            "0.00E+00",
            "\"days\" 0",
            "[Red]#,##0",
            "#,##0\\ [$\\u20bd-46D]",
            "0;\"d\"",
            "_-* #,##0_-",
            "@",
        ] {
            assert!(!is_date_format(f), "{f}");
        }
        assert!(is_builtin_date_format(14) && is_builtin_date_format(47));
        assert!(!is_builtin_date_format(0) && !is_builtin_date_format(10));
    }

    #[test]
    fn iso_dates() {
        assert_eq!(iso_to_serial("2024-01-01"), Some(45292.0));
        assert_eq!(iso_to_serial("2024-01-01T12:00:00"), Some(45292.5));
        assert_eq!(iso_to_serial("1900-03-01"), Some(61.0));
        assert_eq!(iso_to_serial("1900-01-01"), Some(1.0));
        assert_eq!(iso_to_serial("2024-01-01T06:00:00Z"), Some(45292.25));
        assert_eq!(iso_to_serial("2024-13-01"), None);
        assert_eq!(iso_to_serial("x"), None);
        assert_eq!(iso_duration_days("PT12H00M00S"), Some(0.5));
        assert_eq!(iso_duration_days("-P1DT12H"), Some(-1.5));
        assert_eq!(iso_duration_days("PT1X"), None);
    }

    #[test]
    fn ole2_containers() {
        use super::cfb::tests::make_cfb;
        use super::xls::tests::{make_stream, rec};
        // a small workbook stream lives in the mini stream
        let num = [&[0u8, 0, 1, 0, 0, 0][..], &2.5f64.to_le_bytes()].concat();
        let stream = make_stream(true, &[], &[rec(0x0203, &num)], "Sheet1");
        assert!(stream.len() < 4096);
        for name in ["Workbook", "Book"] {
            let f = make_cfb(&[("\u{5}SummaryInformation", b"x"), (name, &stream)], true);
            let mut wb = Workbook::open(&f).unwrap();
            assert_eq!(wb.format(), "xls");
            assert_eq!(
                wb.grid("Sheet1").unwrap(),
                [[Cell::Empty, Cell::Number(2.5)]]
            );
        }
        // and a bare BIFF stream without the container
        assert!(Workbook::open(&stream).is_ok());
        let doc = make_cfb(&[("WordDocument", &[0u8; 5000])], false);
        let e = Workbook::open(&doc).expect_err("an error");
        assert_eq!(e.kind_code(), "binary_or_not_text");
        let enc = make_cfb(
            &[("EncryptionInfo", b"i"), ("EncryptedPackage", &[1u8; 4100])],
            false,
        );
        let e = Workbook::open(&enc).expect_err("an error");
        assert!(e.to_string().contains("password"), "{e}");
    }

    #[test]
    fn grid_builder_limits() {
        let mut g = GridBuilder::new();
        g.set(2, 1, Cell::Number(1.0)).unwrap();
        g.set(0, 0, Cell::Empty).unwrap();
        assert_eq!(
            g.finish(),
            vec![vec![], vec![], vec![Cell::Empty, Cell::Number(1.0)]]
        );
        let mut g = GridBuilder::new();
        assert!(g.set(MAX_ROWS as u64, 0, Cell::Bool(true)).is_err());
        assert!(g.set(0, MAX_COLS as u64, Cell::Bool(true)).is_err());
        // 700 rows × 16,384 columns > MAX_CELLS
        let r = (0..1000).try_for_each(|r| g.set(r, MAX_COLS as u64 - 1, Cell::Bool(true)));
        assert!(r.is_err());
    }
}
