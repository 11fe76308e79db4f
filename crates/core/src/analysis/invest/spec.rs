//! The plan's `investment` and `value` sections (PLAN.md, "Investment and value model"): what went
//! in (money, time, fixed and one-off costs) and what came out, with the checks a plan must pass.

use serde::{Deserialize, Serialize};

use super::super::plan::{parse_iso, Margin, ResamplePeriod};
use crate::{Error, ErrorKind, Position, Result};

/// What was invested. Every list may be empty; `hourly_rate` is required when `time` is not.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InvestmentSpec {
    /// Money spent per period (ads, boosts): a column or a constant, each optionally per channel.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub money: Vec<Amount>,
    /// Hours worked per period: a column or a constant, valued at `hourly_rate`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub time: Vec<Amount>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hourly_rate: Option<f64>,
    /// Monthly costs (tools, an agency, content production) spread over the periods pro rata by day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fixed_monthly: Vec<FixedCost>,
    /// Costs paid once, counted in the period that contains their date.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub one_off: Vec<OneOffCost>,
    /// The periods to compute over when there is no data file (constants only).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub periods: Option<PeriodsSpec>,
    /// Currency symbol for the findings' text (`"€"`); numbers stay in the data's units.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
}

/// A quantity per period: a column of the table (measured) or a typed constant (assumed).
/// Counts (conversions, leads, new customers, new followers) may say what one is worth
/// (`value_per`, already net of costs: the margin is not applied) and where that comes from.
///
/// One type for every input (and [`Cost`] for both kinds of cost) because each serde-derived type
/// costs the page several KB of wasm; `check` rejects the fields an input does not take.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Amount {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_period: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
    /// Counts only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_per: Option<f64>,
    /// Counts only: typed by the user (assumed) or from the retention analysis (measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value_source: Option<ValueSource>,
}

/// A count per period (the same shape as [`Amount`]).
pub type Counted = Amount;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ValueSource {
    Typed,
    Retention,
}

/// A fixed monthly cost (`from`/`to`, ISO dates, inclusive, both optional) or a one-off cost
/// (`date`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cost {
    pub name: String,
    /// Per calendar month (fixed) or once (one-off).
    pub amount: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub channel: Option<String>,
}

/// A fixed monthly cost ([`Cost`] with optional `from` and `to`).
pub type FixedCost = Cost;
/// A one-off cost ([`Cost`] with a `date`).
pub type OneOffCost = Cost;

/// `count` periods of one `unit` from `start`: the timeline of a model computed without data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PeriodsSpec {
    pub start: String,
    pub unit: ResamplePeriod,
    pub count: u32,
}

/// What a margin must be, as the plan checks say it.
pub(crate) const MARGIN_SHARE: &str =
    "a margin is a share of the sales from 0 to 1, such as 0.35 for 35% (not 35)";
pub(crate) const MARGIN_SHARE_IT: &str =
    "il margine è una quota delle vendite da 0 a 1, per es. 0,35 per il 35% (non 35)";

/// What came out: revenue × margin, and counts × their value.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueSpec {
    /// A fraction for every period, or a column with one per period. Applies to `revenue` only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin: Option<Margin>,
    /// Attributed revenue per period (the sales the social activity brought, not all sales).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub revenue: Vec<Amount>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conversions: Vec<Counted>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub leads: Vec<Counted>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_customers: Vec<Counted>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub new_followers: Vec<Counted>,
}

/// Largest number of periods a model without data may ask for.
pub const MAX_PERIODS: u32 = 100_000;

/// A plan's (or the quick form's) field that is wrong: what it needs, in English and Italian.
pub(crate) fn invalid(
    field: impl Into<String>,
    en: impl Into<String>,
    it: impl Into<String>,
) -> Error {
    Error::new(ErrorKind::InvalidPlan {
        pos: Position::default(),
        field: field.into(),
        message: en.into(),
        message_it: Some(it.into()),
    })
}

/// Largest amount a plan may give (a million billion): beyond it the totals of many periods
/// overflow to infinity, and a model of such sums says nothing true.
pub const MAX_AMOUNT: f64 = 1e15;

fn amount_ok(field: &str, v: f64) -> Result<()> {
    if v.is_finite() && (0.0..=MAX_AMOUNT).contains(&v) {
        Ok(())
    } else {
        Err(invalid(
            field,
            "an amount is a number from 0 to 1,000,000,000,000,000",
            "un importo è un numero da 0 a 1.000.000.000.000.000",
        ))
    }
}

fn one_source(field: &str, column: &Option<String>, per_period: Option<f64>) -> Result<()> {
    match (column, per_period) {
        (Some(_), None) => Ok(()),
        (None, Some(v)) => amount_ok(&format!("{field}.per_period"), v),
        _ => Err(invalid(
            field,
            "give either \"column\" or \"per_period\"",
            "indica \"column\" oppure \"per_period\"",
        )),
    }
}

impl Amount {
    fn check(&self, field: &str, counted: bool) -> Result<()> {
        one_source(field, &self.column, self.per_period)?;
        if !counted && (self.value_per.is_some() || self.value_source.is_some()) {
            return Err(invalid(
                format!("{field}.value_per"),
                "only counts (conversions, leads, new customers, new followers) have a value each",
                "solo i conteggi (conversioni, contatti, nuovi clienti, nuovi follower) hanno un valore ciascuno",
            ));
        }
        if let Some(v) = self.value_per {
            amount_ok(&format!("{field}.value_per"), v)?;
        }
        Ok(())
    }
}

/// Checks the values of the two sections (the columns are checked against the table elsewhere).
pub(crate) fn check(inv: Option<&InvestmentSpec>, val: Option<&ValueSpec>) -> Result<()> {
    if let Some(i) = inv {
        for (k, a) in i.money.iter().enumerate() {
            a.check(&format!("investment.money[{k}]"), false)?;
        }
        for (k, a) in i.time.iter().enumerate() {
            a.check(&format!("investment.time[{k}]"), false)?;
        }
        match i.hourly_rate {
            Some(r) => amount_ok("investment.hourly_rate", r)?,
            None if !i.time.is_empty() => {
                return Err(invalid(
                    "investment.hourly_rate",
                    "hours are valued at an hourly rate: give one (e.g. 25)",
                    "le ore si valutano con una tariffa oraria: indicala (per es. 25)",
                ))
            }
            None => {}
        }
        for (k, f) in i.fixed_monthly.iter().enumerate() {
            let field = format!("investment.fixed_monthly[{k}]");
            amount_ok(&format!("{field}.amount"), f.amount)?;
            if f.date.is_some() {
                return Err(invalid(
                    format!("{field}.date"),
                    "a monthly cost runs \"from\" \"to\"; a cost on one date is a one_off",
                    "un costo mensile va da \"from\" a \"to\"; un costo in una sola data è un one_off",
                ));
            }
            let from = date_field(&format!("{field}.from"), f.from.as_deref())?;
            let to = date_field(&format!("{field}.to"), f.to.as_deref())?;
            if let (Some(a), Some(b)) = (from, to) {
                if b < a {
                    return Err(invalid(
                        field,
                        "\"to\" is before \"from\"",
                        "\"to\" è prima di \"from\"",
                    ));
                }
            }
        }
        for (k, o) in i.one_off.iter().enumerate() {
            let field = format!("investment.one_off[{k}]");
            amount_ok(&format!("{field}.amount"), o.amount)?;
            if o.date.is_none() || o.from.is_some() || o.to.is_some() {
                return Err(invalid(
                    format!("{field}.date"),
                    "a one-off cost has a \"date\" (and no \"from\" or \"to\")",
                    "un costo una tantum ha una \"date\" (e non \"from\" o \"to\")",
                ));
            }
            date_field(&format!("{field}.date"), o.date.as_deref())?;
        }
        if let Some(p) = &i.periods {
            date_field("investment.periods.start", Some(&p.start))?;
            if p.count == 0 || p.count > MAX_PERIODS {
                return Err(invalid(
                    "investment.periods.count",
                    format!("1 to {MAX_PERIODS} periods"),
                    format!("da 1 a {MAX_PERIODS} periodi"),
                ));
            }
        }
    }
    if let Some(v) = val {
        if let Some(Margin::Fraction(m)) = v.margin {
            // a margin typed as a percentage (35) made every value 35 times the sales
            if !m.is_finite() || !(0.0..=1.0).contains(&m) {
                return Err(invalid("value.margin", MARGIN_SHARE, MARGIN_SHARE_IT));
            }
        }
        for (k, a) in v.revenue.iter().enumerate() {
            a.check(&format!("value.revenue[{k}]"), false)?;
        }
        for (name, list) in v.counts() {
            for (k, c) in list.iter().enumerate() {
                c.check(&format!("value.{name}[{k}]"), true)?;
            }
        }
    }
    Ok(())
}

fn date_field(field: &str, s: Option<&str>) -> Result<Option<crate::Date>> {
    match s {
        None => Ok(None),
        // years a model's periods can run in (9999-12-01 and 5 months on stayed in 9999)
        Some(s) => parse_iso(s)
            .filter(|d| (1900..=2200).contains(&d.year()))
            .map(Some)
            .ok_or_else(|| {
                invalid(
                    field,
                    "a date as YYYY-MM-DD, from 1900 to 2200",
                    "una data come AAAA-MM-GG, dal 1900 al 2200",
                )
            }),
    }
}

impl ValueSpec {
    /// The count lists with their plan names.
    pub fn counts(&self) -> [(&'static str, &[Counted]); 4] {
        [
            ("conversions", &self.conversions),
            ("leads", &self.leads),
            ("new_customers", &self.new_customers),
            ("new_followers", &self.new_followers),
        ]
    }
}

/// Every column the two sections name, with the field that names it.
pub(crate) fn named_columns<'a>(
    inv: Option<&'a InvestmentSpec>,
    val: Option<&'a ValueSpec>,
) -> Vec<(String, &'a str)> {
    let mut v = Vec::new();
    let mut amounts = |field: &str, list: &'a [Amount]| {
        for (k, a) in list.iter().enumerate() {
            if let Some(c) = &a.column {
                v.push((format!("{field}[{k}].column"), c.as_str()));
            }
        }
    };
    if let Some(i) = inv {
        amounts("investment.money", &i.money);
        amounts("investment.time", &i.time);
    }
    if let Some(val) = val {
        amounts("value.revenue", &val.revenue);
        if let Some(Margin::Column(c)) = &val.margin {
            v.push(("value.margin".to_owned(), c.as_str()));
        }
        for (name, list) in val.counts() {
            for (k, c) in list.iter().enumerate() {
                if let Some(col) = &c.column {
                    v.push((format!("value.{name}[{k}].column"), col.as_str()));
                }
            }
        }
    }
    v
}

#[cfg(test)]
mod tests {
    use crate::analysis::Plan;

    /// A margin typed as a percentage (35) made every value 35 times the sales.
    #[test]
    fn a_margin_above_one_is_refused_with_the_fix() {
        let plan = |m: &str| {
            format!(
                r#"{{"investment": {{"money": [{{"per_period": 100}}], "periods": {{"start": "2024-01-01", "unit": "month", "count": 2}}}}, "value": {{"margin": {m}, "revenue": [{{"per_period": 500}}]}}}}"#
            )
        };
        for m in ["35", "1.5", "-0.2"] {
            let e = Plan::from_json(&plan(m)).unwrap_err();
            assert!(e.to_string().contains("0.35 for 35% (not 35)"), "{m}: {e}");
        }
        assert!(Plan::from_json(&plan("0.35")).is_ok());
    }

    #[test]
    fn a_saved_model_reads_back_the_same() {
        let text = r#"{"investment": {
              "money": [{"column": "ig_spend", "channel": "instagram"}, {"per_period": 50, "channel": "facebook"}],
              "time": [{"column": "hours", "channel": "instagram"}, {"per_period": 6}],
              "hourly_rate": 25,
              "fixed_monthly": [{"name": "tool", "amount": 29, "from": "2024-01-15", "to": "2024-06-30"}],
              "one_off": [{"name": "shoot", "amount": 400, "date": "2024-02-10"}],
              "periods": {"start": "2024-01-01", "unit": "week", "count": 26},
              "currency": "€"},
            "value": {"margin": 0.4, "revenue": [{"column": "ig_rev", "channel": "instagram"}],
              "conversions": [{"column": "orders", "value_per": 30}],
              "leads": [{"per_period": 3, "value_per": 5}],
              "new_customers": [{"column": "new", "value_per": 120, "value_source": "retention"}],
              "new_followers": [{"column": "nf"}]}}"#;
        let p = Plan::from_json(text).unwrap();
        assert_eq!(Plan::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(p.investment.as_ref().unwrap().time.len(), 2);
        let cols: Vec<&str> = p.named_columns().into_iter().map(|(_, c)| c).collect();
        for c in ["ig_spend", "hours", "ig_rev", "orders", "new", "nf"] {
            assert!(cols.contains(&c), "{c}");
        }
    }

    #[test]
    fn mistakes_name_their_field() {
        for (text, field) in [
            (r#"{"investment": {"mony": []}}"#, "mony"),
            (
                r#"{"investment": {"money": [{"column": "a", "per_period": 1}]}}"#,
                "investment.money[0]",
            ),
            (
                r#"{"investment": {"time": [{"per_period": 5}]}}"#,
                "investment.hourly_rate",
            ),
            (
                r#"{"investment": {"fixed_monthly": [{"name": "t", "amount": 5, "from": "2024-02-30"}]}}"#,
                "investment.fixed_monthly[0].from",
            ),
            (
                r#"{"investment": {"one_off": [{"name": "t", "amount": -5, "date": "2024-02-01"}]}}"#,
                "investment.one_off[0].amount",
            ),
            (
                r#"{"value": {"conversions": [{"column": "c", "value_per": -1}]}}"#,
                "value.conversions[0].value_per",
            ),
            (
                r#"{"investment": {"periods": {"start": "2024-01-01", "unit": "month", "count": 0}}}"#,
                "investment.periods.count",
            ),
            (
                r#"{"investment": {"money": [{"column": "a", "value_per": 3}]}}"#,
                "investment.money[0].value_per",
            ),
            (
                r#"{"investment": {"fixed_monthly": [{"name": "t", "amount": 5, "date": "2024-02-01"}]}}"#,
                "investment.fixed_monthly[0].date",
            ),
            (
                r#"{"investment": {"one_off": [{"name": "t", "amount": 5}]}}"#,
                "investment.one_off[0].date",
            ),
            // sums of such amounts overflow, and such years have no months after them
            (
                r#"{"investment": {"money": [{"per_period": 1e308}]}}"#,
                "investment.money[0].per_period",
            ),
            (
                r#"{"value": {"revenue": [{"per_period": 2e15}]}}"#,
                "value.revenue[0].per_period",
            ),
            (
                r#"{"investment": {"periods": {"start": "9999-12-01", "unit": "month", "count": 5}}}"#,
                "investment.periods.start",
            ),
        ] {
            let e = Plan::from_json(text).unwrap_err();
            assert!(
                matches!(e.kind(), crate::ErrorKind::InvalidPlan { field: f, .. } if f == field),
                "{text}: {e:?}"
            );
        }
    }
}
