//! Guessing column roles from header names (English and Italian) for a first analysis without a
//! plan: cost, attributed revenue, margin, conversions, followers, traffic (the plan's `roi` and
//! `target`), and each numeric column's side — business, social or neither — which decides the
//! pairs the findings and the verdict are about. The user confirms or changes them (plan `sides`).

use super::plan::{LaggedSpec, Margin, PairSpec, Plan, RoiSpec, SidesSpec, TargetSpec};
use super::report::PeriodUnit;
use crate::Table;

/// Which side of the question "did social move the business?" a column is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    /// Sales, revenue, orders, customers, retention, conversions.
    Business,
    /// Followers, reach, impressions, traffic, posts, engagement, and the spend on social media
    /// (an input: spend × revenue is a headline pair).
    Social,
    Neither,
}

/// Words that put a column on neither side even when a side word is present: parts of a sale
/// computed from it (taxes, shipping, discounts, returns) and rates or per-unit figures.
const NEITHER: &[&str] = &[
    "tax",
    "taxes",
    "tasse",
    "iva",
    "imposte",
    "vat",
    "shipping",
    "spedizione",
    "spedizioni",
    "discount",
    "discounts",
    "sconto",
    "sconti",
    "returns",
    "resi",
    "margin",
    "margine",
];

/// Revenue words (the ROI role `attributed_revenue`, and the business side).
const REVENUE: &[&str] = &[
    "revenue",
    "revenues",
    "fatturato",
    "ricavi",
    "ricavo",
    "sales",
    "vendite",
    "incasso",
    "incassi",
];

/// Conversion words (the ROI role `conversions`, and the business side).
const CONVERSIONS: &[&str] = &[
    "orders",
    "ordini",
    "conversions",
    "conversioni",
    "transactions",
    "transazioni",
    "purchases",
    "acquisti",
];

/// Other business words.
const BUSINESS: &[&str] = &[
    "venduto",
    "customers",
    "clienti",
    "customer",
    "cliente",
    "retention",
    "ritenzione",
    "refunds",
    "rimborsi",
];

const SOCIAL: &[&str] = &[
    "followers",
    "follower",
    "fans",
    "iscritti",
    "subscribers",
    "reach",
    "copertura",
    "impressions",
    "impressioni",
    "visualizzazioni",
    "views",
    "traffic",
    "traffico",
    "sessions",
    "sessioni",
    "visits",
    "visite",
    "users",
    "utenti",
    "visitors",
    "visitatori",
    "pageviews",
    "posts",
    "post",
    "campaigns",
    "campagne",
    "campaign",
    "engagement",
    "engagements",
    "interazioni",
    "likes",
    "like",
    "piace",
    "comments",
    "commenti",
    "shares",
    "condivisioni",
    "clicks",
    "click",
    "clic",
    "opens",
    "aperture",
    "sent",
    "inviate",
    "emails",
    "email",
];

/// Spend words (the ROI role `cost`, and the social side: spend is the input).
const COST: &[&str] = &[
    "spend",
    "spesa",
    "cost",
    "costo",
    "costi",
    "budget",
    "investimento",
    "investment",
    "adspend",
];

/// The side of one column name.
pub fn side_of(name: &str) -> Side {
    let w = words(name);
    if w.is_empty() || has(&w, NEITHER) || has(&w, RATE) || name.contains('%') {
        Side::Neither
    } else if has(&w, REVENUE) || has(&w, CONVERSIONS) || has(&w, BUSINESS) {
        Side::Business
    } else if has(&w, SOCIAL) || has(&w, COST) {
        Side::Social
    } else {
        Side::Neither
    }
}

/// Every numeric column with its guessed side, in header order.
pub fn guess_sides(table: &Table) -> Vec<(String, Side)> {
    table
        .numeric_columns()
        .map(|(n, _)| (n.to_owned(), side_of(n)))
        .collect()
}

/// The sides the plan gives (`sides`; unnamed columns are on neither side), else the guess.
pub fn sides(table: &Table, plan: &Plan) -> Vec<(String, Side)> {
    match &plan.sides {
        None => guess_sides(table),
        Some(s) => table
            .numeric_columns()
            .map(|(n, _)| {
                let side = if s.business.iter().any(|b| b == n) {
                    Side::Business
                } else if s.social.iter().any(|b| b == n) {
                    Side::Social
                } else {
                    Side::Neither
                };
                (n.to_owned(), side)
            })
            .collect(),
    }
}

/// The business × social pairs as (social, business): social is the input, business the outcome.
pub fn business_social_pairs(sides: &[(String, Side)]) -> Vec<(String, String)> {
    let of = |want: Side| {
        sides
            .iter()
            .filter(move |(_, s)| *s == want)
            .map(|(n, _)| n)
    };
    of(Side::Business)
        .flat_map(|b| of(Side::Social).map(move |s| (s.clone(), b.clone())))
        .collect()
}

/// Most business × social pairs a suggested plan lags (each pair searched costs the others power).
pub const MAX_SUGGESTED_PAIRS: usize = 12;

/// Lags a suggested plan searches, by period: effects of social media on sales within about a
/// month; a longer search on a year of data finds chance peaks and costs the real ones power.
pub fn suggested_max_lag(unit: Option<PeriodUnit>, n_rows: usize) -> u32 {
    let by_unit = match unit {
        Some(PeriodUnit::Day) => 7,
        Some(PeriodUnit::Week) | Some(PeriodUnit::Period) | None => 2,
        Some(PeriodUnit::Month) => 2,
        Some(PeriodUnit::Quarter) | Some(PeriodUnit::Year) => 1,
    };
    by_unit.min(n_rows / 6) as u32
}

/// Columns guessed for each role (exact column names), `None` when nothing matched.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Roles {
    pub cost: Option<String>,
    pub attributed_revenue: Option<String>,
    pub margin: Option<String>,
    pub conversions: Option<String>,
    pub new_followers: Option<String>,
    pub followers_cumulative: Option<String>,
    pub traffic: Option<String>,
}

impl Roles {
    /// The outcome to relate everything else to: revenue, else conversions.
    pub fn target(&self) -> Option<&str> {
        self.attributed_revenue
            .as_deref()
            .or(self.conversions.as_deref())
    }
}

/// Lower-case words of a header (`"Attributed Revenue (€)"` → `["attributed", "revenue"]`).
fn words(name: &str) -> Vec<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(crate::text::lowercase)
        .collect()
}

fn has(w: &[String], any: &[&str]) -> bool {
    w.iter().any(|x| any.contains(&x.as_str()))
}

/// Words that make a header a rate or a per-unit figure rather than a total.
const RATE: &[&str] = &[
    "per", "rate", "tasso", "cpc", "cpa", "cpm", "ctr", "roas", "roi", "avg", "average", "media",
    "medio", "aov",
];

/// Guesses roles from the numeric columns' names (first match in header order wins).
pub fn guess_roles(table: &Table) -> Roles {
    let mut roles = Roles::default();
    let set = |slot: &mut Option<String>, name: &str| {
        if slot.is_none() {
            *slot = Some(name.to_owned());
        }
    };
    for (name, values) in table.numeric_columns() {
        let w = words(name);
        if w.is_empty() {
            continue;
        }
        let rate = has(&w, RATE) || name.contains('%');
        if has(&w, &["margin", "margine", "marginalità", "marginalita"]) {
            set(&mut roles.margin, name);
        } else if rate {
            continue;
        } else if has(&w, COST) {
            set(&mut roles.cost, name);
        } else if has(&w, REVENUE) {
            set(&mut roles.attributed_revenue, name);
        } else if has(&w, CONVERSIONS) {
            set(&mut roles.conversions, name);
        } else if has(
            &w,
            &["followers", "follower", "fans", "iscritti", "subscribers"],
        ) {
            if has(&w, &["new", "nuovi", "gained", "acquisiti", "net"]) || !looks_cumulative(values)
            {
                set(&mut roles.new_followers, name);
            } else {
                set(&mut roles.followers_cumulative, name);
            }
        } else if has(
            &w,
            &[
                "sessions",
                "sessioni",
                "visits",
                "visite",
                "traffic",
                "traffico",
                "users",
                "utenti",
                "visitors",
                "visitatori",
                "pageviews",
            ],
        ) {
            set(&mut roles.traffic, name);
        }
    }
    roles
}

/// A running total mostly goes up and is large compared with its steps.
pub(crate) fn looks_cumulative(v: &[f64]) -> bool {
    steps_up(v).is_some_and(|(n, ups)| n >= 3 && ups * 10 >= (n - 1) * 9)
}

/// Over the present values (NaN skipped), in one pass without a copy: how many there are and
/// how many steps from one to the next go up or stay flat.
pub(crate) fn steps_up(v: &[f64]) -> Option<(usize, usize)> {
    let (mut n, mut ups, mut prev) = (0usize, 0usize, f64::NAN);
    for &x in v.iter().filter(|x| !x.is_nan()) {
        if n > 0 && x >= prev {
            ups += 1;
        }
        prev = x;
        n += 1;
    }
    (n > 0).then_some((n, ups))
}

impl Plan {
    /// A plan from guessed roles and sides: ROI from the roles, the sides, and lagged and
    /// period-over-period analyses of the business × social pairs (at most
    /// [`MAX_SUGGESTED_PAIRS`], social as x), the target being revenue, else conversions.
    pub fn suggested(table: &Table, roles: &Roles) -> Plan {
        let mut plan = Plan::default();
        if roles.cost.is_some()
            && (roles.attributed_revenue.is_some()
                || roles.conversions.is_some()
                || roles.new_followers.is_some()
                || roles.followers_cumulative.is_some())
        {
            plan.roi = Some(RoiSpec {
                cost: roles.cost.clone(),
                attributed_revenue: roles.attributed_revenue.clone(),
                margin: roles.margin.clone().map(Margin::Column),
                conversions: roles.conversions.clone(),
                new_followers: roles.new_followers.clone(),
                followers_cumulative: if roles.new_followers.is_none() {
                    roles.followers_cumulative.clone()
                } else {
                    None
                },
            });
        }
        let sides = guess_sides(table);
        let pick = |want: Side| -> Vec<String> {
            sides
                .iter()
                .filter(|(_, s)| *s == want)
                .map(|(n, _)| n.clone())
                .collect()
        };
        let (business, social) = (pick(Side::Business), pick(Side::Social));
        let unit = table.dates().and_then(super::time_step).map(|t| t.unit);
        let max_lag = suggested_max_lag(unit, table.n_rows());
        let mut pairs = business_social_pairs(&sides);
        // The target's pairs first, so a bound keeps them.
        if let Some(t) = roles.target() {
            pairs.sort_by_key(|(_, b)| b != t);
        }
        for (x, y) in pairs.into_iter().take(MAX_SUGGESTED_PAIRS) {
            if max_lag > 0 {
                plan.lagged.push(LaggedSpec {
                    x: x.clone(),
                    y: y.clone(),
                    max_lag,
                });
            }
            plan.period_over_period.push(PairSpec { x, y });
        }
        if let Some(target) = roles.target() {
            plan.target = Some(TargetSpec {
                column: target.to_owned(),
                max_lag: 0,
            });
        }
        if !business.is_empty() || !social.is_empty() {
            plan.sides = Some(SidesSpec { business, social });
        }
        plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_italian_headers() {
        let t = Table::from_columns(
            None,
            vec![
                ("spesa_social", vec![1.0, 2.0, 3.0]),
                ("follower", vec![10.0, 12.0, 15.0]),
                ("visite", vec![1.0, 2.0, 3.0]),
                ("ordini", vec![1.0, 2.0, 3.0]),
                ("fatturato", vec![1.0, 2.0, 3.0]),
                ("tasso_ritenzione", vec![0.1, 0.2, 0.3]),
            ],
        );
        let r = guess_roles(&t);
        assert_eq!(r.cost.as_deref(), Some("spesa_social"));
        assert_eq!(r.attributed_revenue.as_deref(), Some("fatturato"));
        assert_eq!(r.conversions.as_deref(), Some("ordini"));
        assert_eq!(r.followers_cumulative.as_deref(), Some("follower"));
        assert_eq!(r.traffic.as_deref(), Some("visite"));
        let t = Table::from_columns(
            None,
            vec![
                ("Spend", vec![1.0]),
                ("CPC", vec![1.0]),
                ("New Followers", vec![3.0]),
                ("Attributed Revenue", vec![1.0]),
            ],
        );
        let r = guess_roles(&t);
        assert_eq!(r.cost.as_deref(), Some("Spend"));
        assert_eq!(r.new_followers.as_deref(), Some("New Followers"));
        assert_eq!(r.target(), Some("Attributed Revenue"));
    }

    #[test]
    fn sides_from_names_and_exports() {
        use Side::*;
        for (name, side) in [
            ("orders", Business),
            ("revenue", Business),
            ("refunds", Business),
            ("net_revenue", Business),
            ("customers", Business),
            ("new_customers", Business),
            ("returning_customers", Business),
            ("Gross sales", Business),
            ("Net sales", Business),
            ("Total sales", Business),
            ("fatturato", Business),
            ("tasso_ritenzione", Neither),
            ("retention", Business),
            ("posts", Social),
            ("campaigns", Social),
            ("Reach", Social),
            ("Impressions", Social),
            ("Likes", Social),
            ("engagements", Social),
            ("impressions", Social),
            ("Emails Sent", Social),
            ("Unique Opens", Social),
            ("Video views", Social),
            ("social_spend", Social),
            ("Ad spend", Social),
            ("spesa_social", Social),
            ("Mi piace", Social),
            ("visualizzazioni", Social),
            ("sessioni", Social),
            ("Taxes", Neither),
            ("Shipping", Neither),
            ("Discounts", Neither),
            ("Returns", Neither),
            ("CPC", Neither),
            ("Conversion rate", Neither),
            ("temperature", Neither),
        ] {
            assert_eq!(side_of(name), side, "{name}");
        }
    }

    #[test]
    fn suggested_plan_lags_business_social_pairs() {
        let d: Vec<crate::Date> = (0..52)
            .map(|i| crate::Date::from_days(19_723 + 7 * i))
            .collect();
        let v: Vec<f64> = (0..52).map(|i| (i * 7 % 11) as f64).collect();
        let t = Table::from_columns(
            Some(("date", d)),
            vec![
                ("revenue", v.clone()),
                ("Taxes", v.clone()),
                ("orders", v.clone()),
                ("social_spend", v.clone()),
                ("followers", v.clone()),
            ],
        );
        let p = Plan::suggested(&t, &guess_roles(&t));
        let s = p.sides.as_ref().unwrap();
        assert_eq!(s.business, ["revenue", "orders"]);
        assert_eq!(s.social, ["social_spend", "followers"]);
        let lagged: Vec<(&str, &str, u32)> = p
            .lagged
            .iter()
            .map(|l| (l.x.as_str(), l.y.as_str(), l.max_lag))
            .collect();
        assert_eq!(
            lagged,
            [
                ("social_spend", "revenue", 2),
                ("followers", "revenue", 2),
                ("social_spend", "orders", 2),
                ("followers", "orders", 2)
            ]
        );
        assert_eq!(p.period_over_period.len(), 4);
    }
}
