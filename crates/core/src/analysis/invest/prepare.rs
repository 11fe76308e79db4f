//! From a table (or a bare timeline) and the plan's model to per-period sums, read once: the
//! periods each row covers, fixed monthly costs spread over them by day, one-off costs placed by
//! date, and every column or constant as a stream of per-period values.

use serde::Serialize;

use super::spec::{invalid, Amount, InvestmentSpec, ValueSource, ValueSpec};
use crate::analysis::plan::{parse_iso, Margin, ResamplePeriod};
use crate::analysis::PeriodUnit;
use crate::date::days_in_month;
use crate::{Date, Result, Table};

/// Whether an input was read from the data or typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Basis {
    Measured,
    Assumed,
}

/// What a stream is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum StreamKind {
    Money,
    Hours,
    Fixed,
    OneOff,
    Revenue,
    Conversions,
    Leads,
    NewCustomers,
    NewFollowers,
}

/// One input as a value per period (NaN = missing in the data).
#[derive(Debug, Clone, PartialEq)]
pub struct Stream {
    pub kind: StreamKind,
    /// The column, the cost's name, or `None` for a typed constant per period.
    pub label: Option<String>,
    /// Index into [`Prepared::channels`].
    pub channel: Option<usize>,
    pub basis: Basis,
    /// The typed constant per period, the monthly or one-off amount.
    pub typed: Option<f64>,
    /// What one unit of a count is worth (counts only).
    pub value_per: Option<f64>,
    pub value_basis: Basis,
    pub values: Vec<f64>,
}

/// The margin per period.
#[derive(Debug, Clone, PartialEq)]
pub enum MarginSeries {
    None,
    Fraction(f64),
    Column(String, Vec<f64>),
}

/// The model's inputs summed per period, extracted once: [`super::evaluate`] recomputes every
/// figure from it in O(periods) for any [`super::Assumptions`].
#[derive(Debug, Clone, PartialEq)]
pub struct Prepared {
    /// Start of each period (`None` without dates).
    pub starts: Vec<Option<Date>>,
    /// How the periods were delimited, in words.
    pub period_rule: String,
    pub unit: PeriodUnit,
    pub channels: Vec<String>,
    pub streams: Vec<Stream>,
    pub margin: MarginSeries,
    pub hourly_rate: Option<f64>,
    /// Whether the plan says what anything is worth (revenue or a valued count).
    pub has_value: bool,
    pub currency: Option<String>,
    /// Notes on the inputs, [English, Italian].
    pub notes: Vec<[String; 2]>,
}

impl Prepared {
    pub fn n_periods(&self) -> usize {
        self.starts.len()
    }

    /// Mean hours per period over the periods with every hours input present (the what-if's
    /// baseline for an hours slider), `None` without hours.
    pub fn mean_hours(&self) -> Option<f64> {
        self.mean_of(StreamKind::Hours)
    }

    /// Mean money spend per period, as [`Prepared::mean_hours`].
    pub fn mean_spend(&self) -> Option<f64> {
        self.mean_of(StreamKind::Money)
    }

    /// The [`super::Assumptions`] for sliders set in the page's own terms: a margin, an hourly
    /// rate, hours per period and money spend per period (each `None` = as in the plan). Hours and
    /// spend become factors on the data's means, so the data's ups and downs are kept.
    pub fn assumptions_for(
        &self,
        margin: Option<f64>,
        hourly_rate: Option<f64>,
        hours_per_period: Option<f64>,
        spend_per_period: Option<f64>,
    ) -> super::Assumptions {
        let factor = |want: Option<f64>, mean: Option<f64>| match (want, mean) {
            (Some(w), Some(m)) if m > 0.0 && w.is_finite() && w >= 0.0 => w / m,
            _ => 1.0,
        };
        super::Assumptions {
            margin: margin.filter(|m| m.is_finite() && *m >= 0.0),
            hourly_rate: hourly_rate.filter(|r| r.is_finite() && *r >= 0.0),
            hours_factor: factor(hours_per_period, self.mean_hours()),
            spend_factor: factor(spend_per_period, self.mean_spend()),
        }
    }

    fn mean_of(&self, kind: StreamKind) -> Option<f64> {
        let s: Vec<&Stream> = self.streams.iter().filter(|s| s.kind == kind).collect();
        if s.is_empty() {
            return None;
        }
        let (mut sum, mut n) = (0.0, 0usize);
        for t in 0..self.n_periods() {
            let v: f64 = s.iter().map(|s| s.values[t]).sum();
            if !v.is_nan() {
                sum += v;
                n += 1;
            }
        }
        (n > 0).then(|| sum / n as f64)
    }
}

/// A period as a half-open day range [start, end).
#[derive(Debug, Clone, Copy)]
struct Span {
    start: i32,
    end: i32,
}

/// `d` plus `k` calendar months (the day clamped to the month's length).
fn add_months(d: Date, k: u32) -> Date {
    let (y, m, day) = d.ymd();
    let m0 = m - 1 + k;
    let (y2, m2) = (y + (m0 / 12) as i32, m0 % 12 + 1);
    let dd = day.min(days_in_month(y2, m2));
    Date::from_ymd(y2, m2, dd).unwrap_or(d)
}

fn unit_months(unit: PeriodUnit) -> Option<u32> {
    match unit {
        PeriodUnit::Month => Some(1),
        PeriodUnit::Quarter => Some(3),
        PeriodUnit::Year => Some(12),
        _ => None,
    }
}

/// The day ranges of the periods that start at `dates` (ascending): a day, 7 days or a calendar
/// month (quarter, year) from each date by the table's time step; irregular dates run to the next.
fn spans(dates: &[Date], unit: PeriodUnit, gap: f64) -> (Vec<Span>, String) {
    let n = dates.len();
    let fixed_days = match unit {
        PeriodUnit::Day => Some(1),
        PeriodUnit::Week => Some(7),
        _ => None,
    };
    let out = (0..n)
        .map(|i| {
            let start = dates[i].days();
            let end = match (fixed_days, unit_months(unit)) {
                (Some(k), _) => start + k,
                (_, Some(m)) => add_months(dates[i], m).days(),
                _ => match dates.get(i + 1) {
                    Some(next) => next.days(),
                    None => start + (gap.round() as i32).max(1),
                },
            };
            Span { start, end }
        })
        .collect();
    let rule = match unit {
        PeriodUnit::Day => "each row is one day".to_owned(),
        PeriodUnit::Week => "each row covers 7 days from its date".to_owned(),
        PeriodUnit::Month => "each row covers one calendar month from its date".to_owned(),
        PeriodUnit::Quarter => "each row covers three calendar months from its date".to_owned(),
        PeriodUnit::Year => "each row covers twelve calendar months from its date".to_owned(),
        PeriodUnit::Period => {
            "irregular dates: each row runs to the next row's date (the last one for the median gap)"
                .to_owned()
        }
    };
    (out, rule)
}

/// The share of a monthly `amount` that falls in [lo, hi) (days): for each calendar month the
/// range touches, amount × days covered in that month / days in that month.
pub fn spread_monthly(amount: f64, lo: i32, hi: i32) -> f64 {
    let mut total = 0.0;
    let mut cur = lo;
    while cur < hi {
        let d = Date::from_days(cur);
        let (y, m, _) = d.ymd();
        let month_end = add_months(d.month_start(), 1).days();
        let seg_end = hi.min(month_end);
        total += amount * f64::from(seg_end - cur) / f64::from(days_in_month(y, m));
        cur = seg_end;
    }
    total
}

struct Builder<'a> {
    table: Option<&'a Table>,
    n: usize,
    channels: Vec<String>,
    streams: Vec<Stream>,
}

impl Builder<'_> {
    fn channel(&mut self, c: &Option<String>) -> Option<usize> {
        let c = c.as_ref()?;
        Some(match self.channels.iter().position(|x| x == c) {
            Some(i) => i,
            None => {
                self.channels.push(c.clone());
                self.channels.len() - 1
            }
        })
    }

    fn column(&self, field: &str, name: &str) -> Result<Vec<f64>> {
        match self.table {
            Some(t) => t.numbers(name).map(<[f64]>::to_vec).ok_or_else(|| {
                invalid(
                    field,
                    format!("there is no numeric column named \"{name}\""),
                    format!("non c'è una colonna numerica chiamata «{name}»"),
                )
            }),
            None => Err(invalid(
                field,
                format!("column \"{name}\" needs a data file; without one give \"per_period\""),
                format!(
                    "la colonna «{name}» richiede un file di dati; senza, indica \"per_period\""
                ),
            )),
        }
    }

    fn amount(&mut self, kind: StreamKind, field: &str, a: &Amount) -> Result<()> {
        let channel = self.channel(&a.channel);
        let (values, basis) = match (&a.column, a.per_period) {
            (Some(c), _) => (self.column(field, c)?, Basis::Measured),
            (None, v) => (vec![v.unwrap_or(0.0); self.n], Basis::Assumed),
        };
        // money spent and hours worked are 0 or more, as a typed amount must be: a negative
        // one (a refund of ad spend, a credit) made "you put in −320" and an ROI of −306%
        if let (Some(c), StreamKind::Money | StreamKind::Hours) = (&a.column, kind) {
            if let Some(i) = values.iter().position(|v| *v < 0.0) {
                let line = self.table.and_then(|t| t.sources.get(i)).map(|s| s.line);
                let at = |word: &str| line.map_or(String::new(), |l| format!(" ({word} {l})"));
                return Err(invalid(
                    field,
                    format!(
                        "column \"{c}\" holds {}{}: an investment is 0 or more; a refund or credit of spend belongs out of it (correct the row, or leave the cell empty)",
                        values[i],
                        at("line")
                    ),
                    format!(
                        "la colonna «{c}» contiene {}{}: un investimento è 0 o più; un rimborso o un credito della spesa non ne fa parte (correggi la riga o lascia vuota la cella)",
                        values[i],
                        at("riga")
                    ),
                ));
            }
        }
        self.streams.push(Stream {
            kind,
            label: a.column.clone(),
            channel,
            basis,
            typed: a.per_period,
            value_per: a.value_per,
            value_basis: match a.value_source {
                Some(ValueSource::Retention) => Basis::Measured,
                _ => Basis::Assumed,
            },
            values,
        });
        Ok(())
    }

    /// A typed cost (fixed or one-off) already placed in the periods.
    fn cost(
        &mut self,
        kind: StreamKind,
        name: &str,
        amount: f64,
        channel: &Option<String>,
        values: Vec<f64>,
    ) {
        let channel = self.channel(channel);
        self.streams.push(Stream {
            kind,
            label: Some(name.to_owned()),
            channel,
            basis: Basis::Assumed,
            typed: Some(amount),
            value_per: None,
            value_basis: Basis::Assumed,
            values,
        });
    }
}

/// Period starts, their day ranges (with dates), the unit and the rule in words.
type Timeline = (Vec<Option<Date>>, Option<Vec<Span>>, PeriodUnit, String);

/// The periods of a table: its dates (with the time step) or its rows.
/// A single row has no time step: its length comes from the plan's `periods.unit`, else a day.
fn table_periods(t: &Table, inv: Option<&InvestmentSpec>) -> Timeline {
    match t.dates() {
        Some(d) if !d.is_empty() => {
            let step = crate::analysis::time_step(d);
            let planned = inv.and_then(|i| i.periods.as_ref()).map(|p| match p.unit {
                ResamplePeriod::Day => PeriodUnit::Day,
                ResamplePeriod::Week => PeriodUnit::Week,
                ResamplePeriod::Month => PeriodUnit::Month,
            });
            let unit = step.map_or(planned.unwrap_or(PeriodUnit::Day), |s| s.unit);
            let gap = step.map_or(1.0, |s| s.median_gap_days);
            let (sp, mut rule) = spans(d, unit, gap);
            if step.is_none() && planned.is_none() {
                rule.push_str(" (one row: its length is unknown; set investment.periods.unit)");
            }
            (d.iter().map(|&x| Some(x)).collect(), Some(sp), unit, rule)
        }
        _ => (
            vec![None; t.n_rows()],
            None,
            PeriodUnit::Period,
            "no dates: each row is one period".to_owned(),
        ),
    }
}

/// The periods of a model without data: `count` × `unit` from `start`.
fn plan_periods(inv: Option<&InvestmentSpec>) -> Result<Timeline> {
    let Some(p) = inv.and_then(|i| i.periods.as_ref()) else {
        return Err(invalid(
            "investment.periods",
            "without a data file the model needs its periods, e.g. {\"start\": \"2024-01-01\", \"unit\": \"month\", \"count\": 6}",
            "senza un file di dati il modello ha bisogno dei suoi periodi, per es. {\"start\": \"2024-01-01\", \"unit\": \"month\", \"count\": 6}",
        ));
    };
    let start = parse_iso(&p.start)
        .ok_or_else(|| invalid("investment.periods.start", "a date", "una data"))?;
    let (unit, step): (PeriodUnit, Box<dyn Fn(Date, u32) -> Date>) = match p.unit {
        ResamplePeriod::Day => (
            PeriodUnit::Day,
            Box::new(|d: Date, k| Date::from_days(d.days() + k as i32)),
        ),
        ResamplePeriod::Week => (
            PeriodUnit::Week,
            Box::new(|d: Date, k| Date::from_days(d.days() + 7 * k as i32)),
        ),
        ResamplePeriod::Month => (PeriodUnit::Month, Box::new(add_months)),
    };
    let dates: Vec<Date> = (0..p.count).map(|k| step(start, k)).collect();
    let (sp, rule) = spans(&dates, unit, 1.0);
    Ok((dates.into_iter().map(Some).collect(), Some(sp), unit, rule))
}

/// Reads the model's inputs from `table` (or, without one, over the plan's `investment.periods`).
pub fn prepare(
    table: Option<&Table>,
    inv: Option<&InvestmentSpec>,
    val: Option<&ValueSpec>,
) -> Result<Prepared> {
    let (starts, spans, unit, period_rule) = match table {
        Some(t) => table_periods(t, inv),
        None => plan_periods(inv)?,
    };
    let n = starts.len();
    let mut b = Builder {
        table,
        n,
        channels: Vec::new(),
        streams: Vec::new(),
    };
    let mut notes = Vec::new();
    let empty = InvestmentSpec::default();
    let i = inv.unwrap_or(&empty);
    for (k, a) in i.money.iter().enumerate() {
        b.amount(StreamKind::Money, &format!("investment.money[{k}]"), a)?;
    }
    for (k, a) in i.time.iter().enumerate() {
        b.amount(StreamKind::Hours, &format!("investment.time[{k}]"), a)?;
    }
    if !i.fixed_monthly.is_empty() || !i.one_off.is_empty() {
        let Some(spans) = &spans else {
            let field = if i.fixed_monthly.is_empty() {
                "investment.one_off"
            } else {
                "investment.fixed_monthly"
            };
            return Err(invalid(
                field,
                "the table has no dates: fixed and one-off costs are placed by date, so the table needs a date column",
                "la tabella non ha date: i costi fissi e una tantum si collocano per data, quindi serve una colonna di date",
            ));
        };
        let (first, last) = (
            spans.first().map_or(0, |s| s.start),
            spans.last().map_or(0, |s| s.end),
        );
        for f in &i.fixed_monthly {
            let from = f.from.as_deref().and_then(parse_iso).map(Date::days);
            let to = f.to.as_deref().and_then(parse_iso).map(|d| d.days() + 1);
            let values = spans
                .iter()
                .map(|s| {
                    let lo = s.start.max(from.unwrap_or(i32::MIN));
                    let hi = s.end.min(to.unwrap_or(i32::MAX));
                    if lo < hi {
                        spread_monthly(f.amount, lo, hi)
                    } else {
                        0.0
                    }
                })
                .collect();
            if from.is_some_and(|d| d < first) || to.is_some_and(|d| d > last) {
                notes.push([
                    format!(
                        "\"{}\" runs beyond the data's periods: only the days inside them are counted",
                        f.name
                    ),
                    format!(
                        "«{}» va oltre i periodi dei dati: si contano solo i giorni al loro interno",
                        f.name
                    ),
                ]);
            }
            b.cost(StreamKind::Fixed, &f.name, f.amount, &f.channel, values);
        }
        for o in &i.one_off {
            let day = o
                .date
                .as_deref()
                .and_then(parse_iso)
                .map_or(i32::MIN, Date::days);
            let at = spans.iter().position(|s| s.start <= day && day < s.end);
            // in a gap between the rows (a week missing from the data): the period before it,
            // said (dropping a 500 shoot turned an ROI of −46% into +40%)
            let in_gap = at.is_none()
                && spans.first().is_some_and(|s| s.start <= day)
                && spans.last().is_some_and(|s| day < s.end);
            let at = at.or_else(|| {
                in_gap
                    .then(|| spans.iter().rposition(|s| s.start <= day))
                    .flatten()
            });
            if let (true, Some(k)) = (in_gap, at) {
                let from = Date::from_days(spans[k].start).to_iso();
                let date = o.date.as_deref().unwrap_or_default();
                notes.push([
                    format!("\"{}\" ({date}) falls between the data's rows: counted in the period from {from}", o.name),
                    format!("«{}» ({date}) cade tra le righe dei dati: contato nel periodo dal {from}", o.name),
                ]);
            }
            let mut values = vec![0.0; n];
            match at {
                Some(k) => values[k] = o.amount,
                None => notes.push([
                    format!(
                        "\"{}\" ({}) falls outside the data's periods and is not counted",
                        o.name,
                        o.date.as_deref().unwrap_or_default()
                    ),
                    format!(
                        "«{}» ({}) cade fuori dai periodi dei dati e non è contato",
                        o.name,
                        o.date.as_deref().unwrap_or_default()
                    ),
                ]),
            }
            b.cost(StreamKind::OneOff, &o.name, o.amount, &o.channel, values);
        }
    }
    let emptyv = ValueSpec::default();
    let v = val.unwrap_or(&emptyv);
    for (k, a) in v.revenue.iter().enumerate() {
        b.amount(StreamKind::Revenue, &format!("value.revenue[{k}]"), a)?;
    }
    let kinds = [
        StreamKind::Conversions,
        StreamKind::Leads,
        StreamKind::NewCustomers,
        StreamKind::NewFollowers,
    ];
    for ((name, list), kind) in v.counts().into_iter().zip(kinds) {
        for (k, c) in list.iter().enumerate() {
            b.amount(kind, &format!("value.{name}[{k}]"), c)?;
        }
    }
    let margin = match &v.margin {
        None => MarginSeries::None,
        Some(Margin::Fraction(m)) => MarginSeries::Fraction(*m),
        Some(Margin::Column(c)) => {
            let v = b.column("value.margin", c)?;
            if let Some(i) = v
                .iter()
                .position(|m| !m.is_nan() && !(0.0..=1.0).contains(m))
            {
                let line = b.table.and_then(|t| t.sources.get(i)).map(|s| s.line);
                let at = |word: &str| line.map_or(String::new(), |l| format!(" ({word} {l})"));
                return Err(invalid(
                    "value.margin",
                    format!(
                        "column \"{c}\" holds {}{}: {}",
                        v[i],
                        at("line"),
                        super::spec::MARGIN_SHARE
                    ),
                    format!(
                        "la colonna «{c}» contiene {}{}: {}",
                        v[i],
                        at("riga"),
                        super::spec::MARGIN_SHARE_IT
                    ),
                ));
            }
            MarginSeries::Column(c.clone(), v)
        }
    };
    let has_value = b.streams.iter().any(|s| {
        s.kind == StreamKind::Revenue || (s.value_per.is_some() && s.kind != StreamKind::Money)
    });
    Ok(Prepared {
        starts,
        period_rule,
        unit,
        channels: b.channels,
        streams: b.streams,
        margin,
        hourly_rate: i.hourly_rate,
        has_value,
        currency: i.currency.clone(),
        notes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> i32 {
        Date::from_ymd(y, m, day).unwrap().days()
    }

    #[test]
    fn a_week_across_a_month_end_takes_a_share_of_each_month() {
        // 2024-01-29 .. 2024-02-04: 3 January days of 31, 4 February days of 29.
        let v = spread_monthly(31.0 * 29.0, d(2024, 1, 29), d(2024, 2, 5));
        assert!((v - (3.0 * 29.0 + 4.0 * 31.0)).abs() < 1e-9, "{v}");
        assert_eq!(spread_monthly(30.0, d(2024, 4, 1), d(2024, 5, 1)), 30.0);
        assert_eq!(spread_monthly(30.0, d(2024, 4, 5), d(2024, 4, 5)), 0.0);
    }

    #[test]
    fn one_dated_row_takes_its_length_from_the_plan() {
        let t = Table::from_columns(
            Some(("date", vec![Date::from_ymd(2024, 2, 1).unwrap()])),
            vec![("spend", vec![10.0])],
        );
        let plan = crate::analysis::Plan::from_json(
            r#"{"investment": {"fixed_monthly": [{"name": "tool", "amount": 29}],
                "periods": {"start": "2024-02-01", "unit": "month", "count": 1}}}"#,
        )
        .unwrap();
        let p = prepare(Some(&t), plan.investment.as_ref(), None).unwrap();
        assert_eq!(p.streams[0].values, vec![29.0], "a whole February");
        let mut plan = plan;
        plan.investment.as_mut().unwrap().periods = None;
        let p = prepare(Some(&t), plan.investment.as_ref(), None).unwrap();
        assert_eq!(p.streams[0].values, vec![1.0], "one day of 29");
        assert!(p.period_rule.contains("unknown"));
    }

    #[test]
    fn negative_spend_or_hours_in_a_column_are_refused_with_their_row() {
        let days: Vec<Date> = (1..=3)
            .map(|k| Date::from_ymd(2024, 2, k).unwrap())
            .collect();
        for (col, field) in [("spend", "money"), ("hours", "time")] {
            let mut v = vec![10.0, -4.0, 12.0];
            let t = Table::from_columns(Some(("date", days.clone())), vec![(col, v.clone())]);
            let json = format!(
                r#"{{"investment": {{"{field}": [{{"column": "{col}"}}], "hourly_rate": 20}}}}"#
            );
            let plan = crate::analysis::Plan::from_json(&json).unwrap();
            let e = prepare(Some(&t), plan.investment.as_ref(), None).unwrap_err();
            let m = e.message(crate::Lang::En);
            assert!(m.contains(&format!("column \"{col}\" holds -4")), "{m}");
            assert!(e
                .message(crate::Lang::It)
                .contains("un investimento è 0 o più"));
            v[1] = 4.0;
            let t = Table::from_columns(Some(("date", days.clone())), vec![(col, v)]);
            assert!(prepare(Some(&t), plan.investment.as_ref(), None).is_ok());
        }
    }

    #[test]
    fn months_are_calendar_months() {
        let jan31 = Date::from_ymd(2023, 1, 31).unwrap();
        assert_eq!(add_months(jan31, 1), Date::from_ymd(2023, 2, 28).unwrap());
        let nov = Date::from_ymd(2024, 11, 1).unwrap();
        assert_eq!(add_months(nov, 3), Date::from_ymd(2025, 2, 1).unwrap());
    }
}
