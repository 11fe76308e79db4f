//! The analysis plan (`plan.json`, tests/fixtures/PLAN.md): which analyses to run beyond the
//! defaults and which columns play which role. Unknown fields are an error naming the field.
//!
//! Extensions to PLAN.md (all optional):
//! * `regressions[].x` may be a list of columns: multiple OLS `y ~ 1 + x₁ + …` (Householder QR);
//! * `target`: `{"column": "revenue", "max_lag": 12}` — lagged correlation of every other numeric
//!   column (x) against the target (y) for k = −max_lag..max_lag, and the focus of the findings;
//! * `adstock`: `[{"x": "social_spend", "y": "revenue", "lambda": 0.5}]` — geometric carry-over
//!   `a_t = x_t + λ·a_{t−1}`; without `lambda` the λ on `grid` (default 0, 0.1, …, 0.9) with the
//!   largest correlation with y is chosen and reported as chosen (which inflates r); `y` defaults
//!   to the target;
//! * `before_after`: `{"date": "2024-03-01", "columns": [..]}` — rows before the date vs on/after;
//! * `resample`: `{"period": "week", "rules": {"followers": "last"}}` — day/week (ISO)/month with
//!   a rule per column (sum, mean, count, last; unnamed numeric columns are summed), applied by the
//!   caller (CLI/app) through `reshape::resample` before the analysis; the engine only checks the
//!   column names;
//! * `period`: `"day"`, `"week"` or `"month"` — the period event files (orders, payments, posts;
//!   see [`crate::events`]) are combined into; the other files are resampled to it (sum, running
//!   totals named in `roi.followers_cumulative` or `resample.rules`: as the rules say). Without it,
//!   `resample.period`, else the caller's default (the CLI: week), else the automatic choice
//!   (week when the events span more than 8 weeks, else day).
//! * `sides`: `{"business": ["revenue", "orders"], "social": ["social_spend", "followers"]}` —
//!   which numeric columns are the business and which the social side (others: neither). The
//!   findings' key results and the verdict are about business × social pairs. Absent: guessed
//!   from the names (`roles::guess_sides`).

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::invest::spec::invalid;
use super::invest::{spec as invest_spec, InvestmentSpec, ValueSpec};
use crate::{Error, ErrorKind, Position, Result, Table};

/// An analysis plan. `Plan::default()` runs the defaults (descriptives and all-pairs correlations).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plan {
    #[serde(default = "one")]
    pub plan_version: u32,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lagged: Vec<LaggedSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub period_over_period: Vec<PairSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regressions: Vec<RegressionSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub roi: Option<RoiSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub join: Option<JoinSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<TargetSpec>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub adstock: Vec<AdstockSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_after: Option<BeforeAfterSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resample: Option<ResampleSpec>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<ResamplePeriod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sides: Option<SidesSpec>,
    /// The investment model (issue 14, `invest`): what went in...
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub investment: Option<InvestmentSpec>,
    /// ...and what came out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<ValueSpec>,
}

/// The columns on each side of "did social move the business?" (plan `sides`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SidesSpec {
    #[serde(default)]
    pub business: Vec<String>,
    #[serde(default)]
    pub social: Vec<String>,
}

fn one() -> u32 {
    1
}

impl Default for Plan {
    fn default() -> Plan {
        Plan {
            plan_version: 1,
            lagged: Vec::new(),
            period_over_period: Vec::new(),
            regressions: Vec::new(),
            roi: None,
            join: None,
            target: None,
            adstock: Vec::new(),
            before_after: None,
            resample: None,
            period: None,
            sides: None,
            investment: None,
            value: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LaggedSpec {
    pub x: String,
    pub y: String,
    pub max_lag: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PairSpec {
    pub x: String,
    pub y: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegressionSpec {
    pub y: String,
    pub x: Regressors,
}

/// One regressor (simple regression, `linregress`) or several (multiple OLS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Regressors {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoiSpec {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attributed_revenue: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub margin: Option<Margin>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_followers: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub followers_cumulative: Option<String>,
}

/// A margin: a fraction for every row, or a column holding one per row.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Margin {
    Fraction(f64),
    Column(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JoinSpec {
    #[serde(rename = "type")]
    pub kind: JoinType,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum JoinType {
    #[default]
    Inner,
    Outer,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetSpec {
    pub column: String,
    #[serde(default)]
    pub max_lag: u32,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AdstockSpec {
    pub x: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lambda: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grid: Option<Vec<f64>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BeforeAfterSpec {
    /// ISO date `YYYY-MM-DD`: rows before it vs rows on or after it.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub columns: Option<Vec<String>>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResampleSpec {
    pub period: ResamplePeriod,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub rules: BTreeMap<String, ResampleRule>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResamplePeriod {
    Day,
    Week,
    Month,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ResampleRule {
    Sum,
    Mean,
    /// Number of non-missing cells.
    Count,
    /// The last non-missing cell (running totals such as cumulative followers).
    Last,
}

/// Largest lag accepted (keeps the work bounded whatever a plan says).
pub const MAX_LAG_LIMIT: u32 = 10_000;

/// Turns a serde error into `InvalidPlan` with its line and column, naming the field serde names
/// (`unknown field `maxlag``) so a typo points at itself.
///
/// Parsed straight into the typed plan (no intermediate `serde_json::Value`): the value tree and
/// a second deserialiser over it cost ~36 KB of the page's wasm for no gain in the message.
fn serde_error(e: serde_json::Error) -> Error {
    let msg = e.to_string();
    let field = msg
        .split('`')
        .nth(1)
        .filter(|_| msg.starts_with("unknown field") || msg.starts_with("missing field"))
        .unwrap_or_default()
        .to_owned();
    let message = match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    };
    // serde's words are English; the two a hand-edited plan meets most are said in Italian too
    let message_it = if let Some(rest) = message.strip_prefix("unknown field `") {
        let expected = rest.split_once(", expected ").map(|x| x.1);
        Some(match expected {
            Some(e) => format!("campo sconosciuto «{field}»; quelli previsti: {e}"),
            None => format!("campo sconosciuto «{field}»"),
        })
    } else if message.starts_with("missing field `") {
        Some(format!("manca il campo «{field}»"))
    } else {
        Some(format!("il JSON non è valido: {message}"))
    };
    let mut pos = Position::line(e.line() as u64);
    pos.column = Some(e.column() as u64);
    Error::new(ErrorKind::InvalidPlan {
        pos,
        field,
        message,
        message_it,
    })
}

impl Plan {
    /// Parses a plan from JSON text. Errors carry the line and column, and unknown or missing
    /// fields are named (`maxlag`).
    pub fn from_json(text: &str) -> Result<Plan> {
        let plan: Plan = serde_json::from_str(text).map_err(serde_error)?;
        plan.check_values()?;
        Ok(plan)
    }

    /// The plan as pretty JSON (what the app saves).
    pub fn to_json(&self) -> String {
        crate::json::to_string(self).unwrap_or_default()
    }

    fn check_values(&self) -> Result<()> {
        if self.plan_version != 1 {
            return Err(invalid(
                "plan_version",
                format!(
                    "version {} is not supported (this program reads version 1)",
                    self.plan_version
                ),
                format!(
                    "la versione {} non è supportata (questo programma legge la versione 1)",
                    self.plan_version
                ),
            ));
        }
        for (i, l) in self.lagged.iter().enumerate() {
            if l.max_lag > MAX_LAG_LIMIT {
                return Err(invalid(
                    format!("lagged[{i}].max_lag"),
                    format!("at most {MAX_LAG_LIMIT}"),
                    format!("al massimo {MAX_LAG_LIMIT}"),
                ));
            }
        }
        if let Some(t) = &self.target {
            if t.max_lag > MAX_LAG_LIMIT {
                return Err(invalid(
                    "target.max_lag",
                    format!("at most {MAX_LAG_LIMIT}"),
                    format!("al massimo {MAX_LAG_LIMIT}"),
                ));
            }
        }
        for (i, r) in self.regressions.iter().enumerate() {
            if let Regressors::Many(v) = &r.x {
                if v.is_empty() {
                    return Err(invalid(
                        format!("regressions[{i}].x"),
                        "needs at least one column",
                        "serve almeno una colonna",
                    ));
                }
            }
        }
        if let Some(Margin::Fraction(m)) = self.roi.as_ref().and_then(|r| r.margin.as_ref()) {
            // above 1 (35 for 35%) every sale would bring more profit than its price
            if !m.is_finite() || !(0.0..=1.0).contains(m) {
                return Err(invalid(
                    "roi.margin",
                    invest_spec::MARGIN_SHARE,
                    invest_spec::MARGIN_SHARE_IT,
                ));
            }
        }
        for (i, a) in self.adstock.iter().enumerate() {
            let ok = |l: f64| (0.0..1.0).contains(&l);
            if a.lambda.is_some_and(|l| !ok(l)) {
                return Err(invalid(
                    format!("adstock[{i}].lambda"),
                    "λ must be in [0, 1)",
                    "λ deve essere in [0, 1)",
                ));
            }
            if let Some(g) = &a.grid {
                if g.is_empty() || g.len() > 1000 || g.iter().any(|&l| !ok(l)) {
                    return Err(invalid(
                        format!("adstock[{i}].grid"),
                        "1 to 1000 values of λ in [0, 1)",
                        "da 1 a 1000 valori di λ in [0, 1)",
                    ));
                }
            }
        }
        if let Some(b) = &self.before_after {
            if parse_iso(&b.date).is_none() {
                return Err(invalid(
                    "before_after.date",
                    "a date as YYYY-MM-DD",
                    "una data come AAAA-MM-GG",
                ));
            }
        }
        invest_spec::check(self.investment.as_ref(), self.value.as_ref())
    }

    /// Every column the plan names, with the field that names it.
    pub fn named_columns(&self) -> Vec<(String, &str)> {
        let mut v: Vec<(String, &str)> = Vec::new();
        for (i, l) in self.lagged.iter().enumerate() {
            v.push((format!("lagged[{i}].x"), &l.x));
            v.push((format!("lagged[{i}].y"), &l.y));
        }
        for (i, p) in self.period_over_period.iter().enumerate() {
            v.push((format!("period_over_period[{i}].x"), &p.x));
            v.push((format!("period_over_period[{i}].y"), &p.y));
        }
        for (i, r) in self.regressions.iter().enumerate() {
            v.push((format!("regressions[{i}].y"), &r.y));
            match &r.x {
                Regressors::One(x) => v.push((format!("regressions[{i}].x"), x)),
                Regressors::Many(xs) => {
                    for x in xs {
                        v.push((format!("regressions[{i}].x"), x));
                    }
                }
            }
        }
        if let Some(r) = &self.roi {
            let fields = [
                ("roi.cost", &r.cost),
                ("roi.attributed_revenue", &r.attributed_revenue),
                ("roi.conversions", &r.conversions),
                ("roi.new_followers", &r.new_followers),
                ("roi.followers_cumulative", &r.followers_cumulative),
            ];
            for (f, c) in fields {
                if let Some(c) = c {
                    v.push((f.to_owned(), c));
                }
            }
            if let Some(Margin::Column(c)) = &r.margin {
                v.push(("roi.margin".to_owned(), c));
            }
        }
        if let Some(t) = &self.target {
            v.push(("target.column".to_owned(), &t.column));
        }
        for (i, a) in self.adstock.iter().enumerate() {
            v.push((format!("adstock[{i}].x"), &a.x));
            if let Some(y) = &a.y {
                v.push((format!("adstock[{i}].y"), y));
            }
        }
        if let Some(cols) = self.before_after.as_ref().and_then(|b| b.columns.as_ref()) {
            for c in cols {
                v.push(("before_after.columns".to_owned(), c));
            }
        }
        if let Some(r) = &self.resample {
            for c in r.rules.keys() {
                v.push(("resample.rules".to_owned(), c));
            }
        }
        if let Some(s) = &self.sides {
            for c in &s.business {
                v.push(("sides.business".to_owned(), c));
            }
            for c in &s.social {
                v.push(("sides.social".to_owned(), c));
            }
        }
        v.extend(invest_spec::named_columns(
            self.investment.as_ref(),
            self.value.as_ref(),
        ));
        v
    }

    /// Checks the plan against a table: every named column must be a numeric column of it,
    /// adstock needs a y (or a target), before/after needs dates.
    pub fn validate(&self, table: &Table) -> Result<()> {
        self.check_values()?;
        for (field, name) in self.named_columns() {
            // a column that is there but holds text is not "missing": say what it holds
            if table.numbers(name).is_none() && table.column(name).is_some() {
                return Err(invalid(
                    field,
                    format!("column \"{name}\" holds text, not numbers: choose a column of amounts or counts, or check its cells (a word or a symbol in every cell?)"),
                    format!("la colonna «{name}» contiene testo, non numeri: scegli una colonna di importi o conteggi, o controlla le sue celle (una parola o un simbolo in ogni cella?)"),
                ));
            }
            if table.numbers(name).is_none() {
                let pos = Position {
                    column_name: Some(field),
                    ..Position::default()
                };
                return Err(Error::new(ErrorKind::UnknownColumn {
                    pos,
                    name: name.to_owned(),
                    known: table.numeric_columns().map(|(c, _)| c.to_owned()).collect(),
                }));
            }
        }
        for (i, a) in self.adstock.iter().enumerate() {
            if a.y.is_none() && self.target.is_none() {
                return Err(invalid(
                    format!("adstock[{i}].y"),
                    "name the column to correlate with, or set a target",
                    "indica la colonna con cui correlare, o imposta un obiettivo",
                ));
            }
        }
        if self.before_after.is_some() && table.dates().is_none() {
            return Err(invalid(
                "before_after",
                "the table has no date column",
                "la tabella non ha una colonna di date",
            ));
        }
        if let Some(i) = &self.investment {
            if table.dates().is_none() && !(i.fixed_monthly.is_empty() && i.one_off.is_empty()) {
                return Err(invalid(
                    "investment.fixed_monthly",
                    "fixed and one-off costs are placed by date: the table needs a date column",
                    "i costi fissi e una tantum si collocano per data: serve una colonna di date",
                ));
            }
        }
        Ok(())
    }
}

/// `YYYY-MM-DD` → date.
pub fn parse_iso(s: &str) -> Option<crate::Date> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let y = s[0..4].parse().ok()?;
    let m = s[5..7].parse().ok()?;
    let d = s[8..10].parse().ok()?;
    crate::Date::from_ymd(y, m, d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_documented_example() {
        let p = Plan::from_json(
            r#"{"plan_version": 1,
                "lagged": [{"x": "sessions", "y": "revenue", "max_lag": 8}],
                "period_over_period": [{"x": "sessions", "y": "revenue"}],
                "regressions": [{"y": "revenue", "x": "sessions"}, {"y": "revenue", "x": ["a", "b"]}],
                "roi": {"cost": "social_spend", "attributed_revenue": "revenue", "margin": 0.35},
                "join": {"type": "inner"}}"#,
        )
        .unwrap();
        assert_eq!(p.lagged[0].max_lag, 8);
        assert_eq!(
            p.regressions[1].x,
            Regressors::Many(vec!["a".into(), "b".into()])
        );
        assert_eq!(p.roi.unwrap().margin, Some(Margin::Fraction(0.35)));
        assert_eq!(p.join.unwrap().kind, JoinType::Inner);
    }

    #[test]
    fn a_saved_plan_reads_back_the_same() {
        let text = r#"{"plan_version": 1,
            "lagged": [{"x": "a", "y": "b", "max_lag": 3}],
            "regressions": [{"y": "b", "x": ["a", "c"]}],
            "roi": {"cost": "a", "attributed_revenue": "b", "margin": "m"},
            "target": {"column": "b", "max_lag": 12},
            "adstock": [{"x": "a", "lambda": 0.4}],
            "before_after": {"date": "2024-03-01"},
            "resample": {"period": "week", "rules": {"f": "last"}},
            "sides": {"business": ["b"], "social": ["a"]},
            "join": {"type": "outer"}}"#;
        let p = Plan::from_json(text).unwrap();
        assert_eq!(Plan::from_json(&p.to_json()).unwrap(), p);
        assert_eq!(Plan::from_json("{}").unwrap(), Plan::default());
    }

    #[test]
    fn a_margin_is_a_share_of_the_sales() {
        for ok in ["0", "0.35", "1"] {
            let j = format!(r#"{{"roi": {{"margin": {ok}}}}}"#);
            assert!(Plan::from_json(&j).is_ok(), "{ok}");
        }
        for bad in ["1.5", "35", "-0.1"] {
            let j = format!(r#"{{"roi": {{"margin": {bad}}}}}"#);
            let e = Plan::from_json(&j).unwrap_err();
            assert!(e.message(crate::Lang::En).contains("0.35 for 35%"), "{bad}");
            assert!(
                e.message(crate::Lang::It).contains("0,35 per il 35%"),
                "{bad}"
            );
        }
    }

    #[test]
    fn unknown_fields_are_named() {
        let e = Plan::from_json(r#"{"lagd": []}"#).unwrap_err();
        assert!(matches!(e.kind(), ErrorKind::InvalidPlan { field, .. } if field == "lagd"));
        let e = Plan::from_json("{\"lagged\": [\n  {\"x\": \"a\", \"y\": \"b\", \"maxlag\": 2}]}")
            .unwrap_err();
        assert!(
            matches!(e.kind(), ErrorKind::InvalidPlan { field, .. } if field == "maxlag"),
            "{e:?}"
        );
        assert_eq!(e.line(), Some(2), "the typo's line");
        assert!(
            e.to_string().contains("max_lag"),
            "the message lists the known fields: {e}"
        );
        let e = Plan::from_json("{\n \"lagged\": [").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert_eq!(e.kind_code(), "invalid_plan");
    }

    #[test]
    fn unknown_columns_are_reported() {
        let t = Table::from_columns(None, vec![("a", vec![1.0, 2.0])]);
        let p = Plan::from_json(r#"{"period_over_period": [{"x": "a", "y": "zz"}]}"#).unwrap();
        let e = p.validate(&t).unwrap_err();
        assert_eq!(e.kind_code(), "unknown_column");
        // the message names the columns there are, the nearest to the typo first
        let t = Table::from_columns(
            None,
            vec![
                ("orders", vec![1.0, 2.0]),
                ("revenue", vec![1.0, 2.0]),
                ("reach", vec![1.0, 2.0]),
            ],
        );
        let p = Plan::from_json(r#"{"lagged": [{"x": "orders", "y": "revenu", "max_lag": 2}]}"#)
            .unwrap();
        let e = p.validate(&t).unwrap_err();
        assert_eq!(
            e.message(crate::Lang::En),
            "there is no column named \"revenu\" (there are: \"revenue\", \"reach\", \"orders\")."
        );
        assert!(e.message(crate::Lang::It).contains("(ci sono: «revenue»"));
    }
}
