//! Guessing column roles from header names (English and Italian) for a first analysis without a
//! plan: cost, attributed revenue, margin, conversions, followers, traffic. The user confirms or
//! changes them; the guess only fills the plan's `roi` and `target`.

use super::plan::{LaggedSpec, Margin, PairSpec, Plan, RoiSpec, TargetSpec};
use crate::Table;

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
        } else if has(
            &w,
            &[
                "spend",
                "spesa",
                "cost",
                "costo",
                "costi",
                "budget",
                "investimento",
                "investment",
                "adspend",
            ],
        ) {
            set(&mut roles.cost, name);
        } else if has(
            &w,
            &[
                "revenue",
                "revenues",
                "fatturato",
                "ricavi",
                "ricavo",
                "sales",
                "vendite",
                "incasso",
                "incassi",
            ],
        ) {
            set(&mut roles.attributed_revenue, name);
        } else if has(
            &w,
            &[
                "orders",
                "ordini",
                "conversions",
                "conversioni",
                "transactions",
                "transazioni",
                "purchases",
                "acquisti",
            ],
        ) {
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
fn looks_cumulative(v: &[f64]) -> bool {
    let present: Vec<f64> = v.iter().copied().filter(|x| !x.is_nan()).collect();
    if present.len() < 3 {
        return false;
    }
    let ups = present.windows(2).filter(|w| w[1] >= w[0]).count();
    ups * 10 >= (present.len() - 1) * 9
}

impl Plan {
    /// A plan from guessed roles: ROI from the roles, lagged and period-over-period analyses of
    /// cost, traffic and followers against the target (revenue, else conversions).
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
        if let Some(target) = roles.target() {
            let n = table.n_rows();
            let max_lag = (n / 4).min(8) as u32;
            let drivers = [
                &roles.cost,
                &roles.traffic,
                &roles.followers_cumulative,
                &roles.new_followers,
            ];
            for x in drivers.into_iter().flatten() {
                if x != target {
                    if max_lag > 0 {
                        plan.lagged.push(LaggedSpec {
                            x: x.clone(),
                            y: target.to_owned(),
                            max_lag,
                        });
                    }
                    plan.period_over_period.push(PairSpec {
                        x: x.clone(),
                        y: target.to_owned(),
                    });
                }
            }
            plan.target = Some(TargetSpec {
                column: target.to_owned(),
                max_lag: 0,
            });
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
}
