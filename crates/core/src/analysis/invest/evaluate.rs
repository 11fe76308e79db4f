//! The figures of the investment model from its prepared inputs and the what-if assumptions, in
//! one pass over the periods (cheap enough to rerun on every slider move).

use serde::{Deserialize, Serialize};

use super::prepare::{Basis, MarginSeries, Prepared, StreamKind};
use crate::stats::sum::Neumaier;
use crate::Date;

/// The values the what-if sliders move. `None` keeps the plan's value.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Assumptions {
    /// A margin for every period, replacing the plan's (a fraction or a column).
    pub margin: Option<f64>,
    /// Replaces the plan's hourly rate.
    pub hourly_rate: Option<f64>,
    /// Multiplies every hours input (1 = as given).
    pub hours_factor: f64,
    /// Multiplies every money spend input (1 = as given).
    pub spend_factor: f64,
}

impl Default for Assumptions {
    /// The plan as it is.
    fn default() -> Assumptions {
        Assumptions {
            margin: None,
            hourly_rate: None,
            hours_factor: 1.0,
            spend_factor: 1.0,
        }
    }
}

/// A figure, or `null` with the reason it is undefined (never NaN).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Metric {
    pub value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

impl Metric {
    pub(crate) fn some(v: f64) -> Metric {
        match v.is_finite() {
            true => Metric {
                value: Some(v),
                undefined_reason: None,
            },
            false => Metric::none("not a finite number"),
        }
    }

    pub(crate) fn none(why: &str) -> Metric {
        Metric {
            value: None,
            undefined_reason: Some(why.to_owned()),
        }
    }

    fn ratio(num: f64, den: f64, zero: &str) -> Metric {
        if den == 0.0 {
            Metric::none(zero)
        } else {
            Metric::some(num / den)
        }
    }
}

/// Investment by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct InvestmentParts {
    pub money: f64,
    /// Hours × hourly rate.
    pub time: f64,
    pub fixed: f64,
    pub one_off: f64,
    pub total: f64,
}

/// Value by kind (`revenue` is the attributed revenue itself; the rest are values).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct ValueParts {
    pub revenue: f64,
    /// Revenue × margin.
    pub revenue_value: f64,
    pub conversions: f64,
    pub leads: f64,
    pub new_customers: f64,
    pub new_followers: f64,
    pub total: f64,
}

/// Counts summed (`null` when the model has none of that kind).
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Counts {
    pub hours: Option<f64>,
    pub conversions: Option<f64>,
    pub leads: Option<f64>,
    pub new_customers: Option<f64>,
    pub new_followers: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PeriodRow {
    pub period: usize,
    pub date: Option<Date>,
    /// `null` when an investment input is missing in this period.
    pub investment: Option<InvestmentParts>,
    /// `null` when a value input is missing, or the model has no value.
    pub value: Option<ValueParts>,
    pub roi: Option<f64>,
    /// Over the periods used so far (periods with a missing input add nothing).
    pub cumulative_investment: f64,
    pub cumulative_value: Option<f64>,
    pub cumulative_roi: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<&'static str>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Totals {
    pub periods: usize,
    /// Periods with every investment and value input present (the totals are over these).
    pub periods_used: usize,
    pub investment: InvestmentParts,
    pub value: Option<ValueParts>,
    pub counts: Counts,
    pub roi: Metric,
    /// Attributed revenue / money spend (the usual ad ROAS).
    pub roas: Metric,
    /// Attributed revenue / total investment (money, time, fixed and one-off).
    pub roas_total_investment: Metric,
    /// Total investment / conversions.
    pub cpa: Metric,
    pub cost_per_lead: Metric,
    pub cost_per_new_customer: Metric,
    pub cost_per_new_follower: Metric,
    /// (Total investment − value from counts) / margin: the revenue at which ROI is 0.
    pub break_even_revenue: Metric,
    /// (Revenue × margin + conversions × value each) / conversions: the most a conversion may
    /// cost before it loses money.
    pub max_cpa: Metric,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Payback {
    /// 0-based index of the first period where cumulative value ≥ cumulative investment.
    pub period: Option<usize>,
    /// Periods until payback, counting that one (`period + 1`).
    pub periods: Option<usize>,
    pub date: Option<Date>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub undefined_reason: Option<String>,
}

/// Why a channel's ROI, ROAS and CPA are not given when no value has a channel.
pub const UNATTRIBUTED: &str = "the value is not attributed to any channel";

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelRow {
    /// `null`: the inputs given without a channel (shared costs are not split among channels).
    pub channel: Option<String>,
    pub periods_used: usize,
    pub investment: InvestmentParts,
    pub value: Option<ValueParts>,
    pub roi: Metric,
    pub roas: Metric,
    pub cpa: Metric,
}

/// One input as the report lists it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InputInfo {
    pub kind: StreamKind,
    /// The column or the cost's name; `null` for a constant per period.
    pub label: Option<String>,
    pub channel: Option<String>,
    pub basis: Basis,
    /// The typed amount (per period, per month, once).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub typed: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_per: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value_basis: Option<Basis>,
}

/// The margin and hourly rate the figures rest on.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssumptionsUsed {
    /// The fraction, or `null` with `margin_column` (per period) or with no margin.
    pub margin: Option<f64>,
    pub margin_column: Option<String>,
    pub margin_basis: Option<Basis>,
    pub hourly_rate: Option<f64>,
    pub hours_factor: f64,
    pub spend_factor: f64,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Formulas {
    pub investment: &'static str,
    pub value: &'static str,
    pub roi: &'static str,
    pub roas: &'static str,
    pub roas_total_investment: &'static str,
    pub cpa: &'static str,
    pub break_even_revenue: &'static str,
    pub max_cpa: &'static str,
    pub payback: &'static str,
    pub fixed_monthly: &'static str,
    pub totals: &'static str,
}

pub const FORMULAS: Formulas = Formulas {
    investment: "money*spend_factor + hours*hours_factor*hourly_rate + fixed + one_off",
    value: "revenue*margin + conversions*value_per + leads*value_per + new_customers*value_per + new_followers*value_per",
    roi: "(value - investment) / investment",
    roas: "revenue / money",
    roas_total_investment: "revenue / investment",
    cpa: "investment / conversions",
    break_even_revenue: "max(0, investment - value_from_counts) / margin (margin weighted by revenue when per period)",
    max_cpa: "(revenue*margin + conversions*value_per) / conversions",
    payback: "first period where cumulative value >= cumulative investment > 0",
    fixed_monthly: "per period: sum over the calendar months it touches of amount * days covered (by the period and the cost's from..to) / days in the month",
    totals: "sums over the periods where every investment and value input is present; a ratio also needs its denominator's input",
};

pub const ATTRIBUTION_CAVEAT_EN: &str = "Per-channel figures count each channel's revenue and conversions as caused by that channel's spend and time, as the data attributes them; customers who see several channels are credited to one, and costs given without a channel are not split among channels.";
pub const ATTRIBUTION_CAVEAT_IT: &str = "Le cifre per canale considerano fatturato e conversioni di ogni canale come prodotti dalla spesa e dal tempo di quel canale, come li attribuiscono i dati; i clienti che vedono più canali sono accreditati a uno solo, e i costi indicati senza canale non sono ripartiti tra i canali.";

/// The investment model's results (`analyses.investment_roi`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct InvestmentRoi {
    pub formulas: Formulas,
    pub period_rule: String,
    pub period_unit: crate::analysis::PeriodUnit,
    pub assumptions: AssumptionsUsed,
    pub inputs: Vec<InputInfo>,
    pub channels: Vec<String>,
    pub totals: Totals,
    pub payback: Payback,
    /// One row per channel (and one for inputs without a channel) when any input names a channel.
    pub per_channel: Vec<ChannelRow>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribution_caveat: Option<&'static str>,
    pub per_period: Vec<PeriodRow>,
    pub currency: Option<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The notes in Italian (for the findings).
    #[serde(skip)]
    pub notes_it: Vec<String>,
}

/// Sums of one period (or channel) with NaN for a missing input.
#[derive(Debug, Clone, Copy, Default)]
struct Acc {
    inv: InvestmentParts,
    val: ValueParts,
    hours: f64,
    conversions: f64,
    leads: f64,
    customers: f64,
    followers: f64,
}

impl Acc {
    fn finish(&mut self) {
        let i = &mut self.inv;
        i.total = i.money + i.time + i.fixed + i.one_off;
        let v = &mut self.val;
        v.total = v.revenue_value + v.conversions + v.leads + v.new_customers + v.new_followers;
    }
}

/// Slots of [`Sums`]: 13 parts of a period, then per count kind (conversions, leads, customers,
/// followers) the count and the investment of the periods where it is present, then the value a
/// conversion brings (revenue × margin + conversions' value) over those periods.
const PARTS: usize = 13;
const SLOTS: usize = PARTS + 8 + 1;
/// Periods summed plainly before their block sum goes into the compensated total (as
/// `stats::sum`: the in-block error stays far below the tolerance, and evaluating a million
/// periods for a slider move stays fast).
const BLOCK: usize = 64;

/// Running sums over used periods, compensated across blocks. A count (and the investment and
/// value that go with it in a ratio) is summed only over the periods where the count is present.
#[derive(Default)]
struct Sums {
    block: [f64; SLOTS],
    in_block: usize,
    done: [Neumaier; SLOTS],
    /// Periods with each count present.
    n: [usize; 4],
}

impl Sums {
    fn add(&mut self, a: &Acc) {
        let c = [a.conversions, a.leads, a.customers, a.followers];
        let mut v = [0.0; SLOTS];
        v[..PARTS].copy_from_slice(&[
            a.inv.money,
            a.inv.time,
            a.inv.fixed,
            a.inv.one_off,
            a.inv.total,
            a.val.revenue,
            a.val.revenue_value,
            a.val.conversions,
            a.val.leads,
            a.val.new_customers,
            a.val.new_followers,
            a.val.total,
            a.hours,
        ]);
        for k in 0..4 {
            if present(c[k]) {
                v[PARTS + 2 * k] = c[k];
                v[PARTS + 2 * k + 1] = a.inv.total;
                self.n[k] += 1;
            }
        }
        if present(a.conversions) {
            v[SLOTS - 1] = a.val.revenue_value + a.val.conversions;
        }
        for (b, x) in self.block.iter_mut().zip(v) {
            *b += x;
        }
        self.in_block += 1;
        if self.in_block == BLOCK {
            for (d, b) in self.done.iter_mut().zip(&mut self.block) {
                d.add(*b);
                *b = 0.0;
            }
            self.in_block = 0;
        }
    }

    fn get(&self, k: usize) -> f64 {
        let mut d = self.done[k];
        d.add(self.block[k]);
        d.value()
    }

    fn acc(&self) -> Acc {
        let g = |k: usize| self.get(k);
        let c = |k: usize| self.get(PARTS + 2 * k);
        Acc {
            inv: InvestmentParts {
                money: g(0),
                time: g(1),
                fixed: g(2),
                one_off: g(3),
                total: g(4),
            },
            val: ValueParts {
                revenue: g(5),
                revenue_value: g(6),
                conversions: g(7),
                leads: g(8),
                new_customers: g(9),
                new_followers: g(10),
                total: g(11),
            },
            hours: g(12),
            conversions: c(0),
            leads: c(1),
            customers: c(2),
            followers: c(3),
        }
    }

    /// Σinvestment / Σcount over the periods with count `k` present.
    fn cost_per(&self, k: usize, have: bool, what: &str) -> Metric {
        let (count, inv) = (self.get(PARTS + 2 * k), self.get(PARTS + 2 * k + 1));
        if !have {
            Metric::none(&format!("the model has no {what}"))
        } else if self.n[k] == 0 {
            Metric::none(&format!(
                "no period has {what} and every other input present"
            ))
        } else if count <= 0.0 {
            Metric::none(&format!(
                "there were no {what} (0): the cost per one is undefined"
            ))
        } else {
            Metric::some(inv / count)
        }
    }
}

fn present(v: f64) -> bool {
    !v.is_nan()
}

/// What the model has, to say why a figure is undefined.
struct Has {
    money: bool,
    hours: bool,
    revenue: bool,
    conversions: bool,
    leads: bool,
    customers: bool,
    followers: bool,
}

/// Computes every figure of the model for the given assumptions.
pub fn evaluate(p: &Prepared, a: &Assumptions) -> InvestmentRoi {
    evaluate_with(p, a, true)
}

/// [`evaluate`] without the per-period rows (`per_period` is empty): for a slider move on a long
/// table, where only the totals, payback and channels are redrawn.
pub fn evaluate_summary(p: &Prepared, a: &Assumptions) -> InvestmentRoi {
    evaluate_with(p, a, false)
}

fn evaluate_with(p: &Prepared, a: &Assumptions, with_rows: bool) -> InvestmentRoi {
    let n = p.n_periods();
    let nch = p.channels.len();
    let rate = a.hourly_rate.or(p.hourly_rate).unwrap_or(f64::NAN);
    let margin_at = |t: usize| -> f64 {
        match (a.margin, &p.margin) {
            (Some(m), _) => m,
            (None, MarginSeries::Fraction(m)) => *m,
            (None, MarginSeries::Column(_, v)) => v[t],
            (None, MarginSeries::None) => f64::NAN,
        }
    };
    let has_kind = |k: StreamKind| p.streams.iter().any(|s| s.kind == k);
    let has = Has {
        money: has_kind(StreamKind::Money),
        hours: has_kind(StreamKind::Hours),
        revenue: has_kind(StreamKind::Revenue),
        conversions: has_kind(StreamKind::Conversions),
        leads: has_kind(StreamKind::Leads),
        customers: has_kind(StreamKind::NewCustomers),
        followers: has_kind(StreamKind::NewFollowers),
    };
    let no_margin = has.revenue && a.margin.is_none() && p.margin == MarginSeries::None;
    let value_model = p.has_value && !no_margin;

    // Per period: the whole model (slot nch+1) and each channel (slots 0..nch, nch = unassigned).
    let mut cells: Vec<Acc> = vec![Acc::default(); nch + 2];
    let mut rows = Vec::with_capacity(if with_rows { n } else { 0 });
    let mut total = Sums::default();
    let mut chan: Vec<Sums> = (0..=nch).map(|_| Sums::default()).collect();
    let mut chan_used = vec![0usize; nch + 1];
    let mut used = 0usize;
    let (mut cum_i, mut cum_v) = (Neumaier::new(), Neumaier::new());
    let mut payback: Option<usize> = None;
    for t in 0..n {
        cells.iter_mut().for_each(|c| *c = Acc::default());
        let m = margin_at(t);
        for s in &p.streams {
            let x = s.values[t];
            let slot = s.channel.unwrap_or(nch);
            for k in [slot, nch + 1] {
                let c = &mut cells[k];
                match s.kind {
                    StreamKind::Money => c.inv.money += x * a.spend_factor,
                    StreamKind::Hours => {
                        c.hours += x * a.hours_factor;
                        c.inv.time += x * a.hours_factor * rate;
                    }
                    StreamKind::Fixed => c.inv.fixed += x,
                    StreamKind::OneOff => c.inv.one_off += x,
                    StreamKind::Revenue => {
                        c.val.revenue += x;
                        c.val.revenue_value += x * m;
                    }
                    StreamKind::Conversions => {
                        c.conversions += x;
                        c.val.conversions += s.value_per.map_or(0.0, |v| x * v);
                    }
                    StreamKind::Leads => {
                        c.leads += x;
                        c.val.leads += s.value_per.map_or(0.0, |v| x * v);
                    }
                    StreamKind::NewCustomers => {
                        c.customers += x;
                        c.val.new_customers += s.value_per.map_or(0.0, |v| x * v);
                    }
                    StreamKind::NewFollowers => {
                        c.followers += x;
                        c.val.new_followers += s.value_per.map_or(0.0, |v| x * v);
                    }
                }
            }
        }
        cells.iter_mut().for_each(Acc::finish);
        let whole = cells[nch + 1];
        let inv_ok = present(whole.inv.total);
        let val_ok = value_model && present(whole.val.total);
        let is_used = inv_ok && (val_ok || !value_model);
        if is_used {
            used += 1;
            total.add(&whole);
            cum_i.add(whole.inv.total);
            if value_model {
                cum_v.add(whole.val.total);
            }
            for (k, c) in cells[..=nch].iter().enumerate() {
                if present(c.inv.total) && (!value_model || present(c.val.total)) {
                    chan[k].add(c);
                    chan_used[k] += 1;
                }
            }
        }
        let (ci, cv) = (cum_i.value(), cum_v.value());
        if payback.is_none() && is_used && value_model && ci > 0.0 && cv >= ci {
            payback = Some(t);
        }
        if !with_rows {
            continue;
        }
        let reason = if !inv_ok {
            Some("an investment input is missing in this period")
        } else if value_model && !val_ok {
            Some("a value input (or the margin) is missing in this period")
        } else {
            None
        };
        rows.push(PeriodRow {
            period: t,
            date: p.starts[t],
            investment: inv_ok.then_some(whole.inv),
            value: val_ok.then_some(whole.val),
            roi: (val_ok && inv_ok && whole.inv.total != 0.0)
                .then(|| (whole.val.total - whole.inv.total) / whole.inv.total)
                .filter(|r| r.is_finite()),
            cumulative_investment: ci,
            cumulative_value: value_model.then_some(cv),
            cumulative_roi: (value_model && ci > 0.0).then(|| (cv - ci) / ci),
            undefined_reason: reason,
        });
    }

    let tot = total.acc();
    let no_value_reason = if no_margin {
        "no margin: revenue is worth revenue × margin (give a margin, e.g. 0.35)"
    } else {
        "the model says nothing of value (give attributed revenue and a margin, or a value per conversion, lead or customer)"
    };
    let none_used = "no period has every input present";
    let roi = if !value_model {
        Metric::none(no_value_reason)
    } else if used == 0 {
        Metric::none(none_used)
    } else {
        Metric::ratio(
            tot.val.total - tot.inv.total,
            tot.inv.total,
            "the total investment is 0",
        )
    };
    let revenue_ratio = |den: f64, what: &str| -> Metric {
        if !has.revenue {
            Metric::none("the model has no attributed revenue")
        } else if used == 0 {
            Metric::none(none_used)
        } else {
            Metric::ratio(tot.val.revenue, den, &format!("the {what} is 0"))
        }
    };
    let eff_margin = match (a.margin, &p.margin) {
        (Some(m), _) | (None, &MarginSeries::Fraction(m)) => Some(m).filter(|m| *m > 0.0),
        (None, MarginSeries::Column(..)) if tot.val.revenue > 0.0 => {
            Some(tot.val.revenue_value / tot.val.revenue).filter(|m| *m > 0.0)
        }
        _ => None,
    };
    let count_value = tot.val.total - tot.val.revenue_value;
    let break_even_revenue = match eff_margin {
        _ if used == 0 => Metric::none(none_used),
        None if p.margin == MarginSeries::None && a.margin.is_none() => {
            Metric::none("no margin: break-even revenue is investment / margin")
        }
        None => Metric::none("the margin is 0 (or there is no revenue to weight it)"),
        Some(m) => {
            let other = if value_model { count_value } else { 0.0 };
            Metric::some((tot.inv.total - other).max(0.0) / m)
        }
    };
    let conv_value = total.get(SLOTS - 1);
    let conv_valued = p
        .streams
        .iter()
        .any(|s| s.kind == StreamKind::Conversions && s.value_per.is_some());
    let max_cpa = if !has.conversions {
        Metric::none("the model has no conversions")
    } else if total.n[0] == 0 {
        Metric::none(none_used)
    } else if !value_model || !(has.revenue || conv_valued) {
        Metric::none("neither revenue with a margin nor a value per conversion is given")
    } else {
        Metric::ratio(
            conv_value,
            tot.conversions,
            "there were no conversions (0): the value per conversion is undefined",
        )
    };
    let payback_out = match payback {
        Some(t) => Payback {
            period: Some(t),
            periods: Some(t + 1),
            date: p.starts[t],
            undefined_reason: None,
        },
        None => Payback {
            period: None,
            periods: None,
            date: None,
            undefined_reason: Some(if !value_model {
                no_value_reason.to_owned()
            } else if cum_i.value() <= 0.0 {
                "nothing was invested".to_owned()
            } else {
                format!(
                    "never reached within the data: after {used} periods the cumulative value is {} against an investment of {}",
                    round2(cum_v.value()),
                    round2(cum_i.value())
                )
            }),
        },
    };
    // Costs by channel but no value given a channel (revenue of the whole shop): every named
    // channel would read −100% and the shared row would take all the value. Only the costs
    // compare then.
    let value_kind = |k: StreamKind| {
        !matches!(
            k,
            StreamKind::Money | StreamKind::Hours | StreamKind::Fixed | StreamKind::OneOff
        )
    };
    let unattributed = !p
        .streams
        .iter()
        .any(|s| value_kind(s.kind) && s.channel.is_some());
    let per_channel: Vec<ChannelRow> = if nch == 0 {
        Vec::new()
    } else if unattributed {
        (0..=nch)
            .filter(|&k| k < nch || p.streams.iter().any(|s| s.channel.is_none()))
            .map(|k| {
                let c = chan[k].acc();
                ChannelRow {
                    channel: p.channels.get(k).cloned(),
                    periods_used: chan_used[k],
                    investment: c.inv,
                    value: value_model.then_some(c.val),
                    roi: Metric::none(UNATTRIBUTED),
                    roas: Metric::none(UNATTRIBUTED),
                    cpa: Metric::none(UNATTRIBUTED),
                }
            })
            .collect()
    } else {
        (0..=nch)
            .filter(|&k| k < nch || p.streams.iter().any(|s| s.channel.is_none()))
            .map(|k| {
                let c = chan[k].acc();
                let u = chan_used[k];
                let chan_has = |kind: StreamKind| {
                    p.streams
                        .iter()
                        .any(|s| s.kind == kind && s.channel.unwrap_or(nch) == k)
                };
                ChannelRow {
                    channel: p.channels.get(k).cloned(),
                    periods_used: u,
                    investment: c.inv,
                    value: value_model.then_some(c.val),
                    roi: if !value_model {
                        Metric::none(no_value_reason)
                    } else {
                        Metric::ratio(
                            c.val.total - c.inv.total,
                            c.inv.total,
                            "no investment in this channel",
                        )
                    },
                    roas: if chan_has(StreamKind::Revenue) && chan_has(StreamKind::Money) {
                        Metric::ratio(c.val.revenue, c.inv.money, "no money spent in this channel")
                    } else {
                        Metric::none("this channel has no revenue or no money spend")
                    },
                    cpa: chan[k].cost_per(0, chan_has(StreamKind::Conversions), "conversions"),
                }
            })
            .collect()
    };
    let opt = |have: bool, v: f64| have.then_some(v);
    InvestmentRoi {
        formulas: FORMULAS,
        period_rule: p.period_rule.clone(),
        period_unit: p.unit,
        assumptions: AssumptionsUsed {
            margin: a.margin.or(match p.margin {
                MarginSeries::Fraction(m) => Some(m),
                _ => None,
            }),
            margin_column: match (&p.margin, a.margin) {
                (MarginSeries::Column(c, _), None) => Some(c.clone()),
                _ => None,
            },
            margin_basis: match (&p.margin, a.margin) {
                (MarginSeries::Column(..), None) => Some(Basis::Measured),
                (MarginSeries::None, None) => None,
                _ => Some(Basis::Assumed),
            },
            hourly_rate: a.hourly_rate.or(p.hourly_rate),
            hours_factor: a.hours_factor,
            spend_factor: a.spend_factor,
        },
        inputs: p
            .streams
            .iter()
            .map(|s| InputInfo {
                kind: s.kind,
                label: s.label.clone(),
                channel: s.channel.and_then(|c| p.channels.get(c).cloned()),
                basis: s.basis,
                typed: s.typed,
                value_per: s.value_per,
                value_basis: s.value_per.map(|_| s.value_basis),
            })
            .collect(),
        channels: p.channels.clone(),
        totals: Totals {
            periods: n,
            periods_used: used,
            investment: tot.inv,
            value: value_model.then_some(tot.val),
            counts: Counts {
                hours: opt(has.hours, tot.hours),
                conversions: opt(has.conversions, tot.conversions),
                leads: opt(has.leads, tot.leads),
                new_customers: opt(has.customers, tot.customers),
                new_followers: opt(has.followers, tot.followers),
            },
            roi,
            roas: if has.money {
                revenue_ratio(tot.inv.money, "money spend")
            } else {
                Metric::none("the model has no money spend")
            },
            roas_total_investment: revenue_ratio(tot.inv.total, "total investment"),
            cpa: total.cost_per(0, has.conversions, "conversions"),
            cost_per_lead: total.cost_per(1, has.leads, "leads"),
            cost_per_new_customer: total.cost_per(2, has.customers, "new customers"),
            cost_per_new_follower: total.cost_per(3, has.followers, "new followers"),
            break_even_revenue,
            max_cpa,
        },
        payback: payback_out,
        attribution_caveat: (nch > 0).then_some(ATTRIBUTION_CAVEAT_EN),
        per_channel,
        per_period: rows,
        currency: p.currency.clone(),
        notes: p.notes.iter().map(|[en, _]| en.clone()).collect(),
        notes_it: p.notes.iter().map(|[_, it]| it.clone()).collect(),
    }
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::invest::prepare;
    use crate::analysis::Plan;
    use crate::{Date, Table};

    fn weekly() -> (Table, Plan) {
        let d: Vec<Date> = (0..4)
            .map(|k| Date::from_days(Date::from_ymd(2024, 1, 1).unwrap().days() + 7 * k))
            .collect();
        let t = Table::from_columns(
            Some(("date", d)),
            vec![
                ("spend", vec![100.0, 100.0, 100.0, 100.0]),
                ("hours", vec![4.0, 6.0, f64::NAN, 5.0]),
                ("revenue", vec![500.0, 700.0, 600.0, 800.0]),
            ],
        );
        let plan = Plan::from_json(
            r#"{"investment": {"money": [{"column": "spend"}], "time": [{"column": "hours"}], "hourly_rate": 20},
                "value": {"margin": 0.5, "revenue": [{"column": "revenue"}]}}"#,
        )
        .unwrap();
        (t, plan)
    }

    fn prepared() -> Prepared {
        let (t, plan) = weekly();
        prepare(Some(&t), plan.investment.as_ref(), plan.value.as_ref()).unwrap()
    }

    #[test]
    fn a_missing_input_drops_its_period_not_to_zero() {
        let r = evaluate(&prepared(), &Assumptions::default());
        assert_eq!(r.totals.periods_used, 3);
        assert_eq!(r.per_period[2].investment, None);
        assert!(r.per_period[2].undefined_reason.is_some());
        // Weeks 1, 2, 4: investment 300 + 15 h × 20 = 600; value (500 + 700 + 800) × 0.5 = 1000.
        assert_eq!(r.totals.investment.total, 600.0);
        assert_eq!(r.totals.roi.value, Some(400.0 / 600.0));
        assert_eq!(
            r.per_period[2].cumulative_investment, 400.0,
            "180 + 220, week 3 adds nothing"
        );
        assert_eq!(r.per_period[3].cumulative_investment, 600.0);
    }

    #[test]
    fn what_if_assumptions_change_the_figures_as_the_formulas_say() {
        let p = prepared();
        let base = evaluate(&p, &Assumptions::default());
        let roi = |a: Assumptions| evaluate(&p, &a).totals.roi.value.unwrap();
        // ROI = (2000·m − (300·s + 15·h·r)) / (300·s + 15·h·r)
        let f = |m: f64, s: f64, h: f64, r: f64| {
            let i = 300.0 * s + 15.0 * h * r;
            (2000.0 * m - i) / i
        };
        assert_eq!(base.totals.roi.value, Some(f(0.5, 1.0, 1.0, 20.0)));
        let cases = [
            (Some(0.3), None, 1.0, 1.0),
            (None, Some(40.0), 1.0, 1.0),
            (None, None, 2.0, 1.0),
            (None, None, 1.0, 0.5),
            (Some(0.25), Some(10.0), 0.5, 3.0),
        ];
        for (m, r, h, s) in cases {
            let a = Assumptions {
                margin: m,
                hourly_rate: r,
                hours_factor: h,
                spend_factor: s,
            };
            let want = f(m.unwrap_or(0.5), s, h, r.unwrap_or(20.0));
            assert!((roi(a) - want).abs() < 1e-12, "{a:?}: {} vs {want}", roi(a));
            let e = evaluate(&p, &a);
            let be = e.totals.break_even_revenue.value.unwrap();
            assert!((be - e.totals.investment.total / m.unwrap_or(0.5)).abs() < 1e-9);
        }
        let zero = Assumptions {
            margin: Some(0.0),
            ..Assumptions::default()
        };
        let e = evaluate(&p, &zero);
        assert_eq!(e.totals.roi.value, Some(-1.0));
        assert_eq!(e.totals.break_even_revenue.value, None);
        assert!(e.totals.break_even_revenue.undefined_reason.is_some());
        assert_eq!(e.payback.periods, None);
    }

    #[test]
    fn sliders_in_the_pages_terms_become_factors() {
        let p = prepared();
        // Hours 4, 6, 5 over the weeks that have them: mean 5. Spend mean 100.
        assert_eq!(p.mean_hours(), Some(5.0));
        let a = p.assumptions_for(Some(0.3), Some(30.0), Some(10.0), Some(50.0));
        assert_eq!((a.hours_factor, a.spend_factor), (2.0, 0.5));
        assert_eq!((a.margin, a.hourly_rate), (Some(0.3), Some(30.0)));
        let e = evaluate(&p, &a);
        // 300 × 0.5 + 15 h × 2 × 30 = 1050.
        assert_eq!(e.totals.investment.total, 1050.0);
        assert_eq!(
            p.assumptions_for(None, None, None, None),
            Assumptions::default()
        );
    }

    #[test]
    fn without_a_margin_roi_is_null_with_a_reason() {
        let (t, mut plan) = weekly();
        plan.value.as_mut().unwrap().margin = None;
        let (_, r) = crate::analysis::invest::investment_roi(Some(&t), &plan)
            .unwrap()
            .unwrap();
        assert_eq!(r.totals.roi.value, None);
        assert!(r
            .totals
            .roi
            .undefined_reason
            .as_deref()
            .unwrap()
            .contains("margin"));
        assert!(r.totals.roas.value.is_some(), "ROAS needs no margin");
        assert_eq!(r.payback.periods, None);
        let json = serde_json::to_string(&r).unwrap();
        assert!(!json.contains("NaN") && !json.contains("null,null"));
    }

    #[test]
    fn fixed_costs_need_dates() {
        let t = Table::from_columns(None, vec![("spend", vec![1.0, 2.0])]);
        let plan = Plan::from_json(
            r#"{"investment": {"money": [{"column": "spend"}],
                "fixed_monthly": [{"name": "tool", "amount": 10}]}}"#,
        )
        .unwrap();
        let e = plan.validate(&t).unwrap_err();
        assert_eq!(e.kind_code(), "invalid_plan");
        assert!(crate::analysis::run(&t, &plan).is_err());
        let plan = Plan::from_json(r#"{"investment": {"money": [{"column": "spend"}]}}"#).unwrap();
        let r = crate::analysis::run(&t, &plan).unwrap();
        let inv = r.investment_roi.unwrap();
        assert_eq!(inv.totals.investment.total, 3.0);
        assert!(inv.totals.roi.undefined_reason.is_some());
    }
}
