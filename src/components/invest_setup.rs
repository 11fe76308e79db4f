//! Step 3's investment model: what went in (spend columns per channel, hours × an hourly rate,
//! fixed monthly and one-off costs) and what came out (margin, revenue, conversions, leads, new
//! customers with what one is worth), kept in the plan's `investment` and `value` sections so
//! the plan file saves and reloads it. Changes apply on `change` (not every keystroke): each one
//! re-runs the analysis.

use social_roi_core::analysis::invest::spec::ValueSource;
use social_roi_core::analysis::invest::{Amount, Cost, InvestmentSpec, ValueSpec};
use social_roi_core::analysis::{Margin, Plan};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::field::Field;

use crate::components::app::AppContext;
use crate::components::quick::parse_number;
use crate::components::select::Select;
use crate::i18n::{tr, trs};
use crate::state::Action;

/// The counts a value section lists, by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CountKind {
    Conversions,
    Leads,
    NewCustomers,
    NewFollowers,
}

fn counts_mut(v: &mut ValueSpec, k: CountKind) -> &mut Vec<Amount> {
    match k {
        CountKind::Conversions => &mut v.conversions,
        CountKind::Leads => &mut v.leads,
        CountKind::NewCustomers => &mut v.new_customers,
        CountKind::NewFollowers => &mut v.new_followers,
    }
}

/// Drops empty sections, so a plan without a model stays without one.
pub fn tidy(mut p: Plan) -> Plan {
    if p.investment.as_ref().is_some_and(|i| {
        i.money.is_empty()
            && i.time.is_empty()
            && i.fixed_monthly.is_empty()
            && i.one_off.is_empty()
    }) {
        p.investment = None;
    }
    if p.value.as_ref().is_some_and(|v| *v == ValueSpec::default()) {
        p.value = None;
    }
    p
}

/// Edits the investment section (created if absent).
pub fn with_investment(p: &Plan, f: impl FnOnce(&mut InvestmentSpec)) -> Plan {
    let mut p = p.clone();
    f(p.investment.get_or_insert_with(InvestmentSpec::default));
    tidy(p)
}

/// Edits the value section (created if absent).
pub fn with_value(p: &Plan, f: impl FnOnce(&mut ValueSpec)) -> Plan {
    let mut p = p.clone();
    f(p.value.get_or_insert_with(ValueSpec::default));
    tidy(p)
}

/// Sets the hours: a column, a constant per period, or none. A rate of 0 is kept until one is typed
/// (the model needs one with hours; 0 shows the time as costing nothing rather than failing).
pub fn set_hours(p: &Plan, column: Option<String>, per_period: Option<f64>) -> Plan {
    with_investment(p, |i| {
        i.time.clear();
        if column.is_some() || per_period.is_some() {
            i.time.push(Amount {
                column,
                per_period,
                ..Amount::default()
            });
            i.hourly_rate.get_or_insert(0.0);
        }
    })
}

/// Sets one count's column (or none) and what one is worth, with where that value comes from.
pub fn set_count(
    p: &Plan,
    k: CountKind,
    column: Option<String>,
    value_per: Option<f64>,
    source: Option<ValueSource>,
) -> Plan {
    with_value(p, |v| {
        let list = counts_mut(v, k);
        list.clear();
        if column.is_some() {
            list.push(Amount {
                column,
                value_per,
                value_source: value_per.and(source),
                ..Amount::default()
            });
        }
    })
}

/// A change to a list of inputs (spend or revenue).
type EditList = Box<dyn Fn(&mut Vec<Amount>)>;

fn text_of(e: &Event) -> String {
    e.target_unchecked_into::<HtmlInputElement>().value()
}

fn number_of(e: &Event) -> Option<f64> {
    parse_number(&text_of(e))
        .ok()
        .flatten()
        .filter(|v| *v >= 0.0)
}

fn fmt(v: Option<f64>) -> String {
    v.map(|v| v.to_string()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// The table's numeric columns.
    pub columns: Vec<String>,
}

#[function_component(InvestSetup)]
pub fn invest_setup(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let plan = app.plan.clone();
    let inv = plan.investment.clone().unwrap_or_default();
    let val = plan.value.clone().unwrap_or_default();
    let set = {
        let app = app.clone();
        Callback::from(move |p: Plan| app.dispatch(Action::SetPlan(p)))
    };
    let choices = |none: &'static str| -> Vec<(AttrValue, AttrValue)> {
        std::iter::once((AttrValue::from(""), AttrValue::from(none)))
            .chain(
                props
                    .columns
                    .iter()
                    .map(|n| (AttrValue::from(n.clone()), AttrValue::from(n.clone()))),
            )
            .collect()
    };
    let none = tr(lang, "— none —", "— nessuna —");
    let retention_value = app
        .events
        .retention
        .as_ref()
        .and_then(|r| r.value_of_customer);

    // A typed spend per period (e.g. a monthly boost budget), added to the list.
    let add_const = {
        let (plan, set) = (plan.clone(), set.clone());
        Callback::from(move |e: Event| {
            let Some(v) = number_of(&e) else { return };
            e.target_unchecked_into::<HtmlInputElement>().set_value("");
            set.emit(with_investment(&plan, |i| {
                i.money.push(Amount {
                    per_period: Some(v),
                    ..Amount::default()
                })
            }));
        })
    };
    // Spend and revenue: a list of columns, each with an optional channel.
    let amount_list = |id: &'static str, list: Vec<Amount>, money: bool| {
        let rows = list.iter().enumerate().map(|(k, a)| {
            let edit = {
                let (plan, set) = (plan.clone(), set.clone());
                move |f: EditList| {
                    let p = if money {
                        with_investment(&plan, |i| f(&mut i.money))
                    } else {
                        with_value(&plan, |v| f(&mut v.revenue))
                    };
                    set.emit(p);
                }
            };
            let on_channel = {
                let edit = edit.clone();
                Callback::from(move |e: Event| {
                    let c = text_of(&e).trim().to_owned();
                    edit(Box::new(move |l: &mut Vec<Amount>| {
                        l[k].channel = (!c.is_empty()).then(|| c.clone())
                    }))
                })
            };
            let remove = Callback::from(move |_: MouseEvent| {
                edit(Box::new(move |l: &mut Vec<Amount>| {
                    l.remove(k);
                }))
            });
            let what = match (&a.column, a.per_period) {
                (Some(c), _) => c.clone(),
                (None, Some(v)) => trs(lang, format!("{v} per period"), format!("{v} per periodo")),
                _ => String::new(),
            };
            let cid = format!("{id}-channel-{k}");
            html! {
                <li>
                    <span class="name">{ what.clone() }</span>
                    <label for={cid.clone()} class="inline">{ tr(lang, "channel", "canale") }</label>
                    <Field id={cid} size="10" value={a.channel.clone().unwrap_or_default()} onchange={on_channel} />
                    <button type="button" class="link" onclick={remove}
                        aria-label={trs(lang, format!("Remove {what}"), format!("Togli {what}"))}>{ tr(lang, "remove", "togli") }</button>
                </li>
            }
        });
        let add = {
            let (plan, set) = (plan.clone(), set.clone());
            Callback::from(move |c: String| {
                if c.is_empty() {
                    return;
                }
                let a = Amount {
                    column: Some(c),
                    ..Amount::default()
                };
                set.emit(if money {
                    with_investment(&plan, |i| i.money.push(a))
                } else {
                    with_value(&plan, |v| v.revenue.push(a))
                });
            })
        };
        let label = if money {
            tr(lang, "Add a spend column", "Aggiungi una colonna di spesa")
        } else {
            tr(
                lang,
                "Add a revenue column (attributed)",
                "Aggiungi una colonna di ricavi (attribuiti)",
            )
        };
        html! {
            <div class="control">
                <ul class="amounts" data-testid={id}>{ for rows }</ul>
                <div class="controls">
                    <Select id={format!("{id}-add")} label={Some(AttrValue::from(label))} options={choices(none)} selected={AttrValue::from("")} onchange={add} />
                    if money {
                        <div class="control">
                            <label for="invest-money-const">{ tr(lang, "or add an amount per period (assumed)", "oppure aggiungi un importo per periodo (ipotizzato)") }</label>
                            <Field id="invest-money-const" inputmode="decimal" size="8" value="" onchange={add_const.clone()} />
                        </div>
                    }
                </div>
            </div>
        }
    };

    let hours_col = inv.time.first().and_then(|a| a.column.clone());
    let hours_const = inv.time.first().and_then(|a| a.per_period);
    let on_hours_col = {
        let (plan, set) = (plan.clone(), set.clone());
        Callback::from(move |c: String| {
            set.emit(set_hours(&plan, (!c.is_empty()).then_some(c), None))
        })
    };
    let on_hours_const = {
        let (plan, set) = (plan.clone(), set.clone());
        Callback::from(move |e: Event| set.emit(set_hours(&plan, None, number_of(&e))))
    };
    let on_rate = {
        let (plan, set) = (plan.clone(), set.clone());
        Callback::from(move |e: Event| {
            let r = number_of(&e);
            set.emit(with_investment(&plan, |i| {
                i.hourly_rate = r.or((!i.time.is_empty()).then_some(0.0))
            }))
        })
    };
    let on_margin = {
        let (plan, set) = (plan.clone(), set.clone());
        Callback::from(move |e: Event| {
            let m = number_of(&e).filter(|m| *m <= 100.0);
            set.emit(with_value(&plan, |v| {
                v.margin = m.map(|m| Margin::Fraction(m / 100.0))
            }))
        })
    };
    let margin_pct = match &val.margin {
        Some(Margin::Fraction(f)) => format!("{}", (f * 10000.0).round() / 100.0),
        _ => String::new(),
    };

    // Costs: a list with "remove", and a row to add one.
    let cost_list = |id: &'static str, list: Vec<Cost>, fixed: bool| {
        let rows = list.iter().enumerate().map(|(k, c)| {
            let remove = {
                let (plan, set) = (plan.clone(), set.clone());
                Callback::from(move |_: MouseEvent| {
                    set.emit(with_investment(&plan, |i| {
                        if fixed { i.fixed_monthly.remove(k); } else { i.one_off.remove(k); }
                    }))
                })
            };
            let when = if fixed {
                format!("{} – {}", c.from.clone().unwrap_or_default(), c.to.clone().unwrap_or_default())
            } else {
                c.date.clone().unwrap_or_default()
            };
            html! {
                <li><span class="name">{ format!("{}: {} ({when})", c.name, c.amount) }</span>
                    <button type="button" class="link" onclick={remove}
                        aria-label={trs(lang, format!("Remove {}", c.name), format!("Togli {}", c.name))}>{ tr(lang, "remove", "togli") }</button></li>
            }
        });
        let onsubmit = {
            let (plan, set) = (plan.clone(), set.clone());
            Callback::from(move |e: SubmitEvent| {
                e.prevent_default();
                let Some(form) = e.target_dyn_into::<web_sys::Element>() else {
                    return;
                };
                let input = |n: &str| {
                    form.query_selector(&format!("[name={n}]"))
                        .ok()
                        .flatten()
                        .map(wasm_bindgen::JsCast::unchecked_into::<HtmlInputElement>)
                };
                let field = |n: &str| {
                    input(n)
                        .map(|i| i.value().trim().to_owned())
                        .unwrap_or_default()
                };
                let Some(amount) = parse_number(&field("amount"))
                    .ok()
                    .flatten()
                    .filter(|a| *a >= 0.0)
                else {
                    return;
                };
                let opt = |s: String| (!s.is_empty()).then_some(s);
                let name = opt(field("name")).unwrap_or_else(|| {
                    if fixed {
                        "fixed cost".into()
                    } else {
                        "one-off".into()
                    }
                });
                let c = if fixed {
                    Cost {
                        name,
                        amount,
                        from: opt(field("from")),
                        to: opt(field("to")),
                        ..Cost::default()
                    }
                } else {
                    let Some(date) = opt(field("date")) else {
                        return;
                    };
                    Cost {
                        name,
                        amount,
                        date: Some(date),
                        ..Cost::default()
                    }
                };
                set.emit(with_investment(&plan, |i| {
                    if fixed {
                        i.fixed_monthly.push(c)
                    } else {
                        i.one_off.push(c)
                    }
                }));
                for n in ["name", "amount", "from", "to", "date"] {
                    if let Some(i) = input(n) {
                        i.set_value("");
                    }
                }
            })
        };
        let f = |n: &'static str, label: &'static str, kind: &'static str| {
            let fid = format!("{id}-{n}");
            html! { <div class="control"><label for={fid.clone()}>{ label }</label><input id={fid} name={n} type={kind} size="10" /></div> }
        };
        html! {
            <div>
                <ul class="amounts" data-testid={id}>{ for rows }</ul>
                <form class="controls add-cost" {onsubmit}>
                    { f("name", tr(lang, "Name", "Nome"), "text") }
                    { f("amount", if fixed { tr(lang, "Amount per month", "Importo al mese") } else { tr(lang, "Amount", "Importo") }, "text") }
                    if fixed {
                        { f("from", tr(lang, "From (optional)", "Dal (facoltativo)"), "date") }
                        { f("to", tr(lang, "To (optional)", "Al (facoltativo)"), "date") }
                    } else {
                        { f("date", tr(lang, "Date", "Data"), "date") }
                    }
                    <button type="submit" class="secondary">{ if fixed { tr(lang, "Add the fixed cost", "Aggiungi il costo fisso") } else { tr(lang, "Add the one-off cost", "Aggiungi il costo una tantum") } }</button>
                </form>
            </div>
        }
    };

    // Counts: a column and what one is worth.
    let count_row = |k: CountKind, id: &'static str, label: &'static str, valued: bool| {
        let cur = {
            let mut v = val.clone();
            counts_mut(&mut v, k).first().cloned()
        };
        let column = cur.as_ref().and_then(|a| a.column.clone());
        let each = cur.as_ref().and_then(|a| a.value_per);
        let from_orders = cur.as_ref().and_then(|a| a.value_source) == Some(ValueSource::Retention);
        let prefill = (k == CountKind::NewCustomers)
            .then_some(retention_value)
            .flatten();
        let on_col = {
            let (plan, set) = (plan.clone(), set.clone());
            Callback::from(move |c: String| {
                let c = (!c.is_empty()).then_some(c);
                // New customers start at the orders' value of a customer when there is one.
                let (v, s) = match (each, prefill) {
                    (Some(v), _) => (
                        Some(v),
                        Some(if from_orders {
                            ValueSource::Retention
                        } else {
                            ValueSource::Typed
                        }),
                    ),
                    (None, Some(r)) => (Some(r), Some(ValueSource::Retention)),
                    _ => (None, None),
                };
                set.emit(set_count(&plan, k, c, v, s))
            })
        };
        let on_each = {
            let (plan, set, column) = (plan.clone(), set.clone(), column.clone());
            Callback::from(move |e: Event| {
                set.emit(set_count(
                    &plan,
                    k,
                    column.clone(),
                    number_of(&e),
                    Some(ValueSource::Typed),
                ))
            })
        };
        let eid = format!("{id}-each");
        html! {
            <div class="control">
                <Select id={id} label={Some(AttrValue::from(label))} options={choices(none)} selected={AttrValue::from(column.clone().unwrap_or_default())} onchange={on_col} />
                if valued && column.is_some() {
                    <label for={eid.clone()}>{ tr(lang, "Worth each (net)", "Valore di uno (netto)") }</label>
                    <Field id={eid} inputmode="decimal" size="8" value={fmt(each)} onchange={on_each} />
                    if from_orders {
                        <span class="hint" data-testid="value-from-orders">{ tr(lang, "from your orders (estimate)", "dai tuoi ordini (stima)") }</span>
                    }
                }
            </div>
        }
    };

    html! {
        <fieldset class="invest-setup" data-testid="invest-setup">
            <legend>{ tr(lang, "Return on the whole investment", "Ritorno sull'investimento complessivo") }</legend>
            <p class="hint">{ tr(lang,
                "Optional: everything social media costs you (money, time, fixed and one-off costs) against what it brings. Columns are measured; typed numbers are assumptions, and the results say so.",
                "Facoltativo: tutto ciò che i social ti costano (soldi, tempo, costi fissi e una tantum) rispetto a ciò che portano. Le colonne sono misurate; i numeri scritti sono ipotesi, e i risultati lo dicono.") }</p>
            <h3 class="sub">{ tr(lang, "Money", "Denaro") }</h3>
            { amount_list("invest-money", inv.money.clone(), true) }
            <h3 class="sub">{ tr(lang, "Time", "Tempo") }</h3>
            <div class="controls">
                <Select id="invest-hours" label={Some(AttrValue::from(tr(lang, "Hours column", "Colonna delle ore")))} options={choices(none)} selected={AttrValue::from(hours_col.unwrap_or_default())} onchange={on_hours_col} />
                <div class="control">
                    <label for="invest-hours-const">{ tr(lang, "or hours per period", "oppure ore per periodo") }</label>
                    <Field id="invest-hours-const" inputmode="decimal" size="6" value={fmt(hours_const)} onchange={on_hours_const} />
                </div>
                <div class="control">
                    <label for="invest-rate">{ tr(lang, "Hourly rate", "Tariffa oraria") }</label>
                    <Field id="invest-rate" inputmode="decimal" size="6" value={fmt(inv.hourly_rate)} onchange={on_rate} />
                </div>
            </div>
            <h3 class="sub">{ tr(lang, "Fixed costs per month", "Costi fissi al mese") }</h3>
            { cost_list("invest-fixed", inv.fixed_monthly.clone(), true) }
            <h3 class="sub">{ tr(lang, "One-off costs", "Costi una tantum") }</h3>
            { cost_list("invest-one-off", inv.one_off.clone(), false) }
            <h3 class="sub">{ tr(lang, "Value", "Valore") }</h3>
            <div class="controls">
                <div class="control">
                    <label for="invest-margin">{ tr(lang, "Margin % on revenue", "Margine % sui ricavi") }</label>
                    <Field id="invest-margin" inputmode="decimal" size="6" value={margin_pct} onchange={on_margin} />
                </div>
            </div>
            { amount_list("invest-revenue", val.revenue.clone(), false) }
            <div class="controls">
                { count_row(CountKind::Conversions, "invest-conversions", tr(lang, "Conversions", "Conversioni"), true) }
                { count_row(CountKind::Leads, "invest-leads", tr(lang, "Leads", "Contatti"), true) }
                { count_row(CountKind::NewCustomers, "invest-new-customers", tr(lang, "New customers", "Nuovi clienti"), true) }
                { count_row(CountKind::NewFollowers, "invest-new-followers", tr(lang, "New followers", "Nuovi follower"), false) }
            </div>
        </fieldset>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_sections_leave_the_plan() {
        let p = set_hours(&Plan::default(), Some("hours".into()), None);
        let i = p.investment.as_ref().unwrap();
        assert_eq!(i.time[0].column.as_deref(), Some("hours"));
        assert_eq!(i.hourly_rate, Some(0.0), "a rate is needed with hours");
        let p = set_hours(&p, None, None);
        assert_eq!(p.investment, None);
        let p = set_count(
            &Plan::default(),
            CountKind::NewCustomers,
            Some("new".into()),
            Some(120.0),
            Some(ValueSource::Retention),
        );
        let c = &p.value.as_ref().unwrap().new_customers[0];
        assert_eq!(
            (c.value_per, c.value_source),
            (Some(120.0), Some(ValueSource::Retention))
        );
        let p = set_count(&p, CountKind::NewCustomers, None, None, None);
        assert_eq!(p.value, None);
    }

    #[test]
    fn the_model_survives_the_plan_file() {
        let p = with_investment(&Plan::default(), |i| {
            i.money.push(Amount {
                column: Some("spend".into()),
                channel: Some("instagram".into()),
                ..Amount::default()
            });
            i.fixed_monthly.push(Cost {
                name: "tool".into(),
                amount: 29.0,
                from: Some("2024-01-15".into()),
                ..Cost::default()
            });
        });
        let p = with_value(&p, |v| v.margin = Some(Margin::Fraction(0.4)));
        let back = Plan::from_json(&p.to_json()).unwrap();
        assert_eq!(back.investment, p.investment);
        assert_eq!(back.value, p.value);
    }
}
