//! The quick calculator (no file): typed totals over a few months → ROI, ROAS, break-even sales,
//! costs per new customer and follower, payback, and a plain-language verdict in English and
//! Italian. Pure and cheap, so the page can call it on every keystroke.
//!
//! Model: all amounts are totals over `months` months, except `fixed_monthly` (per month) and
//! `one_off` (paid once at the start). Investment = spend + hours × hourly rate + fixed_monthly ×
//! months + one_off; value = revenue × margin; ROI = (value − investment) / investment. Payback
//! assumes the same pace every month: the first whole month k with k × monthly value ≥ one_off +
//! k × monthly running cost. An empty cost field counts as 0 (nothing spent); an empty revenue or
//! margin leaves ROI undefined (a result is never guessed).

use serde::{Deserialize, Serialize};

use super::invest::findings::{money, number, percent};
use super::invest::{InvestmentParts, Metric};

/// What the visitor typed. `None` = left empty.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QuickInput {
    /// Money spent (ads, boosts) over the months.
    pub spend: Option<f64>,
    /// Hours worked over the months.
    pub hours: Option<f64>,
    pub hourly_rate: Option<f64>,
    /// Tools, an agency, content production: per month.
    pub fixed_monthly: Option<f64>,
    /// Paid once (a photo shoot, a website); paid back over time.
    pub one_off: Option<f64>,
    /// How many months the amounts cover (default 1).
    pub months: Option<f64>,
    /// Sales attributed to social media over the months.
    pub revenue: Option<f64>,
    /// Share of revenue that is profit (0.4 = 40%).
    pub margin: Option<f64>,
    pub new_customers: Option<f64>,
    pub new_followers: Option<f64>,
    /// Currency symbol for the verdict ("€"); none by default.
    pub currency: Option<String>,
}

/// The figures and the verdict.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuickResult {
    pub months: f64,
    pub investment: InvestmentParts,
    /// Revenue × margin.
    pub value: Option<f64>,
    /// Value − investment.
    pub net: Option<f64>,
    pub roi: Metric,
    /// Revenue / spend.
    pub roas: Metric,
    /// Revenue / total investment.
    pub roas_total_investment: Metric,
    /// Investment / margin: the sales at which ROI is 0.
    pub break_even_revenue: Metric,
    pub cost_per_new_customer: Metric,
    /// Revenue × margin / new customers: the most a new customer may cost.
    pub max_cost_per_new_customer: Metric,
    pub cost_per_new_follower: Metric,
    /// Months until the cumulative value covers the cumulative investment, at a steady pace.
    pub payback_months: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payback_reason: Option<String>,
    pub verdict_en: String,
    pub verdict_it: String,
}

impl QuickResult {
    pub fn verdict(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::En => &self.verdict_en,
            crate::Lang::It => &self.verdict_it,
        }
    }
}

/// A field's text that is not a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NotANumber;

/// A typed number: empty = `None`; a decimal comma or point, thousands spaces and a currency
/// symbol are accepted ("1.234,5", "1,234.5", "€ 400"); anything else is an error. One lone
/// separator followed by exactly three digits, after one to three digits not starting with 0, is a
/// thousands separator in either language ("1,234" and "1.234" are 1234): what is typed here is
/// money, counts and hours, never written to a tenth of a cent, and reading an English "1,234" as
/// 1.234 made a spend of 1,234 a thousand times smaller. "0,125" and "12,5" stay decimals.
pub fn parse_number(text: &str) -> Result<Option<f64>, NotANumber> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '€' | '$' | '£' | '%' | '\''))
        .collect();
    if t.is_empty() {
        return Ok(None);
    }
    let (dots, commas) = (t.matches('.').count(), t.matches(',').count());
    let grouped_thousand = |sep: char| {
        let (int, frac) = t.split_once(sep).unwrap_or((&t, ""));
        let int = int.strip_prefix('-').unwrap_or(int);
        frac.len() == 3
            && (1..=3).contains(&int.len())
            && !int.starts_with('0')
            && int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit())
    };
    let plain = match (dots, commas) {
        (1, 0) if grouped_thousand('.') => t.replace('.', ""),
        (0, 1) if grouped_thousand(',') => t.replace(',', ""),
        (0 | 1, 0) => t,
        (0, 1) => t.replace(',', "."),
        // Only one kind, repeated: thousands separators ("1.234.567").
        (_, 0) => t.replace('.', ""),
        (0, _) => t.replace(',', ""),
        // Both: the last one is the decimal separator.
        _ => {
            let (dec, group) = if t.rfind(',') > t.rfind('.') {
                (',', '.')
            } else {
                ('.', ',')
            };
            if t.matches(dec).count() > 1 {
                return Err(NotANumber);
            }
            t.replace(group, "").replace(dec, ".")
        }
    };
    crate::decimal::parse_f64(&plain)
        .filter(|v| v.is_finite())
        .map(Some)
        .ok_or(NotANumber)
}

/// Payback beyond this many months is reported as never (100 years).
const PAYBACK_LIMIT: u64 = 1200;

fn val(v: Option<f64>) -> Option<f64> {
    v.filter(|x| x.is_finite())
}

fn check(name: &str, v: Option<f64>) -> crate::Result<()> {
    match v {
        Some(x) if !x.is_finite() || x < 0.0 => Err(super::invest::spec::invalid(
            name,
            "a number of 0 or more",
            "un numero da 0 in su",
        )),
        _ => Ok(()),
    }
}

/// Checks the typed numbers (none negative or not finite, months > 0).
pub fn validate(q: &QuickInput) -> crate::Result<()> {
    let fields = [
        ("spend", q.spend),
        ("hours", q.hours),
        ("hourly_rate", q.hourly_rate),
        ("fixed_monthly", q.fixed_monthly),
        ("one_off", q.one_off),
        ("revenue", q.revenue),
        ("margin", q.margin),
        ("new_customers", q.new_customers),
        ("new_followers", q.new_followers),
    ];
    for (n, v) in fields {
        check(n, v)?;
    }
    // sums past f64's range print as "inf": name the largest number instead
    let months = q.months.unwrap_or(1.0);
    let total = q.spend.unwrap_or(0.0)
        + q.hours.unwrap_or(0.0) * q.hourly_rate.unwrap_or(0.0)
        + q.fixed_monthly.unwrap_or(0.0) * months
        + q.one_off.unwrap_or(0.0);
    if !total.is_finite() || !q.revenue.unwrap_or(0.0).is_finite() {
        let big = fields
            .iter()
            .filter_map(|(n, v)| Some((*n, (*v)?)))
            .max_by(|a, b| a.1.total_cmp(&b.1))
            .map_or("spend", |a| a.0);
        return Err(super::invest::spec::invalid(
            big,
            "a number too large to compute with (the amounts add up past 10^308)",
            "un numero troppo grande per i calcoli (gli importi sommati superano 10^308)",
        ));
    }
    // counts typed with a fraction are a slip (2,5 customers): the cost per customer would mislead
    for (n, v) in [
        ("new_customers", q.new_customers),
        ("new_followers", q.new_followers),
    ] {
        if v.is_some_and(|c| c.fract() != 0.0) {
            return Err(super::invest::spec::invalid(
                n,
                "a whole number (a count)",
                "un numero intero (un conteggio)",
            ));
        }
    }
    // a margin is a share of the sales: 40 for 40% would make every sale 40 times its price
    if q.margin.is_some_and(|m| m > 1.0) {
        return Err(super::invest::spec::invalid(
            "margin",
            "a share of the sales from 0 to 1 (0% to 100%)",
            "una quota delle vendite da 0 a 1 (da 0% a 100%)",
        ));
    }
    // hours without a rate would count as nothing, as if the time were free
    if q.hours.is_some_and(|h| h > 0.0) && q.hourly_rate.is_none() {
        return Err(super::invest::spec::invalid(
            "hourly_rate",
            "what an hour of the time is worth, to count the hours (or no hours)",
            "quanto vale un'ora di tempo, per contare le ore (oppure nessuna ora)",
        ));
    }
    if q.months.is_some_and(|m| !(m.is_finite() && m > 0.0)) {
        return Err(super::invest::spec::invalid(
            "months",
            "a number of months above 0",
            "un numero di mesi maggiore di 0",
        ));
    }
    Ok(())
}

fn per_unit(cost: f64, count: Option<f64>, what: &str) -> Metric {
    match count {
        None => none(&format!("no number of {what} was entered")),
        Some(c) if c <= 0.0 => none(&format!("there were no {what} (0)")),
        Some(c) => some(cost / c),
    }
}

fn some(v: f64) -> Metric {
    Metric::some(v)
}

fn none(why: &str) -> Metric {
    Metric::none(why)
}

/// Computes every figure from the typed numbers (invalid numbers count as empty: call
/// [`validate`] first to report them).
pub fn compute(q: &QuickInput) -> QuickResult {
    let ok = |v: Option<f64>| val(v).filter(|x| *x >= 0.0);
    let months = val(q.months).filter(|m| *m > 0.0).unwrap_or(1.0);
    let spend = ok(q.spend).unwrap_or(0.0);
    let hours = ok(q.hours).unwrap_or(0.0);
    let rate = ok(q.hourly_rate).unwrap_or(0.0);
    let fixed_m = ok(q.fixed_monthly).unwrap_or(0.0);
    let one_off = ok(q.one_off).unwrap_or(0.0);
    let (revenue, margin) = (ok(q.revenue), ok(q.margin));
    let inv = InvestmentParts {
        money: spend,
        time: hours * rate,
        fixed: fixed_m * months,
        one_off,
        total: spend + hours * rate + fixed_m * months + one_off,
    };
    let value = revenue.zip(margin).map(|(r, m)| r * m);
    let roi = match (revenue, margin, value) {
        (None, _, _) => none("no revenue was entered"),
        (_, None, _) => none("no margin was entered"),
        _ if inv.total == 0.0 => none("nothing was invested (0)"),
        (_, _, Some(v)) => some((v - inv.total) / inv.total),
        _ => none("no value"),
    };
    let rev_ratio = |den: f64, what: &str| match revenue {
        None => none("no revenue was entered"),
        Some(_) if den == 0.0 => none(&format!("the {what} is 0")),
        Some(r) => some(r / den),
    };
    let break_even_revenue = match margin {
        None => none("no margin was entered"),
        Some(0.0) => none("the margin is 0: no amount of sales breaks even"),
        Some(m) => some(inv.total / m),
    };
    // Payback at a steady monthly pace.
    let running = (spend + hours * rate) / months + fixed_m;
    let (payback_months, payback_reason) = match value {
        None => (None, Some("ROI is undefined".to_owned())),
        Some(_) if inv.total == 0.0 => (None, Some("nothing was invested".to_owned())),
        Some(v) => {
            let monthly = v / months;
            let gain = monthly - running;
            let covers = |k: u64| k as f64 * monthly >= one_off + k as f64 * running;
            if gain < 0.0 || (gain == 0.0 && one_off > 0.0) {
                (
                    None,
                    Some("never: each month's value is below its running cost".to_owned()),
                )
            } else {
                let guess = if gain > 0.0 {
                    (one_off / gain).ceil().max(1.0)
                } else {
                    1.0
                };
                if guess > PAYBACK_LIMIT as f64 {
                    (None, Some("not within 100 years at this pace".to_owned()))
                } else {
                    // The division may round either way: settle on the first month that covers.
                    let mut k = (guess as u64).max(1);
                    while k > 1 && covers(k - 1) {
                        k -= 1;
                    }
                    while !covers(k) && k < PAYBACK_LIMIT {
                        k += 1;
                    }
                    (Some(k), None)
                }
            }
        }
    };
    let mut r = QuickResult {
        months,
        investment: inv,
        value,
        net: value.map(|v| v - inv.total),
        roi,
        roas: rev_ratio(spend, "spend"),
        roas_total_investment: rev_ratio(inv.total, "total investment"),
        break_even_revenue,
        cost_per_new_customer: per_unit(inv.total, ok(q.new_customers), "new customers"),
        max_cost_per_new_customer: match value {
            None => none("revenue and margin are needed"),
            Some(v) => per_unit(v, ok(q.new_customers), "new customers"),
        },
        cost_per_new_follower: per_unit(inv.total, ok(q.new_followers), "new followers"),
        payback_months,
        payback_reason,
        verdict_en: String::new(),
        verdict_it: String::new(),
    };
    r.verdict_en = verdict(&r, q, hours, rate, revenue, margin, false);
    r.verdict_it = verdict(&r, q, hours, rate, revenue, margin, true);
    r
}

fn verdict(
    r: &QuickResult,
    q: &QuickInput,
    hours: f64,
    rate: f64,
    revenue: Option<f64>,
    margin: Option<f64>,
    it: bool,
) -> String {
    let cur = q.currency.as_deref();
    let m = |v: f64| money(v, cur, it);
    let inv = &r.investment;
    let mut parts = Vec::new();
    if inv.money > 0.0 {
        parts.push(if it {
            format!("{} di pubblicità", m(inv.money))
        } else {
            format!("{} ads", m(inv.money))
        });
    }
    if inv.time > 0.0 {
        parts.push(format!("{} h × {}", number(hours, it), m(rate)));
    }
    if inv.fixed > 0.0 {
        parts.push(if it {
            format!("{} di costi fissi", m(inv.fixed))
        } else {
            format!("{} fixed", m(inv.fixed))
        });
    }
    if inv.one_off > 0.0 {
        parts.push(if it {
            format!("{} una tantum", m(inv.one_off))
        } else {
            format!("{} one-off", m(inv.one_off))
        });
    }
    let over = if r.months == 1.0 {
        String::new()
    } else if it {
        format!("In {} mesi ", number(r.months, true))
    } else {
        format!("Over {} months ", number(r.months, false))
    };
    let put = match (over.is_empty(), it) {
        (true, false) => "You put in",
        (false, false) => "you put in",
        (true, true) => "Hai investito",
        (false, true) => "hai investito",
    };
    let mut s = format!("{over}{put} {}", m(inv.total));
    if !parts.is_empty() {
        s.push_str(&format!(" ({})", parts.join(", ")));
    }
    match (revenue, margin, r.roi.value) {
        (Some(rev), Some(mg), Some(roi)) => {
            let value = rev * mg;
            let (how_en, how_it) = if roi < 0.0 {
                (
                    format!(
                        "it does not pay for itself: you lose {}",
                        m(-(value - inv.total))
                    ),
                    format!("non si ripaga: perdi {}", m(-(value - inv.total))),
                )
            } else if roi < 0.1 {
                (
                    "it pays for itself, barely".to_owned(),
                    "si ripaga, appena".to_owned(),
                )
            } else if roi < 1.0 {
                ("it pays for itself".to_owned(), "si ripaga".to_owned())
            } else {
                (
                    format!(
                        "it pays off well: each {} put in brings back {} of profit",
                        m(1.0),
                        m(value / inv.total)
                    ),
                    format!(
                        "rende bene: ogni {} investito ne riporta {} di profitto",
                        m(1.0),
                        m(value / inv.total)
                    ),
                )
            };
            if it {
                s.push_str(&format!(
                    "; i {} di vendite con un margine del {} danno {} di profitto: ROI {} — {how_it}.",
                    m(rev),
                    percent(mg, true),
                    m(value),
                    percent(roi, true)
                ));
            } else {
                s.push_str(&format!(
                    "; the {} of sales at a {} margin give {} of profit: ROI {} — {how_en}.",
                    m(rev),
                    percent(mg, false),
                    m(value),
                    percent(roi, false)
                ));
            }
        }
        (None, _, _) => s.push_str(if it {
            ". Inserisci le vendite portate dai social per vedere il ROI."
        } else {
            ". Enter the sales social media brought to see the ROI."
        }),
        (_, None, _) => s.push_str(if it {
            ". Inserisci il margine (la quota delle vendite che è profitto) per vedere il ROI."
        } else {
            ". Enter the margin (the share of sales that is profit) to see the ROI."
        }),
        _ => s.push_str(if it {
            ". Senza alcun investimento il ROI non è definito."
        } else {
            ". With nothing invested, ROI is undefined."
        }),
    }
    if let Some(b) = r.break_even_revenue.value {
        s.push_str(&if it {
            format!(" Vendite di pareggio: {}.", m(b))
        } else {
            format!(" Break-even sales: {}.", m(b))
        });
    }
    if inv.one_off > 0.0 && r.value.is_some() {
        let beyond = |k: u64| k as f64 > r.months;
        s.push_str(&match (r.payback_months, it) {
            (Some(k), false) if beyond(k) => format!(
                " At this pace the investment is paid back in month {k}, after the {} entered.",
                if r.months == 1.0 {
                    "month".to_owned()
                } else {
                    format!("{} months", number(r.months, false))
                }
            ),
            (Some(k), true) if beyond(k) => format!(
                " A questo ritmo l'investimento rientra nel mese {k}, dopo {} inserit{}.",
                if r.months == 1.0 {
                    "il mese".to_owned()
                } else {
                    format!("i {} mesi", number(r.months, true))
                },
                if r.months == 1.0 { "o" } else { "i" }
            ),
            (Some(k), false) => format!(
                " At this pace the one-off cost is paid back in {k} month{}.",
                if k == 1 { "" } else { "s" }
            ),
            (Some(k), true) => format!(
                " A questo ritmo la spesa una tantum rientra in {k} {}.",
                if k == 1 { "mese" } else { "mesi" }
            ),
            (None, false) => " At this pace the investment is never paid back.".to_owned(),
            (None, true) => " A questo ritmo l'investimento non rientra mai.".to_owned(),
        });
    }
    if let Some(c) = r.cost_per_new_customer.value {
        s.push_str(&if it {
            format!(" Ogni nuovo cliente è costato {}.", m(c))
        } else {
            format!(" Each new customer cost {}.", m(c))
        });
    }
    if let Some(c) = r.cost_per_new_follower.value {
        s.push_str(&if it {
            format!(" Ogni nuovo follower è costato {}.", m(c))
        } else {
            format!(" Each new follower cost {}.", m(c))
        });
    }
    s
}

/// The typed numbers as a plan's investment model (constants per month from `start`), so the
/// quick calculator can be saved as `plan.json` and reloaded, or run by `social-roi roi --plan`.
/// Its ROI and break-even are the quick calculator's; its payback is counted within the months.
/// `months` must be a whole number (a plan's periods are whole months).
pub fn to_plan(q: &QuickInput, start: crate::Date) -> crate::Result<super::Plan> {
    use super::invest::{Amount, Counted, FixedCost, InvestmentSpec, OneOffCost, PeriodsSpec};
    validate(q)?;
    let months = q.months.unwrap_or(1.0);
    if months.fract() != 0.0 || months > f64::from(super::invest::spec::MAX_PERIODS) {
        return Err(super::invest::spec::invalid(
            "months",
            "a plan needs a whole number of months",
            "un piano richiede un numero intero di mesi",
        ));
    }
    let per = |v: Option<f64>| {
        v.map(|x| Amount {
            per_period: Some(x / months),
            ..Amount::default()
        })
    };
    let count = |v: Option<f64>| {
        v.map(|x| Counted {
            per_period: Some(x / months),
            ..Counted::default()
        })
    };
    let day = start.to_iso();
    let investment = InvestmentSpec {
        money: per(q.spend).into_iter().collect(),
        time: per(q.hours).into_iter().collect(),
        hourly_rate: q.hourly_rate.or(q.hours.map(|_| 0.0)),
        fixed_monthly: q
            .fixed_monthly
            .map(|amount| FixedCost {
                name: "fixed costs".into(),
                amount,
                ..FixedCost::default()
            })
            .into_iter()
            .collect(),
        one_off: q
            .one_off
            .map(|amount| OneOffCost {
                name: "one-off".into(),
                amount,
                date: Some(day.clone()),
                ..OneOffCost::default()
            })
            .into_iter()
            .collect(),
        periods: Some(PeriodsSpec {
            start: day,
            unit: super::ResamplePeriod::Month,
            count: months as u32,
        }),
        currency: q.currency.clone(),
    };
    let value = super::invest::ValueSpec {
        margin: q.margin.map(super::Margin::Fraction),
        revenue: per(q.revenue).into_iter().collect(),
        new_customers: count(q.new_customers).into_iter().collect(),
        new_followers: count(q.new_followers).into_iter().collect(),
        ..Default::default()
    };
    Ok(super::Plan {
        investment: Some(investment),
        value: Some(value),
        ..super::Plan::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_with_either_decimal_mark() {
        assert_eq!(parse_number(""), Ok(None));
        assert_eq!(parse_number(" 400 "), Ok(Some(400.0)));
        assert_eq!(parse_number("12,5"), Ok(Some(12.5)));
        // one separator before exactly three digits groups thousands, in either language
        assert_eq!(parse_number("1,234"), Ok(Some(1234.0)));
        assert_eq!(parse_number("1.000"), Ok(Some(1000.0)));
        assert_eq!(parse_number("-10,000"), Ok(Some(-10000.0)));
        assert_eq!(parse_number("€ 250.000"), Ok(Some(250000.0)));
        assert_eq!(parse_number("0,125"), Ok(Some(0.125)));
        assert_eq!(parse_number("1234,567"), Ok(Some(1234.567)));
        assert_eq!(parse_number("12,50"), Ok(Some(12.5)));
        assert_eq!(parse_number("1.234,5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("1,234.5"), Ok(Some(1234.5)));
        assert_eq!(parse_number("€ 1 200"), Ok(Some(1200.0)));
        assert_eq!(parse_number("40%"), Ok(Some(40.0)));
        assert_eq!(parse_number("abc"), Err(NotANumber));
        assert_eq!(parse_number("1,2,3.4.5"), Err(NotANumber));
        assert_eq!(
            parse_number("-400"),
            Ok(Some(-400.0)),
            "the sign is kept for validate to refuse"
        );
        assert_eq!(parse_number("inf"), Err(NotANumber));
    }

    #[test]
    fn counts_are_whole_and_say_so_in_both_languages() {
        let q = QuickInput {
            new_customers: Some(2.5),
            ..QuickInput::default()
        };
        let e = validate(&q).unwrap_err();
        assert!(
            matches!(e.kind(), crate::ErrorKind::InvalidPlan { field, .. } if field == "new_customers")
        );
        assert_eq!(
            e.field_reason(crate::Lang::En),
            Some("a whole number (a count)")
        );
        assert_eq!(
            e.field_reason(crate::Lang::It),
            Some("un numero intero (un conteggio)")
        );
        for n in [0.0, 3.0, 1e6] {
            let q = QuickInput {
                new_followers: Some(n),
                ..QuickInput::default()
            };
            assert!(validate(&q).is_ok(), "{n}");
        }
        let q = QuickInput {
            spend: Some(1e308),
            hours: Some(1e308),
            hourly_rate: Some(10.0),
            ..QuickInput::default()
        };
        let e = validate(&q).unwrap_err();
        assert!(e.message(crate::Lang::En).contains("too large"), "{e:?}");
        let q = QuickInput {
            spend: Some(-400.0),
            ..QuickInput::default()
        };
        let e = validate(&q).unwrap_err();
        assert_eq!(
            e.field_reason(crate::Lang::It),
            Some("un numero da 0 in su")
        );
        assert!(
            !e.message(crate::Lang::It).contains("number of"),
            "no English in Italian"
        );
    }

    fn example() -> QuickInput {
        QuickInput {
            spend: Some(400.0),
            hours: Some(20.0),
            hourly_rate: Some(25.0),
            fixed_monthly: Some(250.0),
            revenue: Some(3000.0),
            margin: Some(0.4),
            currency: Some("€".into()),
            ..QuickInput::default()
        }
    }

    #[test]
    fn the_documented_example() {
        let r = compute(&example());
        assert_eq!(r.investment.total, 1150.0);
        assert!((r.roi.value.unwrap() - 50.0 / 1150.0).abs() < 1e-15);
        assert_eq!(r.break_even_revenue.value, Some(2875.0));
        assert_eq!(
            r.verdict_en,
            "You put in €1,150 (€400 ads, 20 h × €25, €250 fixed); the €3,000 of sales at a 40% margin give €1,200 of profit: ROI 4.3% — it pays for itself, barely. Break-even sales: €2,875."
        );
        assert!(r
            .verdict_it
            .starts_with("Hai investito 1.150 € (400 € di pubblicità"));
        assert!(r.verdict_it.contains("ROI 4,3% — si ripaga, appena"));
    }

    #[test]
    fn payback_counts_whole_months_of_a_one_off() {
        // Monthly: value 1200, running 1150; one-off 120 → 120/50 = 2.4 → month 3.
        let q = QuickInput {
            one_off: Some(120.0),
            ..example()
        };
        let r = compute(&q);
        assert_eq!(r.payback_months, Some(3));
        assert!(r
            .verdict_en
            .ends_with("paid back in month 3, after the month entered."));
        assert!(r
            .verdict_it
            .ends_with("rientra nel mese 3, dopo il mese inserito."));
        let q = QuickInput {
            one_off: Some(100.0),
            ..example()
        };
        assert_eq!(compute(&q).payback_months, Some(2), "exactly covered");
        let q = QuickInput {
            margin: Some(0.3),
            one_off: Some(100.0),
            ..example()
        };
        let r = compute(&q);
        assert_eq!(r.payback_months, None);
        assert!(r.roi.value.unwrap() < 0.0);
        assert!(r
            .verdict_en
            .contains("does not pay for itself: you lose €350"));
    }

    #[test]
    fn as_a_plan_it_gives_the_same_figures() {
        let start = crate::Date::from_ymd(2024, 1, 1).unwrap();
        for q in [
            example(),
            QuickInput {
                months: Some(3.0),
                one_off: Some(120.0),
                new_customers: Some(9.0),
                ..example()
            },
            // The same monthly pace over 3 months with a one-off of 100: paid back in month 2.
            QuickInput {
                months: Some(3.0),
                spend: Some(1200.0),
                hours: Some(60.0),
                revenue: Some(9000.0),
                one_off: Some(100.0),
                ..example()
            },
        ] {
            let quick = compute(&q);
            let plan = to_plan(&q, start).unwrap();
            let plan = super::super::Plan::from_json(&plan.to_json()).unwrap();
            let (_, r) = crate::analysis::invest::investment_roi(None, &plan)
                .unwrap()
                .unwrap();
            let close = |a: Option<f64>, b: Option<f64>| match (a, b) {
                (Some(a), Some(b)) => (a - b).abs() <= 1e-9 * b.abs(),
                (a, b) => a == b,
            };
            assert!(close(r.totals.roi.value, quick.roi.value), "{q:?}");
            assert!(close(
                r.totals.break_even_revenue.value,
                quick.break_even_revenue.value
            ));
            assert!(close(
                r.totals.cost_per_new_customer.value,
                quick.cost_per_new_customer.value
            ));
            assert_eq!(r.payback.periods.map(|p| p as u64), quick.payback_months);
            if q.spend == Some(1200.0) {
                assert_eq!(quick.payback_months, Some(2));
            }
        }
        let q = QuickInput {
            months: Some(1.5),
            ..example()
        };
        assert!(to_plan(&q, start).is_err());
    }

    #[test]
    fn empty_fields_leave_the_roi_undefined_with_a_reason() {
        let r = compute(&QuickInput {
            margin: None,
            ..example()
        });
        assert_eq!(r.roi.value, None);
        assert!(r.roi.undefined_reason.is_some());
        assert!(r.verdict_en.contains("Enter the margin"));
        let r = compute(&QuickInput::default());
        assert_eq!(r.roi.value, None);
        assert!(validate(&QuickInput {
            spend: Some(-1.0),
            ..example()
        })
        .is_err());
    }

    #[test]
    fn a_margin_over_one_and_hours_without_a_rate_are_refused() {
        let q = |f: fn(&mut QuickInput)| {
            let mut q = QuickInput {
                spend: Some(100.0),
                revenue: Some(1000.0),
                ..QuickInput::default()
            };
            f(&mut q);
            validate(&q)
        };
        assert!(q(|q| q.margin = Some(40.0)).is_err());
        assert!(q(|q| q.margin = Some(1.0)).is_ok());
        assert!(q(|q| q.hours = Some(5.0)).is_err());
        assert!(q(|q| q.hours = Some(0.0)).is_ok());
        assert!(q(|q| {
            q.hours = Some(5.0);
            q.hourly_rate = Some(0.0);
        })
        .is_ok());
    }
}
