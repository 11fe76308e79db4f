//! The investment model's findings in English and Italian: the ROI with its breakdown, the
//! assumptions it rests on, payback and break-even, and the channels side by side with the
//! attribution caveat.

use super::evaluate::{InvestmentRoi, Metric, ATTRIBUTION_CAVEAT_EN, ATTRIBUTION_CAVEAT_IT};
use super::prepare::{Basis, StreamKind};
use crate::analysis::findings::{periods, Finding, FindingKind, Severity};

/// `1234.5` → "1,234.50" (en) / "1.234,50" (it); whole amounts without decimals.
pub fn number(v: f64, it: bool) -> String {
    let neg = v < 0.0 && v.abs() >= 0.005;
    let a = v.abs();
    let whole = (a - a.round()).abs() < 0.005;
    let s = if whole {
        format!("{:.0}", a)
    } else {
        format!("{:.2}", a)
    };
    let (int, frac) = s.split_once('.').map_or((s.as_str(), ""), |(i, f)| (i, f));
    let (sep, dec) = if it { ('.', ',') } else { (',', '.') };
    let mut out = String::new();
    for (k, ch) in int.chars().enumerate() {
        if k > 0 && (int.len() - k) % 3 == 0 {
            out.push(sep);
        }
        out.push(ch);
    }
    if !frac.is_empty() {
        out.push(dec);
        out.push_str(frac);
    }
    if neg {
        format!("−{out}")
    } else {
        out
    }
}

/// An amount with its currency: "€1,150" (en), "1.150 €" (it); a plain number without one.
pub fn money(v: f64, currency: Option<&str>, it: bool) -> String {
    let n = number(v, it);
    match currency {
        None | Some("") => n,
        Some(c) if it => format!("{n} {c}"),
        Some(c) => match n.strip_prefix('−') {
            Some(rest) => format!("−{c}{rest}"),
            None => format!("{c}{n}"),
        },
    }
}

/// A fraction as a percentage with one decimal, none when it is 0 ("4.3%", "4,3%", "40%").
pub fn percent(v: f64, it: bool) -> String {
    let s = format!("{:.1}", v * 100.0);
    let s = if s == "-0.0" { "0.0".to_owned() } else { s };
    let s = s.strip_suffix(".0").unwrap_or(&s).replace('-', "−");
    format!("{}%", if it { s.replace('.', ",") } else { s })
}

fn q(name: &str, it: bool) -> String {
    if it {
        format!("\u{ab}{name}\u{bb}")
    } else {
        format!("\u{201c}{name}\u{201d}")
    }
}

fn basis(b: Basis, it: bool) -> &'static str {
    match (b, it) {
        (Basis::Measured, false) => "measured",
        (Basis::Assumed, false) => "typed",
        (Basis::Measured, true) => "misurato",
        (Basis::Assumed, true) => "inserito",
    }
}

/// The sentence pieces naming each assumption, in one language.
fn assumptions(r: &InvestmentRoi, it: bool) -> (Vec<String>, bool) {
    let cur = r.currency.as_deref();
    let m = |v: f64| money(v, cur, it);
    let per = |it: bool| if it { "per periodo" } else { "per period" };
    let mut parts = Vec::new();
    let mut assumed = false;
    let a = &r.assumptions;
    if let (Some(mg), Some(b)) = (a.margin, a.margin_basis) {
        assumed |= b == Basis::Assumed;
        parts.push(if it {
            format!("un margine del {} ({})", percent(mg, true), basis(b, true))
        } else {
            format!("a {} margin ({})", percent(mg, false), basis(b, false))
        });
    } else if let Some(c) = &a.margin_column {
        parts.push(if it {
            format!("il margine della colonna {} (misurato)", q(c, true))
        } else {
            format!("the margin in column {} (measured)", q(c, false))
        });
    }
    let hours: Vec<String> = r
        .inputs
        .iter()
        .filter(|i| i.kind == StreamKind::Hours)
        .map(|i| match (&i.label, i.typed) {
            (Some(c), _) => {
                if it {
                    format!("le ore della colonna {} (misurate)", q(c, true))
                } else {
                    format!("hours from column {} (measured)", q(c, false))
                }
            }
            (None, t) => {
                assumed = true;
                let h = number(t.unwrap_or(0.0), it);
                if it {
                    format!("{h} ore {} (inserite)", per(true))
                } else {
                    format!("{h} hours {} (typed)", per(false))
                }
            }
        })
        .collect();
    if let Some(rate) = a.hourly_rate.filter(|_| !hours.is_empty()) {
        assumed = true;
        parts.push(if it {
            format!("{}/ora (inserito) per {}", m(rate), hours.join(" e "))
        } else {
            format!("{}/hour (typed) for {}", m(rate), hours.join(" and "))
        });
    }
    for i in &r.inputs {
        let label = i.label.clone().unwrap_or_default();
        match i.kind {
            StreamKind::Money | StreamKind::Revenue if i.basis == Basis::Assumed => {
                assumed = true;
                let v = m(i.typed.unwrap_or(0.0));
                let (en, itx) = if i.kind == StreamKind::Money {
                    ("spend", "di spesa")
                } else {
                    ("of revenue", "di fatturato")
                };
                parts.push(if it {
                    format!("{v} {itx} {} (inserito)", per(true))
                } else {
                    format!("{v} {en} {} (typed)", per(false))
                });
            }
            StreamKind::Fixed => {
                assumed = true;
                let v = m(i.typed.unwrap_or(0.0));
                parts.push(if it {
                    format!("{} a {v}/mese (inserito)", q(&label, true))
                } else {
                    format!("{} at {v}/month (typed)", q(&label, false))
                });
            }
            StreamKind::OneOff => {
                assumed = true;
                let v = m(i.typed.unwrap_or(0.0));
                parts.push(if it {
                    format!("{} una tantum di {v} (inserito)", q(&label, true))
                } else {
                    format!("a one-off {} of {v} (typed)", q(&label, false))
                });
            }
            _ => {}
        }
        if let (Some(v), Some(b)) = (i.value_per, i.value_basis) {
            assumed |= b == Basis::Assumed;
            let (en, itx) = match i.kind {
                StreamKind::Conversions => ("conversion", "conversione"),
                StreamKind::Leads => ("lead", "contatto"),
                StreamKind::NewCustomers => ("new customer", "nuovo cliente"),
                _ => ("new follower", "nuovo follower"),
            };
            parts.push(if it {
                format!("un valore di {} per {itx} ({})", m(v), basis(b, true))
            } else {
                format!("a value of {} per {en} ({})", m(v), basis(b, false))
            });
        }
    }
    (parts, assumed)
}

fn metric_pair(mt: &Metric, f: impl Fn(f64, bool) -> String) -> Option<(String, String)> {
    mt.value.map(|v| (f(v, false), f(v, true)))
}

/// The findings of one evaluation (also for a what-if: call it on the re-evaluated result).
pub fn findings(r: &InvestmentRoi) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut push = |kind, severity, en: String, it: String| {
        out.push(Finding {
            kind,
            severity,
            scope: super::super::findings::Scope::General,
            columns: Vec::new(),
            text_en: en,
            text_it: it,
        })
    };
    let t = &r.totals;
    let cur = r.currency.as_deref();
    let m = |v: f64, it: bool| money(v, cur, it);
    let inv = &t.investment;
    let span_en = periods(t.periods_used as u64, r.period_unit, false);
    let span_it = periods(t.periods_used as u64, r.period_unit, true);
    let breakdown = |it: bool| {
        let mut v = Vec::new();
        let kinds = if it {
            ["di spesa", "di tempo", "di costi fissi", "una tantum"]
        } else {
            ["spend", "time", "fixed costs", "one-off"]
        };
        for (x, name) in [inv.money, inv.time, inv.fixed, inv.one_off]
            .iter()
            .zip(kinds)
        {
            if *x != 0.0 {
                v.push(format!("{} {name}", m(*x, it)));
            }
        }
        v.join(", ")
    };
    let left_out = t.periods - t.periods_used;
    let (span_en, span_it) = if left_out == 0 {
        (span_en, span_it)
    } else {
        (
            format!(
                "{span_en} ({left_out} of {} left out: an input is missing there)",
                t.periods
            ),
            format!(
                "{span_it} ({left_out} su {} esclusi: lì manca un dato)",
                t.periods
            ),
        )
    };
    match (t.roi.value, &t.value) {
        (Some(roi), Some(val)) => {
            let verdict = |it: bool| match (roi >= 0.0, it) {
                (true, false) => "it pays for itself",
                (false, false) => "it does not pay for itself",
                (true, true) => "si ripaga",
                (false, true) => "non si ripaga",
            };
            push(
                FindingKind::InvestmentRoi,
                Severity::Key,
                format!(
                    "Return on the whole investment over {span_en}: ROI {} — {}. You put in {} ({}) and got {} of value ({} of attributed revenue).",
                    percent(roi, false), verdict(false), m(inv.total, false), breakdown(false), m(val.total, false), m(val.revenue, false)
                ),
                format!(
                    "Ritorno sull'investimento complessivo in {span_it}: ROI {} — {}. Hai investito {} ({}) e ottenuto {} di valore ({} di fatturato attribuito).",
                    percent(roi, true), verdict(true), m(inv.total, true), breakdown(true), m(val.total, true), m(val.revenue, true)
                ),
            );
        }
        _ => {
            let why = t.roi.undefined_reason.clone().unwrap_or_default();
            let why_it = super::reasons::say(&why, crate::Lang::It);
            // a model with nothing put in says so, not "0 ()"
            let (put_en, put_it) = if inv.total == 0.0 && breakdown(false).is_empty() {
                (
                    "nothing (the model has no money, time or costs)".to_owned(),
                    "nulla (il modello non ha spesa, tempo o costi)".to_owned(),
                )
            } else {
                (
                    format!("{} ({})", m(inv.total, false), breakdown(false)),
                    format!("{} ({})", m(inv.total, true), breakdown(true)),
                )
            };
            push(
                FindingKind::InvestmentRoi,
                Severity::Info,
                format!("Total investment over {span_en}: {put_en}. ROI is not computed: {why}."),
                format!(
                    "Investimento totale in {span_it}: {put_it}. Il ROI non si calcola: {why_it}."
                ),
            );
        }
    }
    let (en, en_assumed) = assumptions(r, false);
    let (it, _) = assumptions(r, true);
    if !en.is_empty() {
        push(
            FindingKind::RoiAssumptions,
            if en_assumed {
                Severity::Warning
            } else {
                Severity::Info
            },
            format!(
                "These figures rest on {}. Change any of them and the ROI changes with it.",
                en.join("; ")
            ),
            format!(
                "Queste cifre poggiano su: {}. Se ne cambi uno, il ROI cambia di conseguenza.",
                it.join("; ")
            ),
        );
    }
    if t.value.is_some() {
        let when = |k: usize, it: bool| match (r.payback.date, it) {
            (Some(d), false) => format!("in the period from {d}"),
            (Some(d), true) => format!("nel periodo dal {d}"),
            (None, false) => format!("in period {k}"),
            (None, true) => format!("nel periodo {k}"),
        };
        let (en, it) = match r.payback.periods {
            Some(k) => (
                format!(
                    "Payback after {}: the cumulative value reached the cumulative investment {}.",
                    periods(k as u64, r.period_unit, false),
                    when(k, false)
                ),
                format!(
                    "Rientro dopo {}: il valore cumulato ha raggiunto l'investimento cumulato {}.",
                    periods(k as u64, r.period_unit, true),
                    when(k, true)
                ),
            ),
            None => {
                let last = r.per_period.last();
                let ci = last.map_or(0.0, |p| p.cumulative_investment);
                let cv = last.and_then(|p| p.cumulative_value).unwrap_or(0.0);
                (
                    format!(
                        "Payback is never reached within the data: after {span_en} the cumulative value is {} against an investment of {}.",
                        m(cv, false),
                        m(ci, false)
                    ),
                    format!(
                        "Il rientro non arriva mai nei dati: dopo {span_it} il valore cumulato è {} contro un investimento di {}.",
                        m(cv, true),
                        m(ci, true)
                    ),
                )
            }
        };
        let be = metric_pair(&t.break_even_revenue, m);
        let (be_en, be_it) = be
            .map(|(e, i)| {
                (
                    format!(" Break-even revenue: {e} of attributed revenue makes ROI 0."),
                    format!(" Fatturato di pareggio: con {i} di fatturato attribuito il ROI è 0."),
                )
            })
            .unwrap_or_default();
        let cpa = match (t.cpa.value, t.max_cpa.value) {
            (Some(c), Some(mx)) => (
                format!(
                    " CPA is {} against the highest CPA the value allows, {}.",
                    m(c, false),
                    m(mx, false)
                ),
                format!(
                    " Il CPA è {} contro il massimo che il valore consente, {}.",
                    m(c, true),
                    m(mx, true)
                ),
            ),
            _ if t.counts.conversions == Some(0.0) => (
                " There were no conversions, so the cost per conversion (CPA) is undefined."
                    .to_owned(),
                " Non ci sono state conversioni, quindi il costo per conversione (CPA) non è definito."
                    .to_owned(),
            ),
            _ => Default::default(),
        };
        push(
            FindingKind::Payback,
            if r.payback.periods.is_some() {
                Severity::Info
            } else {
                Severity::Warning
            },
            format!("{en}{be_en}{}", cpa.0),
            format!("{it}{be_it}{}", cpa.1),
        );
    }
    let unattributed = r
        .per_channel
        .iter()
        .all(|c| c.roi.undefined_reason.as_deref() == Some(super::evaluate::UNATTRIBUTED));
    if !r.per_channel.is_empty() && unattributed {
        let costs = |it: bool| {
            r.per_channel
                .iter()
                .map(|c| {
                    let name = channel_name(c, it);
                    format!("{} {}", q(&name, it), m(c.investment.total, it))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        push(
            FindingKind::ChannelComparison,
            Severity::Info,
            format!("By channel only the costs compare: {}. The value (revenue, conversions) is given for no channel, so a channel's ROI, ROAS and CPA cannot be told apart; give each value column its channel to compare them.", costs(false)),
            format!("Per canale si confrontano solo i costi: {}. Il valore (fatturato, conversioni) non è dato per nessun canale, quindi ROI, ROAS e CPA dei canali non si possono distinguere; assegna a ogni colonna di valore il suo canale per confrontarli.", costs(true)),
        );
    } else if !r.per_channel.is_empty() {
        let line = |it: bool| {
            r.per_channel
                .iter()
                .map(|c| {
                    let name = channel_name(c, it);
                    let roi = c.roi.value.map_or("n/a".to_owned(), |v| percent(v, it));
                    let roas = c
                        .roas
                        .value
                        .map_or(String::new(), |v| format!(", ROAS {}", number(v, it)));
                    let cpa = c
                        .cpa
                        .value
                        .map_or(String::new(), |v| format!(", CPA {}", m(v, it)));
                    format!("{} ROI {roi}{roas}{cpa}", q(&name, it))
                })
                .collect::<Vec<_>>()
                .join("; ")
        };
        push(
            FindingKind::ChannelComparison,
            Severity::Info,
            format!("By channel: {}. {ATTRIBUTION_CAVEAT_EN}", line(false)),
            format!("Per canale: {}. {ATTRIBUTION_CAVEAT_IT}", line(true)),
        );
    }
    for (en, it) in r.notes.iter().zip(&r.notes_it) {
        push(
            FindingKind::RoiAssumptions,
            Severity::Info,
            format!("Note: {en}."),
            format!("Nota: {it}."),
        );
    }
    out
}

/// A channel's name, or the words for the inputs given without one.
fn channel_name(c: &super::evaluate::ChannelRow, it: bool) -> String {
    c.channel
        .clone()
        .unwrap_or_else(|| if it { "senza canale" } else { "no channel" }.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_are_written_as_people_read_them() {
        assert_eq!(money(1150.0, Some("€"), false), "€1,150");
        assert_eq!(money(1150.0, Some("€"), true), "1.150 €");
        assert_eq!(money(-2875.5, Some("€"), false), "−€2,875.50");
        assert_eq!(number(1234567.891, true), "1.234.567,89");
        assert_eq!(number(999.999, false), "1,000");
        assert_eq!(percent(0.04347, false), "4.3%");
        assert_eq!(percent(-0.25, true), "−25%");
    }

    /// A model with nothing put in says so ("0 ()" before), and its Italian finding gives the
    /// reason in Italian.
    #[test]
    fn a_model_without_investment_says_nothing_was_put_in() {
        let plan = crate::analysis::Plan::from_json(
            r#"{"investment": {"periods": {"start": "2024-01-01", "unit": "month", "count": 3}},
                "value": {"revenue": [{"per_period": 100}]}}"#,
        )
        .unwrap();
        let (_, r) = super::super::investment_roi(None, &plan).unwrap().unwrap();
        let f = findings(&r);
        let roi = f
            .iter()
            .find(|f| f.kind == FindingKind::InvestmentRoi)
            .unwrap();
        assert!(
            roi.text_en
                .contains("nothing (the model has no money, time or costs)"),
            "{}",
            roi.text_en
        );
        assert!(
            roi.text_it.contains("nulla (il modello non ha spesa"),
            "{}",
            roi.text_it
        );
        assert!(!roi.text_en.contains("()") && !roi.text_it.contains("()"));
        assert!(roi.text_it.contains("manca il margine"), "{}", roi.text_it);
        assert!(!roi.text_it.contains("no margin"), "{}", roi.text_it);
    }
}
