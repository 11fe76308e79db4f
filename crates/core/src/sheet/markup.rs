//! Tables that are markup under a spreadsheet's name: an HTML `<table>` saved as `.xls` (web
//! shops, banks and accounting tools export these, and Excel opens them) and Excel 2003's XML
//! Spreadsheet. Read as text they were a ragged CSV or a one-column table of tags.
//!
//! A tolerant scanner, not an HTML or XML parser (HTML tables are rarely well-formed XML: `<br>`,
//! unclosed `<td>`, `&nbsp;`): tags are read for their names and the few attributes that place
//! cells (`colspan`, `ss:Index`, `ss:Type`, `ss:Name`); the text between them is the cell's.
//! The chosen table is handed on as CSV text ([`to_csv`]): its cells are text as a CSV's are
//! (`1.200`, `345,67`, `01/03/2024`), so the text ingestion types them, with its file-wide
//! decimal and date decisions, rather than the spreadsheet's per-cell ones.

use super::{err, Cell, MAX_CELLS, MAX_COLS, MAX_ROWS};
use crate::Result;

/// Bytes looked at to recognise markup.
const SNIFF: usize = 64 * 1024;

/// Which markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Html,
    Xml2003,
}

/// The sheets found, each a name and its grid.
pub(crate) struct Markup {
    kind: Kind,
    sheets: Vec<(String, Vec<Vec<Cell>>)>,
}

/// The markup kind of `bytes`, if they start (after a UTF-8 BOM and spaces) with a tag and hold a
/// table or a spreadsheet near the start.
fn kind_of(bytes: &[u8]) -> Option<Kind> {
    let b = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = b.iter().position(|c| !c.is_ascii_whitespace())?;
    if b[start] != b'<' {
        return None;
    }
    let head = String::from_utf8_lossy(&b[start..b.len().min(start + SNIFF)]).to_ascii_lowercase();
    if head.contains("urn:schemas-microsoft-com:office:spreadsheet") && head.contains("<workbook") {
        Some(Kind::Xml2003)
    } else if head.contains("<table") {
        Some(Kind::Html)
    } else {
        None
    }
}

/// Whether the bytes are an HTML table or an XML Spreadsheet 2003.
pub(crate) fn is_markup(bytes: &[u8]) -> bool {
    kind_of(bytes).is_some()
}

/// The table to read as CSV text (every field quoted, rows padded to the widest), the names of
/// all tables, the one chosen (`sheet`, else the one with the most rows) and the format
/// (`html` or `xml`).
pub(crate) fn to_csv(
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<(Vec<u8>, Vec<String>, String, &'static str)> {
    let mut m = Markup::open(bytes)?;
    let names = m.sheet_names();
    let index = match sheet {
        Some(s) => names
            .iter()
            .position(|n| n == s || n.eq_ignore_ascii_case(s))
            .ok_or_else(|| {
                err(format!(
                    "there is no table named \"{s}\" (tables: {})",
                    names.join(", ")
                ))
            })?,
        None => (0..m.sheets.len())
            .max_by_key(|&i| (m.sheets[i].1.len(), std::cmp::Reverse(i)))
            .unwrap_or(0),
    };
    let format = m.format();
    let chosen = names[index].clone();
    let grid = m.sheets.swap_remove(index).1;
    let width = grid.iter().map(Vec::len).max().unwrap_or(0);
    let mut out = Vec::new();
    for row in &grid {
        for j in 0..width {
            if j > 0 {
                out.push(b',');
            }
            let text = match row.get(j) {
                Some(Cell::Text(s)) => s.clone(),
                Some(Cell::Number(n)) => format!("{n}"),
                _ => String::new(),
            };
            out.push(b'"');
            out.extend_from_slice(text.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        }
        out.push(b'\n');
    }
    Ok((out, names, chosen, format))
}

impl Markup {
    pub fn open(bytes: &[u8]) -> Result<Markup> {
        let kind = kind_of(bytes).ok_or_else(|| err("not an HTML table or XML spreadsheet"))?;
        let text = String::from_utf8_lossy(bytes);
        let sheets = match kind {
            Kind::Html => html_tables(&text)?,
            Kind::Xml2003 => xml_sheets(&text)?,
        };
        if sheets.is_empty() {
            return Err(err("the file has no table"));
        }
        Ok(Markup { kind, sheets })
    }

    pub fn format(&self) -> &'static str {
        match self.kind {
            Kind::Html => "html",
            Kind::Xml2003 => "xml",
        }
    }

    pub fn sheet_names(&self) -> Vec<String> {
        self.sheets.iter().map(|(n, _)| n.clone()).collect()
    }

    #[cfg(test)]
    pub fn grid(&mut self, index: usize) -> Result<Vec<Vec<Cell>>> {
        self.sheets
            .get(index)
            .map(|(_, g)| g.clone())
            .ok_or_else(|| err("no such table"))
    }
}

/// One tag: its lowercased local name (`ss:Row` → `row`), whether it closes, and its text.
struct Tag<'a> {
    name: String,
    closing: bool,
    body: &'a str,
}

/// A tag or the text between two tags.
enum Item<'a> {
    Tag(Tag<'a>),
    Text(&'a str),
}

/// Walks `text` as tags and the text between them, up to the first error `on` returns;
/// comments, `<!...>` and `<?...?>` are skipped.
fn walk<'a>(text: &'a str, mut on: impl FnMut(Item<'a>) -> Result<()>) -> Result<()> {
    let mut i = 0;
    while i < text.len() {
        let Some(k) = text[i..].find('<') else {
            on(Item::Text(&text[i..]))?;
            break;
        };
        if k > 0 {
            on(Item::Text(&text[i..i + k]))?;
        }
        let at = i + k;
        let rest = &text[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(text.len(), |e| at + e + 3);
            continue;
        }
        let Some(end) = rest.find('>') else { break };
        let body = &rest[1..end];
        i = at + end + 1;
        if body.starts_with('!') || body.starts_with('?') {
            continue;
        }
        let closing = body.starts_with('/');
        let raw: String = body
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == ':' || *c == '-' || *c == '_')
            .collect();
        let name = raw.rsplit(':').next().unwrap_or("").to_ascii_lowercase();
        let lower = name.as_str();
        // script and style hold no cells: skip to their end
        if !closing && (lower == "script" || lower == "style") {
            let close = format!("</{lower}");
            i = text[i..]
                .to_ascii_lowercase()
                .find(&close)
                .map_or(text.len(), |e| i + e);
            continue;
        }
        on(Item::Tag(Tag {
            name,
            closing,
            body,
        }))?;
    }
    Ok(())
}

/// The value of attribute `name` (case-insensitive, any prefix) in a tag's text.
fn attr(body: &str, name: &str) -> Option<String> {
    let lower = body.to_ascii_lowercase();
    let mut from = 0;
    while let Some(k) = lower[from..].find(name) {
        let at = from + k;
        from = at + name.len();
        let before = lower[..at].chars().last();
        if !matches!(before, Some(' ' | '\t' | '\n' | '\r' | ':')) {
            continue;
        }
        let rest = body[from..].trim_start();
        let Some(rest) = rest.strip_prefix('=') else {
            continue;
        };
        let rest = rest.trim_start();
        let v = match rest.chars().next() {
            Some(q @ ('"' | '\'')) => rest[1..].split(q).next().unwrap_or(""),
            _ => rest
                .split(|c: char| c.is_whitespace() || c == '/')
                .next()
                .unwrap_or(""),
        };
        return Some(decode_entities(v));
    }
    None
}

/// `&amp;`, `&lt;`, `&nbsp;`, `&#233;`, `&#xE9;`... (unknown entities stay as written).
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(k) = rest.find('&') {
        out.push_str(&rest[..k]);
        rest = &rest[k..];
        let Some(end) = rest[..rest.len().min(12)].find(';') else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let name = &rest[1..end];
        let c = match name {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            "nbsp" => Some('\u{a0}'),
            "euro" => Some('€'),
            _ => name
                .strip_prefix("#x")
                .or_else(|| name.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match c {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// A cell's text: entities decoded, runs of spaces and line breaks as one space, trimmed.
fn cell_text(raw: &str) -> Cell {
    let decoded = decode_entities(raw);
    let words: Vec<&str> = decoded.split_whitespace().collect();
    if words.is_empty() {
        Cell::Empty
    } else {
        Cell::Text(words.join(" "))
    }
}

/// Grows the grid by one cell, within the sheet limits.
fn push_cell(row: &mut Vec<Cell>, cell: Cell, cells: &mut usize) -> Result<()> {
    *cells += 1;
    if row.len() >= MAX_COLS || *cells > MAX_CELLS {
        return Err(err("the table is larger than a spreadsheet can be"));
    }
    row.push(cell);
    Ok(())
}

/// Every outermost `<table>`, as "Table 1", "Table 2"...
fn html_tables(text: &str) -> Result<Vec<(String, Vec<Vec<Cell>>)>> {
    let mut sheets = Vec::new();
    let mut depth = 0usize;
    let mut grid: Vec<Vec<Cell>> = Vec::new();
    let mut row: Option<Vec<Cell>> = None;
    let mut cell: Option<(String, usize)> = None;
    let mut cells = 0usize;
    let close_cell = |row: &mut Option<Vec<Cell>>,
                      cell: &mut Option<(String, usize)>,
                      cells: &mut usize|
     -> Result<()> {
        if let Some((t, span)) = cell.take() {
            let r = row.get_or_insert_with(Vec::new);
            push_cell(r, cell_text(&t), cells)?;
            for _ in 1..span.min(MAX_COLS) {
                push_cell(r, Cell::Empty, cells)?;
            }
        }
        Ok(())
    };
    walk(text, |item| {
        let tag = match item {
            Item::Text(t) => {
                if let Some((c, _)) = cell.as_mut() {
                    c.push_str(t);
                }
                return Ok(());
            }
            Item::Tag(tag) => tag,
        };
        match (tag.name.as_str(), tag.closing) {
            ("table", false) => {
                depth += 1;
                if depth == 1 {
                    grid = Vec::new();
                }
            }
            ("table", true) if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    close_cell(&mut row, &mut cell, &mut cells)?;
                    grid.extend(row.take());
                    sheets.push((
                        format!("Table {}", sheets.len() + 1),
                        std::mem::take(&mut grid),
                    ));
                }
            }
            ("tr", closing) if depth == 1 => {
                close_cell(&mut row, &mut cell, &mut cells)?;
                if let Some(r) = row.take() {
                    if grid.len() >= MAX_ROWS {
                        return Err(err("the table is larger than a spreadsheet can be"));
                    }
                    grid.push(r);
                }
                if !closing {
                    row = Some(Vec::new());
                }
            }
            ("td" | "th", false) if depth == 1 => {
                close_cell(&mut row, &mut cell, &mut cells)?;
                let span = attr(tag.body, "colspan")
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .max(1);
                cell = Some((String::new(), span));
            }
            ("td" | "th", true) if depth == 1 => {
                close_cell(&mut row, &mut cell, &mut cells)?;
            }
            ("br" | "p" | "div" | "li", _) => {
                if let Some((t, _)) = cell.as_mut() {
                    t.push(' ');
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    if depth > 0 {
        // a table never closed: keep what it held
        close_cell(&mut row, &mut cell, &mut cells)?;
        grid.extend(row.take());
        sheets.push((format!("Table {}", sheets.len() + 1), grid));
    }
    Ok(sheets)
}

/// Every `<Worksheet>` of an XML Spreadsheet 2003, by its `ss:Name`.
fn xml_sheets(text: &str) -> Result<Vec<(String, Vec<Vec<Cell>>)>> {
    let mut sheets: Vec<(String, Vec<Vec<Cell>>)> = Vec::new();
    let mut sheet: Option<(String, Vec<Vec<Cell>>)> = None;
    let mut row: Option<Vec<Cell>> = None;
    // the open cell's text and its data type
    let mut cell: Option<(String, String)> = None;
    let mut in_data = false;
    let mut cells = 0usize;
    walk(text, |item| {
        let tag = match item {
            Item::Text(t) => {
                if in_data {
                    if let Some((c, _)) = cell.as_mut() {
                        c.push_str(t);
                    }
                }
                return Ok(());
            }
            Item::Tag(tag) => tag,
        };
        let self_closing = tag.body.trim_end().ends_with('/');
        match (tag.name.as_str(), tag.closing) {
            ("worksheet", false) => {
                let name =
                    attr(tag.body, "name").unwrap_or_else(|| format!("Sheet {}", sheets.len() + 1));
                sheet = Some((name, Vec::new()));
            }
            ("worksheet", true) => sheets.extend(sheet.take()),
            ("row", false) => {
                if let Some((_, g)) = sheet.as_mut() {
                    // ss:Index: the row's number (1-based), rows skipped are empty
                    if let Some(ix) = attr(tag.body, "index").and_then(|v| v.parse::<usize>().ok())
                    {
                        let ix = ix.min(MAX_ROWS);
                        while g.len() + 1 < ix {
                            g.push(Vec::new());
                        }
                    }
                    if g.len() >= MAX_ROWS {
                        return Err(err("the sheet is larger than a spreadsheet can be"));
                    }
                    if self_closing {
                        g.push(Vec::new());
                    } else {
                        row = Some(Vec::new());
                    }
                }
            }
            ("row", true) => {
                if let (Some((_, g)), Some(r)) = (sheet.as_mut(), row.take()) {
                    g.push(r);
                }
            }
            ("cell", false) => {
                if let Some(r) = row.as_mut() {
                    if let Some(ix) = attr(tag.body, "index").and_then(|v| v.parse::<usize>().ok())
                    {
                        let ix = ix.min(MAX_COLS);
                        while r.len() + 1 < ix {
                            push_cell(r, Cell::Empty, &mut cells)?;
                        }
                    }
                    if self_closing {
                        push_cell(r, Cell::Empty, &mut cells)?;
                    } else {
                        cell = Some((String::new(), String::new()));
                    }
                }
            }
            ("data", false) => {
                if let Some((_, ty)) = cell.as_mut() {
                    *ty = attr(tag.body, "type").unwrap_or_default();
                    in_data = !self_closing;
                }
            }
            ("data", true) => in_data = false,
            ("cell", true) => {
                if let (Some(r), Some((t, ty))) = (row.as_mut(), cell.take()) {
                    let c = match cell_text(&t) {
                        Cell::Text(s) if ty.eq_ignore_ascii_case("number") => {
                            crate::decimal::parse_f64(&s).map_or(Cell::Text(s), Cell::Number)
                        }
                        c => c,
                    };
                    push_cell(r, c, &mut cells)?;
                }
            }
            _ => {}
        }
        Ok(())
    })?;
    sheets.extend(sheet.take());
    Ok(sheets)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }

    #[test]
    fn an_html_table_saved_as_xls() {
        let html = "\u{feff}<html><head><meta charset=\"utf-8\"><style>td{x:1}</style></head><body>\
            <p>Report</p><table border=1>\n<tr><th>Data</th><th>Visite</th><th colspan=2>Vendite &amp; resi</th></tr>\
            <tr><td>01/03/2024</td><td>1.200</td><td>345,67<br>€</td><td>&nbsp;</td>\
            <tr><td>02/03/2024<td>1.100<td>  12 </td></tr></table><table><tr><td>x</td></tr></table></body></html>";
        assert!(is_markup(html.as_bytes()));
        let mut m = Markup::open(html.as_bytes()).unwrap();
        assert_eq!(m.format(), "html");
        assert_eq!(m.sheet_names(), ["Table 1", "Table 2"]);
        let g = m.grid(0).unwrap();
        assert_eq!(
            g[0],
            [
                text("Data"),
                text("Visite"),
                text("Vendite & resi"),
                Cell::Empty
            ]
        );
        assert_eq!(
            g[1],
            [
                text("01/03/2024"),
                text("1.200"),
                text("345,67 €"),
                Cell::Empty
            ]
        );
        assert_eq!(g[2], [text("02/03/2024"), text("1.100"), text("12")]);
        assert_eq!(m.grid(1).unwrap(), vec![vec![text("x")]]);
        // the largest table, as CSV text padded to its widest row
        let (csv, names, chosen, format) = to_csv(html.as_bytes(), None).unwrap();
        assert_eq!(
            (names.len(), chosen.as_str(), format),
            (2, "Table 1", "html")
        );
        assert_eq!(
            String::from_utf8(csv).unwrap(),
            "\"Data\",\"Visite\",\"Vendite & resi\",\"\"\n\"01/03/2024\",\"1.200\",\"345,67 €\",\"\"\n\"02/03/2024\",\"1.100\",\"12\",\"\"\n"
        );
        assert!(to_csv(html.as_bytes(), Some("table 2")).is_ok());
        assert!(to_csv(html.as_bytes(), Some("Table 9")).is_err());
    }

    #[test]
    fn an_xml_spreadsheet_2003() {
        let xml = r#"<?xml version="1.0"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
<Worksheet ss:Name="Vendite"><Table>
<Row><Cell><Data ss:Type="String">date</Data></Cell><Cell><Data ss:Type="String">spend</Data></Cell></Row>
<Row><Cell><Data ss:Type="DateTime">2024-03-01T00:00:00.000</Data></Cell><Cell><Data ss:Type="Number">10.5</Data></Cell></Row>
<Row ss:Index="4"><Cell ss:Index="2"><Data ss:Type="Number">12</Data></Cell></Row>
</Table></Worksheet></Workbook>"#;
        let mut m = Markup::open(xml.as_bytes()).unwrap();
        assert_eq!(
            (m.format(), m.sheet_names()),
            ("xml", vec!["Vendite".to_owned()])
        );
        let g = m.grid(0).unwrap();
        assert_eq!(g[0], [text("date"), text("spend")]);
        assert_eq!(g[1], [text("2024-03-01T00:00:00.000"), Cell::Number(10.5)]);
        assert_eq!(g[2], Vec::<Cell>::new(), "row 3 is not in the file");
        assert_eq!(g[3], [Cell::Empty, Cell::Number(12.0)]);
    }

    #[test]
    fn other_text_is_not_markup_and_hostile_markup_does_not_panic() {
        assert!(!is_markup(b"date,spend\n2024-01-01,5\n"));
        assert!(!is_markup(b"<p>no table here</p>"));
        for s in [
            "<table",
            "<table><tr><td>",
            "<table><td colspan=99999999>x</table>",
            "<table><tr><td>&#xFFFFFFFF;&#99999999999;&;&amp</td></tr></table>",
            "<table><!-- <tr> --><script><tr></script></table>",
            "<?xml?><Workbook xmlns=\"urn:schemas-microsoft-com:office:spreadsheet\"><Worksheet><Row ss:Index=\"999999999\"><Cell ss:Index=\"99999999\"/>",
        ] {
            if let Ok(mut m) = Markup::open(s.as_bytes()) {
                for i in 0..m.sheet_names().len() {
                    let _ = m.grid(i);
                }
            }
        }
    }
}
