//! From loaded files to the analysed table and the report document, shared by the CLI and the web
//! app so both produce the same table and the same JSON: join on date as the plan says, resample as
//! the plan says, and lay out `{input, table, analyses, findings, plan}`.

use std::sync::Arc;

use serde::Serialize;

use super::plan::{JoinType, Plan, ResamplePeriod, ResampleRule};
use super::report::{table_section, Report, TableSection};
use super::Finding;
use crate::events::{self, ExportKind, Recipe, Retention};
use crate::ingest::FileReport;
use crate::reshape::{self, AggRule, JoinKind, Period};
use crate::{Date, Lang, Result, Table};

/// The join the plan asks for (inner unless it says outer).
pub fn join_kind(plan: Option<&Plan>) -> JoinKind {
    match plan.and_then(|p| p.join).map(|j| j.kind) {
        Some(JoinType::Outer) => JoinKind::Outer,
        _ => JoinKind::Inner,
    }
}

/// [`prepare`] over shared tables: a single table that needs no resampling is returned as it is,
/// without a copy (a million-row file would otherwise exist twice in the page's memory).
pub fn prepare_shared(tables: &[&Arc<Table>], plan: Option<&Plan>) -> Result<Arc<Table>> {
    match tables {
        [one] if plan.and_then(|p| p.resample.as_ref()).is_none() => Ok(Arc::clone(one)),
        _ => {
            let refs: Vec<&Table> = tables.iter().map(|t| &***t).collect();
            prepare(&refs, plan).map(Arc::new)
        }
    }
}

/// The table to analyse: the files joined on date (one file is used as is), then resampled when the
/// plan has `resample`. A running follower total named in the plan's ROI roles is resampled with
/// `last`, and the investment model's margin column with `mean`, unless the plan gives them a rule
/// (summing a running total or a rate would be meaningless).
pub fn prepare(tables: &[&Table], plan: Option<&Plan>) -> Result<Table> {
    let table = match tables {
        [] => Table::default(),
        [one] => (*one).clone(),
        many => reshape::join_tables(many, join_kind(plan))?,
    };
    let Some(spec) = plan.and_then(|p| p.resample.as_ref()) else {
        return Ok(table);
    };
    let rules = resample_rules(plan);
    reshape::resample(&table, plan_period(spec.period), &rules)
}

/// One file for [`prepare_files`]: its table, its report (`events` says whether it is an event
/// file) and, to change what was recognised, a recipe of the user's.
#[derive(Clone, Copy)]
pub struct Input<'a> {
    pub table: &'a Table,
    pub report: &'a FileReport,
    pub recipe: Option<&'a Recipe>,
    /// The file's orders already grouped ([`events::digest`] with this `recipe`): the series are
    /// then added up from it instead of from the table. The caller keeps them in step.
    pub digest: Option<&'a events::Digest>,
}

/// The table to analyse and what the event files gave besides it.
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    pub table: Table,
    /// The period event files were combined into (`None` when there were none).
    pub period: Option<Period>,
    /// Retention of the first orders or payments file.
    pub retention: Option<Retention>,
    /// Per event file: (file name, notes of [`events::derive`]).
    pub notes: Vec<(String, Vec<String>)>,
    /// Per input file, the years its dates were moved by to meet the other files' (dates written
    /// without a year), if they were.
    pub years: Vec<Option<i32>>,
}

fn plan_period(p: ResamplePeriod) -> Period {
    match p {
        ResamplePeriod::Day => Period::Day,
        ResamplePeriod::Week => Period::Week,
        ResamplePeriod::Month => Period::Month,
    }
}

/// The recipe for an event file: the user's, else the recognised export's, else generic events
/// over the date column: orders when a column names the order or the customer, otherwise a count
/// and the sums of the numeric columns ([`Recipe::guessed`]).
pub fn recipe_for(table: &Table, report: &FileReport) -> Option<Recipe> {
    let ev = report.events.as_ref()?;
    let header: Vec<&str> = report.header.iter().map(String::as_str).collect();
    let date = table.date.as_ref()?.name.as_str();
    Some(match ev.kind {
        ExportKind::GenericEvents => Recipe::guessed(table, date),
        kind => Recipe::for_kind(kind, &header).unwrap_or_else(|| Recipe::guessed(table, date)),
    })
}

/// [`prepare`] for files that may hold events: each event file becomes its per-period series
/// ([`events::derive`]) and every other file is resampled to the same period before the join —
/// summed, or as `resample.rules` and `roi.followers_cumulative` say; without a rule, a column
/// whose name says running follower total takes the period's last value, a margin its revenue-weighted mean
/// and a rate its mean. The period: the plan's
/// `period`, else `resample.period`, else `default_period`, else the first event file's automatic
/// choice. Without event files this is [`prepare`].
pub fn prepare_files(
    files: &[Input],
    plan: Option<&Plan>,
    default_period: Option<Period>,
) -> Result<Prepared> {
    // the same data given twice (one file chosen twice, or saved under two names) is read once:
    // joined with itself it made every column twice, and the copies "correlated" perfectly
    let first_of = |j: usize| (0..j).find(|&i| same_data(files[i].table, files[j].table));
    if (0..files.len()).any(|j| first_of(j).is_some()) {
        let kept: Vec<Input> = (0..files.len())
            .filter(|&j| first_of(j).is_none())
            .map(|j| files[j])
            .collect();
        let mut p = prepare_files(&kept, plan, default_period)?;
        let mut years = Vec::with_capacity(files.len());
        let mut k = p.years.iter();
        for j in 0..files.len() {
            match first_of(j) {
                Some(i) => {
                    years.push(None);
                    p.notes.push((
                        files[j].report.name.clone(),
                        vec![format!(
                            "the same data as {}: read once",
                            files[i].report.name
                        )],
                    ));
                }
                None => years.push(k.next().copied().flatten()),
            }
        }
        p.years = years;
        return Ok(p);
    }
    // A plan's `resample` resamples the joined table (below, in `prepare`); files of different
    // steps are otherwise combined per the plan's period, else the coarsest step.
    let resampled = plan.is_some_and(|p| p.resample.is_some());
    let mixed = (!resampled).then(|| mixed_period(files)).flatten();
    // a plan's (or the command line's) `period` combines plain files too: a daily file "per
    // week" was left daily without a word
    let asked = plan.is_some_and(|p| p.period.is_some());
    if mixed.is_none() && !asked && files.iter().all(|f| f.report.events.is_none()) {
        let tables: Vec<&Table> = files.iter().map(|f| f.table).collect();
        let table = prepare(&tables, plan)?;
        let names: Vec<&str> = files.iter().map(|f| f.report.name.as_str()).collect();
        // (a plan's resample changes the dates: what the join left out is then not comparable)
        let notes = match (plan.and_then(|p| p.resample.as_ref()), step_period(&table)) {
            (None, Some(p)) => left_out_by_join(&names, &tables, &table, p),
            _ => Vec::new(),
        };
        return Ok(Prepared {
            table,
            period: None,
            retention: None,
            notes,
            years: vec![None; files.len()],
        });
    }
    let period = plan
        .and_then(|p| p.period.or(p.resample.as_ref().map(|r| r.period)))
        .map(plan_period)
        .or(mixed)
        .or(default_period)
        .or_else(|| events_period(files))
        .unwrap_or(Period::Week);
    let rules = resample_rules(plan);
    let mut retention = None;
    let mut notes = Vec::new();
    let years = align_years(files, &mut notes);
    let shifted: Vec<Option<Table>> = files
        .iter()
        .zip(&years)
        .map(|(f, k)| {
            k.map(|k| {
                let mut t = f.table.clone();
                t.add_years(k);
                t
            })
        })
        .collect();
    let mut tables = Vec::with_capacity(files.len());
    // the files each table came from (parts of one export make one table)
    let mut table_names: Vec<String> = Vec::with_capacity(files.len());
    let recipes: Vec<Option<Recipe>> = files
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let table = shifted[i].as_ref().unwrap_or(f.table);
            f.recipe.cloned().or_else(|| recipe_for(table, f.report))
        })
        .collect();
    let parts = parts_of_one_export(files, &recipes);
    for (i, f) in files.iter().enumerate() {
        let table = shifted[i].as_ref().unwrap_or(f.table);
        let recipe = recipes[i].clone();
        match (&parts[i], recipe) {
            // a later part of an export: put together with its first part, below
            (Some(group), _) if group[0] != i => continue,
            (Some(group), Some(r)) => {
                let mut digests = Vec::with_capacity(group.len());
                for &j in group {
                    let t = shifted[j].as_ref().unwrap_or(files[j].table);
                    let g = match files[j].digest {
                        Some(g) => g.clone(),
                        None => match events::digest(t, &r)? {
                            Some(g) => g,
                            None => continue,
                        },
                    };
                    digests.push(match (files[j].digest, years[j]) {
                        (Some(_), Some(k)) => g.add_years(k),
                        _ => g,
                    });
                }
                let (merged, twice) = events::Digest::merge(&digests);
                let d = merged.per_period(period);
                if retention.is_none() {
                    retention = d.retention;
                }
                let names: Vec<&str> = group
                    .iter()
                    .map(|&j| files[j].report.name.as_str())
                    .collect();
                let mut n = vec![parts_note(&names, f.report, twice)];
                n.extend(d.notes);
                notes.push((f.report.name.clone(), n));
                tables.push(d.table);
                table_names.push(f.report.name.clone());
            }
            (_, Some(r)) => {
                // a digest holds the dates as read: moved by the same years as the table
                let d = match (f.digest, years[i]) {
                    (Some(g), None) => g.per_period(period),
                    (Some(g), Some(k)) => g.add_years(k).per_period(period),
                    (None, _) => events::derive(table, &r, period)?,
                };
                if retention.is_none() {
                    retention = d.retention;
                }
                notes.push((f.report.name.clone(), d.notes));
                tables.push(d.table);
                table_names.push(f.report.name.clone());
            }
            (_, None) => {
                let mut own: Vec<(String, AggRule)> = rules
                    .iter()
                    .filter(|(c, _)| table.column(c).is_some())
                    .cloned()
                    .collect();
                // without a rule, a running follower total is its last value and a margin its
                // mean, as their names suggest (summing either per week would be meaningless)
                let roles = super::guess_roles(table);
                for (c, rule) in [
                    (roles.followers_cumulative.clone(), AggRule::Last),
                    (roles.margin.clone(), AggRule::Mean),
                ] {
                    if let Some(c) = c.filter(|c| !own.iter().any(|(n, _)| n == c)) {
                        own.push((c, rule));
                    }
                }
                for (c, _) in table.numeric_columns() {
                    let rule = crate::ingest::default_rule(c, AggRule::Sum);
                    if rule != AggRule::Sum && !own.iter().any(|(n, _)| n == c) {
                        own.push((c.to_owned(), rule));
                    }
                }
                if mixed == Some(Period::Week) && period == Period::Week {
                    if let Some(n) = week_dated_note(table) {
                        notes.push((f.report.name.clone(), vec![n]));
                    }
                }
                if let Some(unit) = finer_than(table, period) {
                    let why = if files.len() > 1 {
                        " to meet the other files"
                    } else {
                        ", as asked"
                    };
                    notes.push((
                        f.report.name.clone(),
                        vec![format!(
                            "{unit} rows combined per {}{why} (summed; a running follower total takes the {}'s last value, a margin its revenue-weighted mean, a rate or an average its mean)",
                            period.name(),
                            period.name()
                        )],
                    ));
                }
                let mut combined = reshape::resample(table, period, &own)?;
                if let (Some(m), Some(r)) = (&roles.margin, &roles.attributed_revenue) {
                    weigh_margin(table, period, m, r, &mut combined)?;
                }
                if finer_than(table, period) == Some("daily") {
                    if let Some(n) = leave_out_partial_edges(table, period, &own, &mut combined) {
                        notes.push((f.report.name.clone(), vec![n]));
                    }
                }
                let reach: Vec<&str> = table
                    .numeric_columns()
                    .map(|(c, _)| c)
                    .filter(|c| !own.iter().any(|(n, _)| n == c))
                    .filter(|c| crate::ingest::is_reach_name(&crate::text::lowercase(c)))
                    .collect();
                if finer_than(table, period).is_some() && !reach.is_empty() {
                    notes.push((
                        f.report.name.clone(),
                        vec![format!(
                            "{} summed per {}: people reached on several days count once per day (the platform's own {} figure would be lower)",
                            reach.iter().map(|c| format!("\"{c}\"")).collect::<Vec<_>>().join(", "),
                            period.name(),
                            period.name()
                        )],
                    ));
                }
                tables.push(combined);
                table_names.push(f.report.name.clone());
            }
        }
    }
    let refs: Vec<&Table> = tables.iter().collect();
    let table = match refs.as_slice() {
        [one] => (*one).clone(),
        many => reshape::join_tables(many, join_kind(plan))?,
    };
    let names: Vec<&str> = table_names.iter().map(String::as_str).collect();
    notes.extend(left_out_by_join(&names, &refs, &table, period));
    Ok(Prepared {
        table,
        period: Some(period),
        retention,
        notes,
        years,
    })
}

/// The automatic period of the event files ([`events::suggested_period`]) over the span of all
/// of them together: the parts of one export (30 and 39 days, 69 together) get the whole's
/// period, as one file of it would; the page and the command line share the rule.
fn events_period(files: &[Input]) -> Option<Period> {
    let spans = files
        .iter()
        .filter(|f| f.report.events.is_some())
        .filter_map(|f| {
            let d = f.table.dates()?;
            Some((*d.iter().min()?, *d.iter().max()?))
        });
    let (a, z) = spans.reduce(|x, y| (x.0.min(y.0), x.1.max(y.1)))?;
    Some(events::suggested_period((z.days() - a.days()) as i64))
}

/// Whether two tables hold the same dates and columns (names and values, NaN equal to NaN),
/// whatever their files are called.
fn same_data(a: &Table, b: &Table) -> bool {
    use crate::ColumnData;
    a.n_rows() == b.n_rows()
        && a.date == b.date
        && a.columns.len() == b.columns.len()
        && a.columns.iter().zip(&b.columns).all(|(x, y)| {
            x.name == y.name
                && match (&x.data, &y.data) {
                    (ColumnData::Numeric(u), ColumnData::Numeric(v)) => {
                        u.iter().zip(v).all(|(p, q)| p.to_bits() == q.to_bits())
                    }
                    (ColumnData::Text(u), ColumnData::Text(v)) => u == v,
                    _ => false,
                }
        })
}

/// Orders or payments exports of one kind read with one recipe (the same columns): parts of one
/// export, or a shop's exports month by month. Joined on their dates they were two sets of
/// series, `orders` and `orders (file 2)`, of which an inner join kept the weeks in both (one
/// week of ten for two halves), and a customer of both parts was new in each. For each file, its
/// group (file indices, first the group's first file) when it has more than one member.
fn parts_of_one_export(files: &[Input], recipes: &[Option<Recipe>]) -> Vec<Option<Vec<usize>>> {
    let mut out: Vec<Option<Vec<usize>>> = vec![None; files.len()];
    for i in 0..files.len() {
        if out[i].is_some() {
            continue;
        }
        let Some(r) = recipes[i]
            .as_ref()
            .filter(|r| r.role == events::Role::Orders)
        else {
            continue;
        };
        let group: Vec<usize> = (i..files.len())
            .filter(|&j| recipes[j].as_ref() == Some(r) && files[j].report.events.is_some())
            .collect();
        if group.len() > 1 {
            for &j in &group {
                out[j] = Some(group.clone());
            }
        }
    }
    out
}

/// The note on parts put together.
fn parts_note(names: &[&str], first: &FileReport, twice: u64) -> String {
    let kind = first
        .events
        .as_ref()
        .map_or("orders export", |e| e.label_en.as_str());
    let twice = match twice {
        0 => String::new(),
        1 => "; 1 order in more than one file counted once".to_owned(),
        n => format!("; {n} orders in more than one file counted once"),
    };
    format!(
        "{} are parts of one {kind}: their orders were put together as one series (a customer in several is one customer){twice}",
        names.join(", ")
    )
}

/// The periods of each file that a join on common dates left out (they are not in every file),
/// said per file: an orders file's first two weeks dropped because the social file starts later
/// were gone without a word.
fn left_out_by_join(
    names: &[&str],
    tables: &[&Table],
    joined: &Table,
    period: Period,
) -> Vec<(String, Vec<String>)> {
    if tables.len() < 2 {
        return Vec::new();
    }
    // the joined dates are in order: a lookup each, no set of a million dates
    let kept = joined.dates().unwrap_or(&[]);
    let mut out = Vec::new();
    for (name, t) in names.iter().zip(tables) {
        let Some(dates) = t.dates() else { continue };
        let gone: Vec<Date> = dates
            .iter()
            .filter(|d| kept.binary_search(d).is_err())
            .copied()
            .collect();
        let (Some(first), Some(last)) = (gone.first(), gone.last()) else {
            continue;
        };
        let what = match (gone.len(), period) {
            (1, Period::Day) => "day".to_owned(),
            (1, Period::Week) => "week".to_owned(),
            (1, Period::Month) => "month".to_owned(),
            (_, p) => format!("{}s", p.name()),
        };
        let span = if gone.len() == 1 {
            first.to_iso()
        } else {
            format!("{} to {}", first.to_iso(), last.to_iso())
        };
        out.push((
            (*name).to_owned(),
            vec![if gone.len() == 1 {
                format!("1 {what} of this file ({span}) is not in every file, so the join on common dates left it out")
            } else {
                format!("{} {what} of this file ({span}) are not in every file, so the join on common dates left them out", gone.len())
            }],
        ));
    }
    out
}

/// A margin combined per period is its days' margins weighted by their revenue, Σ r·m / Σ r (as
/// the break-even margin is): the plain mean gave a month of mostly low-margin sales the margin
/// of its few high-margin days (ROI +300% for −21.7%). Periods without revenue keep the mean.
fn weigh_margin(
    table: &Table,
    period: Period,
    margin: &str,
    revenue: &str,
    combined: &mut Table,
) -> Result<()> {
    let (Some(m), Some(r), Some(dates)) =
        (table.numbers(margin), table.numbers(revenue), table.dates())
    else {
        return Ok(());
    };
    let both = |i: usize| !m[i].is_nan() && !r[i].is_nan();
    let n = m.len().min(r.len());
    let rm: Vec<f64> = (0..n)
        .map(|i| if both(i) { r[i] * m[i] } else { f64::NAN })
        .collect();
    let rw: Vec<f64> = (0..n)
        .map(|i| if both(i) { r[i] } else { f64::NAN })
        .collect();
    let parts = Table::from_columns(
        Some(("date", dates[..n].to_vec())),
        vec![("rm", rm), ("rw", rw)],
    );
    let sums = reshape::resample(&parts, period, &[])?;
    let (Some(rm), Some(rw)) = (sums.numbers("rm"), sums.numbers("rw")) else {
        return Ok(());
    };
    if let Some(c) = combined.columns.iter_mut().find(|c| c.name == margin) {
        if let crate::ColumnData::Numeric(v) = &mut c.data {
            for (k, x) in v.iter_mut().enumerate().take(rm.len().min(rw.len())) {
                if rw[k] > 0.0 {
                    *x = rm[k] / rw[k];
                }
            }
        }
    }
    Ok(())
}

/// The coarsest period of files that have different ones (daily analytics beside weekly sales):
/// joined as they are, only the days that happen to start a week would meet, so every file is
/// combined per that period first. `None` when one file, or all have the same step, or a step is
/// not a day, a week or a month (then the join is the plain one, as the user asked).
fn mixed_period(files: &[Input]) -> Option<Period> {
    if files.len() < 2 {
        return None;
    }
    let mut steps = Vec::with_capacity(files.len());
    for f in files {
        steps.push(match f.report.events {
            // event files are combined per period anyway: they take the others' period
            Some(_) => continue,
            None => step_period(f.table)?,
        });
    }
    let coarsest = *steps.iter().max()?;
    if steps.iter().any(|p| *p != coarsest) {
        return Some(coarsest);
    }
    // weekly files dated on different weekdays (Mondays and Sundays) never meet either
    let weekdays: Vec<u32> = files
        .iter()
        .filter(|f| f.report.events.is_none())
        .filter_map(|f| Some(f.table.dates()?.first()?.iso_weekday()))
        .collect();
    (coarsest == Period::Week && weekdays.iter().any(|w| *w != weekdays[0])).then_some(Period::Week)
}

/// The note for a weekly table dated on another weekday than Monday, moved to ISO weeks.
fn week_dated_note(t: &Table) -> Option<String> {
    const DAYS: [&str; 7] = [
        "Mondays",
        "Tuesdays",
        "Wednesdays",
        "Thursdays",
        "Fridays",
        "Saturdays",
        "Sundays",
    ];
    let w = t.dates()?.first()?.iso_weekday();
    (step_period(t)? == Period::Week && w != 1).then(|| {
        format!(
            "weekly rows dated on {} taken as the Monday-to-Sunday week holding that day, to meet the other files",
            DAYS[(w - 1) as usize]
        )
    })
}

/// A table's dates as a day, week or month step. One row dated on the 1st is a month (a monthly
/// total: beside a daily file it met one day of 31, silently).
fn step_period(t: &Table) -> Option<Period> {
    if let [one] = t.dates()? {
        return (one.day() == 1).then_some(Period::Month);
    }
    match super::time_step(t.dates()?)?.unit {
        super::PeriodUnit::Day => Some(Period::Day),
        super::PeriodUnit::Week => Some(Period::Week),
        super::PeriodUnit::Month => Some(Period::Month),
        _ => None,
    }
}

/// The step word of a table whose rows are finer than `period` ("daily"), if they are.
/// A daily file combined per week or month: the first and last periods it only partly covers
/// (it starts on a Thursday, ends on the 3rd) would hold a few days' sums beside the other
/// files' whole periods — one day of spend against a week of sales. Their summed cells are left
/// missing (a rate, an average or a last value of part of a period still stands); the note
/// says which and how much they covered.
pub(crate) fn leave_out_partial_edges(
    table: &Table,
    period: Period,
    rules: &[(String, AggRule)],
    combined: &mut Table,
) -> Option<String> {
    let dates = table.dates()?;
    let mut days: Vec<Date> = dates.to_vec();
    days.sort_unstable();
    days.dedup();
    let (first, last) = (*days.first()?, *days.last()?);
    let covered = |start: Date| {
        let end = start.days() + period.days(start) as i32;
        days.iter()
            .filter(|d| d.days() >= start.days() && d.days() < end)
            .count() as u32
    };
    let mut partial: Vec<(Date, u32, u32)> = Vec::new();
    for start in [period.start(first), period.start(last)] {
        let (n, full) = (covered(start), period.days(start));
        if n < full && !partial.iter().any(|p| p.0 == start) {
            partial.push((start, n, full));
        }
    }
    let rows: Vec<usize> = {
        let got = combined.dates()?;
        partial
            .iter()
            .filter_map(|p| got.iter().position(|d| *d == p.0))
            .collect()
    };
    if rows.is_empty() {
        return None;
    }
    for c in combined.columns.iter_mut() {
        if rules.iter().any(|(n, _)| *n == c.name) {
            continue;
        }
        if let crate::table::ColumnData::Numeric(v) = &mut c.data {
            for &r in &rows {
                v[r] = f64::NAN;
            }
        }
    }
    let list: Vec<String> = partial
        .iter()
        .map(|(d, n, full)| format!("{}: {n} of {full} days", d.to_iso()))
        .collect();
    let (one, many) = (period.name(), format!("{}s", period.name()));
    Some(format!(
        "the {} it covers only in part ({}) left out of its sums: part of a {one} beside the other files' whole {many} would count as a whole one",
        if partial.len() > 1 { &many } else { one },
        list.join("; "),
    ))
}

pub(crate) fn finer_than(t: &Table, period: Period) -> Option<&'static str> {
    let own = step_period(t)?;
    (own < period).then_some(match own {
        Period::Day => "daily",
        Period::Week => "weekly",
        Period::Month => "monthly",
    })
}

/// Dates written without a year took the latest years on or before today when read; when that
/// misses the other files' dates and another year overlaps them, they move to that year (the
/// nearest, earlier first): the years each file moves by. A year the user chose (`overridden`)
/// stays.
fn align_years(files: &[Input], notes: &mut Vec<(String, Vec<String>)>) -> Vec<Option<i32>> {
    let assumed = |f: &Input| {
        f.report
            .columns
            .iter()
            .any(|c| c.assumed_year.is_some() && !c.overridden)
    };
    let range = |t: &Table| Some((*t.dates()?.iter().min()?, *t.dates()?.iter().max()?));
    let others: Vec<(Date, Date)> = files
        .iter()
        .filter(|f| !assumed(f))
        .filter_map(|f| range(f.table))
        .collect();
    let (Some(lo), Some(hi)) = (
        others.iter().map(|r| r.0).min(),
        others.iter().map(|r| r.1).max(),
    ) else {
        return files.iter().map(|_| None).collect();
    };
    let shift = |d: Date, k: i32| d.add_years(k);
    files
        .iter()
        .map(|f| {
            let (a, b) = range(f.table).filter(|_| assumed(f))?;
            if a <= hi && b >= lo {
                return None;
            }
            let k = [-1, 1, -2, 2, -3, 3]
                .into_iter()
                .find(|&k| shift(a, k) <= hi && shift(b, k) >= lo)?;
            notes.push((
                f.report.name.clone(),
                vec![format!(
                    "the dates have no year: moved to {} to {}, the years of the other files",
                    a.year() + k,
                    b.year() + k
                )],
            ));
            Some(k)
        })
        .collect()
}

/// The plan's resampling rules, with a running follower total as `last`.
fn resample_rules(plan: Option<&Plan>) -> Vec<(String, AggRule)> {
    let mut rules: Vec<(String, AggRule)> = plan
        .and_then(|p| p.resample.as_ref())
        .map(|spec| {
            spec.rules
                .iter()
                .map(|(c, r)| {
                    let a = match r {
                        ResampleRule::Sum => AggRule::Sum,
                        ResampleRule::Mean => AggRule::Mean,
                        ResampleRule::Count => AggRule::Count,
                        ResampleRule::Last => AggRule::Last,
                    };
                    (c.clone(), a)
                })
                .collect()
        })
        .unwrap_or_default();
    let cumulative = plan
        .and_then(|p| p.roi.as_ref())
        .and_then(|r| r.followers_cumulative.as_ref())
        .map(|c| (c, AggRule::Last));
    // A margin column of the investment model is a rate: averaged, not summed.
    let margin = match plan
        .and_then(|p| p.value.as_ref())
        .and_then(|v| v.margin.as_ref())
    {
        Some(super::Margin::Column(c)) => Some((c, AggRule::Mean)),
        _ => None,
    };
    for (col, rule) in cumulative.into_iter().chain(margin) {
        if !rules.iter().any(|(c, _)| c == col) {
            rules.push((col.clone(), rule));
        }
    }
    rules
}

/// The machine-readable report: SCHEMA.md §4 layout plus findings and the plan that produced it.
#[derive(Serialize)]
pub struct Document<'a> {
    pub input: Inputs<'a>,
    pub table: TableSection<'a>,
    pub analyses: &'a Report,
    pub findings: Vec<FindingText<'a>>,
    pub plan: &'a Plan,
    pub plan_source: &'a str,
    /// Customer retention, when a file is orders or payments (set by the caller).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub retention: Option<&'a Retention>,
}

#[derive(Serialize)]
pub struct Inputs<'a> {
    pub files: Vec<&'a FileReport>,
}

/// A finding with its text in the chosen language next to both texts.
#[derive(Serialize)]
pub struct FindingText<'a> {
    #[serde(flatten)]
    pub finding: &'a Finding,
    pub text: &'a str,
}

/// Assembles the document; serialise it with serde_json (columns stay in header order).
pub fn document<'a>(
    files: Vec<&'a FileReport>,
    table: &'a Table,
    report: &'a Report,
    plan: &'a Plan,
    plan_source: &'a str,
    lang: Lang,
) -> Document<'a> {
    Document {
        input: Inputs { files },
        table: table_section(table),
        analyses: report,
        findings: report
            .findings()
            .iter()
            .map(|f| FindingText {
                finding: f,
                text: f.text(lang),
            })
            .collect(),
        plan,
        plan_source,
        retention: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::plan::{ResampleSpec, RoiSpec};
    use crate::Date;

    fn daily() -> Table {
        let d: Vec<Date> = (0..14)
            .map(|i| Date::from_ymd(2024, 1, 1 + i).unwrap())
            .collect();
        Table::from_columns(
            Some(("date", d)),
            vec![
                ("spend", vec![1.0; 14]),
                ("followers", (0..14).map(|i| 100.0 + i as f64).collect()),
            ],
        )
    }

    #[test]
    fn resamples_weekly_with_last_for_a_running_follower_total() {
        let plan = Plan {
            resample: Some(ResampleSpec {
                period: ResamplePeriod::Week,
                rules: Default::default(),
            }),
            roi: Some(RoiSpec {
                cost: Some("spend".into()),
                followers_cumulative: Some("followers".into()),
                ..RoiSpec::default()
            }),
            ..Plan::default()
        };
        let t = daily();
        let w = prepare(&[&t], Some(&plan)).unwrap();
        assert_eq!(w.n_rows(), 2);
        assert_eq!(w.numbers("spend").unwrap(), &[7.0, 7.0]);
        assert_eq!(w.numbers("followers").unwrap(), &[106.0, 113.0]);
        assert_eq!(prepare(&[&t], None).unwrap(), t);
    }

    #[test]
    fn a_margin_column_of_the_investment_model_is_averaged() {
        let plan = Plan::from_json(
            r#"{"resample": {"period": "week"},
                "value": {"margin": "spend", "revenue": [{"column": "followers"}]}}"#,
        )
        .unwrap();
        let w = prepare(&[&daily()], Some(&plan)).unwrap();
        assert_eq!(w.numbers("spend").unwrap(), &[1.0, 1.0], "mean, not 7");
        assert_eq!(w.numbers("followers").unwrap(), &[721.0, 770.0], "summed");
    }
}
