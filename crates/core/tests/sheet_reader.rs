//! `sheet::Workbook` on the generated workbooks in `tests/sheets/` (known cells in each format,
//! 1904 conversion, hand-written OOXML details) and on hostile input: truncations, bit flips,
//! random bytes behind valid signatures, archives that are not spreadsheets.

use std::path::PathBuf;

use social_roi_core::sheet::{Cell, Workbook};

fn read(name: &str) -> Vec<u8> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/sheets")
        .join(name);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

fn grid(name: &str, sheet: &str) -> Vec<Vec<Cell>> {
    Workbook::open(&read(name)).unwrap().grid(sheet).unwrap()
}

fn at(g: &[Vec<Cell>], a1: &str) -> Cell {
    let col = (a1.as_bytes()[0] - b'A') as usize;
    let row: usize = a1[1..].parse().unwrap();
    g.get(row - 1)
        .and_then(|r| r.get(col))
        .cloned()
        .unwrap_or(Cell::Empty)
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_owned())
}

#[test]
fn known_cells_in_every_format() {
    for (file, fmt) in [
        ("basic.xlsx", "xlsx"),
        ("basic.ods", "ods"),
        ("basic.xls", "xls"),
    ] {
        let mut wb = Workbook::open(&read(file)).unwrap();
        assert_eq!(wb.format(), fmt);
        let names = wb.sheet_names();
        assert!(
            names.starts_with(&["Data".to_owned()]) && names.contains(&"Notes".to_owned()),
            "{names:?}"
        );
        let g = wb.grid("Data").unwrap();
        assert_eq!(at(&g, "A1"), text("Weekly marketing export"), "{file}");
        assert_eq!(
            g[1],
            Vec::<Cell>::new(),
            "{file}: blank row 2 kept as a row"
        );
        assert_eq!(at(&g, "C3"), text("Revenue €"), "{file}");
        assert_eq!(at(&g, "A4"), Cell::Date(45292.0), "{file}: 2024-01-01");
        assert_eq!(at(&g, "B4"), Cell::Number(100.0), "{file}");
        assert_eq!(at(&g, "C4"), Cell::Number(1234.5), "{file}");
        assert_eq!(
            at(&g, "D4"),
            Cell::Number(0.02),
            "{file}: percentage as fraction"
        );
        assert_eq!(at(&g, "E4"), text("organic"), "{file}");
        assert_eq!(at(&g, "F5"), Cell::Empty, "{file}");
        assert_eq!(at(&g, "A33"), Cell::Date(45292.0 + 7.0 * 29.0), "{file}");
        let notes = wb.grid("Notes").unwrap();
        assert_eq!(at(&notes, "C4"), text("Source: shop export"), "{file}");
        assert_eq!(
            notes[3][..2],
            [Cell::Empty, Cell::Empty],
            "{file}: leading columns kept"
        );
        assert!(wb.grid("Empty").unwrap().is_empty(), "{file}");
        let e = wb.grid("Nope").err().unwrap();
        assert_eq!(e.kind_code(), "spreadsheet");
        assert!(e.to_string().contains("Notes"), "{e}");
    }
    // xlsx and xls: the extra cells below the table
    for file in ["basic.xlsx", "basic.xls"] {
        let g = grid(file, "Data");
        assert_eq!(at(&g, "J40"), text("far right"), "{file}");
        assert!(
            matches!(at(&g, "A42"), Cell::Date(d) if (d - 45356.604166).abs() < 1e-5),
            "{file}"
        );
        assert!(
            matches!(at(&g, "A43"), Cell::Date(d) if (d - 0.2604166).abs() < 1e-6),
            "{file}: time"
        );
        assert_eq!(at(&g, "B43"), Cell::Bool(true), "{file}");
        assert_eq!(at(&g, "E42"), text("  padded text  "), "{file}");
    }
    // ods: spans, spaces, tabs, paragraphs, covered cell, repeated values, huge empty tail
    let g = grid("basic.ods", "Data");
    assert_eq!(g.len(), 42);
    let row = &g[38];
    assert_eq!(row[0], Cell::Date(45356.0 + 14.5 / 24.0));
    assert_eq!(row[5], text("a   b spanned\tc\nsecond\npara"));
    assert_eq!(row[6], Cell::Empty);
    assert_eq!(row[7..9], [Cell::Bool(true), Cell::Bool(false)]);
    assert!(matches!(row[9], Cell::Date(d) if (d - 6.25 / 24.0).abs() < 1e-12));
    assert_eq!(
        row[10..],
        [Cell::Number(7.0), Cell::Number(7.0), Cell::Number(7.0)]
    );
    // xls: shared strings spread over CONTINUE records, text stored as UTF-16
    let g = grid("basic.xls", "Strings");
    assert_eq!(g.len(), 700);
    assert_eq!(
        at(&g, "A700"),
        text(&format!("label number 699 {}", "ž".repeat(699 % 13)))
    );
}

#[test]
fn wide_sheets() {
    for file in ["wide.xlsx", "wide.ods", "wide.xls"] {
        let g = grid(file, "Wide");
        let cols = if file.ends_with("xls") { 256 } else { 300 };
        assert_eq!(g.len(), 20, "{file}");
        assert_eq!(g[0].len(), cols, "{file}");
        assert_eq!(g[0][0], text("h1"));
        assert_eq!(g[1][2], Cell::Number(2003.5), "{file}");
        assert!(g[6].is_empty(), "{file}: row 7 is all holes");
        assert_eq!(at(&g, "G1"), Cell::Empty, "{file}: hole at G1");
    }
}

#[test]
fn epoch_1904_is_converted_to_the_1900_system() {
    for file in ["epoch1904.xlsx", "epoch1904.xls"] {
        let g = grid(file, "Mac");
        assert_eq!(at(&g, "A2"), Cell::Date(45285.0), "{file}: 2023-12-25");
        assert_eq!(at(&g, "B3"), Cell::Number(1.5), "{file}");
    }
    let g = grid("epoch1904.xlsx", "Mac");
    assert_eq!(at(&g, "A12"), Cell::Date(1462.0 + 1.5), "1904-01-02 12:00");
}

#[test]
fn hand_written_ooxml_details() {
    let mut wb = Workbook::open(&read("handmade.xlsx")).unwrap();
    assert_eq!(wb.sheet_names(), ["Hand & made", "Second"]);
    let g = wb.grid("Hand & made").unwrap();
    assert_eq!(
        g[0],
        [
            text("Date"),
            text("Revenue €"),
            text("  spaced  "),
            text("Flag")
        ]
    );
    assert_eq!(
        g[1],
        [
            Cell::Date(45292.0),
            Cell::Number(12.5),
            text("a <b> & c\r"),
            Cell::Bool(true),
            Cell::Error("#DIV/0!".into())
        ]
    );
    assert_eq!(
        g[2],
        [
            Cell::Date(45293.75),
            Cell::Number(-3.0),
            text(" inline "),
            Cell::Bool(false)
        ]
    );
    assert_eq!(
        g[3],
        [
            Cell::Number(1000.0),
            Cell::Empty,
            Cell::Empty,
            Cell::Number(0.125),
            text("AB\"'")
        ]
    );
    assert_eq!(g[5], [text("<cdata & text>"), Cell::Number(7.0)]);
    assert_eq!(
        g[6],
        [
            Cell::Error("#N/A".into()),
            text("line1\nline2"),
            Cell::Empty,
            Cell::Number(2.0)
        ]
    );
    assert_eq!(g[8], [Cell::Empty, Cell::Empty, text("last")]);
    let g = wb.grid("Second").unwrap();
    assert_eq!(
        g[1],
        [Cell::Empty, Cell::Date(45351.25), Cell::Date(45352.0)]
    );
}

#[test]
fn fixture_xlsx_reads() {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../tests/fixtures/xlsx_weekly_marketing/input.xlsx");
    let mut wb = Workbook::open(&std::fs::read(p).unwrap()).unwrap();
    let first = wb.sheet_names()[0].clone();
    let g = wb.grid(&first).unwrap();
    assert!(g.len() > 5);
    assert!(g.iter().flatten().any(|c| matches!(c, Cell::Date(_))));
    assert!(g.iter().flatten().any(|c| matches!(c, Cell::Number(_))));
}

/// Deterministic xorshift so failures reproduce.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

fn exercise(bytes: &[u8]) {
    if let Ok(mut wb) = Workbook::open(bytes) {
        let _ = wb.format();
        for s in wb.sheet_names() {
            let _ = wb.grid(&s);
        }
    }
}

#[test]
fn truncated_and_bit_flipped_workbooks_never_panic() {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    for file in [
        "basic.xlsx",
        "basic.ods",
        "basic.xls",
        "handmade.xlsx",
        "epoch1904.xls",
    ] {
        let b = read(file);
        let step = (b.len() / 150).max(1);
        for cut in (0..b.len()).step_by(step) {
            exercise(&b[..cut]);
        }
        for _ in 0..150 {
            let mut m = b.clone();
            for _ in 0..1 + rng.next() % 4 {
                let i = (rng.next() as usize) % m.len();
                m[i] ^= 1 << (rng.next() % 8);
            }
            exercise(&m);
        }
    }
}

#[test]
fn random_bytes_behind_valid_signatures() {
    let mut rng = Rng(42);
    let sigs: [&[u8]; 4] = [
        b"PK\x03\x04",
        b"PK\x05\x06",
        &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
        &[0x09, 0x08, 0x10, 0x00, 0x00, 0x06, 0x05, 0x00],
    ];
    for sig in sigs {
        for len in [0usize, 10, 100, 511, 512, 513, 2000, 5000] {
            let mut b = sig.to_vec();
            b.extend((0..len).map(|_| rng.next() as u8));
            exercise(&b);
        }
    }
    // a valid xls header with garbage sectors behind it
    let xls = read("epoch1904.xls");
    let mut b = xls[..512].to_vec();
    b.extend((0..4096).map(|_| rng.next() as u8));
    exercise(&b);
}

/// A stored-only zip of (name, data) entries.
fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut cd = Vec::new();
    for (name, data) in entries {
        let off = out.len() as u32;
        let mut h = vec![0x50, 0x4B, 3, 4, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        h.extend((data.len() as u32).to_le_bytes());
        h.extend((data.len() as u32).to_le_bytes());
        h.extend((name.len() as u16).to_le_bytes());
        h.extend([0, 0]);
        out.extend(h);
        out.extend(name.as_bytes());
        out.extend(*data);
        let mut c = vec![
            0x50, 0x4B, 1, 2, 20, 0, 20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
        ];
        c.extend((data.len() as u32).to_le_bytes());
        c.extend((data.len() as u32).to_le_bytes());
        c.extend((name.len() as u16).to_le_bytes());
        c.extend([0; 12]);
        c.extend(off.to_le_bytes());
        c.extend(name.as_bytes());
        cd.extend(c);
    }
    let cd_off = out.len() as u32;
    out.extend(&cd);
    out.extend([0x50, 0x4B, 5, 6, 0, 0, 0, 0]);
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((entries.len() as u16).to_le_bytes());
    out.extend((cd.len() as u32).to_le_bytes());
    out.extend(cd_off.to_le_bytes());
    out.extend([0, 0]);
    out
}

#[test]
fn archives_that_are_not_spreadsheets() {
    let not = |b: &[u8]| Workbook::open(b).expect_err("an error").kind_code();
    assert_eq!(
        not(&zip(&[("photo.jpg", b"\xff\xd8\xff")])),
        "binary_or_not_text"
    );
    assert_eq!(not(&zip(&[])), "binary_or_not_text");
    let docx_rels = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;
    assert_eq!(
        not(&zip(&[
            ("_rels/.rels", docx_rels),
            ("word/document.xml", b"<w:document/>")
        ])),
        "binary_or_not_text"
    );
    assert_eq!(
        not(&zip(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", b"<office:document-content/>")
        ])),
        "binary_or_not_text"
    );
    assert_eq!(not(b"hello, world"), "binary_or_not_text");
    let xlsb_rels = br#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.bin"/></Relationships>"#;
    for z in [
        zip(&[("xl/workbook.bin", b"")]),
        zip(&[
            ("_rels/.rels", xlsb_rels),
            ("xl/workbook.bin", b"\x83\x01\x00"),
        ]),
    ] {
        let e = Workbook::open(&z).err().unwrap();
        assert!(e.to_string().contains("xlsb"), "{e}");
    }
    // a workbook whose sheet part is missing: opens, and the sheet fails cleanly
    let wb = br#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#;
    let mut w = Workbook::open(&zip(&[("xl/workbook.xml", wb)])).unwrap();
    assert_eq!(w.sheet_names(), ["S"]);
    assert_eq!(w.grid("S").err().unwrap().kind_code(), "spreadsheet");
}

#[test]
fn hostile_xlsx_content() {
    let wb = br#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#;
    let rels =
        br#"<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/></Relationships>"#;
    let sheet = |data: &str| {
        let xml = format!("<worksheet><sheetData>{data}</sheetData></worksheet>");
        let z = zip(&[
            ("xl/workbook.xml", wb),
            ("xl/_rels/workbook.xml.rels", rels),
            ("xl/worksheets/s.xml", xml.as_bytes()),
        ]);
        Workbook::open(&z).unwrap().grid("S")
    };
    // the last cell of the largest sheet is fine; beyond it is an error, not an allocation
    let g = sheet(r#"<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>"#).unwrap();
    assert_eq!(g.len(), 1_048_576);
    assert_eq!(g[1_048_575].len(), 16_384);
    assert!(sheet(r#"<row><c r="XFE1"><v>1</v></c></row>"#).is_err());
    assert!(sheet(r#"<row><c r="A1048577"><v>1</v></c></row>"#).is_err());
    assert!(sheet(r#"<row r="0"><c><v>1</v></c></row>"#).is_err());
    // too many cells: far-right cells on many rows hit the cell cap
    let many: String = (1..=700)
        .map(|r| format!(r#"<row r="{r}"><c r="XFD{r}"><v>1</v></c></row>"#))
        .collect();
    let e = sheet(&many).err().unwrap();
    assert!(e.to_string().contains("more than"), "{e}");
    // unterminated markup and bad values
    assert!(sheet(r#"<row><c r="A1"><v>1"#).is_err() || sheet(r#"<row><c r="A1"><v>1"#).is_ok());
    let g = sheet(r#"<row><c t="s"><v>99</v></c><c t="n"><v>abc</v></c><c t="b"><v>2</v></c><c t="zz"><v>5</v></c></row>"#).unwrap();
    assert_eq!(
        g,
        [[Cell::Empty, text("abc"), text("2"), Cell::Number(5.0)]]
    );
}

/// Formulas saved without their result (openpyxl and other writers without a calculation
/// engine) are marked, so the ingestion can say why the column is empty; an empty text result
/// (`t="str"`) is a value.
#[test]
fn formulas_without_a_saved_result_are_marked() {
    use social_roi_core::sheet::FORMULA_WITHOUT_VALUE;
    let wb = br#"<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>"#;
    let rels =
        br#"<Relationships><Relationship Id="rId1" Target="worksheets/s.xml"/></Relationships>"#;
    let xml = r#"<worksheet><sheetData><row r="1"><c t="inlineStr"><is><t>date</t></is></c><c t="inlineStr"><is><t>spend</t></is></c><c t="inlineStr"><is><t>roas</t></is></c><c t="inlineStr"><is><t>note</t></is></c></row><row r="2"><c s="0"><v>45352</v></c><c><v>10</v></c><c><f>B2*2</f><v /></c><c t="str"><f>""</f><v></v></c></row><row r="3"><c><v>45353</v></c><c><v>11</v></c><c><f>B3*2</f></c><c><f>B3</f><v>11</v></c></row></sheetData></worksheet>"#;
    let z = zip(&[
        ("xl/workbook.xml", wb),
        ("xl/_rels/workbook.xml.rels", rels),
        ("xl/worksheets/s.xml", xml.as_bytes()),
    ]);
    let g = Workbook::open(&z).unwrap().grid("S").unwrap();
    let no_value = Cell::Error(FORMULA_WITHOUT_VALUE.into());
    assert_eq!(g[1][2], no_value);
    assert_eq!(g[1].get(3).cloned().unwrap_or(Cell::Empty), Cell::Empty);
    assert_eq!(g[2][2], no_value);
    assert_eq!(g[2][3], Cell::Number(11.0));
    // through the ingestion: an empty column, and a notice saying why and what to do
    let l = social_roi_core::ingest::read("f.xlsx", &z, &Default::default()).unwrap();
    assert!(l
        .report
        .notices
        .iter()
        .any(|n| n.starts_with("2 formula cells have no saved result")));
}
