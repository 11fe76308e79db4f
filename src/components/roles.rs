//! Step 3, "Roles": which columns are cost, attributed revenue, conversions and followers, the
//! margin, the business outcome to explain and the social/traffic metrics to relate to it, and the
//! period. Guessed from the column names (English and Italian), always editable; saved and loaded
//! as an analysis plan file (the same file the CLI takes with `--plan`).

use social_roi_core::analysis::plan::SidesSpec;
use social_roi_core::analysis::roles::{sides, Side};
use social_roi_core::analysis::{
    LaggedSpec, Margin, PairSpec, Plan, ResamplePeriod, ResampleSpec, RoiSpec, TargetSpec,
};
use social_roi_core::decimal::parse_f64;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::components::field::Field;

use crate::components::app::AppContext;
use crate::components::invest_setup::InvestSetup;
use crate::components::select::{options, Select};
use crate::components::sources::ErrorBox;
use crate::i18n::{tr, trs};
use crate::state::{Action, ShownError};

/// Default number of periods looked back and forward in lagged correlations.
const DEFAULT_MAX_LAG: u32 = 8;

fn none_if_empty(v: String) -> Option<String> {
    (!v.is_empty()).then_some(v)
}

/// The driver columns currently related to the target (x of the lagged entries).
pub fn drivers(plan: &Plan) -> Vec<String> {
    let target = plan.target.as_ref().map(|t| t.column.as_str());
    let mut v: Vec<String> = plan
        .lagged
        .iter()
        .filter(|l| Some(l.y.as_str()) == target)
        .map(|l| l.x.clone())
        .collect();
    for p in &plan.period_over_period {
        if Some(p.y.as_str()) == target && !v.contains(&p.x) {
            v.push(p.x.clone());
        }
    }
    v
}

/// Rewrites the plan's lagged and period-over-period pairs for these drivers against the target.
pub fn set_drivers(plan: &mut Plan, drivers: &[String], max_lag: u32) {
    let Some(target) = plan.target.as_ref().map(|t| t.column.clone()) else {
        plan.lagged.clear();
        plan.period_over_period.clear();
        return;
    };
    let drivers: Vec<&String> = drivers.iter().filter(|d| **d != target).collect();
    plan.lagged = drivers
        .iter()
        .map(|x| LaggedSpec {
            x: (*x).clone(),
            y: target.clone(),
            max_lag,
        })
        .collect();
    plan.period_over_period = drivers
        .iter()
        .map(|x| PairSpec {
            x: (*x).clone(),
            y: target.clone(),
        })
        .collect();
}

#[function_component(RolesStep)]
pub fn roles_step() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let plan_error = use_state(|| None::<ShownError>);
    let Some(table) = app.table.clone() else {
        return html! {};
    };
    let numeric: Vec<String> = table.numeric_columns().map(|(n, _)| n.to_owned()).collect();
    let plan = app.plan.clone();
    let roi = plan.roi.clone().unwrap_or_default();
    let set_plan = {
        let app = app.clone();
        Callback::from(move |p: Plan| app.dispatch(Action::SetPlan(p)))
    };

    // The numeric columns as choices, with "none" first.
    let column_choices = |none: &'static str| -> Vec<(AttrValue, AttrValue)> {
        std::iter::once((AttrValue::from(""), AttrValue::from(none)))
            .chain(
                numeric
                    .iter()
                    .map(|n| (AttrValue::from(n.clone()), AttrValue::from(n.clone()))),
            )
            .collect()
    };
    // One select per ROI role.
    let role_select = |id: &'static str,
                       label: &'static str,
                       cur: Option<String>,
                       apply: fn(&mut RoiSpec, Option<String>)| {
        let (plan, set) = (plan.clone(), set_plan.clone());
        let onchange = Callback::from(move |v: String| {
            let mut p = plan.clone();
            let mut r = p.roi.clone().unwrap_or_default();
            apply(&mut r, none_if_empty(v));
            p.roi = (r != RoiSpec::default()).then_some(r);
            set.emit(p);
        });
        html! { <Select id={id} label={Some(AttrValue::from(label))} options={column_choices(tr(lang, "— none —", "— nessuna —"))}
        selected={AttrValue::from(cur.unwrap_or_default())} {onchange} /> }
    };
    let followers_cur = roi
        .new_followers
        .clone()
        .or(roi.followers_cumulative.clone());
    let followers_kind_cumulative = roi.followers_cumulative.is_some();
    let followers_kind = {
        let (plan, set) = (plan.clone(), set_plan.clone());
        let onchange = Callback::from(move |v: String| {
            let mut p = plan.clone();
            let mut r = p.roi.clone().unwrap_or_default();
            let col = r.new_followers.take().or(r.followers_cumulative.take());
            if v == "cumulative" {
                r.followers_cumulative = col;
            } else {
                r.new_followers = col;
            }
            p.roi = Some(r);
            set.emit(p);
        });
        let choices = options([
            (
                "new",
                tr(
                    lang,
                    "new followers per period",
                    "nuovi follower per periodo",
                ),
            ),
            (
                "cumulative",
                tr(lang, "the running total", "il totale progressivo"),
            ),
        ]);
        html! { <Select id="role-followers-kind" label={Some(AttrValue::from(tr(lang, "The followers column holds", "La colonna dei follower contiene")))}
        options={choices} selected={if followers_kind_cumulative { "cumulative" } else { "new" }} {onchange} disabled={followers_cur.is_none()} /> }
    };
    let margin_control = {
        let (plan, set) = (plan.clone(), set_plan.clone());
        let cur = match &roi.margin {
            None => String::new(),
            Some(Margin::Column(c)) => format!("col:{c}"),
            Some(Margin::Fraction(_)) => "fixed".to_owned(),
        };
        let fixed_value = match &roi.margin {
            Some(Margin::Fraction(f)) => format!("{}", (f * 1000.0).round() / 10.0),
            _ => "35".to_owned(),
        };
        let onchange = {
            let (plan, set, fixed_value) = (plan.clone(), set.clone(), fixed_value.clone());
            Callback::from(move |v: String| {
                let mut p = plan.clone();
                let mut r = p.roi.clone().unwrap_or_default();
                r.margin = if let Some(c) = v.strip_prefix("col:") {
                    Some(Margin::Column(c.to_owned()))
                } else if v == "fixed" {
                    Some(Margin::Fraction(
                        parse_f64(&fixed_value.replace(',', ".")).unwrap_or(35.0) / 100.0,
                    ))
                } else {
                    None
                };
                p.roi = Some(r);
                set.emit(p);
            })
        };
        let mut choices = options([
            (
                "",
                tr(
                    lang,
                    "none (ROI not computed)",
                    "nessuno (ROI non calcolato)",
                ),
            ),
            (
                "fixed",
                tr(lang, "a fixed percentage", "una percentuale fissa"),
            ),
        ]);
        choices.extend(numeric.iter().map(|n| {
            (
                AttrValue::from(format!("col:{n}")),
                AttrValue::from(trs(lang, format!("column {n}"), format!("colonna {n}"))),
            )
        }));
        let on_fixed = Callback::from(move |e: Event| {
            let text = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .replace(',', ".");
            if let Some(v) = parse_f64(text.trim()) {
                if v.is_finite() && (0.0..=100.0).contains(&v) {
                    let mut p = plan.clone();
                    let mut r = p.roi.clone().unwrap_or_default();
                    r.margin = Some(Margin::Fraction(v / 100.0));
                    p.roi = Some(r);
                    set.emit(p);
                }
            }
        });
        html! {
            <div class="control">
                <label for="role-margin">{ tr(lang, "Margin (for ROI)", "Margine (per il ROI)") }</label>
                <Select id="role-margin" options={choices}
                    selected={AttrValue::from(cur.clone())} {onchange} wrapped={false} />
                if cur == "fixed" {
                    <label for="role-margin-pct" class="inline">{ tr(lang, "Margin %", "Margine %") }</label>
                    <Field id="role-margin-pct" inputmode="decimal" size="6" value={fixed_value} onchange={on_fixed} />
                }
            </div>
        }
    };

    let target = plan.target.as_ref().map(|t| t.column.clone());
    let max_lag = plan
        .lagged
        .first()
        .map(|l| l.max_lag)
        .unwrap_or(DEFAULT_MAX_LAG);
    let current_drivers = drivers(&plan);
    let target_select = {
        let (plan, set, current_drivers) =
            (plan.clone(), set_plan.clone(), current_drivers.clone());
        let onchange = Callback::from(move |v: String| {
            let mut p = plan.clone();
            p.target = none_if_empty(v).map(|c| TargetSpec {
                column: c,
                max_lag: 0,
            });
            set_drivers(&mut p, &current_drivers, max_lag);
            set.emit(p);
        });
        html! { <Select id="role-target" label={Some(AttrValue::from(tr(lang, "Business result to explain", "Risultato di business da spiegare")))}
        options={column_choices(tr(lang, "— none —", "— nessuno —"))} selected={AttrValue::from(target.clone().unwrap_or_default())} {onchange} /> }
    };
    let driver_boxes = numeric.iter().filter(|n| Some(n.as_str()) != target.as_deref()).map(|n| {
        let checked = current_drivers.contains(n);
        let (plan, set, current_drivers, n2) = (plan.clone(), set_plan.clone(), current_drivers.clone(), n.clone());
        let onchange = Callback::from(move |_: Event| {
            let mut d = current_drivers.clone();
            if checked {
                d.retain(|x| *x != n2);
            } else {
                d.push(n2.clone());
            }
            let mut p = plan.clone();
            set_drivers(&mut p, &d, max_lag);
            set.emit(p);
        });
        html! { <label class="inline check"><input type="checkbox" {checked} {onchange} disabled={target.is_none()} />{ n }</label> }
    });
    let lag_input = {
        let (plan, set, current_drivers) =
            (plan.clone(), set_plan.clone(), current_drivers.clone());
        let onchange = Callback::from(move |e: Event| {
            if let Ok(v) = e
                .target_unchecked_into::<HtmlInputElement>()
                .value()
                .trim()
                .parse::<u32>()
            {
                let mut p = plan.clone();
                set_drivers(&mut p, &current_drivers, v.clamp(1, 52));
                set.emit(p);
            }
        });
        html! {
            <div class="control">
                <label for="role-max-lag">{ tr(lang, "Look for delays of up to (periods)", "Cerca ritardi fino a (periodi)") }</label>
                <Field id="role-max-lag" kind="number" min="1" max="52" value={max_lag.to_string()} {onchange} />
            </div>
        }
    };
    let period_select = {
        let cur = match plan.resample.as_ref().map(|r| r.period) {
            Some(ResamplePeriod::Day) => "day",
            Some(ResamplePeriod::Week) => "week",
            Some(ResamplePeriod::Month) => "month",
            None => "",
        };
        let (plan, set) = (plan.clone(), set_plan.clone());
        let onchange = Callback::from(move |v: String| {
            let mut p = plan.clone();
            let period = match v.as_str() {
                "day" => Some(ResamplePeriod::Day),
                "week" => Some(ResamplePeriod::Week),
                "month" => Some(ResamplePeriod::Month),
                _ => None,
            };
            p.resample = period.map(|period| ResampleSpec {
                period,
                rules: Default::default(),
            });
            set.emit(p);
        });
        let choices = options([
            ("", tr(lang, "as in the data", "come nei dati")),
            ("day", tr(lang, "per day", "al giorno")),
            (
                "week",
                tr(
                    lang,
                    "per week (sum; last value for running totals)",
                    "a settimana (somma; ultimo valore per i totali progressivi)",
                ),
            ),
            (
                "month",
                tr(
                    lang,
                    "per month (sum; last value for running totals)",
                    "al mese (somma; ultimo valore per i totali progressivi)",
                ),
            ),
        ]);
        html! { <Select id="role-period" label={Some(AttrValue::from(tr(lang, "Period", "Periodo")))} options={choices} selected={cur} {onchange} disabled={table.date.is_none()} /> }
    };

    // Which side each column is on: the verdict and key results are about business × social.
    let current_sides = sides(&table, &plan);
    let side_rows = current_sides.iter().enumerate().map(|(i, (name, side))| {
        let (plan, set, all, name2) = (plan.clone(), set_plan.clone(), current_sides.clone(), name.clone());
        let onchange = Callback::from(move |v: String| {
            let mut spec = SidesSpec::default();
            for (n, s) in &all {
                let s = if *n == name2 {
                    match v.as_str() {
                        "business" => Side::Business,
                        "social" => Side::Social,
                        _ => Side::Neither,
                    }
                } else {
                    *s
                };
                match s {
                    Side::Business => spec.business.push(n.clone()),
                    Side::Social => spec.social.push(n.clone()),
                    Side::Neither => {}
                }
            }
            let mut p = plan.clone();
            p.sides = Some(spec);
            set.emit(p);
        });
        let cur = match side {
            Side::Business => "business",
            Side::Social => "social",
            Side::Neither => "neither",
        };
        html! {
            <div class="side-row">
                <Select id={format!("side-{i}")} label={Some(AttrValue::from(name.clone()))}
                    options={options([
                        ("business", tr(lang, "business (sales, orders, customers)", "business (vendite, ordini, clienti)")),
                        ("social", tr(lang, "social (followers, reach, traffic, spend)", "social (follower, copertura, traffico, spesa)")),
                        ("neither", tr(lang, "neither", "nessuno dei due")),
                    ])}
                    selected={AttrValue::from(cur)} {onchange} />
            </div>
        }
    });

    let save_plan = {
        let plan = plan.clone();
        Callback::from(move |_: MouseEvent| {
            let _ = crate::browser::download::save_text(
                &plan.to_json(),
                "application/json",
                "social-roi-plan.json",
            );
        })
    };
    let load_plan = {
        let (app, plan_error) = (app.clone(), plan_error.clone());
        let table = table.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|f| f.get(0)) else {
                return;
            };
            input.set_value("");
            let (app, plan_error, table) = (app.clone(), plan_error.clone(), table.clone());
            wasm_bindgen_futures::spawn_local(async move {
                let result = match crate::browser::files::read_bytes(file).await {
                    Ok((_, bytes)) => Plan::from_json(&String::from_utf8_lossy(&bytes))
                        .and_then(|p| p.validate(&table).map(|_| p))
                        .map_err(|e| ShownError::from(&e)),
                    Err(e) => Err(ShownError::plain("unreadable_file", e.clone(), e)),
                };
                match result {
                    Ok(p) => {
                        plan_error.set(None);
                        app.dispatch(Action::SetPlan(p));
                    }
                    Err(e) => plan_error.set(Some(e)),
                }
            });
        })
    };

    html! {
        <section class="step roles" aria-labelledby="roles-title">
            <h2 id="roles-title">{ tr(lang, "3. What the columns mean", "3. Cosa significano le colonne") }</h2>
            <p class="hint">{ tr(lang,
                "Guessed from the column names; change anything that is wrong. The analysis updates by itself.",
                "Indovinato dai nomi delle colonne; cambia ciò che non va. L'analisi si aggiorna da sola.") }</p>
            <fieldset>
                <legend>{ tr(lang, "For ROI", "Per il ROI") }</legend>
                <div class="controls">
                    { role_select("role-cost", tr(lang, "Cost (social spend)", "Costo (spesa social)"), roi.cost.clone(), |r, v| r.cost = v) }
                    { role_select("role-revenue", tr(lang, "Revenue from social", "Ricavi dai social"), roi.attributed_revenue.clone(), |r, v| r.attributed_revenue = v) }
                    { role_select("role-conversions", tr(lang, "Conversions (orders, sign-ups)", "Conversioni (ordini, iscrizioni)"), roi.conversions.clone(), |r, v| r.conversions = v) }
                    { role_select("role-followers", tr(lang, "Followers", "Follower"), followers_cur.clone(), |r, v| {
                        if r.followers_cumulative.is_some() { r.followers_cumulative = v; } else { r.new_followers = v; }
                    }) }
                    { followers_kind }
                    { margin_control }
                </div>
            </fieldset>
            <fieldset class="sides" data-testid="sides">
                <legend>{ tr(lang, "Business or social?", "Business o social?") }</legend>
                <p class="hint">{ tr(lang,
                    "The verdict and the key results are about business columns against social ones; relationships within one side are listed apart.",
                    "Il verdetto e i risultati principali riguardano le colonne di business rispetto a quelle social; le relazioni all'interno di un lato sono elencate a parte.") }</p>
                <div class="controls">{ for side_rows }</div>
            </fieldset>
            <fieldset>
                <legend>{ tr(lang, "Correspondences over time", "Corrispondenze nel tempo") }</legend>
                <div class="controls">
                    { target_select }
                    { lag_input }
                    { period_select }
                </div>
                <p class="label">{ tr(lang, "Social and traffic metrics to relate to it", "Metriche social e di traffico da mettere in relazione") }</p>
                <div class="drivers">{ for driver_boxes }</div>
            </fieldset>
            <InvestSetup columns={numeric.clone()} />
            <div class="actions">
                <button type="button" class="secondary" onclick={save_plan}>{ tr(lang, "Save this setup (plan file)", "Salva questa impostazione (file del piano)") }</button>
                <label class="file-button secondary" for="plan-file">{ tr(lang, "Load a plan file", "Carica un file del piano") }</label>
                <input id="plan-file" type="file" accept=".json,application/json" onchange={load_plan} />
            </div>
            <p class="hint">{ tr(lang,
                "Next month, load your new exports and this plan to repeat the same analysis. The command line takes the same file: social-roi analyze FILE --plan plan.json",
                "Il mese prossimo carica le nuove esportazioni e questo piano per ripetere la stessa analisi. La riga di comando accetta lo stesso file: social-roi analyze FILE --plan plan.json") }</p>
            if let Some(e) = &*plan_error { <ErrorBox error={e.clone()} /> }
        </section>
    }
}
