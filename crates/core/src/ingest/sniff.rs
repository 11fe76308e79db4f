//! Dialect and layout sniffing over the first lines: the delimiter (by field-count consistency),
//! the line terminator, where the header is (after `#` preambles, blank lines, title and date-range
//! lines), and whether a second header row of descriptions follows it (Facebook Page Insights).

use super::split::{Record, Splitter};
use super::{dates, number};
use crate::{Error, ErrorKind, Position, Result};

/// Candidate delimiters, in tie-break order.
const CANDIDATES: [u8; 4] = [b',', b';', b'\t', b'|'];
/// Widest header read: 6 × Excel's 16,384 columns (Meta's widest exports have ~1,500). A
/// 50 MB line of values would otherwise become millions of column names.
pub(crate) const MAX_COLUMNS: usize = 100_000;
/// How far sniffing looks.
const SNIFF_RECORDS: usize = 400;
const SNIFF_BYTES: usize = 256 * 1024;

/// Where the table is and how it is written.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub delim: u8,
    pub delim_detected: bool,
    pub header_line: u64,
    /// Header names as written (trimmed).
    pub header: Vec<String>,
    /// Byte offset and line of the first record after the header (and description row).
    pub data_start: usize,
    pub data_line: u64,
    /// Lines before the data that are not data: (line, reason).
    pub ignored: Vec<(u64, String)>,
    pub line_terminator: Option<&'static str>,
}

#[derive(Debug, Clone, Copy)]
struct Info {
    line: u64,
    start: usize,
    end: usize,
    fields: usize,
    blank: bool,
    comment: bool,
    /// Only the first field has text, and it is not a number or a date: a title that a
    /// spreadsheet saved with the table's empty cells after it (`Report vendite;;;`). It is no
    /// part of a table's run, as a header or data row would be.
    title: bool,
    /// Every field is a number or a date (a data row, not a header).
    values: bool,
    /// The first field is a date (a data row: a header does not start with one).
    first_date: bool,
    /// Empty fields at the end (`date,revenue,orders,`: a header saved with a trailing delimiter).
    trailing_empty: usize,
}

fn is_comment(rec: &Record, text: &[u8]) -> bool {
    let f = rec.field(text, 0);
    (f.first() == Some(&b'#')
        && !rec.spans[0].quoted
        && !number::is_missing_marker(number::trim(f)))
        || (rec.start == 0 && sep_hint(text).is_some())
}

/// Excel's `sep=;` first line, which names the delimiter.
fn sep_hint(text: &[u8]) -> Option<u8> {
    match text {
        [s, e, p, b'=', d, rest @ ..]
            if [*s, *e, *p].eq_ignore_ascii_case(b"sep")
                && matches!(rest.first(), None | Some(b'\r' | b'\n')) =>
        {
            Some(*d)
        }
        _ => None,
    }
}

/// Records of the sniffing window for one delimiter (up to a quote that never closes, which
/// the main pass reports with its position). `reach` grows to where reading stopped (the text's
/// end when a quote never closed): reading more text could change the scan only if it is the end.
fn scan(text: &[u8], delim: u8, reach: &mut usize) -> Vec<Info> {
    scan_quote(text, delim, reach).0
}

/// [`scan`], and whether it stopped at a quote that never closes.
fn scan_quote(text: &[u8], delim: u8, reach: &mut usize) -> (Vec<Info>, bool) {
    let sp = Splitter::new(delim);
    let mut rec = Record::default();
    let mut out = Vec::new();
    let mut pos = 0;
    let mut line = 1;
    let mut open_quote = false;
    while pos < text.len() && out.len() < SNIFF_RECORDS && pos < SNIFF_BYTES {
        let start = pos;
        match sp.read(text, pos, &mut line, &mut rec) {
            Ok(p) => pos = p,
            Err(_) => {
                pos = text.len();
                open_quote = true;
                break;
            }
        }
        out.push(Info {
            line: rec.line,
            start,
            end: pos,
            fields: rec.len(),
            // `;;;`: the empty row of a spreadsheet saved as CSV
            blank: rec.is_blank(text) || rec.all_empty(text),
            comment: is_comment(&rec, text),
            title: rec.len() >= 2
                && !is_value(number::trim(rec.field(text, 0)))
                && (1..rec.len()).all(|i| number::trim(rec.field(text, i)).is_empty()),
            values: rec.len() >= 2
                && (0..rec.len()).all(|i| is_value(number::trim(rec.field(text, i)))),
            first_date: rec.len() >= 2
                && dates::classify_single(number::trim(rec.field(text, 0))).is_some(),
            trailing_empty: (0..rec.len())
                .rev()
                .take_while(|&i| number::trim(rec.field(text, i)).is_empty())
                .count(),
        });
    }
    *reach = (*reach).max(pos);
    (out, open_quote)
}

/// Fields of the first line that is neither blank nor a comment (the header, usually).
fn first_fields(infos: &[Info]) -> usize {
    infos
        .iter()
        .find(|r| !r.blank && !r.comment)
        .map_or(0, |r| r.fields)
}

/// Runs of consecutive non-blank, non-comment records with the same field count:
/// (index of first record in `infos`, length, field count).
fn runs(infos: &[Info]) -> Vec<(usize, usize, usize)> {
    let mut out: Vec<(usize, usize, usize)> = Vec::new();
    let mut cur: Option<(usize, usize, usize)> = None;
    for (i, r) in infos.iter().enumerate() {
        if r.comment {
            continue;
        }
        if r.blank || r.title {
            if let Some(c) = cur.take() {
                out.push(c);
            }
            continue;
        }
        cur = match cur {
            // rows with a trailing delimiter (`2026-01-05,12,`) under a header without one
            Some((s, len, f))
                if f == r.fields || (r.fields > f && r.trailing_empty >= r.fields - f) =>
            {
                Some((s, len + 1, f))
            }
            // a header with a trailing delimiter over rows without one
            Some((s, 1, f)) if f > r.fields && infos[s].trailing_empty >= f - r.fields => {
                Some((s, 2, r.fields))
            }
            Some(c) => {
                out.push(c);
                Some((i, 1, r.fields))
            }
            None => Some((i, 1, r.fields)),
        };
    }
    out.extend(cur);
    out
}

/// Can this run be a table? Its first record is the header, so a run that starts with a data
/// row after some other line (e.g. `y` then `1,5` with a decimal comma) means the delimiter
/// splits numbers, not columns.
///
/// Nor is a run whose first record starts with a date, under a line whose first field is a name:
/// that line is the header, and a row between them with a field too many (`Spring, sale` unquoted)
/// broke the run; taking the next data row for the header named the columns `6` and `16`.
fn plausible(infos: &[Info], run: &(usize, usize, usize)) -> bool {
    let first = &infos[run.0];
    let before = &infos[..run.0];
    let data_after_header = first.first_date
        && before.iter().any(|r| {
            !r.blank && !r.comment && !r.title && r.fields >= 2 && !r.first_date && !r.values
        });
    run.2 >= 2
        && !data_after_header
        && !(first.values && before.iter().any(|r| !r.blank && !r.comment))
}

/// (longest run length, its field count) over plausible runs with at least two fields, a run
/// continued across blank rows (a spreadsheet's empty row, `;;;;`, or a blank line, inside the
/// table) counted whole: its longest piece alone could be shorter than a wrong delimiter's run
/// below it (decimal commas split alike on every row of `1.234,56;12,5%` make a long comma run),
/// and the piece after the blank row, starting with values, is no table of its own.
fn score(infos: &[Info]) -> (usize, usize) {
    let mut joined: Vec<(usize, usize, usize)> = Vec::new();
    for r in runs(infos) {
        if let Some(last) = joined.last_mut() {
            let between = &infos[last.0 + last.1..r.0];
            if last.2 == r.2 && between.iter().all(|i| i.blank || i.comment) {
                // the run's records plus the blank ones inside it, which are not rows
                last.1 = r.0 + r.1 - last.0;
                continue;
            }
        }
        joined.push(r);
    }
    joined
        .iter()
        .filter(|r| plausible(infos, r))
        .map(|&(s, len, f)| {
            let rows = infos[s..s + len]
                .iter()
                .filter(|i| !i.blank && !i.comment)
                .count();
            (rows, f)
        })
        .max()
        .unwrap_or((0, 0))
}

#[cfg(test)]
pub(crate) fn layout(
    text: &[u8],
    forced_delim: Option<u8>,
    header_line: Option<usize>,
) -> Result<Layout> {
    layout_reach(text, forced_delim, header_line, &mut 0)
}

/// The layout of `text` (the file's first bytes, or all of it). `reach` is set to the furthest
/// offset read: when it is `text.len()` and the file goes on, the answer may change with more.
pub(crate) fn layout_reach(
    text: &[u8],
    forced_delim: Option<u8>,
    header_line: Option<usize>,
    reach: &mut usize,
) -> Result<Layout> {
    let (delim, infos, detected) = match forced_delim.or(sep_hint(text)) {
        Some(d) => (d, scan(text, d, reach), false),
        None => {
            let mut best: Option<(u8, Vec<Info>, (usize, usize))> = None;
            // a delimiter whose header has columns but whose quote never closes: with another
            // delimiter the quote sits inside a cell and the rows look regular, but split wrong
            let mut quoted: Option<(u8, Vec<Info>)> = None;
            for d in CANDIDATES {
                let (infos, open_quote) = scan_quote(text, d, reach);
                if open_quote
                    && first_fields(&infos) >= 2
                    && quoted
                        .as_ref()
                        .is_none_or(|q| first_fields(&infos) > first_fields(&q.1))
                {
                    quoted = Some((d, infos.clone()));
                }
                let s = score(&infos);
                if best.as_ref().is_none_or(|b| s > b.2) {
                    best = Some((d, infos, s));
                }
            }
            if let (Some(q), Some(b)) = (quoted, best.as_mut()) {
                if first_fields(&q.1) > first_fields(&b.1) {
                    // the main pass reports the quote where it opened
                    *b = (q.0, q.1, (1, 2));
                }
            }
            match best {
                Some((d, infos, (len, _))) if len >= 1 => (d, infos, true),
                // no candidate splits lines into columns: a single column (split on a byte that
                // text never holds, so commas stay inside the cell)
                _ => (0, scan(text, 0, reach), false),
            }
        }
    };
    let mut ignored = Vec::new();
    let header_idx = match header_line {
        Some(h) => infos
            .iter()
            .position(|r| r.line == h as u64)
            .ok_or_else(|| {
                Error::new(ErrorKind::Other {
                    pos: Position::line(h as u64),
                    message: format!(
                        "line {h} does not start a record in the first {SNIFF_RECORDS} lines, so it cannot be the header"
                    ),
                })
            })?,
        None => {
            let rs = runs(&infos);
            let (best_len, best_f) = score(&infos);
            let table = if best_len >= 2 {
                rs.iter()
                    .find(|r| r.2 == best_f && r.1 >= 2 && plausible(&infos, r))
                    .map(|r| r.0)
            } else {
                // a run of data rows under a header with another count of fields is the
                // table's body, ragged against its header: not a header of its own
                rs.iter()
                    .find(|r| r.1 >= 2 && plausible(&infos, r))
                    .map(|r| r.0)
            };
            match table.or_else(|| infos.iter().position(|r| !r.blank && !r.comment)) {
                Some(i) => i,
                None => {
                    return Err(Error::new(ErrorKind::EmptyInput {
                        pos: Position::default(),
                    }))
                }
            }
        }
    };
    for r in &infos[..header_idx] {
        let why = if r.blank {
            "blank line"
        } else if r.comment && r.start == 0 && sep_hint(text).is_some() {
            "delimiter hint line (sep=)"
        } else if r.comment {
            "comment line (starts with '#')"
        } else {
            "line above the header (title, date range or another table)"
        };
        ignored.push((r.line, why.to_owned()));
    }
    let h = infos[header_idx];
    if h.fields > MAX_COLUMNS {
        return Err(Error::new(ErrorKind::TooManyColumns {
            pos: Position::line(h.line),
            columns: h.fields,
            limit: MAX_COLUMNS,
        }));
    }
    let sp = Splitter::new(delim);
    let mut rec = Record::default();
    let mut line = h.line;
    // Cannot fail: the same record was read while scanning.
    let _ = sp.read(text, h.start, &mut line, &mut rec);
    let mut header: Vec<String> = (0..rec.len())
        .map(|i| String::from_utf8_lossy(number::trim(rec.field(text, i))).into_owned())
        .collect();
    // the header's trailing delimiter (empty names) that the rows under it do not have
    if let Some(next) = infos[header_idx + 1..]
        .iter()
        .find(|r| !r.blank && !r.comment)
    {
        while header.len() > next.fields.max(1) && header.last().is_some_and(String::is_empty) {
            header.pop();
        }
    }
    let mut data_start = h.end;
    let mut data_line = infos.get(header_idx + 1).map_or(line, |r| r.line);
    if let Some(desc) = description_row(text, &sp, &infos[header_idx + 1..], header.len()) {
        let mut line = desc.line;
        let sub: Vec<String> = match sp.read(text, desc.start, &mut line, &mut rec) {
            Ok(_) => (0..rec.len())
                .map(|i| String::from_utf8_lossy(number::trim(rec.field(text, i))).into_owned())
                .collect(),
            Err(_) => Vec::new(),
        };
        let why = match grouped_names(&header, &sub) {
            Some(names) => {
                header = names;
                "second header row (names under a group: joined to the group's name)"
            }
            None => "second header row (column descriptions)",
        };
        ignored.push((desc.line, why.to_owned()));
        data_start = desc.end;
        data_line = infos
            .iter()
            .find(|r| r.start == desc.end)
            .map_or(desc.line + 1, |r| r.line);
    }
    let first_break = text[..text.len().min(SNIFF_BYTES)]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r');
    let line_terminator = first_break.map(|i| {
        if text[i] == b'\n' {
            "LF"
        } else if text.get(i + 1) == Some(&b'\n') {
            "CRLF"
        } else {
            "CR"
        }
    });
    Ok(Layout {
        delim,
        delim_detected: detected,
        header_line: h.line,
        header,
        data_start,
        data_line,
        ignored,
        line_terminator,
    })
}

/// Longest cell of a second header row still taken for a column's name (longer: a description).
const SUB_NAME_MAX_CHARS: usize = 40;

/// A two-row header whose top row groups the names of the row under it, as a spreadsheet with
/// merged cells saves it (`Facebook,,Instagram,` over `Follower,Reach,Follower,Reach`, or the group
/// repeated in each of its cells): each column named `group name` (`Facebook Follower`). A top
/// cell left empty belongs to the group on its left, if that group has a name under it too (so a
/// plain column before the groups, such as the date, does not become a group). `None` when the top
/// row names its columns on its own (unique, none empty above a name): the row under it is then
/// descriptions (Facebook Page Insights), and the top row's names are kept.
pub(crate) fn grouped_names(top: &[String], sub: &[String]) -> Option<Vec<String>> {
    let sub_of = |i: usize| sub.get(i).map_or("", |s| s.trim());
    if (0..top.len()).any(|i| sub_of(i).chars().count() > SUB_NAME_MAX_CHARS) {
        return None;
    }
    let empty_above = (0..top.len()).any(|i| top[i].trim().is_empty() && !sub_of(i).is_empty());
    let repeated_above = (0..top.len()).any(|i| {
        let t = top[i].trim();
        !t.is_empty()
            && !sub_of(i).is_empty()
            && (0..i).any(|j| top[j].trim() == t && !sub_of(j).is_empty() && sub_of(j) != sub_of(i))
    });
    if !empty_above && !repeated_above {
        return None;
    }
    let mut group = "";
    let names = (0..top.len())
        .map(|i| {
            let t = top[i].trim();
            let s = sub_of(i);
            if !t.is_empty() {
                group = if s.is_empty() { "" } else { t };
            }
            let g = if t.is_empty() { group } else { t };
            match (g.is_empty(), s.is_empty()) {
                (false, false) => format!("{g} {s}"),
                (false, true) => g.to_owned(),
                (true, _) => s.to_owned(),
            }
        })
        .collect();
    Some(names)
}

/// Does the cell look like a value (number or date)?
pub(crate) fn is_value(cell: &[u8]) -> bool {
    number::evidence(cell).is_some() || dates::classify_single(cell).is_some()
}

/// The first record after the header is a row of descriptions if none of its cells is a value
/// while a later row has values.
fn description_row(text: &[u8], sp: &Splitter, after: &[Info], n: usize) -> Option<Info> {
    let mut rows = after.iter().filter(|r| !r.blank && !r.comment);
    let first = *rows.next()?;
    if first.fields != n || n < 2 {
        return None;
    }
    let mut rec = Record::default();
    let mut line = first.line;
    sp.read(text, first.start, &mut line, &mut rec).ok()?;
    let mut texty = 0;
    for i in 0..rec.len() {
        let c = number::trim(rec.field(text, i));
        if c.is_empty() || number::is_missing_marker(c) {
            continue;
        }
        if is_value(c) {
            return None;
        }
        texty += 1;
    }
    if texty == 0 {
        return None;
    }
    for r in rows.take(5) {
        let mut line = r.line;
        sp.read(text, r.start, &mut line, &mut rec).ok()?;
        if r.fields == n && (0..rec.len()).any(|i| is_value(number::trim(rec.field(text, i)))) {
            return Some(first);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lay(s: &str) -> Layout {
        layout(s.as_bytes(), None, None).unwrap()
    }

    #[test]
    fn delimiters_by_consistency() {
        assert_eq!(lay("a,b,c\n1,2,3\n4,5,6\n").delim, b',');
        assert_eq!(
            lay("data;valore\n01/01/2024;1,5\n02/01/2024;2,25\n").delim,
            b';'
        );
        assert_eq!(
            lay("d\tv\tw\n1\t1,279\t2\n2\t924\t3\n3\t\"1,000\"\t4\n").delim,
            b'\t'
        );
        assert_eq!(lay("a|b\n1|2\n").delim, b'|');
        let one = lay("y\n1\n2\n");
        assert_eq!(
            (one.delim, one.delim_detected, one.header_line),
            (0, false, 1)
        );
        // a single column with decimal commas is not a two-column comma file
        assert_eq!(lay("y\n1,5\n2,25\n3,5\n").delim, 0);
    }

    #[test]
    fn preambles_titles_and_descriptions() {
        let l = lay("# c\n# d\n\nDay,Sessions\n1/1/24,\"1,204\"\n1/2/24,987\n");
        assert_eq!(l.header_line, 4);
        assert_eq!(l.header, ["Day", "Sessions"]);
        assert_eq!(l.ignored.len(), 3);
        let l = lay("Campaign report\n1 January 2024 - 31 March 2024\nDay,Clicks,Cost\n2024-01-02,10,4.00\n2024-01-03,11,5.00\n");
        assert_eq!(l.header_line, 3);
        let l = lay("Date,Likes,Reach\n\"Date\",\"Lifetime: the total number of likes\",\"Daily reach\"\n2024-01-01,5,6\n2024-01-02,7,8\n");
        assert_eq!(l.header_line, 1);
        assert_eq!(l.data_line, 3);
        assert_eq!(
            l.ignored,
            vec![(2, "second header row (column descriptions)".to_owned())]
        );
        // A spreadsheet saved as CSV keeps the table's empty cells after a title and on empty
        // rows: the title is still no header, with or without an empty row after it.
        let l = lay("Report vendite marzo 2024;;;\n;;;\nData;Visite;Ordini;Incasso\n01/03/2024;1.200;10;1.234,50\n02/03/2024;1.100;9;1.000,00\n");
        assert_eq!((l.delim, l.header_line), (b';', 3));
        assert_eq!(l.header, ["Data", "Visite", "Ordini", "Incasso"]);
        let l = lay("Campaign report,,,,\n\"1 January 2024 - 4 January 2024\",,,,\nDay,Campaign,Clicks,Impr.,Cost\n2024-01-01,Spring,10,300,4.00\n2024-01-02,Spring,11,310,4.50\n");
        assert_eq!(l.header_line, 3);
        let l = lay("Metrics for the date range,,\nDate,Impressions,Clicks\n03/01/2024,1200,30\n03/02/2024,900,20\n");
        assert_eq!((l.header_line, l.data_line), (2, 3));
        assert_eq!(l.ignored.len(), 1, "{:?}", l.ignored);
    }

    #[test]
    fn a_row_with_a_field_too_many_under_the_header_leaves_the_header_where_it_is() {
        // `Spring, sale` unquoted: line 2 has five fields; the data rows below have four
        let l = lay("date,campaign,spend,revenue\n2024-01-01,Spring, sale,10,40\n2024-01-02,promo2,6,16\n2024-01-03,promo3,9,24\n2024-01-04,promo4,12,32\n");
        assert_eq!((l.delim, l.header_line), (b',', 1));
        assert_eq!(l.header, ["date", "campaign", "spend", "revenue"]);
    }

    #[test]
    fn an_empty_row_inside_the_table_does_not_change_the_delimiter() {
        // decimal commas split every row below the empty row alike: a long comma "run"; the
        // semicolon table, counted across its empty row, is longer
        let row = |d: u32| format!("{d:02}/01/2024;€ 1.779,62;1.200;21,91 €;1,4%\n");
        for empty in [";;;;\n", "\n"] {
            let mut t = String::from("Data;Incasso;Follower;Spesa Ads;Engagement rate\n");
            (1..=3).for_each(|d| t += &row(d));
            t += empty;
            (4..=12).for_each(|d| t += &row(d));
            let l = lay(&t);
            assert_eq!((l.delim, l.header_line), (b';', 1), "{empty:?}");
        }
        let mut t = String::from("Data\tIncasso\tSpesa\n");
        (1..=3).for_each(|d| t += &format!("{d:02}/01/2024\t240,56\t32,39\n"));
        t += "\t\t\n";
        (4..=12).for_each(|d| t += &format!("{d:02}/01/2024\t1.240,56\t32,39\n"));
        let l = lay(&t);
        assert_eq!((l.delim, l.header_line), (b'\t', 1));
    }

    #[test]
    fn names_under_group_cells_are_joined_to_their_group() {
        // merged cells saved as CSV: the group's name once, then empty cells
        let l = lay("Data,Facebook,,Instagram,\n,Follower,Copertura,Follower,Copertura\n2024-01-01,100,1500,200,3000\n2024-01-08,110,1600,215,3100\n");
        assert_eq!(
            l.header,
            [
                "Data",
                "Facebook Follower",
                "Facebook Copertura",
                "Instagram Follower",
                "Instagram Copertura"
            ]
        );
        assert_eq!((l.header_line, l.data_line), (1, 3));
        // the group repeated in each cell, the date's name in the second row
        let l = lay(";Facebook;Facebook;Instagram\nSettimana;Follower;Copertura;Follower\n01/01/2024;1;2;3\n08/01/2024;4;5;6\n");
        assert_eq!(
            l.header,
            [
                "Settimana",
                "Facebook Follower",
                "Facebook Copertura",
                "Instagram Follower"
            ]
        );
        // a plain column after a group is not part of it
        let h = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(
            grouped_names(
                &h(&["Data", "Facebook", "", "Spesa"]),
                &h(&["", "Follower", "Reach", ""])
            ),
            Some(h(&["Data", "Facebook Follower", "Facebook Reach", "Spesa"]))
        );
        // unique names over descriptions (Page Insights), or over long text: the top row stays
        assert_eq!(
            grouped_names(&h(&["Date", "Likes"]), &h(&["Date", "Lifetime likes"])),
            None
        );
        assert_eq!(
            grouped_names(
                &h(&["Date", "Likes", ""]),
                &h(&[
                    "",
                    "x",
                    "The number of people who saw any of your posts at least once"
                ])
            ),
            None
        );
    }

    #[test]
    fn a_header_is_kept_over_rows_of_another_width() {
        // unquoted US thousands make every row one field wider than its header: the header
        // stays the header (the read reports the rows as ragged), not the first row
        let l = lay("date,sessions,revenue\n2026-01-05,1,234,500.00\n2026-01-06,2,345,610.00\n2026-01-07,3,456,720.00\n");
        assert_eq!((l.delim, l.header_line), (b',', 1));
        assert_eq!(l.header, ["date", "sessions", "revenue"]);
        // a trailing delimiter on the header only, or on the rows only, is no extra column
        for text in [
            "date,revenue,orders,\n2026-01-05,1234.50,12\n2026-01-06,1400.00,15\n2026-01-07,990.10,9\n",
            "date,revenue,orders\n2026-01-05,1234.50,12,\n2026-01-06,1400.00,15,\n2026-01-07,990.10,9,\n",
        ] {
            let l = lay(text);
            assert_eq!((l.delim, l.header_line), (b',', 1), "{text}");
            assert_eq!(l.header, ["date", "revenue", "orders"], "{text}");
        }
        let l = lay("data;fatturato;ordini;\n05/01/2026;1.234,50;12\n12/01/2026;1.400,00;15\n19/01/2026;990,10;9\n");
        assert_eq!((l.delim, l.header_line), (b';', 1));
        assert_eq!(l.header, ["data", "fatturato", "ordini"]);
    }

    #[test]
    fn a_quote_left_open_keeps_the_delimiter_of_the_header() {
        // split on ';' the quote never closes; split on ',' the rows look regular but cut
        // "1.234,50" in two: the delimiter is ';' and the read reports the quote
        let l = lay("data;nota;fatturato\n05/01/2026;\"promo;1.234,50\n06/01/2026;ok;1.400,00\n07/01/2026;ok;990,10\n08/01/2026;ok;1.000,00\n");
        assert_eq!((l.delim, l.header_line), (b';', 1));
    }

    #[test]
    fn excel_sep_hint_line() {
        let l = lay("sep=;\r\na;b\r\n1,5;2\r\n");
        assert_eq!((l.delim, l.header_line), (b';', 2));
        assert_eq!(
            l.ignored,
            vec![(1, "delimiter hint line (sep=)".to_owned())]
        );
    }

    #[test]
    fn terminators() {
        assert_eq!(lay("a,b\r\n1,2\r\n").line_terminator, Some("CRLF"));
        assert_eq!(lay("a,b\r1,2\r").line_terminator, Some("CR"));
        assert_eq!(lay("a,b\n1,2").line_terminator, Some("LF"));
    }
}
