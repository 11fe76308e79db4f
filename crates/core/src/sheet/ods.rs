//! OpenDocument spreadsheets (.ods): `content.xml` tables, rows and cells with repeats.
//!
//! Repeats are never expanded for empty cells or rows: files routinely end a sheet with
//! `number-rows-repeated="1048553"` blank rows, and those cost nothing here. Only non-empty
//! repeated cells are materialised, within the grid limits.

use super::xml::{Event, Reader, Tag};
use super::zip::Archive;
use super::{err, iso_duration_days, iso_to_serial, Cell, GridBuilder, MAX_COLS, MAX_ROWS};
use crate::Result;

pub(crate) struct Ods {
    content: Vec<u8>,
    /// (name, byte offset just after the `<table:table>` start tag; None: `<table:table/>`)
    sheets: Vec<(String, Option<usize>)>,
}

/// An ODF package with a content part that is not some other ODF document type.
pub(crate) fn is_ods(a: &Archive) -> bool {
    a.find("content.xml").is_some()
}

const MAX_SPACES: usize = 1000;

impl Ods {
    pub(crate) fn open(mut archive: Archive) -> Result<Ods> {
        if archive.find("mimetype").is_some() {
            let mime = archive.read("mimetype")?;
            let mime = String::from_utf8_lossy(&mime);
            if !mime.trim().is_empty() && !mime.contains("spreadsheet") {
                return Err(super::not_spreadsheet(
                    "an OpenDocument file that is not a spreadsheet",
                ));
            }
        }
        let content = archive.read("content.xml")?;
        let mut sheets = Vec::new();
        let mut r = Reader::new(&content);
        let mut depth = 0usize;
        let mut spreadsheet = false;
        loop {
            match r.next()? {
                Event::Start(t) => match t.name {
                    b"office:spreadsheet" => spreadsheet = true,
                    b"table:table" => {
                        if depth == 0 {
                            let body = (!r.self_closing()).then(|| r.position());
                            sheets.push((t.attr("table:name").unwrap_or_default(), body));
                        }
                        depth += 1;
                    }
                    _ => {}
                },
                Event::End(b"table:table") => depth = depth.saturating_sub(1),
                Event::Eof => break,
                _ => {}
            }
        }
        if !spreadsheet {
            return Err(super::not_spreadsheet(
                "an OpenDocument file that is not a spreadsheet",
            ));
        }
        Ok(Ods { content, sheets })
    }

    pub(crate) fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    pub(crate) fn grid(&mut self, index: usize) -> Result<Vec<Vec<Cell>>> {
        let Some(start) = self.sheets[index].1 else {
            return Ok(Vec::new());
        };
        let mut r = Reader::new(&self.content[start..]);
        let mut g = GridBuilder::new();
        let mut row = 0u64;
        let mut nested = 0usize;
        loop {
            match r.next()? {
                Event::Start(t) if t.name == b"table:table" => nested += 1,
                Event::End(b"table:table") => {
                    if nested == 0 {
                        return Ok(g.finish());
                    }
                    nested -= 1;
                }
                Event::Start(t) if t.name == b"table:table-row" && nested == 0 => {
                    let repeat = repeats(&t, "table:number-rows-repeated");
                    let cells = read_row(&mut r)?;
                    if !cells.is_empty() {
                        // a non-empty row repeated past the sheet's end is cut there
                        let repeat = repeat.min((MAX_ROWS as u64).saturating_sub(row).max(1));
                        for k in 0..repeat {
                            for (col, cell) in &cells {
                                g.set(row + k, *col, cell.clone())?;
                            }
                        }
                    }
                    row = row.saturating_add(repeat);
                }
                Event::Eof => return Ok(g.finish()),
                _ => {}
            }
        }
    }
}

fn repeats(t: &Tag, attr: &str) -> u64 {
    t.attr(attr)
        .and_then(|v| v.trim().parse::<u64>().ok())
        .filter(|&n| n > 0)
        .unwrap_or(1)
}

/// The non-empty cells of the row just opened, as (0-based column, cell).
fn read_row(r: &mut Reader) -> Result<Vec<(u64, Cell)>> {
    let mut out = Vec::new();
    let mut col = 0u64;
    loop {
        match r.next()? {
            Event::Start(t)
                if t.name == b"table:table-cell" || t.name == b"table:covered-table-cell" =>
            {
                let repeat = repeats(&t, "table:number-columns-repeated");
                let cell = read_cell(r, &t)?;
                if cell != Cell::Empty {
                    let repeat = repeat.min((MAX_COLS as u64).saturating_sub(col).max(1));
                    for k in 0..repeat {
                        out.push((col + k, cell.clone()));
                    }
                }
                col = col.saturating_add(repeat);
            }
            Event::Start(_) => r.skip_element()?,
            Event::End(_) => return Ok(out),
            Event::Eof => return Err(err("the sheet ends inside a row")),
            _ => {}
        }
    }
}

/// The value of the cell element just opened, reading up to its end.
fn read_cell(r: &mut Reader, t: &Tag) -> Result<Cell> {
    let kind = t
        .attr("office:value-type")
        .or_else(|| t.attr("calcext:value-type"))
        .unwrap_or_default();
    let error = t.attr("calcext:value-type").as_deref() == Some("error");
    let cell = match kind.as_str() {
        "float" | "percentage" | "currency" => t
            .attr("office:value")
            .and_then(|v| crate::decimal::parse_f64(v.trim()))
            .map_or(Cell::Empty, Cell::Number),
        "date" => match t.attr("office:date-value") {
            Some(v) => iso_to_serial(&v).map_or(Cell::Text(v), Cell::Date),
            None => Cell::Empty,
        },
        "time" => match t.attr("office:time-value") {
            Some(v) => iso_duration_days(&v).map_or(Cell::Text(v), Cell::Date),
            None => Cell::Empty,
        },
        "boolean" => match t.attr("office:boolean-value").as_deref().map(str::trim) {
            Some("true" | "TRUE" | "1") => Cell::Bool(true),
            Some(_) => Cell::Bool(false),
            None => Cell::Empty,
        },
        "string" => {
            let text = match t.attr("office:string-value") {
                Some(v) if !(error && v.is_empty()) => {
                    r.skip_element()?;
                    v
                }
                _ => return Ok(cell_text(read_paragraphs(r)?, error)),
            };
            return Ok(cell_text(text, error));
        }
        _ => Cell::Empty,
    };
    r.skip_element()?;
    Ok(cell)
}

fn cell_text(s: String, error: bool) -> Cell {
    match (s.is_empty(), error) {
        (true, _) => Cell::Empty,
        (false, true) => Cell::Error(s),
        (false, false) => Cell::Text(s),
    }
}

/// A string cell's paragraphs joined by newlines: spans and links inline, `text:s` spaces,
/// tabs and line breaks; annotations (comments) skipped.
fn read_paragraphs(r: &mut Reader) -> Result<String> {
    let mut s = String::new();
    let mut depth = 1usize;
    let mut paragraphs = 0usize;
    loop {
        match r.next()? {
            Event::Start(t) => match t.name {
                b"office:annotation" => r.skip_element()?,
                b"text:p" | b"text:h" => {
                    if paragraphs > 0 {
                        s.push('\n');
                    }
                    paragraphs += 1;
                    depth += 1;
                }
                b"text:s" => {
                    let n = t
                        .attr("text:c")
                        .and_then(|v| v.trim().parse::<usize>().ok())
                        .unwrap_or(1);
                    s.extend(std::iter::repeat_n(' ', n.min(MAX_SPACES)));
                    r.skip_element()?;
                }
                b"text:tab" => {
                    s.push('\t');
                    r.skip_element()?;
                }
                b"text:line-break" => {
                    s.push('\n');
                    r.skip_element()?;
                }
                _ => depth += 1,
            },
            Event::Text(t) => super::xml::push_decoded(t, &mut s),
            Event::CData(t) => s.push_str(&String::from_utf8_lossy(t)),
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return Ok(s);
                }
            }
            Event::Eof => return Err(err("the sheet ends inside a cell")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::zip::tests::make_zip;
    use super::*;

    fn ods(body: &str) -> Ods {
        let content = format!(
            "<?xml version=\"1.0\"?><office:document-content><office:body><office:spreadsheet>{body}</office:spreadsheet></office:body></office:document-content>"
        );
        let z = make_zip(
            &[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.spreadsheet",
                    false,
                ),
                ("content.xml", content.as_bytes(), true),
            ],
            false,
        );
        Ods::open(Archive::new(&z).unwrap()).unwrap()
    }

    #[test]
    fn repeats_are_not_materialised_when_empty() {
        let mut o = ods(
            r#"<table:table table:name="S"><table:table-column table:number-columns-repeated="1024"/>
            <table:table-row table:number-rows-repeated="2"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            <table:table-row><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="float" office:value="1.5" table:number-columns-repeated="2"/><table:table-cell table:number-columns-repeated="16000"/></table:table-row>
            <table:table-row table:number-rows-repeated="2"><table:table-cell office:value-type="boolean" office:boolean-value="true"/></table:table-row>
            <table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="16384"/></table:table-row>
            </table:table><table:table table:name="Empty"/>"#,
        );
        assert_eq!(o.sheet_names(), ["S", "Empty"]);
        let g = o.grid(0).unwrap();
        assert_eq!(
            g,
            vec![
                vec![],
                vec![],
                vec![
                    Cell::Empty,
                    Cell::Empty,
                    Cell::Number(1.5),
                    Cell::Number(1.5)
                ],
                vec![Cell::Bool(true)],
                vec![Cell::Bool(true)],
            ]
        );
        assert_eq!(o.grid(1).unwrap(), Vec::<Vec<Cell>>::new());
    }

    #[test]
    fn value_types_and_text() {
        let mut o = ods(r#"<table:table table:name="T"><table:table-row>
            <table:table-cell office:value-type="percentage" office:value="0.25"><text:p>25%</text:p></table:table-cell>
            <table:table-cell office:value-type="currency" office:currency="EUR" office:value="-3"><text:p>-3 €</text:p></table:table-cell>
            <table:table-cell office:value-type="date" office:date-value="2024-01-01T12:00:00"><text:p>x</text:p></table:table-cell>
            <table:table-cell office:value-type="time" office:time-value="PT06H00M00S"/>
            <table:table-cell office:value-type="string"><text:p>a<text:s text:c="3"/>b<text:span text:style-name="T1">c</text:span><text:tab/>&amp;</text:p><text:p>line<text:line-break/>2</text:p><office:annotation><text:p>note</text:p></office:annotation></table:table-cell>
            <table:covered-table-cell/>
            <table:table-cell office:value-type="string" office:string-value="attr"><text:p>ignored</text:p></table:table-cell>
            <table:table-cell office:value-type="string" calcext:value-type="error" office:string-value=""><text:p>#DIV/0!</text:p></table:table-cell>
            <table:table-cell office:value-type="boolean" office:boolean-value="false"/>
            <table:table-cell office:value-type="string"><text:p/></table:table-cell>
            <table:table-cell office:value-type="string"><text:p><text:s text:c="999999999"/></text:p></table:table-cell>
            </table:table-row></table:table>"#);
        let g = o.grid(0).unwrap();
        assert_eq!(g[0][0], Cell::Number(0.25));
        assert_eq!(g[0][1], Cell::Number(-3.0));
        assert_eq!(g[0][2], Cell::Date(45292.5));
        assert_eq!(g[0][3], Cell::Date(0.25));
        assert_eq!(g[0][4], Cell::Text("a   bc\t&\nline\n2".into()));
        assert_eq!(g[0][5], Cell::Empty);
        assert_eq!(g[0][6], Cell::Text("attr".into()));
        assert_eq!(g[0][7], Cell::Error("#DIV/0!".into()));
        assert_eq!(g[0][8], Cell::Bool(false));
        assert_eq!(g[0][9], Cell::Empty);
        assert_eq!(g[0][10], Cell::Text(" ".repeat(MAX_SPACES)));
    }

    #[test]
    fn self_closing_table_before_a_real_one() {
        let mut o = ods(
            r#"<table:table table:name="A"/><table:table table:name="B"><table:table-row><table:table-cell office:value-type="float" office:value="2"/></table:table-row></table:table>"#,
        );
        assert_eq!(o.sheet_names(), ["A", "B"]);
        assert!(o.grid(0).unwrap().is_empty());
        assert_eq!(o.grid(1).unwrap(), [[Cell::Number(2.0)]]);
    }

    #[test]
    fn not_a_spreadsheet() {
        let z = make_zip(
            &[
                (
                    "mimetype",
                    b"application/vnd.oasis.opendocument.text",
                    false,
                ),
                ("content.xml", b"<office:document-content/>", false),
            ],
            false,
        );
        let e = Ods::open(Archive::new(&z).unwrap())
            .err()
            .expect("an error");
        assert_eq!(e.kind_code(), "binary_or_not_text");
    }
}
