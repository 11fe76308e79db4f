//! Spreadsheets (.xlsx, .xls, .ods) into a table: sheet choice, header detection (title rows above
//! it are skipped), and types taken from the cells (date cells, numbers; text cells still go
//! through the text number and date parsers). Rows are the sheet's row numbers.
//!
//! The workbook itself is read by [`crate::sheet`] (hand-written so the wasm stays small; calamine
//! is its test oracle). It reads a workbook in one call, so a spreadsheet is one `ReadJob` step.

use crate::sheet::{Cell as SheetCell, Workbook};

use super::engine::{unique_names, Built};
use super::number::{self, NotNumber};
use super::report::{self, ColumnReport, FileReport, MissingCell};
use super::{dates, infer, ColumnKind, Options};
use crate::{Column, ColumnData, Date, Error, ErrorKind, Position, Result};

#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Empty,
    Num(f64),
    Date(Date),
    Text(String),
}

impl Cell {
    fn text(&self) -> String {
        match self {
            Cell::Empty => String::new(),
            Cell::Num(v) => v.to_string(),
            Cell::Date(d) => d.to_iso(),
            Cell::Text(s) => s.clone(),
        }
    }
}

/// A sheet's reading error in a few words (a spreadsheet error's own message, without its frame).
fn why(e: &Error) -> String {
    match e.kind() {
        ErrorKind::Spreadsheet { message, .. } => message.clone(),
        _ => e.message(crate::Lang::En),
    }
}

fn sheet_error(message: impl Into<String>) -> Error {
    Error::new(ErrorKind::Spreadsheet {
        pos: Position::default(),
        message: message.into(),
    })
}

/// Excel shows and keeps 15 significant digits; values such as 983.3200000000001 written by
/// other tools are that artefact, so they are rounded back to what the user sees.
fn round15(v: f64) -> f64 {
    if !v.is_finite() || v == 0.0 {
        return v;
    }
    crate::decimal::parse_f64(&format!("{v:.14e}")).unwrap_or(v)
}

/// Excel serial day number (1900 system, time as fraction) to a date; serials before
/// 1900-03-01 are refused (Excel's phantom 1900-02-29 makes them ambiguous).
fn serial_date(v: f64) -> Option<Date> {
    if !(61.0..2_958_466.0).contains(&v) {
        return None;
    }
    Some(Date::from_days(v.floor() as i32 - 25_569))
}

fn convert(c: &SheetCell) -> Cell {
    match c {
        SheetCell::Empty => Cell::Empty,
        SheetCell::Number(f) => {
            if f.is_finite() {
                Cell::Num(round15(*f))
            } else {
                Cell::Text(f.to_string())
            }
        }
        SheetCell::Date(serial) => match serial_date(*serial) {
            Some(d) => Cell::Date(d),
            None => Cell::Text(serial.to_string()),
        },
        SheetCell::Text(s) => {
            let t = s.trim();
            if t.is_empty() {
                Cell::Empty
            } else {
                Cell::Text(t.to_owned())
            }
        }
        SheetCell::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_owned()),
        // counted and reported by the caller: an empty cell here
        SheetCell::Error(e) if e == crate::sheet::FORMULA_WITHOUT_VALUE => Cell::Empty,
        // `#N/A`, `#DIV/0!`: missing markers for the number parser
        SheetCell::Error(e) => Cell::Text(e.clone()),
    }
}

/// Reads a workbook; `bytes` start with a zip or OLE signature.
pub(crate) fn read(name: &str, bytes: &[u8], opts: &Options) -> Result<Built> {
    // Parsing untrusted archives: should a panic slip through the reader it becomes an error,
    // not a crash (effective natively; wasm builds abort on panic regardless).
    let opened = std::panic::catch_unwind(|| read_inner(name, bytes, opts));
    match opened {
        Ok(r) => r,
        Err(_) => Err(sheet_error("the spreadsheet reader failed on this file")),
    }
}

fn read_inner(name: &str, bytes: &[u8], opts: &Options) -> Result<Built> {
    let mut wb = Workbook::open(bytes)?;
    let kind = wb.format();
    let names = wb.sheet_names();
    let wanted: Vec<String> = match &opts.sheet {
        Some(s) => {
            let n = names
                .iter()
                .find(|n| *n == s)
                .or_else(|| names.iter().find(|n| n.eq_ignore_ascii_case(s)))
                .ok_or_else(|| {
                    sheet_error(format!(
                        "there is no sheet named \"{s}\" (sheets: {})",
                        names.join(", ")
                    ))
                })?;
            vec![n.clone()]
        }
        None => names.clone(),
    };
    let mut chosen: Option<(String, Vec<Vec<Cell>>, usize)> = None;
    // a sheet that cannot be read (damaged, or of a kind this reader does not know) is passed
    // over for the next one with data, but said: reading "Notes" in place of a damaged "Data"
    // without a word gave statistics of the wrong table
    let mut unread: Vec<(String, Error)> = Vec::new();
    // a first sheet with data but no dates, passed over for a later one with dates
    let mut passed_over: Option<String> = None;
    for sn in &wanted {
        let raw = match wb.grid(sn) {
            Ok(g) => g,
            Err(e) if opts.sheet.is_some() => return Err(e),
            Err(e) => {
                unread.push((sn.clone(), e));
                continue;
            }
        };
        let no_value = raw
            .iter()
            .flatten()
            .filter(
                |c| matches!(c, SheetCell::Error(e) if e == crate::sheet::FORMULA_WITHOUT_VALUE),
            )
            .count();
        let grid: Vec<Vec<Cell>> = raw
            .iter()
            .map(|r| {
                let mut v: Vec<Cell> = r.iter().map(convert).collect();
                while v.last() == Some(&Cell::Empty) {
                    v.pop();
                }
                v
            })
            .collect();
        // the first sheet with data (a header and at least one row) and dates; without a sheet
        // with dates, the first with data. Search Console's workbook puts "Queries" first and
        // its "Dates" later: the series over time is what this tool reads.
        let filled = grid.iter().filter(|r| !r.is_empty()).count();
        if opts.sheet.is_some() {
            chosen = Some((sn.clone(), grid, no_value));
            break;
        }
        if filled >= 2 {
            let mut probe = FileReport::default();
            let dated = matches!(
                table_from_grid(&grid, opts, &mut probe),
                Ok((Some(_), _, _))
            );
            if dated {
                if let Some((first, ..)) = &chosen {
                    passed_over = Some(first.clone());
                }
                chosen = Some((sn.clone(), grid, no_value));
                break;
            }
            if chosen.is_none() {
                chosen = Some((sn.clone(), grid, no_value));
            }
        }
    }
    let Some((sheet, grid, no_value)) = chosen else {
        // nothing read: the first sheet that failed says why (not "the file is empty")
        if let Some((sn, e)) = unread.into_iter().next() {
            return Err(sheet_error(format!(
                "sheet \"{sn}\": {}; open the file in Excel or LibreOffice and save it again",
                why(&e)
            )));
        }
        return Err(Error::new(ErrorKind::EmptyInput {
            pos: Position::default(),
        }));
    };
    let mut report = FileReport {
        name: name.to_owned(),
        bytes: bytes.len() as u64,
        encoding: kind.to_owned(),
        sheet: Some(sheet),
        sheets: names,
        ..FileReport::default()
    };
    for (sn, e) in &unread {
        report.notices.push(format!(
            "sheet \"{sn}\" could not be read ({}), so \"{}\" was read: if the data are in \"{sn}\", save the file again (or choose the sheet)",
            why(e),
            report.sheet.as_deref().unwrap_or_default()
        ));
    }
    if let Some(first) = &passed_over {
        report.notices.push(format!(
            "sheet \"{first}\" has no dates, so \"{}\", the first sheet with dates, was read (choose another sheet to read \"{first}\")",
            report.sheet.as_deref().unwrap_or_default()
        ));
    }
    if no_value > 0 {
        report.notices.push(format!(
            "{no_value} formula cells have no saved result (the program that wrote the file does not compute formulas), so they are empty here: open the file in Excel or LibreOffice and save it again to compute them"
        ));
    }
    table_from_grid(&grid, opts, &mut report).map(|(date, columns, lines)| Built {
        date,
        columns,
        lines,
        report,
    })
}

type Grid = (Option<(String, Vec<Date>)>, Vec<Column>, Vec<u32>);

/// A row of names only: some text cells, and none a number or a date.
fn names_row(r: &[Cell]) -> bool {
    r.iter()
        .any(|c| matches!(c, Cell::Text(t) if !t.trim().is_empty()))
        && r.iter().all(|c| match c {
            Cell::Empty => true,
            Cell::Text(t) => !super::sniff::is_value(number::trim(t.as_bytes())),
            Cell::Num(_) | Cell::Date(_) => false,
        })
}

fn table_from_grid(grid: &[Vec<Cell>], opts: &Options, report: &mut FileReport) -> Result<Grid> {
    let row_no = |i: usize| i as u64 + 1;
    let nonempty = |r: &Vec<Cell>| r.iter().filter(|c| **c != Cell::Empty).count();
    let widest = grid.iter().take(50).map(nonempty).max().unwrap_or(0);
    let header_idx = match opts.header_line {
        Some(h) => (0..grid.len())
            .find(|&i| row_no(i) == h as u64)
            .ok_or_else(|| sheet_error(format!("the sheet has no row {h}")))?,
        None => (0..grid.len())
            .find(|&i| {
                let n = nonempty(&grid[i]);
                n > 0 && n * 2 >= widest
            })
            .ok_or_else(|| {
                Error::new(ErrorKind::EmptyInput {
                    pos: Position::default(),
                })
            })?,
    };
    for (i, r) in grid.iter().enumerate().take(header_idx) {
        report.ignore(
            row_no(i),
            if r.is_empty() {
                "blank row"
            } else {
                "row above the header (title or notes)"
            },
        );
    }
    let mut raw_header: Vec<String> = grid[header_idx].iter().map(Cell::text).collect();
    let mut first_row = header_idx + 1;
    // Names under merged group cells (`Facebook` over `Follower`, `Reach`): joined, as in text.
    if let Some(sub) = grid.get(header_idx + 1).filter(|r| names_row(r)) {
        let values_follow = grid
            .iter()
            .skip(header_idx + 2)
            .take(5)
            .any(|r| r.iter().any(|c| matches!(c, Cell::Num(_) | Cell::Date(_))));
        let mut top = raw_header.clone();
        top.resize(raw_header.len().max(sub.len()), String::new());
        let sub: Vec<String> = sub.iter().map(Cell::text).collect();
        if let Some(names) = values_follow
            .then(|| super::sniff::grouped_names(&top, &sub))
            .flatten()
        {
            raw_header = names;
            report.ignore(
                row_no(header_idx + 1),
                "second header row (names under a group: joined to the group's name)",
            );
            first_row = header_idx + 2;
        }
    }
    let n = raw_header.len();
    let names = unique_names(&raw_header);
    // a recognised export's own date column (Shopify's `Created at`, not `Paid at`), as in text
    let opts = &*super::recipe_options(opts, &names);
    report.header_line = Some(row_no(header_idx));
    report.header = raw_header.clone();
    let mut rows: Vec<(u64, &Vec<Cell>)> = Vec::new();
    for (i, r) in grid.iter().enumerate().skip(first_row) {
        if r.is_empty() {
            report.ignore(row_no(i), "blank row");
            continue;
        }
        if r.len() > n {
            report.notices.push(format!(
                "row {} has values beyond the header's {n} columns; they were ignored",
                row_no(i)
            ));
        }
        rows.push((row_no(i), r));
    }
    let cell = |r: &Vec<Cell>, j: usize| r.get(j).cloned().unwrap_or(Cell::Empty);
    let text_bytes = |c: &Cell| -> Vec<u8> {
        match c {
            Cell::Text(s) => s.as_bytes().to_vec(),
            _ => Vec::new(),
        }
    };
    // date column
    let forced = |j: usize| opts.columns.iter().find(|o| o.name == names[j]);
    let date_col = if opts.no_date_column {
        None
    } else if let Some(want) = &opts.date_column {
        Some(names.iter().position(|x| x == want).ok_or_else(|| {
            Error::new(ErrorKind::UnknownColumn {
                pos: Position::default(),
                name: want.clone(),
                known: names.clone(),
            })
        })?)
    } else if let Some(j) =
        (0..n).find(|&j| forced(j).is_some_and(|o| o.kind == Some(ColumnKind::Date)))
    {
        Some(j)
    } else {
        let shares: Vec<(u64, u64)> = (0..n)
            .map(|j| {
                let mut s = (0, 0);
                for (_, r) in &rows {
                    match cell(r, j) {
                        Cell::Empty => {}
                        Cell::Date(_) => s = (s.0 + 1, s.1 + 1),
                        Cell::Text(t) => {
                            s.1 += 1;
                            if dates::classify(t.as_bytes()).is_some() {
                                s.0 += 1;
                            }
                        }
                        Cell::Num(_) => s.1 += 1,
                    }
                }
                if forced(j).is_some_and(|o| o.kind.is_some()) {
                    (0, 0)
                } else {
                    s
                }
            })
            .collect();
        infer::pick_date_column(&names, &shares)
    };
    let mut keep: Vec<usize> = Vec::with_capacity(rows.len());
    let mut date_values = Vec::new();
    let mut date_format = String::from("spreadsheet date cells");
    let mut date_amb = None;
    if let Some(dc) = date_col {
        let texts: Vec<Vec<u8>> = rows.iter().map(|(_, r)| text_bytes(&cell(r, dc))).collect();
        let dd = infer::decide_dates(
            texts.iter().filter(|t| !t.is_empty()).map(|t| t.as_slice()),
            false,
            &names[dc],
            forced(dc).and_then(|o| o.date_order),
        );
        if dd.triples > 0
            || rows
                .iter()
                .all(|(_, r)| !matches!(cell(r, dc), Cell::Date(_)))
        {
            date_format = dd.format;
            date_amb = dd.ambiguity;
        }
        for (k, (line, r)) in rows.iter().enumerate() {
            let d = match cell(r, dc) {
                Cell::Empty => {
                    report.ignore(*line, super::finish::EMPTY_DATE);
                    continue;
                }
                Cell::Date(d) => Some(d),
                Cell::Num(v) => serial_date(v),
                Cell::Text(t) => infer::resolve_date(t.as_bytes(), dd.order),
            };
            match d {
                Some(d) => {
                    date_values.push(d);
                    keep.push(k);
                }
                None => {
                    let raw = cell(r, dc).text();
                    let alone = (0..n).all(|j| j == dc || cell(r, j).text().trim().is_empty());
                    if alone && super::engine::is_note(raw.as_bytes()) {
                        report.ignore(
                            *line,
                            format!("note row: \"{raw}\" in the date column, no other cell"),
                        );
                        continue;
                    }
                    if !raw.bytes().any(|b| b.is_ascii_digit()) {
                        report.ignore(
                            *line,
                            format!("summary or label row: the date cell \"{raw}\" is not a date"),
                        );
                        continue;
                    }
                    return Err(Error::new(ErrorKind::InvalidDate {
                        pos: Position::line(*line).with_column(dc as u64 + 1, Some(&names[dc])),
                        raw,
                    }));
                }
            }
        }
    } else {
        keep.extend(0..rows.len());
    }
    if keep.is_empty() {
        return Err(Error::new(ErrorKind::NoDataRows {
            pos: Position::line(row_no(header_idx)),
            header_fields: n,
        }));
    }
    let lines: Vec<u32> = keep.iter().map(|&k| rows[k].0 as u32).collect();
    let mut columns = Vec::new();
    let mut unnamed: Vec<usize> = Vec::new();
    let mut missing: Vec<MissingCell> = Vec::new();
    let mut col_reports = Vec::new();
    let mut thousands = None;
    let mut decimal = None;
    // numbers typed as text ("1.200" beside "1.234,56") follow the decimal separator the
    // sheet's other text numbers decide, as in a CSV; a sheet's own numbers say nothing of it
    let file_dec = infer::file_decimal(
        (0..names.len())
            .filter(|&j| Some(j) != date_col)
            .filter_map(|j| {
                let texts: Vec<Vec<u8>> = keep
                    .iter()
                    .map(|&k| text_bytes(&cell(rows[k].1, j)))
                    .collect();
                let st = infer::scan(texts.iter().map(|t| t.as_slice()));
                st.is_numeric().then(|| st.own_decimal()).flatten()
            }),
        b',',
    )
    .0;
    for (j, name) in names.iter().enumerate() {
        if Some(j) == date_col {
            col_reports.push(ColumnReport {
                name: name.clone(),
                index: j + 1,
                kind: "date".into(),
                format: date_format.clone(),
                decimal_separator: None,
                thousands_separator: None,
                currency: None,
                percent: false,
                accounting_negatives: false,
                date_format: Some(date_format.clone()),
                evidence: report::Evidence {
                    parsed: date_values.len() as u64,
                    non_blank: date_values.len() as u64,
                },
                ambiguity: date_amb.clone(),
                overridden: forced(j).is_some(),
                assumed_year: None,
            });
            continue;
        }
        let cells: Vec<Cell> = keep.iter().map(|&k| cell(rows[k].1, j)).collect();
        // a column with no header and no value (an empty column A, a sheet's spacer column) is
        // no data: dropped, as the text reader drops one
        if raw_header.get(j).is_none_or(|h| h.trim().is_empty())
            && cells.iter().all(|c| *c == Cell::Empty)
        {
            unnamed.push(j + 1);
            continue;
        }
        let texts: Vec<Vec<u8>> = cells.iter().map(text_bytes).collect();
        let tst = infer::scan(texts.iter().map(|t| t.as_slice()));
        let nums = cells.iter().filter(|c| matches!(c, Cell::Num(_))).count() as u64;
        let dates_in = cells.iter().filter(|c| matches!(c, Cell::Date(_))).count() as u64;
        let non_blank = tst.non_blank + nums + dates_in;
        let parsed = tst.parsed + nums;
        let kind = forced(j).and_then(|o| o.kind);
        let numeric = match kind {
            Some(ColumnKind::Text) => false,
            Some(ColumnKind::Number) => true,
            _ => parsed * 2 >= non_blank && !infer::is_text_by_name(name),
        };
        if !numeric {
            let v = cells
                .iter()
                .map(|c| (*c != Cell::Empty).then(|| c.text()))
                .collect::<Vec<_>>();
            let v = v.iter().map(Option::as_deref).collect();
            let mut st = tst.clone();
            st.non_blank = non_blank;
            st.parsed = parsed;
            col_reports.push(infer::text_report(name, j + 1, &st, kind.is_some()));
            columns.push(Column {
                name: name.clone(),
                data: ColumnData::Text(v),
            });
            continue;
        }
        let dec = forced(j)
            .and_then(|o| o.decimal)
            .or(tst.own_decimal())
            .unwrap_or(file_dec);
        let mut values = Vec::with_capacity(cells.len());
        let mut st = tst.clone();
        st.non_blank = non_blank;
        st.parsed = 0;
        for (k, c) in cells.iter().enumerate() {
            let v = match c {
                Cell::Num(v) => Some(*v),
                Cell::Text(t) => match number::parse(t.as_bytes(), dec) {
                    Ok((v, shape)) => {
                        st.groups |= shape.group;
                        st.percent |= shape.percent;
                        if st.currency == 0 {
                            st.currency = shape.currency;
                        }
                        Some(v)
                    }
                    Err(NotNumber::Blank | NotNumber::Marker | NotNumber::Text) => None,
                },
                Cell::Empty | Cell::Date(_) => None,
            };
            match v {
                Some(v) => {
                    st.parsed += 1;
                    values.push(v);
                }
                None => {
                    values.push(f64::NAN);
                    report.n_missing_cells += 1;
                    if missing.len() < report::LIST_CAP {
                        missing.push(MissingCell {
                            line: lines[k] as u64,
                            column: name.clone(),
                            raw: c.text(),
                        });
                    }
                }
            }
        }
        let rep = infer::number_report(name, j + 1, dec, &st, None, kind.is_some());
        if rep.thousands_separator.is_some() {
            thousands.clone_from(&rep.thousands_separator);
        }
        if rep.decimal_separator.is_some() {
            decimal.clone_from(&rep.decimal_separator);
        }
        col_reports.push(rep);
        columns.push(Column {
            name: name.clone(),
            data: ColumnData::Numeric(values),
        });
    }
    report
        .notices
        .extend(super::report::dropped_unnamed(&unnamed));
    missing.sort_by_key(|m| m.line);
    report.missing_cells = missing;
    report.columns = col_reports;
    report.thousands_separator = thousands;
    report.decimal_separator = Some(decimal.unwrap_or_else(|| ".".into()));
    report.date_column = date_col.map(|j| names[j].clone());
    report.date_format = date_col.map(|_| date_format);
    report.ignored_lines.sort_by_key(|l| l.line);
    Ok((
        date_col.map(|j| (names[j].clone(), date_values)),
        columns,
        lines,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn helpers() {
        let artefact = 983.32 + 3e-13;
        assert_ne!(artefact, 983.32);
        assert_eq!(round15(artefact), 983.32);
        assert_eq!(serial_date(44928.0), Date::from_ymd(2023, 1, 2));
        assert_eq!(serial_date(1.0), None);
        assert_eq!(convert(&SheetCell::Text("  ".into())), Cell::Empty);
        assert_eq!(
            convert(&SheetCell::Date(45292.5)),
            Cell::Date(Date::from_ymd(2024, 1, 1).unwrap())
        );
    }

    #[test]
    fn a_zip_that_is_not_a_spreadsheet_is_refused() {
        // a valid zip holding hello.txt
        let hex = "504b03041400000000001abe7b5dac2a93d802000000020000000900000068656c6c6f2e7478746869504b010214031400000000001abe7b5dac2a93d8020000000200000009000000000000000000000080010000000068656c6c6f2e747874504b0506000000000100010037000000290000000000";
        let zip: Vec<u8> = (0..hex.len() / 2)
            .map(|i| u8::from_str_radix(&hex[2 * i..2 * i + 2], 16).unwrap())
            .collect();
        let e = read("x.zip", &zip, &Options::default()).unwrap_err();
        assert_eq!(e.kind_code(), "binary_or_not_text");
        // a damaged one is an error too (a damaged spreadsheet, as far as anyone can tell)
        assert!(read("x.zip", b"PK\x03\x04garbage", &Options::default()).is_err());
    }
}
