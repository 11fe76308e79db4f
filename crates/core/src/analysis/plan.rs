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
fn serde_error(e: serde_json::Error, text: &str) -> Error {
    let msg = e.to_string();
    let field = msg
        .split('`')
        .nth(1)
        .filter(|_| msg.starts_with("unknown field") || msg.starts_with("missing field"))
        .map(str::to_owned)
        // a wrong value ("max_lag": "eight"): serde names no field, the text before it does
        .or_else(|| field_before(text, e.line(), e.column()))
        .unwrap_or_default();
    let raw = match msg.find(" at line ") {
        Some(i) => msg[..i].to_owned(),
        None => msg,
    };
    let (message, message_it) = plain_words(&raw, &field);
    let mut pos = Position::line(e.line() as u64);
    pos.column = Some(e.column() as u64);
    Error::new(ErrorKind::InvalidPlan {
        pos,
        field,
        message,
        message_it: Some(message_it),
    })
}

/// The name of the last `"field":` before a line and column of the plan's text: the field whose
/// value serde refused (it says where, not which).
fn field_before(text: &str, line: usize, column: usize) -> Option<String> {
    let offset: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum::<usize>()
        + column;
    let before = text.get(..offset.min(text.len()))?;
    let colon = before.rfind(':')?;
    let key = before[..colon].trim_end().strip_suffix('"')?;
    let start = key.rfind('"')?;
    let name = &key[start + 1..];
    (!name.is_empty() && name.len() <= 40 && !name.contains(['{', '}', ',']))
        .then(|| name.to_owned())
}

/// serde's message in words a plan's author (often not a programmer) reads, in English and
/// Italian: "invalid type: string "eight", expected u32" becomes "a whole number (0 or more) is
/// needed here, not the text "eight"". A message not recognised is kept as serde wrote it.
fn plain_words(raw: &str, field: &str) -> (String, String) {
    let (en, it): (String, String) = if let Some(rest) = raw.strip_prefix("unknown field `") {
        match rest.split_once(", expected ") {
            Some((_, e)) => {
                let (le, li) = names_words(e, ("and", "e"));
                (
                    format!("unknown field \"{field}\"; the fields here are {le}"),
                    format!("campo sconosciuto «{field}»; quelli previsti: {li}"),
                )
            }
            None => (
                format!("unknown field \"{field}\"; nothing else goes here"),
                format!("campo sconosciuto «{field}»; qui non va altro"),
            ),
        }
    } else if raw.starts_with("missing field `") {
        (
            format!("the field \"{field}\" is missing"),
            format!("manca il campo «{field}»"),
        )
    } else if let Some(rest) = raw
        .strip_prefix("invalid type: ")
        .or_else(|| raw.strip_prefix("invalid value: "))
    {
        match rest.split_once(", expected ") {
            Some((found, wanted)) => {
                let (we, wi) = expected_words(wanted);
                let (fe, fi) = found_words(found);
                (
                    format!("{we} is needed here, not {fe}"),
                    format!("qui serve {wi}, non {fi}"),
                )
            }
            None => (raw.to_owned(), format!("valore non valido: {rest}")),
        }
    } else if let Some(rest) = raw.strip_prefix("unknown variant `") {
        let (name, expected) = rest.split_once('`').unwrap_or((rest, ""));
        let (le, li) = names_words(expected, ("or", "o"));
        (
            format!("\"{name}\" is not one of the choices here: {le}"),
            format!("«{name}» non è tra le scelte possibili: {li}"),
        )
    } else if let Some(rest) = raw.strip_prefix("duplicate field `") {
        let name = rest.trim_end_matches('`');
        (
            format!("the field \"{name}\" is given twice"),
            format!("il campo «{name}» compare due volte"),
        )
    } else {
        let syntax = [
            ("trailing comma", "a comma before a closing bracket: remove it", "una virgola prima di una parentesi di chiusura: toglila"),
            ("EOF while parsing", "the text ends before the plan does: a bracket or quote is not closed", "il testo finisce prima del piano: una parentesi o delle virgolette non sono chiuse"),
            ("expected `,` or `}`", "a comma or a closing } is missing", "manca una virgola o una } di chiusura"),
            ("expected `,` or `]`", "a comma or a closing ] is missing", "manca una virgola o una ] di chiusura"),
            ("expected `:`", "a colon (:) is missing after a field's name", "mancano i due punti (:) dopo il nome di un campo"),
            ("key must be a string", "a field's name must be in double quotes", "il nome di un campo va tra virgolette doppie"),
            ("expected value", "a value is missing or not valid JSON (text goes in double quotes)", "manca un valore o non è JSON valido (il testo va tra virgolette doppie)"),
            ("expected ident", "a value is not valid JSON (true, false and null are lower case; text goes in double quotes)", "un valore non è JSON valido (true, false e null in minuscolo; il testo tra virgolette doppie)"),
            ("trailing characters", "there is more text after the plan's closing }", "c'è altro testo dopo la } che chiude il piano"),
            ("control character", "a line break or tab inside quotes: write it as \\n or \\t", "un a capo o una tabulazione tra virgolette: scrivili \\n o \\t"),
            ("invalid escape", "a backslash inside quotes starts no valid escape: write \\\\ for a backslash", "una barra rovesciata tra virgolette non è un escape valido: scrivi \\\\ per una barra"),
            ("invalid number", "a number is not written as JSON writes numbers (a decimal point, no thousands separator)", "un numero non è scritto come in JSON (punto decimale, senza separatore delle migliaia)"),
            ("number out of range", "a number is too large", "un numero è troppo grande"),
        ];
        match syntax.iter().find(|(k, _, _)| raw.starts_with(k)) {
            Some((_, en, it)) => ((*en).to_owned(), (*it).to_owned()),
            None => (raw.to_owned(), format!("il JSON non è valido: {raw}")),
        }
    };
    (en, it)
}

/// serde's list of names (", expected one of `day`, `week`, `month`") as "\"day\", \"week\" or
/// \"month\"" and "«day», «week» o «month»".
fn names_words(list: &str, (or_en, or_it): (&str, &str)) -> (String, String) {
    let names: Vec<&str> = list.split('`').skip(1).step_by(2).collect();
    let join = |open: &str, close: &str, or: &str| {
        let quoted: Vec<String> = names.iter().map(|n| format!("{open}{n}{close}")).collect();
        match quoted.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} {or} {last}", rest.join(", ")),
            Some((last, _)) => last.clone(),
            None => String::new(),
        }
    };
    (join("\"", "\"", or_en), join("«", "»", or_it))
}

/// What serde expected, in words ("u32" → "a whole number (0 or more)").
fn expected_words(wanted: &str) -> (String, String) {
    let w = wanted.trim();
    let pair = |en: &str, it: &str| (en.to_owned(), it.to_owned());
    match w {
        "u8" | "u16" | "u32" | "u64" | "usize" => pair(
            "a whole number (0 or more)",
            "un numero intero (da 0 in su)",
        ),
        "i8" | "i16" | "i32" | "i64" | "isize" => pair("a whole number", "un numero intero"),
        "f32" | "f64" => pair("a number", "un numero"),
        "a string" => pair("text in double quotes", "un testo tra virgolette doppie"),
        "a boolean" => pair("true or false", "true o false"),
        "a sequence" => pair("a list in [ ]", "un elenco tra [ ]"),
        _ if w.starts_with("struct ") || w == "a map" => {
            pair("an object in { }", "un oggetto tra { }")
        }
        _ => (w.to_owned(), w.to_owned()),
    }
}

/// What serde found instead, in words ("string \"eight\"" → "the text "eight"").
fn found_words(found: &str) -> (String, String) {
    let f = found.trim();
    if let Some(text) = f.strip_prefix("string ") {
        return (format!("the text {text}"), format!("il testo {text}"));
    }
    for (k, en, it) in [
        ("integer ", "the number", "il numero"),
        ("floating point ", "the number", "il numero"),
        ("boolean ", "", ""),
    ] {
        if let Some(v) = f.strip_prefix(k) {
            let v = v.trim_matches('`');
            return if en.is_empty() {
                (v.to_owned(), v.to_owned())
            } else {
                (format!("{en} {v}"), format!("{it} {v}"))
            };
        }
    }
    match f {
        "null" => ("null".into(), "null".into()),
        "sequence" => ("a list".into(), "un elenco".into()),
        "map" => ("an object".into(), "un oggetto".into()),
        _ => (f.to_owned(), f.to_owned()),
    }
}

impl Plan {
    /// Parses a plan from JSON text. Errors carry the line and column, and unknown or missing
    /// fields are named (`maxlag`).
    pub fn from_json(text: &str) -> Result<Plan> {
        // a plan saved with a byte-order mark (Windows Notepad) is the same plan
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        // serde takes a list for a struct too (`[]` would be the default plan): a plan is an object
        if let Some((at, c)) = text.char_indices().find(|(_, c)| !c.is_whitespace()) {
            if c != '{' {
                let before = &text[..at];
                let line = before.matches('\n').count() as u64 + 1;
                let col = before.rsplit('\n').next().unwrap_or("").chars().count() as u64 + 1;
                let mut pos = Position::line(line);
                pos.column = Some(col);
                return Err(Error::new(ErrorKind::InvalidPlan {
                    pos,
                    field: String::new(),
                    message: "a plan is one JSON object, in { }".into(),
                    message_it: Some("un piano è un solo oggetto JSON, tra { }".into()),
                }));
            }
        }
        let mut plan: Plan = serde_json::from_str(text).map_err(|e| serde_error(e, text))?;
        // a margin typed as a percentage ("40%", "12,5 %"), as the page's form takes it, is that
        // fraction, not a column of that name
        if let Some(roi) = &mut plan.roi {
            if let Some(Margin::Column(c)) = &roi.margin {
                if let Some(pct) = c.trim().strip_suffix('%') {
                    if let Ok(Some(v)) = crate::analysis::quick::parse_number(pct) {
                        roi.margin = Some(Margin::Fraction(v / 100.0));
                    }
                }
            }
        }
        plan.check_values()?;
        Ok(plan)
    }

    /// The plan as pretty JSON (what the app saves).
    pub fn to_json(&self) -> String {
        crate::json::to_string(self).unwrap_or_default()
    }

    fn check_values(&self) -> Result<()> {
        // PLAN.md: new followers per period, or a running total to take differences of; with
        // both, one was silently ignored
        if let Some(r) = &self.roi {
            if r.new_followers.is_some() && r.followers_cumulative.is_some() {
                return Err(invalid(
                    "roi.followers_cumulative",
                    "give either \"new_followers\" (new followers each period) or \"followers_cumulative\" (the running total), not both",
                    "indica \"new_followers\" (i nuovi follower di ogni periodo) oppure \"followers_cumulative\" (il totale progressivo), non entrambi",
                ));
            }
        }
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
            // the date column is there, but orders the rows: it is no series to analyse
            if table.date.as_ref().is_some_and(|d| d.name == name) {
                let known: Vec<String> = table
                    .numeric_columns()
                    .map(|(c, _)| format!("\"{c}\""))
                    .collect();
                return Err(invalid(
                    field,
                    format!("\"{name}\" is the date column: it puts the rows in time order and is not analysed as a number; name a numeric column (there are: {})", known.join(", ")),
                    format!("«{name}» è la colonna delle date: mette le righe in ordine di tempo e non si analizza come numero; indica una colonna numerica (ci sono: {})", known.join(", ")),
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
    fn a_margin_typed_as_a_percentage_and_a_plan_saved_with_a_bom() {
        let p = Plan::from_json(r#"{"roi": {"margin": "40%"}}"#).unwrap();
        assert_eq!(p.roi.unwrap().margin, Some(Margin::Fraction(0.4)));
        let p = Plan::from_json(r#"{"roi": {"margin": "12,5 %"}}"#).unwrap();
        assert_eq!(p.roi.unwrap().margin, Some(Margin::Fraction(0.125)));
        // a column's name stays a column's name
        let p = Plan::from_json(r#"{"roi": {"margin": "margine"}}"#).unwrap();
        assert_eq!(
            p.roi.unwrap().margin,
            Some(Margin::Column("margine".into()))
        );
        assert!(Plan::from_json(r#"{"roi": {"margin": "140%"}}"#).is_err());
        let p =
            Plan::from_json("\u{feff}{\"lagged\": [{\"x\": \"a\", \"y\": \"b\", \"max_lag\": 2}]}")
                .unwrap();
        assert_eq!(p.lagged[0].max_lag, 2);
    }

    #[test]
    fn new_followers_and_a_running_total_together_are_refused() {
        let e = Plan::from_json(
            r#"{"roi": {"cost": "s", "new_followers": "nf", "followers_cumulative": "f"}}"#,
        )
        .unwrap_err();
        assert!(e.message(crate::Lang::En).contains("not both"), "{e}");
        assert!(Plan::from_json(r#"{"roi": {"cost": "s", "followers_cumulative": "f"}}"#).is_ok());
    }

    #[test]
    fn the_date_column_named_as_a_series_is_said_to_be_the_date_column() {
        let t = Table::from_columns(
            Some((
                "Data",
                (1..=5)
                    .map(|d| crate::Date::from_ymd(2024, 1, d).unwrap())
                    .collect(),
            )),
            vec![("spend", vec![1.0, 2.0, 3.0, 4.0, 5.0])],
        );
        let p = Plan::from_json(r#"{"regressions": [{"y": "spend", "x": "Data"}]}"#).unwrap();
        let e = p.validate(&t).unwrap_err();
        let m = e.message(crate::Lang::En);
        assert!(
            m.contains("\"Data\" is the date column") && m.contains("\"spend\""),
            "{m}"
        );
        assert!(e
            .message(crate::Lang::It)
            .contains("è la colonna delle date"));
    }

    /// A hand-edited plan's mistakes are said in plain words in both languages, with the line
    /// and column, never in serde's ("invalid type: string, expected u32").
    #[test]
    fn json_mistakes_are_said_in_plain_words() {
        let cases = [
            (
                "[]",
                "a plan is one JSON object",
                "un piano è un solo oggetto JSON",
                (1, 1),
            ),
            (
                "\n  [{\"period\": \"week\"}]",
                "a plan is one JSON object",
                "un piano è un solo oggetto JSON",
                (2, 3),
            ),
            (
                r#"{"lagged": [{"x": "a", "y": "b", "max_lag": "eight"}]}"#,
                "a whole number (0 or more) is needed here, not the text \"eight\"",
                "qui serve un numero intero (da 0 in su), non il testo \"eight\"",
                (1, 51),
            ),
            (
                r#"{"lagged": [{"x": "a", "y": "b", "max_lag": -1}]}"#,
                "not the number -1",
                "non il numero -1",
                (1, 46),
            ),
            (
                r#"{"lagged": [{"x": "a", "y": "b", "max_lag": 2},]}"#,
                "a comma before a closing bracket",
                "una virgola prima di una parentesi",
                (1, 48),
            ),
            (
                r#"{"period": "fortnight"}"#,
                "\"fortnight\" is not one of the choices here: \"day\", \"week\" or \"month\"",
                "«fortnight» non è tra le scelte possibili: «day», «week» o «month»",
                (1, 22),
            ),
            (
                r#"{"lagged": {"x": "a"}}"#,
                "a list in [ ] is needed here, not an object",
                "qui serve un elenco tra [ ], non un oggetto",
                (1, 11),
            ),
            (
                r#"{period: "week"}"#,
                "a field's name must be in double quotes",
                "il nome di un campo va tra virgolette doppie",
                (1, 2),
            ),
            (
                r#"{"period": "week""#,
                "the text ends before the plan does",
                "il testo finisce prima del piano",
                (1, 17),
            ),
        ];
        for (json, en, it, (line, col)) in cases {
            let e = Plan::from_json(json).unwrap_err();
            let (m_en, m_it) = (e.message(crate::Lang::En), e.message(crate::Lang::It));
            assert!(m_en.contains(en), "{json}: {m_en}");
            assert!(m_it.contains(it), "{json}: {m_it}");
            for m in [&m_en, &m_it] {
                assert!(
                    !m.contains("expected u32") && !m.contains('`'),
                    "{json}: {m}"
                );
                assert!(
                    !m.contains("field \"\"") && !m.contains("«»"),
                    "{json}: {m}"
                );
            }
            let pos = e.position();
            assert_eq!((pos.line, pos.column), (Some(line), Some(col)), "{json}");
        }
        // a value of the wrong kind names its field (serde says only where)
        for (json, field) in [
            (
                r#"{"lagged": [{"x": "a", "y": "b", "max_lag": "eight"}]}"#,
                "max_lag",
            ),
            ("{\n  \"join\": {\"type\": \"left\"}\n}", "type"),
            (r#"{"lagged": null}"#, "lagged"),
            (r#"{"period": "year"}"#, "period"),
        ] {
            let e = Plan::from_json(json).unwrap_err();
            assert!(
                matches!(e.kind(), crate::ErrorKind::InvalidPlan { field: f, .. } if f == field),
                "{json}: {e:?}"
            );
        }
        // an unknown field lists the fields there are, joined by "and"
        let e = Plan::from_json(r#"{"target": {"column": "b", "maxlag": 3}}"#).unwrap_err();
        assert!(e
            .message(crate::Lang::En)
            .contains("the fields here are \"column\" and \"max_lag\""));
        assert!(e
            .message(crate::Lang::It)
            .contains("quelli previsti: «column» e «max_lag»"));
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
