//! Reshaping tables: joining several files on date, aggregating event-level rows, resampling periods.
//!
//! * [`join`] combines files on the calendar date (inner: dates in every file; outer: dates in any
//!   file, missing cells NaN/None). It returns a [`Table`]: the per-file reports stay with the
//!   caller (clone them from the [`Loaded`] values first, or use [`join_tables`] on references).
//! * [`resample`] groups rows per day, ISO week (Monday) or month (first day), with a rule per
//!   numeric column; the default rule is **sum** (right for counts and money; choose `mean` for
//!   rates and `last` for running totals such as cumulative followers). Missing cells are skipped;
//!   a period with no value in a column stays missing (never zero), except `count`, which is 0.

use crate::hash::FxHashMap;

use crate::ingest::Loaded;
use crate::{
    Column, ColumnData, Date, DateColumn, Error, ErrorKind, Position, Result, RowSource, Table,
};

/// Which dates a join keeps.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum JoinKind {
    /// Dates present in every file (SCHEMA §2).
    #[default]
    Inner,
    /// Dates present in any file; the others' cells are missing.
    Outer,
}

/// A resampling period, ordered from the finest (a day) to the coarsest (a month).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Day,
    /// ISO week, dated its Monday.
    Week,
    /// Calendar month, dated its first day.
    Month,
}

impl Period {
    pub fn name(self) -> &'static str {
        match self {
            Period::Day => "day",
            Period::Week => "week",
            Period::Month => "month",
        }
    }

    /// How many days the period starting at `start` has.
    pub fn days(self, start: Date) -> u32 {
        match self {
            Period::Day => 1,
            Period::Week => 7,
            Period::Month => {
                let (y, m, _) = start.ymd();
                crate::date::days_in_month(y, m)
            }
        }
    }

    /// The first day of the period holding `d`.
    pub fn start(self, d: Date) -> Date {
        match self {
            Period::Day => d,
            Period::Week => d.week_start(),
            Period::Month => d.month_start(),
        }
    }
}

/// How a numeric column's cells in one period become one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AggRule {
    Sum,
    Mean,
    /// Number of non-missing cells.
    Count,
    /// The last non-missing cell in date (then file) order.
    Last,
}

impl AggRule {
    pub fn name(self) -> &'static str {
        match self {
            AggRule::Sum => "sum",
            AggRule::Mean => "mean",
            AggRule::Count => "count",
            AggRule::Last => "last",
        }
    }
}

fn no_date(file: Option<&str>) -> Error {
    let mut pos = Position::default();
    if let Some(f) = file {
        pos = pos.with_file(f);
    }
    Error::new(ErrorKind::NoDateColumn { pos })
}

/// Neumaier-compensated sum of the non-NaN values (`None` if there are none).
fn sum(vals: impl Iterator<Item = f64>) -> Option<(f64, usize)> {
    let (mut s, mut c, mut n) = (0.0f64, 0.0f64, 0usize);
    for x in vals.filter(|x| !x.is_nan()) {
        let t = s + x;
        if s.abs() >= x.abs() {
            c += (s - t) + x;
        } else {
            c += (x - t) + s;
        }
        s = t;
        n += 1;
    }
    (n > 0).then_some((s + c, n))
}

/// Groups rows per period. `rules` maps column names to rules; numeric columns not named use
/// [`AggRule::Sum`]; text columns keep their last non-empty value (or become a count under
/// `count`). Rows come out ascending by period start.
pub fn resample(table: &Table, period: Period, rules: &[(String, AggRule)]) -> Result<Table> {
    let dates = table
        .dates()
        .ok_or_else(|| no_date(table.files.first().map(String::as_str)))?;
    for (name, _) in rules {
        if table.column(name).is_none() {
            // the plan's field that names it (`resample.rules`), as the other plan fields say
            let pos = Position {
                column_name: Some(format!("resample.rules.{name}")),
                ..Position::default()
            };
            return Err(Error::new(ErrorKind::UnknownColumn {
                pos,
                name: name.clone(),
                known: table.columns.iter().map(|c| c.name.clone()).collect(),
            }));
        }
    }
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(|&i| (period.start(dates[i]), dates[i]));
    // groups as ranges of `order`
    let mut groups: Vec<(Date, std::ops::Range<usize>)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let key = period.start(dates[i]);
        match groups.last_mut() {
            Some((d, r)) if *d == key => r.end = k + 1,
            _ => groups.push((key, k..k + 1)),
        }
    }
    let rule_of = |name: &str| {
        rules
            .iter()
            .find(|(n, _)| n == name)
            .map_or(AggRule::Sum, |r| r.1)
    };
    let columns = table
        .columns
        .iter()
        .map(|c| {
            let rule = rule_of(&c.name);
            let data = match (&c.data, rule) {
                (ColumnData::Numeric(v), _) => ColumnData::Numeric(
                    groups
                        .iter()
                        .map(|(_, r)| {
                            let mut cells = order[r.clone()].iter().map(|&i| v[i]);
                            match rule {
                                AggRule::Sum => sum(cells).map_or(f64::NAN, |x| x.0),
                                AggRule::Mean => sum(cells).map_or(f64::NAN, |(s, n)| s / n as f64),
                                AggRule::Count => cells.filter(|x| !x.is_nan()).count() as f64,
                                AggRule::Last => cells.rfind(|x| !x.is_nan()).unwrap_or(f64::NAN),
                            }
                        })
                        .collect(),
                ),
                (ColumnData::Text(v), AggRule::Count) => ColumnData::Numeric(
                    groups
                        .iter()
                        .map(|(_, r)| {
                            order[r.clone()]
                                .iter()
                                .filter(|&&i| v.get(i).is_some())
                                .count() as f64
                        })
                        .collect(),
                ),
                (ColumnData::Text(v), _) => ColumnData::Text(
                    groups
                        .iter()
                        .map(|(_, r)| order[r.clone()].iter().rev().find_map(|&i| v.get(i)))
                        .collect(),
                ),
            };
            Column {
                name: c.name.clone(),
                data,
            }
        })
        .collect();
    Ok(Table {
        date: Some(DateColumn {
            name: table
                .date
                .as_ref()
                .map_or_else(String::new, |d| d.name.clone()),
            values: groups.iter().map(|g| g.0).collect(),
        }),
        columns,
        sources: groups
            .iter()
            .map(|(_, r)| {
                let s = table
                    .sources
                    .get(order[r.start])
                    .copied()
                    .unwrap_or_default();
                s.with_joined(None)
            })
            .collect(),
        files: table.files.clone(),
    })
}

/// Joins loaded files on date; see [`join_tables`].
pub fn join(tables: Vec<Loaded>, kind: JoinKind) -> Result<Table> {
    let refs: Vec<&Table> = tables.iter().map(|l| &*l.table).collect();
    join_tables(&refs, kind)
}

/// Joins tables on the calendar date. Every table needs a date column without repeated dates.
/// Columns keep file order; a name already taken gets ` (file name)` appended. The result is
/// ascending by date; each row's source is the first file that has the date, and
/// `RowSource::joined` the next one (for three or more files, later partners are not recorded).
pub fn join_tables(tables: &[&Table], kind: JoinKind) -> Result<Table> {
    let Some(first) = tables.first() else {
        return Ok(Table::default());
    };
    let mut indexes: Vec<FxHashMap<Date, usize>> = Vec::with_capacity(tables.len());
    for t in tables {
        let file = t.files.first().map(String::as_str);
        let dates = t.dates().ok_or_else(|| no_date(file))?;
        let mut map: FxHashMap<Date, usize> =
            FxHashMap::with_capacity_and_hasher(dates.len(), Default::default());
        for (i, d) in dates.iter().enumerate() {
            if let Some(&j) = map.get::<Date>(d) {
                let j: usize = j;
                let (a, b) = (t.sources[j].line as u64, t.sources[i].line as u64);
                let mut pos = Position::line(b);
                if let Some(f) = file {
                    pos = pos.with_file(f);
                }
                return Err(Error::new(ErrorKind::DuplicateDate {
                    pos,
                    date: d.to_iso(),
                    first_line: a,
                    second_line: b,
                }));
            }
            map.insert(*d, i);
        }
        indexes.push(map);
    }
    let mut keys: Vec<Date> = match kind {
        JoinKind::Inner => indexes[0]
            .keys()
            .copied()
            .filter(|d| indexes[1..].iter().all(|m| m.contains_key(d)))
            .collect(),
        JoinKind::Outer => {
            let mut all: Vec<Date> = indexes.iter().flat_map(|m| m.keys().copied()).collect();
            all.sort_unstable();
            all.dedup();
            all
        }
    };
    keys.sort_unstable();
    if keys.is_empty() && indexes.iter().all(|m| !m.is_empty()) {
        // an inner join of files that share no date: nothing to analyse, and the reason is
        // the dates each file covers (another year, or weeks dated on other weekdays)
        let ranges = tables
            .iter()
            .enumerate()
            .map(|(i, t)| {
                let d = t.dates().unwrap_or(&[]);
                let (lo, hi) = (d.iter().min(), d.iter().max());
                (
                    t.files
                        .first()
                        .cloned()
                        .unwrap_or_else(|| format!("file {}", i + 1)),
                    lo.map_or_else(String::new, |d| d.to_iso()),
                    hi.map_or_else(String::new, |d| d.to_iso()),
                )
            })
            .collect();
        return Err(Error::new(ErrorKind::NoCommonDates {
            pos: Position::default(),
            ranges,
        }));
    }
    let mut files: Vec<String> = Vec::new();
    let mut file_offset: Vec<u16> = Vec::new();
    for t in tables {
        file_offset.push(files.len().min(u16::MAX as usize) as u16);
        files.extend(t.files.iter().cloned());
    }
    let date_name = first
        .date
        .as_ref()
        .map_or_else(String::new, |d| d.name.clone());
    let mut names: Vec<String> = vec![date_name.clone()];
    let mut columns = Vec::new();
    for (ti, t) in tables.iter().enumerate() {
        let fname = t
            .files
            .first()
            .cloned()
            .unwrap_or_else(|| format!("file {}", ti + 1));
        for c in &t.columns {
            let mut name = c.name.clone();
            if names.contains(&name) {
                name = format!("{} ({fname})", c.name);
                let mut k = 2;
                while names.contains(&name) {
                    name = format!("{} ({fname}) ({k})", c.name);
                    k += 1;
                }
            }
            names.push(name.clone());
            let rows = keys.iter().map(|d| indexes[ti].get(d).copied());
            let data = match &c.data {
                ColumnData::Numeric(v) => {
                    ColumnData::Numeric(rows.map(|r| r.map_or(f64::NAN, |i| v[i])).collect())
                }
                ColumnData::Text(v) => {
                    ColumnData::Text(rows.map(|r| r.and_then(|i| v.get(i))).collect())
                }
            };
            columns.push(Column { name, data });
        }
    }
    let sources = keys
        .iter()
        .map(|d| {
            let mut have = (0..tables.len()).filter_map(|ti| {
                indexes[ti].get(d).map(|&i| {
                    let s = tables[ti].sources.get(i).copied().unwrap_or_default();
                    (s.file.saturating_add(file_offset[ti]), s.line)
                })
            });
            let (file, line) = have.next().unwrap_or((0, 0));
            RowSource::new(file, line).with_joined(have.next())
        })
        .collect();
    Ok(Table {
        date: Some(DateColumn {
            name: date_name,
            values: keys,
        }),
        columns,
        sources,
        files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(m: u32, day: u32) -> Date {
        Date::from_ymd(2024, m, day).unwrap()
    }

    fn table(file: &str, dates: Vec<Date>, cols: Vec<(&str, Vec<f64>)>) -> Table {
        let mut t = Table::from_columns(Some(("date", dates)), cols);
        t.files = vec![file.to_owned()];
        t
    }

    #[test]
    fn a_rule_for_a_missing_column_names_the_plan_field() {
        let t = table("a.csv", vec![d(1, 1), d(1, 2)], vec![("x", vec![1.0, 2.0])]);
        let e = resample(&t, Period::Month, &[("nope".into(), AggRule::Last)]).unwrap_err();
        assert_eq!(
            e.position().column_name.as_deref(),
            Some("resample.rules.nope")
        );
    }

    #[test]
    fn inner_and_outer_joins() {
        let a = table(
            "a.csv",
            vec![d(1, 1), d(1, 2), d(1, 3)],
            vec![("x", vec![1.0, 2.0, 3.0])],
        );
        let b = table(
            "b.csv",
            vec![d(1, 3), d(1, 2), d(1, 9)],
            vec![("x", vec![30.0, 20.0, 90.0])],
        );
        let j = join_tables(&[&a, &b], JoinKind::Inner).unwrap();
        assert_eq!(j.dates().unwrap(), &[d(1, 2), d(1, 3)]);
        assert_eq!(j.numbers("x").unwrap(), &[2.0, 3.0]);
        assert_eq!(j.numbers("x (b.csv)").unwrap(), &[20.0, 30.0]);
        assert_eq!(j.sources[0].line, 3);
        assert_eq!(j.sources[0].joined(), Some((1, 3)));
        assert_eq!(j.files, ["a.csv", "b.csv"]);
        let o = join_tables(&[&a, &b], JoinKind::Outer).unwrap();
        assert_eq!(o.n_rows(), 4);
        assert!(o.numbers("x").unwrap()[3].is_nan());
        assert_eq!(o.sources[3].file, 1);
        assert_eq!(o.sources[3].joined(), None);
        let nodate = Table::from_columns(None, vec![("x", vec![1.0])]);
        assert_eq!(
            join_tables(&[&a, &nodate], JoinKind::Inner)
                .unwrap_err()
                .kind_code(),
            "no_date_column"
        );
    }

    #[test]
    fn resample_rules_and_missing() {
        let t = table(
            "e.csv",
            vec![d(1, 1), d(1, 3), d(1, 8), d(1, 2), d(2, 1)],
            vec![
                ("likes", vec![1.0, 2.0, 4.0, f64::NAN, 8.0]),
                ("followers", vec![10.0, 12.0, 15.0, 11.0, f64::NAN]),
            ],
        );
        let w = resample(&t, Period::Week, &[("followers".to_owned(), AggRule::Last)]).unwrap();
        // 2024-01-01 is a Monday
        assert_eq!(w.dates().unwrap(), &[d(1, 1), d(1, 8), d(1, 29)]);
        assert_eq!(w.numbers("likes").unwrap(), &[3.0, 4.0, 8.0]);
        let f = w.numbers("followers").unwrap();
        assert_eq!(&f[..2], &[12.0, 15.0]);
        assert!(f[2].is_nan());
        let m = resample(&t, Period::Month, &[("likes".to_owned(), AggRule::Count)]).unwrap();
        assert_eq!(m.numbers("likes").unwrap(), &[3.0, 1.0]);
        let mean = resample(&t, Period::Month, &[("likes".to_owned(), AggRule::Mean)]).unwrap();
        assert!((mean.numbers("likes").unwrap()[0] - 7.0 / 3.0).abs() < 1e-15);
        assert!(resample(&t, Period::Day, &[("nope".to_owned(), AggRule::Sum)]).is_err());
    }
}
