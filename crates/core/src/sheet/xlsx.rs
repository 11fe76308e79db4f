//! Office Open XML workbooks (.xlsx, .xlsm): workbook, relationships, shared strings, styles,
//! and sheet cells.
//!
//! Elements are matched by local name, so prefixed documents (`x:c`) and strict OOXML read the
//! same. Text handling follows Excel (and calamine): `<t>` text is trimmed unless
//! `xml:space="preserve"`, phonetic runs (`<rPh>`) are skipped, `_xHHHH_` escapes are decoded.

use super::xml::{self, local, Event, Reader, Tag};
use super::zip::Archive;
use super::{
    err, is_builtin_date_format, is_date_format, iso_to_serial, Cell, GridBuilder, DAYS_1904,
};
use crate::Result;

pub(crate) struct Xlsx {
    archive: Archive,
    /// (name, zip path of the sheet part)
    sheets: Vec<(String, Option<String>)>,
    strings: Vec<String>,
    /// Per `cellXfs` index: whether its number format shows a date.
    date_styles: Vec<bool>,
    is_1904: bool,
}

/// An OOXML package: a workbook part or at least the package relationships.
pub(crate) fn is_xlsx(a: &Archive) -> bool {
    a.find("xl/workbook.xml").is_some() || a.find("_rels/.rels").is_some()
}

struct Rel {
    id: String,
    kind: String,
    target: String,
}

fn read_rels(a: &mut Archive, part: &str) -> Result<Vec<Rel>> {
    let (dir, file) = part.rsplit_once('/').unwrap_or(("", part));
    let path = if dir.is_empty() {
        format!("_rels/{file}.rels")
    } else {
        format!("{dir}/_rels/{file}.rels")
    };
    if a.find(&path).is_none() {
        return Ok(Vec::new());
    }
    let bytes = a.read(&path)?;
    let mut r = Reader::new(&bytes);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Event::Start(t) if t.local() == b"Relationship" => {
                if t.attr("TargetMode").as_deref() == Some("External") {
                    continue;
                }
                let (Some(id), Some(target)) = (t.attr("Id"), t.attr("Target")) else {
                    continue;
                };
                out.push(Rel {
                    id,
                    kind: t.attr("Type").unwrap_or_default(),
                    target: resolve(dir, &target),
                });
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Resolves a relationship target against the source part's folder (`..`, `.`, absolute `/`).
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in target.split(['/', '\\']) {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

fn rel_of_kind<'r>(rels: &'r [Rel], suffix: &str) -> Option<&'r Rel> {
    rels.iter().find(|r| r.kind.ends_with(suffix))
}

impl Xlsx {
    pub(crate) fn open(mut archive: Archive) -> Result<Xlsx> {
        let root = read_rels(&mut archive, "")?;
        let wb_path = rel_of_kind(&root, "/officeDocument")
            .map(|r| r.target.clone())
            .filter(|p| archive.find(p).is_some())
            .unwrap_or_else(|| "xl/workbook.xml".to_owned());
        if archive.find(&wb_path).is_none() {
            return Err(super::not_spreadsheet(
                "a zip archive that is not a spreadsheet",
            ));
        }
        let wb = archive.read(&wb_path)?;
        let rels = read_rels(&mut archive, &wb_path)?;
        let mut r = Reader::new(&wb);
        let mut sheets = Vec::new();
        let mut is_1904 = false;
        let mut root_seen = false;
        loop {
            match r.next()? {
                Event::Start(t) => {
                    if !root_seen {
                        root_seen = true;
                        if t.local() != b"workbook" {
                            return Err(super::not_spreadsheet(
                                "an Office document that is not a spreadsheet",
                            ));
                        }
                    }
                    match t.local() {
                        b"workbookPr" => {
                            is_1904 = matches!(
                                t.attr("date1904").as_deref().map(str::trim),
                                Some("1" | "true")
                            );
                        }
                        b"sheet" => {
                            let name = t.attr("name").unwrap_or_default();
                            let id = t.raw_attr(|n| n.ends_with(b":id")).map(xml::decode_text);
                            let path = id
                                .and_then(|id| rels.iter().find(|r| r.id == id))
                                .map(|r| r.target.clone());
                            sheets.push((name, path));
                        }
                        _ => {}
                    }
                }
                Event::Eof => break,
                _ => {}
            }
        }
        if !root_seen {
            return Err(err("the workbook part is empty"));
        }
        let strings_path = rel_of_kind(&rels, "/sharedStrings")
            .map(|r| r.target.clone())
            .unwrap_or_else(|| "xl/sharedStrings.xml".to_owned());
        let strings = match archive.find(&strings_path) {
            Some(_) => read_shared_strings(&archive.read(&strings_path)?)?,
            None => Vec::new(),
        };
        let styles_path = rel_of_kind(&rels, "/styles")
            .map(|r| r.target.clone())
            .unwrap_or_else(|| "xl/styles.xml".to_owned());
        let date_styles = match archive.find(&styles_path) {
            Some(_) => read_styles(&archive.read(&styles_path)?)?,
            None => Vec::new(),
        };
        Ok(Xlsx {
            archive,
            sheets,
            strings,
            date_styles,
            is_1904,
        })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    pub(crate) fn grid(&mut self, index: usize) -> Result<Vec<Vec<Cell>>> {
        let Some(path) = self.sheets[index].1.clone() else {
            return Err(err(format!(
                "the sheet \"{}\" has no data part in the file",
                self.sheets[index].0
            )));
        };
        let bytes = self.archive.read(&path)?;
        self.parse_sheet(&bytes)
    }

    fn parse_sheet(&self, bytes: &[u8]) -> Result<Vec<Vec<Cell>>> {
        let mut g = GridBuilder::new();
        let mut r = Reader::new(bytes);
        let mut in_data = false;
        let (mut row, mut col) = (0u64, 0u64);
        loop {
            match r.next()? {
                Event::Start(t) => match t.local() {
                    b"sheetData" => in_data = true,
                    b"row" if in_data => {
                        if let Some(n) = t.attr("r") {
                            row = n
                                .trim()
                                .parse::<u64>()
                                .ok()
                                .and_then(|n| n.checked_sub(1))
                                .ok_or_else(|| err(format!("bad row number \"{n}\"")))?;
                        }
                        col = 0;
                    }
                    b"c" if in_data => {
                        let (rr, cc) = match t.attr("r") {
                            Some(a) => parse_ref(&a)
                                .ok_or_else(|| err(format!("bad cell reference \"{a}\"")))?,
                            None => (row, col),
                        };
                        let cell = self.read_cell(&mut r, &t)?;
                        g.set(rr, cc, cell)?;
                        col = cc + 1;
                    }
                    _ => {}
                },
                Event::End(n) => match local(n) {
                    b"row" if in_data => row += 1,
                    b"sheetData" => in_data = false,
                    _ => {}
                },
                Event::Eof => return Ok(g.finish()),
                _ => {}
            }
        }
    }

    /// Reads a `<c>` element's children up to its end and makes the cell.
    fn read_cell(&self, r: &mut Reader, c: &Tag) -> Result<Cell> {
        let t = c.attr("t");
        let style = c.attr("s").and_then(|s| s.trim().parse::<usize>().ok());
        let mut v: Option<String> = None;
        let mut inline: Option<String> = None;
        let mut formula = false;
        loop {
            match r.next()? {
                Event::Start(e) => match e.local() {
                    b"v" => v = Some(read_text(r)?),
                    b"is" => inline = Some(read_rich(r)?),
                    b"f" => {
                        formula = true;
                        r.skip_element()?;
                    }
                    _ => r.skip_element()?,
                },
                Event::End(_) => break,
                Event::Eof => return Err(err("a sheet ends inside a cell")),
                _ => {}
            }
        }
        if let Some(s) = inline {
            return Ok(text(s));
        }
        // `<f>..</f><v/>`: an empty result is no result either (a formula's empty text is
        // typed `str`)
        let v = v.filter(|s| !(formula && s.trim().is_empty() && t.as_deref() != Some("str")));
        let Some(v) = v else {
            // a formula whose result the writing program never computed (libraries that write
            // xlsx without a calculation engine)
            return Ok(if formula {
                Cell::Error(super::FORMULA_WITHOUT_VALUE.to_owned())
            } else {
                Cell::Empty
            });
        };
        Ok(match t.as_deref().map(str::trim) {
            Some("s") => v
                .trim()
                .parse::<usize>()
                .ok()
                .and_then(|i| self.strings.get(i))
                .map_or(Cell::Empty, |s| text(s.clone())),
            Some("b") => match v.trim() {
                "1" | "true" | "TRUE" => Cell::Bool(true),
                "0" | "false" | "FALSE" => Cell::Bool(false),
                "" => Cell::Empty,
                _ => text(v),
            },
            Some("e") => Cell::Error(v.trim().to_owned()),
            Some("str") | Some("inlineStr") => text(unescape_x(&v)),
            Some("d") => match iso_to_serial(&v) {
                Some(d) => Cell::Date(d),
                None => text(v),
            },
            _ => match v.trim() {
                "" => Cell::Empty,
                s => match crate::decimal::parse_f64(s) {
                    Some(n) if style.is_some_and(|i| self.date_styles.get(i) == Some(&true)) => {
                        Cell::Date(if self.is_1904 { n + DAYS_1904 } else { n })
                    }
                    Some(n) => Cell::Number(n),
                    None => text(v),
                },
            },
        })
    }
}

fn text(s: String) -> Cell {
    if s.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(s)
    }
}

/// `A1`-style reference to 0-based (row, col).
fn parse_ref(a: &str) -> Option<(u64, u64)> {
    let a = a.trim().as_bytes();
    let letters = a.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    if letters == 0 || letters > 3 {
        return None;
    }
    let col = a[..letters].iter().fold(0u64, |c, b| {
        c * 26 + (b.to_ascii_uppercase() - b'A' + 1) as u64
    });
    let digits = std::str::from_utf8(&a[letters..]).ok()?;
    let row: u64 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col - 1))
}

/// The text content of the element just opened, up to its end.
fn read_text(r: &mut Reader) -> Result<String> {
    let mut s = String::new();
    loop {
        match r.next()? {
            Event::Text(t) => xml::push_decoded(t, &mut s),
            Event::CData(t) => s.push_str(&String::from_utf8_lossy(t)),
            Event::Start(_) => r.skip_element()?,
            Event::End(_) => return Ok(s),
            Event::Eof => return Err(err("a sheet part ends inside a value")),
        }
    }
}

/// A string item (`<si>` or `<is>`): plain `<t>` or rich-text runs `<r><t>`, phonetic runs
/// skipped; reads up to the end of the element just opened.
fn read_rich(r: &mut Reader) -> Result<String> {
    let mut s = String::new();
    let mut depth = 1usize;
    loop {
        match r.next()? {
            Event::Start(t) => match t.local() {
                b"t" => {
                    let preserve = t.attr("xml:space").as_deref() == Some("preserve");
                    let v = read_text(r)?;
                    let v = if preserve {
                        v.as_str()
                    } else {
                        v.trim_matches([' ', '\t', '\r', '\n'])
                    };
                    s.push_str(&unescape_x(v));
                }
                b"rPh" | b"rPr" | b"phoneticPr" => r.skip_element()?,
                _ => depth += 1,
            },
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(s);
                }
            }
            Event::Eof => return Err(err("a string part ends inside a string")),
            _ => {}
        }
    }
}

fn read_shared_strings(bytes: &[u8]) -> Result<Vec<String>> {
    let mut r = Reader::new(bytes);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            Event::Start(t) if t.local() == b"si" => out.push(read_rich(&mut r)?),
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Which `cellXfs` entries show dates (built-in ids, or custom `numFmts` codes).
fn read_styles(bytes: &[u8]) -> Result<Vec<bool>> {
    let mut r = Reader::new(bytes);
    let mut custom: Vec<(u32, bool)> = Vec::new();
    let mut xf_ids: Vec<u32> = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        match r.next()? {
            Event::Start(t) => match t.local() {
                b"numFmt" => {
                    if let Some(id) = t.attr("numFmtId").and_then(|v| v.trim().parse().ok()) {
                        let code = t.attr("formatCode").unwrap_or_default();
                        custom.push((id, is_date_format(&code)));
                    }
                }
                b"cellXfs" => in_cell_xfs = true,
                b"xf" if in_cell_xfs => {
                    xf_ids.push(
                        t.attr("numFmtId")
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0),
                    );
                    r.skip_element()?;
                }
                _ => {}
            },
            Event::End(n) if local(n) == b"cellXfs" => in_cell_xfs = false,
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(xf_ids
        .into_iter()
        .map(|id| match custom.iter().rev().find(|(c, _)| *c == id) {
            Some((_, d)) => *d,
            None => is_builtin_date_format(id),
        })
        .collect())
}

/// Decodes Excel's `_xHHHH_` escapes (control characters, surrogate pairs).
fn unescape_x(s: &str) -> String {
    if !s.contains("_x") {
        return s.to_owned();
    }
    let b = s.as_bytes();
    let unit = |i: usize| -> Option<u32> {
        let h = b.get(i..i + 7)?;
        if &h[..2] != b"_x" || h[6] != b'_' {
            return None;
        }
        u32::from_str_radix(std::str::from_utf8(&h[2..6]).ok()?, 16).ok()
    };
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let Some(u) = unit(i) else {
            i += 1;
            continue;
        };
        out.push_str(&s[copied..i]);
        i += 7;
        let c = match u {
            0xD800..=0xDBFF => match unit(i) {
                Some(lo @ 0xDC00..=0xDFFF) => {
                    i += 7;
                    char::from_u32(0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00))
                }
                _ => None,
            },
            u => char::from_u32(u),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
        copied = i;
    }
    out.push_str(&s[copied..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_and_paths() {
        assert_eq!(parse_ref("A1"), Some((0, 0)));
        assert_eq!(parse_ref("b3"), Some((2, 1)));
        assert_eq!(parse_ref("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(parse_ref("A0"), None);
        assert_eq!(parse_ref("1A"), None);
        assert_eq!(parse_ref("ABCD1"), None);
        assert_eq!(
            resolve("xl", "worksheets/sheet1.xml"),
            "xl/worksheets/sheet1.xml"
        );
        assert_eq!(resolve("xl", "/xl/worksheets/s.xml"), "xl/worksheets/s.xml");
        assert_eq!(
            resolve("xl/worksheets", "../sharedStrings.xml"),
            "xl/sharedStrings.xml"
        );
        assert_eq!(resolve("", "../../x"), "x");
    }

    #[test]
    fn escapes() {
        assert_eq!(unescape_x("a_x000D_b"), "a\rb");
        assert_eq!(unescape_x("_xD83D__xDE00_"), "\u{1F600}");
        assert_eq!(unescape_x("_xD83D_x"), "\u{FFFD}x");
        assert_eq!(unescape_x("_x12_ é _x00e9_"), "_x12_ é é");
    }

    #[test]
    fn shared_strings_rich_text_and_spaces() {
        let s = br#"<sst xmlns="x"><si><t>plain</t></si><si><r><rPr><b/></rPr><t>bold</t></r><r><t xml:space="preserve"> and </t></r><r><t>rest</t></r><rPh sb="0" eb="1"><t>PHON</t></rPh></si><si><t>  trimmed
</t></si><si><t/></si><si/></sst>"#;
        let v = read_shared_strings(s).unwrap();
        assert_eq!(v, ["plain", "bold and rest", "trimmed", "", ""]);
    }

    #[test]
    fn styles_pick_date_formats() {
        let s = br#"<styleSheet><numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
        <cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
        <cellXfs><xf numFmtId="0"/><xf numFmtId="14" applyNumberFormat="1"><alignment/></xf><xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="10"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
        assert_eq!(
            read_styles(s).unwrap(),
            [false, true, true, false, false, true]
        );
    }
}
