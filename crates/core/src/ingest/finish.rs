//! The last step shared by text and spreadsheets: row order, duplicate dates, aggregation, and the
//! final [`Table`] with its row sources.

use super::engine::Built;
use super::report::{AggregationReport, FileReport};
use super::{dates, years};
use super::{Loaded, Options};
use crate::events::{self, EventsReport, ExportKind};
use crate::reshape::{self, AggRule};
use crate::{ColumnData, DateColumn, Error, ErrorKind, Position, Result, RowSource, Table};

/// Are rows `a` and `b` identical in every column?
fn same_row(t: &Table, a: usize, b: usize) -> bool {
    t.columns.iter().all(|c| match &c.data {
        ColumnData::Numeric(v) => {
            let (x, y) = (v[a], v[b]);
            x == y || (x.is_nan() && y.is_nan())
        }
        ColumnData::Text(v) => v.get(a) == v.get(b),
    })
}

/// Reorders every column by `perm` (new row i = old row perm[i]).
pub(crate) fn permute(t: &mut Table, perm: &[usize]) {
    if let Some(d) = t.date.as_mut() {
        d.values = perm.iter().map(|&i| d.values[i]).collect();
    }
    for c in &mut t.columns {
        match &mut c.data {
            ColumnData::Numeric(v) => *v = perm.iter().map(|&i| v[i]).collect(),
            ColumnData::Text(v) => *v = perm.iter().map(|&i| v.get(i)).collect(),
        }
    }
    t.sources = perm.iter().map(|&i| t.sources[i]).collect();
}

/// The date format reported for Excel's serial day numbers.
pub(crate) const EXCEL_SERIAL_FORMAT: &str =
    "Excel serial day numbers (days since 1899-12-30), as a sheet without date formatting shows them";

/// The date column (name and dates) and the columns of a table turned by [`turned`].
type Turned = ((String, Vec<crate::Date>), Vec<crate::Column>);

/// A sheet laid out the other way round: the dates run across the header (`Voce, gen-24, feb-24,
/// …, dic-24, Totale`) and each row is a series (Vendite, Follower IG). Read as it stood it was
/// 3 "rows" whose month columns mixed euros and followers, correlated month by month. It is
/// turned: each date a row, each row's label a column; header cells that are no date (a total)
/// are left out, and a notice says so. Needs at least 3 dated header cells, a first column of
/// distinct labels and every other column numeric.
fn turned(columns: &[crate::Column], report: &mut FileReport) -> Option<Turned> {
    let (first, rest) = columns.split_first()?;
    let ColumnData::Text(labels) = &first.data else {
        return None;
    };
    let dated: Vec<(usize, crate::Date)> = rest
        .iter()
        .enumerate()
        .filter_map(|(j, c)| match dates::classify_single(c.name.as_bytes())? {
            dates::DateCell::Exact(d, _) => Some((j, d)),
            dates::DateCell::Triple(t) => Some((j, t.resolve(dates::DateOrder::Dmy)?)),
        })
        .collect();
    if dated.len() < 3 || dated.len() * 2 < rest.len() {
        return None;
    }
    if !rest.iter().all(|c| c.is_numeric()) {
        return None;
    }
    let names: Vec<String> = (0..labels.len())
        .map(|i| labels.get(i).map_or("", str::trim).to_owned())
        .collect();
    if names.iter().any(String::is_empty) || {
        let mut u = names.clone();
        u.sort();
        u.dedup();
        u.len() != names.len()
    } {
        return None;
    }
    let mut order: Vec<usize> = (0..dated.len()).collect();
    order.sort_by_key(|&k| dated[k].1);
    let cols = names
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let v = order
                .iter()
                .map(|&k| match &rest[dated[k].0].data {
                    ColumnData::Numeric(v) => v[i],
                    ColumnData::Text(_) => f64::NAN,
                })
                .collect();
            crate::Column {
                name: name.clone(),
                data: ColumnData::Numeric(v),
            }
        })
        .collect();
    let left: Vec<String> = rest
        .iter()
        .enumerate()
        .filter(|(j, _)| !dated.iter().any(|d| d.0 == *j))
        .map(|(_, c)| format!("“{}”", c.name))
        .collect();
    let (a, z) = (
        &rest[dated[order[0]].0].name,
        &rest[dated[order[order.len() - 1]].0].name,
    );
    let mut notice = format!(
        "the dates run across the header ({a} … {z}) and each row is a series: the table was turned, one row per date and one column per “{}”",
        first.name
    );
    if !left.is_empty() {
        notice.push_str(&format!("; {} left out (not a date)", left.join(", ")));
    }
    report.notices.push(notice);
    report.date_column = Some(first.name.clone());
    report.date_format = Some("dates in the header row (the table turned)".into());
    // each series a number column; its cells were typed as the sheet's columns were
    let seen = super::infer::NumStats {
        parsed: dated.len() as u64,
        non_blank: dated.len() as u64,
        ..Default::default()
    };
    report.columns = names
        .iter()
        .enumerate()
        .map(|(i, n)| super::report::ColumnReport {
            kind: "number".into(),
            format: "number (a row of the sheet, turned)".into(),
            ..super::infer::text_report(n, i + 2, &seen, false)
        })
        .collect();
    report.text_columns_ignored.clear();
    Some((
        (
            first.name.clone(),
            order.iter().map(|&k| dated[k].1).collect(),
        ),
        cols,
    ))
}

/// Date formats a column of plain numbers can hold (see [`numeric_dates`]).
pub(crate) const YEAR_MONTH_FORMAT: &str =
    "YYYYMM (year and month, as Google Analytics writes them)";
pub(crate) const DATE_HOUR_FORMAT: &str =
    "YYYYMMDDHH (date and time of day to the hour, as Google Analytics writes them)";
pub(crate) const UNIX_FORMAT: &str = "Unix time (seconds since 1970-01-01 UTC)";
pub(crate) const UNIX_MS_FORMAT: &str = "Unix time in milliseconds (since 1970-01-01 UTC)";

/// A table read without dates whose column named a date (`date`, `Data`, `Day`, `Year month`,
/// `timestamp`...) holds plain numbers that are dates in one of four ways, every cell alike:
/// - Excel's serial days for 1970-2099 (25569 to 73050, a fraction being the time of day), shown
///   as numbers when the cells lost their date format (a sheet in General format, a CSV pasted
///   from it);
/// - `YYYYMM` (Google Analytics' "Year month") and `YYYYMMDDHH` ("Date + hour");
/// - Unix time in seconds or milliseconds for 2000-2099 (the calendar date in UTC).
///
/// Read as numbers they were analysed as a trend column that correlates with everything. The
/// name is required: six- or ten-digit counts in a column named "sessions" stay numbers.
fn numeric_dates(
    columns: &mut Vec<crate::Column>,
    report: &mut FileReport,
    opts: &Options,
) -> Option<(String, Vec<crate::Date>)> {
    // a column the user marked as a number stays one
    let marked = |n: &str| {
        opts.columns
            .iter()
            .any(|o| o.name == n && o.kind == Some(super::ColumnKind::Number))
    };
    let (j, style, values) = columns.iter().enumerate().find_map(|(j, c)| {
        if !super::infer::looks_like_date_name(&c.name) || marked(&c.name) {
            return None;
        }
        let ColumnData::Numeric(v) = &c.data else {
            return None;
        };
        if v.len() < 2 || v.iter().any(|x| x.is_nan()) {
            return None;
        }
        // ten digits that read as YYYYMMDDHH in some cells are not Unix times (2026110124:
        // one hour mistyped)
        let hours = v.iter().any(|&x| NumericDates::DateHour.date(x).is_some());
        NumericDates::ALL
            .iter()
            .filter(|s| !(hours && matches!(s, NumericDates::Unix)))
            .find_map(|&s| {
                Some((
                    j,
                    s,
                    v.iter().map(|&x| s.date(x)).collect::<Option<Vec<_>>>()?,
                ))
            })
    })?;
    let c = columns.remove(j);
    let format = style.format();
    if let Some(r) = report.columns.iter_mut().find(|r| r.name == c.name) {
        r.kind = "date".into();
        r.date_format = Some(format.into());
    }
    report.date_column = Some(c.name.clone());
    report.date_format = Some(format.into());
    report.notices.push(style.notice(&c.name));
    Some((c.name, values))
}

/// The ways a number can be a date, tried in this order (their ranges do not overlap, except
/// ten-digit `YYYYMMDDHH` and Unix seconds, where the calendar reading is tried first).
#[derive(Debug, Clone, Copy)]
enum NumericDates {
    ExcelSerial,
    YearMonth,
    DateHour,
    Unix,
    UnixMs,
}

impl NumericDates {
    const ALL: [NumericDates; 5] = [
        NumericDates::ExcelSerial,
        NumericDates::YearMonth,
        NumericDates::DateHour,
        NumericDates::Unix,
        NumericDates::UnixMs,
    ];

    fn date(self, x: f64) -> Option<crate::Date> {
        const SERIAL_1970: f64 = 25569.0;
        const SERIAL_2100: f64 = 73051.0;
        let whole = x.fract() == 0.0;
        let ymd = |y: f64, m: f64, d: f64| {
            (1900.0..=2100.0)
                .contains(&y)
                .then(|| crate::Date::from_ymd(y as i32, m as u32, d as u32))
                .flatten()
        };
        let unix = |secs: f64| {
            (946_684_800.0..4_102_444_800.0)
                .contains(&secs)
                .then(|| crate::Date::from_days((secs / 86_400.0).floor() as i32))
        };
        match self {
            NumericDates::ExcelSerial => (SERIAL_1970..SERIAL_2100)
                .contains(&x)
                .then(|| crate::Date::from_days((x.floor() - SERIAL_1970) as i32)),
            NumericDates::YearMonth if whole && (190_001.0..=210_012.0).contains(&x) => {
                ymd((x / 100.0).floor(), x % 100.0, 1.0)
            }
            NumericDates::DateHour if whole && (1_900_010_100.0..=2_100_123_123.0).contains(&x) => {
                let hour = x % 100.0;
                let day = (x / 100.0).floor();
                if hour > 23.0 {
                    return None;
                }
                ymd(
                    (day / 10_000.0).floor(),
                    (day / 100.0).floor() % 100.0,
                    day % 100.0,
                )
            }
            NumericDates::Unix if whole => unix(x),
            NumericDates::UnixMs if whole => unix((x / 1000.0).floor()),
            _ => None,
        }
    }

    fn format(self) -> &'static str {
        match self {
            NumericDates::ExcelSerial => EXCEL_SERIAL_FORMAT,
            NumericDates::YearMonth => YEAR_MONTH_FORMAT,
            NumericDates::DateHour => DATE_HOUR_FORMAT,
            NumericDates::Unix => UNIX_FORMAT,
            NumericDates::UnixMs => UNIX_MS_FORMAT,
        }
    }

    fn notice(self, name: &str) -> String {
        match self {
            NumericDates::ExcelSerial => format!(
                "“{name}” holds Excel's serial day numbers (e.g. 45352 = 2024-03-01): read as dates"
            ),
            NumericDates::YearMonth => {
                format!("“{name}” holds years and months as YYYYMM (e.g. 202403 = March 2024): read as months")
            }
            NumericDates::DateHour => format!(
                "“{name}” holds dates and hours as YYYYMMDDHH (e.g. 2024030113 = 2024-03-01, 13:00): read as dates, the hour dropped"
            ),
            NumericDates::Unix | NumericDates::UnixMs => format!(
                "“{name}” holds Unix times (seconds since 1970): read as dates in UTC"
            ),
        }
    }
}

/// Names of a year column, and of the month, ISO week and day columns beside it (lower case).
const YEAR_NAMES: &[&str] = &["anno", "year", "yr", "jahr", "año", "ano", "année", "annee"];
const MONTH_NAMES: &[&str] = &["mese", "month", "mois", "monat", "mes", "mês"];
const WEEK_NAMES: &[&str] = &[
    "settimana",
    "week",
    "wk",
    "semaine",
    "woche",
    "kw",
    "semana",
];
const DAY_NAMES: &[&str] = &["giorno", "day", "jour", "tag", "día", "dia"];

/// Dates made from a year column and a month (number or name, with a day column the day) or an
/// ISO week column beside it (`Anno;Mese;Fatturato`, as a spreadsheet kept by hand has them). Read
/// as numbers, the year and the month were analysed as two more series, and the rows had no time.
fn year_and_period_dates(
    columns: &mut Vec<crate::Column>,
    report: &mut FileReport,
    opts: &Options,
) -> Option<(String, Vec<crate::Date>)> {
    let named = |names: &[&str]| {
        columns.iter().position(|c| {
            names.contains(&crate::text::lowercase(c.name.trim()).as_str())
                && !opts
                    .columns
                    .iter()
                    .any(|o| o.name == c.name && o.kind.is_some())
        })
    };
    // whole numbers within `lo..=hi` in every row
    let ints = |j: usize, lo: f64, hi: f64| -> Option<Vec<u32>> {
        let ColumnData::Numeric(v) = &columns[j].data else {
            return None;
        };
        v.iter()
            .map(|&x| (x.fract() == 0.0 && (lo..=hi).contains(&x)).then_some(x as u32))
            .collect()
    };
    let y = named(YEAR_NAMES)?;
    let years = ints(y, 1900.0, 2100.0)?;
    if years.len() < 2 {
        return None;
    }
    let months = named(MONTH_NAMES).and_then(|j| {
        let m = ints(j, 1.0, 12.0).or_else(|| match &columns[j].data {
            ColumnData::Text(t) => (0..t.len())
                .map(|i| t.get(i).and_then(super::dates::month_named))
                .collect(),
            ColumnData::Numeric(_) => None,
        })?;
        Some((j, m))
    });
    let (used, values, what): (Vec<usize>, Vec<crate::Date>, &str) = if let Some((m, ms)) = months {
        let days = named(DAY_NAMES).and_then(|j| Some((j, ints(j, 1.0, 31.0)?)));
        match days {
            Some((d, ds)) => {
                let v = (0..years.len())
                    .map(|i| crate::Date::from_ymd(years[i] as i32, ms[i], ds[i]))
                    .collect::<Option<Vec<_>>>()?;
                (vec![y, m, d], v, "each row's date")
            }
            None => {
                let v = (0..years.len())
                    .map(|i| crate::Date::from_ymd(years[i] as i32, ms[i], 1))
                    .collect::<Option<Vec<_>>>()?;
                (vec![y, m], v, "each row's month (its first day)")
            }
        }
    } else if let Some((w, ws)) = named(WEEK_NAMES).and_then(|j| Some((j, ints(j, 1.0, 53.0)?))) {
        let v = (0..years.len())
            .map(|i| crate::Date::from_iso_week(years[i] as i32, ws[i]))
            .collect::<Option<Vec<_>>>()?;
        (vec![y, w], v, "each row's ISO week (its Monday)")
    } else {
        // a year on its own dates a row only when each year is a row of its own
        let mut seen = years.clone();
        seen.sort_unstable();
        seen.dedup();
        if seen.len() != years.len() {
            return None;
        }
        let v = years
            .iter()
            .map(|&y| crate::Date::from_ymd(y as i32, 1, 1))
            .collect::<Option<Vec<_>>>()?;
        (vec![y], v, "each row's year (its first day)")
    };
    let names: Vec<String> = used.iter().map(|&j| columns[j].name.clone()).collect();
    let quoted: Vec<String> = names.iter().map(|n| format!("“{n}”")).collect();
    let mut sorted = used.clone();
    sorted.sort_unstable();
    for j in sorted.into_iter().rev() {
        columns.remove(j);
    }
    for r in report
        .columns
        .iter_mut()
        .filter(|r| names.contains(&r.name))
    {
        r.kind = "date".into();
    }
    let name = names.join(" ");
    let format = format!("{} columns", names.join(" + "));
    report.date_column = Some(name.clone());
    report.date_format = Some(format);
    report.text_columns_ignored.retain(|t| !names.contains(t));
    let verb = if quoted.len() == 1 { "gives" } else { "give" };
    report.notices.push(format!(
        "{} {verb} {what}: read as dates",
        quoted.join(" and ")
    ));
    Some((name, values))
}

pub(crate) fn finish(b: Built, name: &str, opts: &Options) -> Result<Loaded> {
    let Built {
        mut date,
        mut columns,
        mut lines,
        mut report,
    } = b;
    // dates made from other columns, unless the user said which column is the date, or none
    if date.is_none() && !opts.no_date_column && opts.date_column.is_none() {
        date = numeric_dates(&mut columns, &mut report, opts);
        if date.is_none() {
            date = year_and_period_dates(&mut columns, &mut report, opts);
        }
    }
    if date.is_none() && !opts.no_date_column {
        if let Some((d, cols)) = turned(&columns, &mut report) {
            let header_line = report.header_line.unwrap_or(1) as u32;
            lines = vec![header_line; d.1.len()];
            date = Some(d);
            columns = cols;
        }
    }
    let scaled: Vec<String> = report
        .columns
        .iter()
        .filter(|c| c.format.contains(super::infer::SCALED_FORMAT))
        .map(|c| {
            format!("“{}” has values written with K, M or B (14.7K = 14,700): read as the rounded numbers shown", c.name)
        })
        .collect();
    report.notices.extend(scaled);
    if let (Some((name, _)), Some(f)) = (&date, &report.date_format) {
        if f.contains(dates::RANGE_SUFFIX) {
            report.notices.push(format!(
                "“{name}” holds ranges of dates (a week's first and last day): each row is dated by its first day"
            ));
        }
    }
    if report.date_format.as_deref() == Some(dates::NO_YEAR_FORMAT) {
        if let Some((name, values)) = date.as_mut() {
            let (first, last) = years::resolve(values, opts.today, opts.year);
            if let Some(c) = report.columns.iter_mut().find(|c| &c.name == name) {
                c.assumed_year = Some(first);
                c.overridden |= opts.year.is_some();
            }
            report.notices.push(if opts.year.is_some() {
                format!("the dates have no year: {first} to {last}, as chosen")
            } else if opts.today.is_some() {
                format!("the dates have no year: taken as {first} to {last}, the latest years that keep them on or before today")
            } else {
                format!("the dates have no year and today's date was not given: taken as {first} to {last}")
            });
        }
    }
    report.n_data_rows = lines.len() as u64;
    report.data_lines = match (lines.first(), lines.last()) {
        (Some(&a), Some(&z)) => Some([a as u64, z as u64]),
        _ => None,
    };
    report.text_columns_ignored = columns
        .iter()
        .filter(|c| !c.is_numeric())
        .map(|c| c.name.clone())
        .collect();
    let mut table = Table {
        date: date.map(|(name, values)| DateColumn { name, values }),
        columns,
        sources: lines.iter().map(|&line| RowSource::new(0, line)).collect(),
        files: vec![name.to_owned()],
    };
    let Some(dates) = table.dates() else {
        report.row_order_in_file = "no date column".into();
        return Ok(Loaded {
            table: table.into(),
            report,
        });
    };
    let asc = dates.windows(2).all(|w| w[0] <= w[1]);
    let desc = dates.windows(2).all(|w| w[0] >= w[1]);
    report.row_order_in_file = if asc {
        "ascending"
    } else if desc {
        "descending"
    } else {
        "unordered"
    }
    .into();
    if let Some((keep, notice)) = summary_range_rows(&table) {
        let left: Vec<u64> = (0..table.n_rows())
            .filter(|i| !keep.contains(i))
            .map(|i| table.sources[i].line as u64)
            .collect();
        permute(&mut table, &keep);
        for line in left {
            report.ignored_lines.push(super::report::IgnoredLine {
                line,
                reason: "summary row: its date range covers every other row's".into(),
            });
        }
        report.n_data_rows = table.n_rows() as u64;
        report.notices.push(notice);
    }
    if let Some(n) = range_rows(&table) {
        report.notices.push(n);
    }
    if let Some(agg) = &opts.aggregate {
        let rows_before = table.n_rows() as u64;
        let mut rules = agg.rules.clone();
        for c in table.numeric_columns() {
            if !rules.iter().any(|(n, _)| n == c.0) {
                rules.push((c.0.to_owned(), default_rule(c.0, agg.default_rule)));
            }
        }
        table = reshape::resample(&table, agg.period, &rules)?;
        // a `count` rule turns a text column into numbers
        report.text_columns_ignored = table
            .columns
            .iter()
            .filter(|c| !c.is_numeric())
            .map(|c| c.name.clone())
            .collect();
        report.aggregated = Some(AggregationReport {
            period: agg.period.name().into(),
            rows_before,
            rows_after: table.n_rows() as u64,
            rules: table
                .numeric_columns()
                .map(|(n, _)| {
                    let r = rules
                        .iter()
                        .find(|(m, _)| m == n)
                        .map_or(default_rule(n, agg.default_rule), |x| x.1);
                    (n.to_owned(), r.name().to_owned())
                })
                .collect(),
        });
        return Ok(Loaded {
            table: table.into(),
            report,
        });
    }
    if !asc {
        let d = table.dates().unwrap_or(&[]);
        let mut perm: Vec<usize> = (0..d.len()).collect();
        perm.sort_by_key(|&i| d[i]);
        permute(&mut table, &perm);
    }
    if let Some((keep, notice)) = one_comparison(&table) {
        permute(&mut table, &keep);
        report.n_data_rows = table.n_rows() as u64;
        report.notices.push(notice);
    }
    if let Some(ev) = events_reading(&table, &report) {
        // in an event file a row without a date continues the row above (Shopify's line items);
        // one above every dated row continues nothing: a summary (Meta Ads' "summary row")
        let first_dated = report.data_lines.map_or(0, |d| d[0]);
        let mut continued = 0;
        for l in &mut report.ignored_lines {
            if l.reason == EMPTY_DATE && l.line > first_dated {
                l.reason = CONTINUATION.into();
                continued += 1;
            }
        }
        if continued > 0 {
            report.notices.push(format!(
                "{continued} rows without a date continue the row above them (an order's further items); their order-level cells are on the first row"
            ));
        }
        report.events = Some(ev);
        return Ok(Loaded {
            table: table.into(),
            report,
        });
    }
    // Same date twice: identical rows are dropped with a notice; different values are an error.
    let d = table.dates().unwrap_or(&[]);
    if !d.windows(2).any(|w| w[0] == w[1]) {
        return Ok(Loaded {
            table: table.into(),
            report,
        });
    }
    let mut keep: Vec<usize> = Vec::with_capacity(d.len());
    let mut dropped = 0u64;
    for i in 0..d.len() {
        if let Some(&k) = keep.last() {
            if d[k] == d[i] {
                if same_row(&table, k, i) {
                    dropped += 1;
                    report.ignore(
                        table.sources[i].line as u64,
                        format!(
                            "duplicate row: same date and values as line {}",
                            table.sources[k].line
                        ),
                    );
                    continue;
                }
                let (l1, l2) = (table.sources[k].line, table.sources[i].line);
                let date_name = table.date.as_ref().map(|c| c.name.as_str());
                let col = report
                    .columns
                    .iter()
                    .find(|c| Some(c.name.as_str()) == date_name);
                let mut pos = Position::line(l1.max(l2) as u64);
                if let Some(c) = col {
                    pos = pos.with_column(c.index as u64, Some(&c.name));
                }
                return Err(Error::new(ErrorKind::DuplicateDate {
                    pos,
                    date: d[i].to_iso(),
                    first_line: l1.min(l2) as u64,
                    second_line: l1.max(l2) as u64,
                }));
            }
        }
        keep.push(i);
    }
    if dropped > 0 {
        report.notices.push(format!(
            "{dropped} duplicate rows (same date, identical values) were dropped"
        ));
        report.ignored_lines.sort_by_key(|l| l.line);
        permute(&mut table, &keep);
    }
    Ok(Loaded {
        table: table.into(),
        report,
    })
}

/// The date range columns of an ad platform's report: the start (the table's dates, named
/// `Reporting starts`, `Inizio dei report`...) and the end column's cells.
fn range_columns(table: &Table) -> Option<(&str, &crate::Column)> {
    let start = &table.date.as_ref()?.name;
    let l = crate::text::lowercase(start);
    if ![
        "reporting start",
        "inizio report",
        "inizio dei report",
        "inizio del report",
        "start date",
        "data di inizio",
    ]
    .iter()
    .any(|w| l.contains(w))
    {
        return None;
    }
    const ENDS: [&str; 6] = [
        "reporting end",
        "fine report",
        "fine dei report",
        "fine del report",
        "end date",
        "data di fine",
    ];
    let end = table.columns.iter().find(|c| {
        let l = crate::text::lowercase(&c.name);
        ENDS.iter().any(|w| l.contains(w))
    })?;
    Some((start.as_str(), end))
}

/// Each row's range in days (start, end), where its end is a date.
fn row_ranges(table: &Table, end: &crate::Column) -> Vec<Option<(i32, i32)>> {
    let (Some(dates), crate::ColumnData::Text(ends)) = (table.dates(), &end.data) else {
        return Vec::new();
    };
    (0..dates.len())
        .map(|i| {
            let e = crate::analysis::plan::parse_iso(ends.get(i)?.trim())?;
            Some((dates[i].days(), e.days()))
        })
        .collect()
}

/// Meta Ads Manager's "Include summary row": a row whose range covers every other row's, its
/// name cells empty (or "Total"), above rows that name their campaign. Counted on its first day it
/// added the whole report to that day (a day's spend of 240.18 where it was 19.82). The rows to
/// keep, and the notice, when there is such a row.
fn summary_range_rows(table: &Table) -> Option<(Vec<usize>, String)> {
    let (_, end) = range_columns(table)?;
    let ranges = row_ranges(table, end);
    let n = ranges.len();
    let lo = ranges.iter().flatten().map(|r| r.0).min()?;
    let hi = ranges.iter().flatten().map(|r| r.1).max()?;
    let names: Vec<&crate::TextColumn> = table
        .columns
        .iter()
        .filter(|c| c.name != end.name)
        .filter_map(|c| match &c.data {
            crate::ColumnData::Text(v) => Some(v),
            crate::ColumnData::Numeric(_) => None,
        })
        .collect();
    let blank = |v: &crate::TextColumn, i: usize| {
        v.get(i).is_none_or(|c| {
            let c = c.trim();
            c.is_empty() || super::engine::is_total_label(c.as_bytes())
        })
    };
    let summary: Vec<usize> = (0..n)
        .filter(|&i| ranges[i] == Some((lo, hi)) && names.iter().all(|v| blank(v, i)))
        .collect();
    // the other rows name what they are about: without a name column a whole-range row is data,
    // unless every other row is one day (a breakdown by day under its summary)
    let others = n - summary.len();
    let named = (0..n)
        .filter(|i| !summary.contains(i))
        .all(|i| names.iter().any(|v| !blank(v, i)));
    let daily = lo < hi
        && (0..n)
            .filter(|i| !summary.contains(i))
            .all(|i| ranges[i].is_some_and(|(s, e)| s == e));
    if summary.is_empty() || others < 2 || !((named && !names.is_empty()) || daily) {
        return None;
    }
    let keep = (0..n).filter(|i| !summary.contains(i)).collect();
    let lines: Vec<String> = summary
        .iter()
        .map(|&i| table.sources[i].line.to_string())
        .collect();
    Some((
        keep,
        format!(
            "line {} is the report's summary (its range covers every other row's and it names no campaign): left out, so its totals are not counted again",
            lines.join(", ")
        ),
    ))
}

/// An ad platform's summary (Meta Ads Manager without a breakdown by day): each row covers a
/// range, `Reporting starts` to `Reporting ends`, and is dated by its start, so two weeks of
/// spend fall in the first week. Said, with the way to a series by day.
fn range_rows(table: &Table) -> Option<String> {
    let (start, end) = range_columns(table)?;
    let longest = row_ranges(table, end)
        .iter()
        .flatten()
        .map(|(s, e)| e - s + 1)
        .max()?;
    (longest > 1).then(|| {
        format!(
            "each row covers a range of dates (up to {longest} days, \"{start}\" to \"{}\") and is counted on its first day: for a series per day or week, export with a breakdown by day",
            end.name
        )
    })
}

/// Google Analytics with comparisons on: a `Comparison` (or `Segment`) column names overlapping
/// groups of the same visits on each date ("All Users", "Mobile traffic"), so adding them up
/// counted the mobile visits twice. The rows of one group are kept: all users when it is there,
/// else the first named. The rows to keep and the notice, when the file is such.
fn one_comparison(table: &Table) -> Option<(Vec<usize>, String)> {
    const NAMES: [&str; 6] = [
        "comparison",
        "comparisons",
        "confronto",
        "confronti",
        "segment",
        "segmento",
    ];
    let dates = table.dates()?;
    if !dates.windows(2).any(|w| w[0] == w[1]) {
        return None;
    }
    let (name, cells) = table.columns.iter().find_map(|c| match &c.data {
        crate::ColumnData::Text(v)
            if NAMES.contains(&crate::text::lowercase(c.name.trim()).as_str()) =>
        {
            Some((c.name.as_str(), v))
        }
        _ => None,
    })?;
    let mut groups: Vec<&str> = Vec::new();
    for i in 0..dates.len() {
        let g = cells.get(i).map_or("", str::trim);
        if !g.is_empty() && !groups.contains(&g) {
            groups.push(g);
        }
    }
    if groups.len() < 2 {
        return None;
    }
    const ALL: [&str; 4] = [
        "all users",
        "tutti gli utenti",
        "all sessions",
        "tutte le sessioni",
    ];
    let chosen = groups
        .iter()
        .copied()
        .find(|g| ALL.contains(&crate::text::lowercase(g).as_str()))
        .unwrap_or(groups[0]);
    let keep = (0..dates.len())
        .filter(|&i| cells.get(i).map_or("", str::trim) == chosen)
        .collect();
    let others: Vec<String> = groups
        .iter()
        .filter(|g| **g != chosen)
        .map(|g| format!("“{g}”"))
        .collect();
    Some((
        keep,
        format!(
            "“{name}” holds overlapping groups of the same visits: only “{chosen}” is read (adding {} would count visits twice); to analyse another, export it on its own",
            others.join(", ")
        ),
    ))
}

/// Why the engine skips a row without a date, and what that row is in an event file.
pub(crate) const EMPTY_DATE: &str = "totals/summary row: empty date cell";
const CONTINUATION: &str = "continuation row: no date, part of the order above";

/// Fewest repeated dates, and smallest share of rows repeating a date, that make a file without
/// times of day an event file rather than a per-period table with a mistake in it.
pub(crate) const EVENT_REPEATS: usize = 3;
pub(crate) const EVENT_REPEAT_SHARE: f64 = 0.1;

/// Is this table events (to combine per period) rather than one row per period? (rows sorted by
/// date). Yes when the header is a recognised export; or when dates repeat and either the date
/// cells carry a time of day, or at least [`EVENT_REPEATS`] rows and [`EVENT_REPEAT_SHARE`] of
/// the rows repeat an earlier row's date. A few repeats among unique dates without times stay the
/// `duplicate_date` error (a per-period table with a mistake): identical rows are still dropped.
fn events_reading(table: &Table, report: &FileReport) -> Option<EventsReport> {
    let d = table.dates()?;
    let header: Vec<&str> = report.header.iter().map(String::as_str).collect();
    if let Some(kind) = events::recognise(&header) {
        return Some(EventsReport::new(kind, d, "recognised export"));
    }
    let repeats = d.windows(2).filter(|w| w[0] == w[1]).count();
    if repeats == 0 {
        return None;
    }
    let times = report
        .date_format
        .as_deref()
        .is_some_and(|f| f.contains("time"));
    let reason = if times {
        "dates with times of day"
    } else if repeats >= EVENT_REPEATS && repeats as f64 >= EVENT_REPEAT_SHARE * d.len() as f64 {
        "dates repeat"
    } else {
        return None;
    };
    Some(EventsReport::new(ExportKind::GenericEvents, d, reason))
}

/// The rule used for a column when aggregation names none.
pub(crate) const DEFAULT_RULE: AggRule = AggRule::Sum;

/// A column's rule when none is given: a rate or an average (CTR, Avg. CPC, Cost / conv.,
/// engagement rate) is averaged where the rest is summed (30 daily CTRs of 5% summed were a
/// monthly "CTR" of 155%).
/// A running total (Facebook's `Lifetime Total Likes`, a `cumulative` count) takes its last
/// value: summed per week it was seven times the page's likes.
pub(crate) fn default_rule(name: &str, default: AggRule) -> AggRule {
    if default != AggRule::Sum {
        return default;
    }
    let l = crate::text::lowercase(name);
    if is_running_total_name(&l) {
        AggRule::Last
    } else if events::is_ratio_name(&l) {
        AggRule::Mean
    } else {
        default
    }
}

/// Names of running totals (lower case).
pub(crate) fn is_running_total_name(l: &str) -> bool {
    [
        "lifetime",
        "cumulative",
        "cumulativ",
        "running total",
        "totale progressivo",
        "to date",
        "ad oggi",
    ]
    .iter()
    .any(|w| l.contains(w))
}

/// Names of counts of people reached (`Reach`, `Copertura`, `Unique …`): not additive over
/// days, so a sum per period counts a person once per day they were reached.
pub(crate) fn is_reach_name(l: &str) -> bool {
    l.contains("reach")
        || l.contains("copertura")
        || l.contains("unique")
        || l.contains("unici")
        || l.contains("univoci")
        || l.contains("persone raggiunte")
        || l.contains("accounts reached")
        || l.contains("account raggiunti")
}
