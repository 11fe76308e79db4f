//! Step 2 for an event file (one row per order, payment, post or campaign): what was recognised
//! ("Recognised: Shopify orders export", changeable to generic events), the period the rows are
//! combined into, and for generic events which columns mean order, customer, amount and status.

use std::rc::Rc;

use social_roi_core::analysis::document::recipe_for;
use social_roi_core::analysis::ResamplePeriod;
use social_roi_core::events::{self, ExportKind, Recipe};
use social_roi_core::ingest::{Loaded, Period};
use social_roi_core::notes::note_text;
use social_roi_core::Lang;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::components::select::{options, Select};
use crate::i18n::{tr, trs};
use crate::state::{Action, Source};

#[derive(Properties)]
pub struct Props {
    pub source: Source,
    pub loaded: Rc<Loaded>,
}

impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        self.source == other.source && crate::state::same_rc(&self.loaded, &other.loaded)
    }
}

/// The generic recipe's choices, read back from a recipe (the user's or a fresh one).
#[derive(Clone, Default, PartialEq)]
struct Generic {
    id: Option<String>,
    customer: Option<String>,
    amount: Option<String>,
    status: Option<String>,
    excluded: String,
}

impl Generic {
    fn of(r: &Recipe) -> Generic {
        Generic {
            id: r.order_id.clone(),
            customer: r.customers.first().cloned(),
            amount: r.amount.clone(),
            status: r.status.clone(),
            excluded: r.excluded_statuses.join(", "),
        }
    }

    fn recipe(&self, date: &str) -> Recipe {
        let excluded: Vec<&str> = self
            .excluded
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
        Recipe::generic(
            date,
            self.id.as_deref(),
            self.customer.as_deref(),
            self.amount.as_deref(),
            self.status.as_deref().map(|s| (s, excluded.as_slice())),
        )
    }
}

fn period_word(p: Period, lang: Lang) -> &'static str {
    match p {
        Period::Day => tr(lang, "day", "giorno"),
        Period::Week => tr(lang, "week", "settimana"),
        Period::Month => tr(lang, "month", "mese"),
    }
}

#[function_component(EventsCheck)]
pub fn events_check(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let (src, loaded) = (&props.source, &props.loaded);
    let Some(ev) = loaded.report.events.as_ref() else {
        return html! {};
    };
    let id = src.id;
    let Some(date) = loaded.table.date.as_ref().map(|d| d.name.clone()) else {
        return html! {};
    };
    let period = app.events.period.unwrap_or_else(|| ev.period());
    let recognised = ev.kind;
    let generic_chosen = src
        .recipe
        .as_ref()
        .is_some_and(|r| r.kind == ExportKind::GenericEvents);
    let shown_kind = if generic_chosen {
        ExportKind::GenericEvents
    } else {
        recognised
    };

    // "Read as": the recognised export, or generic events (the user then picks the columns).
    let kind_select = {
        let (app, loaded, date) = (app.clone(), loaded.clone(), date.clone());
        let mut o = vec![(
            AttrValue::from("recognised"),
            AttrValue::from(recognised.label(lang)),
        )];
        if recognised != ExportKind::GenericEvents {
            o.push((
                "generic".into(),
                tr(lang, "generic events", "eventi generici").into(),
            ));
        }
        let options = src.options.clone();
        let onchange = Callback::from(move |v: String| {
            let generic = v == "generic";
            let recipe = generic.then(|| {
                // Start from what was recognised, so the columns it found stay chosen.
                let base = recipe_for(&loaded.table, &loaded.report)
                    .map(|r| Generic::of(&r))
                    .unwrap_or_default();
                base.recipe(&date)
            });
            app.dispatch(Action::SetRecipe(id, recipe));
            // A recognised export keeps only its recipe's columns: generic events may use any.
            if options.all_columns != generic {
                let mut o = options.clone();
                o.all_columns = generic;
                app.dispatch(Action::SetSourceOptions(id, o));
            }
        });
        html! { <Select id={format!("events-kind-{id}")} label={Some(AttrValue::from(tr(lang, "Read as", "Leggi come")))}
        options={o} selected={AttrValue::from(if generic_chosen { "generic" } else { "recognised" })} {onchange} /> }
    };
    let period_select = {
        let app = app.clone();
        let auto = trs(
            lang,
            format!("automatic ({})", period_word(ev.period(), lang)),
            format!("automatico ({})", period_word(ev.period(), lang)),
        );
        let mut o = vec![(AttrValue::from("auto"), AttrValue::from(auto))];
        o.extend(options([
            ("day", tr(lang, "day", "giorno")),
            (
                "week",
                tr(
                    lang,
                    "week (Monday to Sunday)",
                    "settimana (da lunedì a domenica)",
                ),
            ),
            ("month", tr(lang, "month", "mese")),
        ]));
        let cur = match app.plan.period {
            Some(ResamplePeriod::Day) => "day",
            Some(ResamplePeriod::Week) => "week",
            Some(ResamplePeriod::Month) => "month",
            None => "auto",
        };
        let onchange = Callback::from(move |v: String| {
            app.dispatch(Action::SetPeriod(match v.as_str() {
                "day" => Some(ResamplePeriod::Day),
                "week" => Some(ResamplePeriod::Week),
                "month" => Some(ResamplePeriod::Month),
                _ => None,
            }))
        });
        html! { <Select id={format!("events-period-{id}")} label={Some(AttrValue::from(tr(lang, "Combine per", "Raggruppa per")))}
        options={o} selected={AttrValue::from(cur)} {onchange} /> }
    };

    // Generic events: which column is the order id, the customer, the amount, the status.
    let generic = generic_chosen.then(|| {
        let current = src.recipe.as_ref().map(Generic::of).unwrap_or_default();
        let header: Vec<String> = loaded
            .report
            .header
            .iter()
            .filter(|h| **h != date)
            .cloned()
            .collect();
        let column = |key: &'static str, label: &'static str, cur: Option<String>| {
            let (app, current, date) = (app.clone(), current.clone(), date.clone());
            let mut o = vec![(AttrValue::from(""), AttrValue::from(tr(lang, "none", "nessuna")))];
            o.extend(
                header
                    .iter()
                    .map(|h| (AttrValue::from(h.clone()), AttrValue::from(h.clone()))),
            );
            let onchange = Callback::from(move |v: String| {
                let mut g = current.clone();
                let v = (!v.is_empty()).then_some(v);
                match key {
                    "id" => g.id = v,
                    "customer" => g.customer = v,
                    "amount" => g.amount = v,
                    _ => g.status = v,
                }
                app.dispatch(Action::SetRecipe(id, Some(g.recipe(&date))));
            });
            html! { <Select id={format!("events-{key}-{id}")} label={Some(AttrValue::from(label))} options={o}
                selected={AttrValue::from(cur.unwrap_or_default())} {onchange} /> }
        };
        let excluded = {
            let (value, disabled) = (current.excluded.clone(), current.status.is_none());
            let (app, current, date) = (app.clone(), current.clone(), date.clone());
            let onchange = Callback::from(move |e: Event| {
                let v = e
                    .target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value();
                let mut g = current.clone();
                g.excluded = v;
                app.dispatch(Action::SetRecipe(id, Some(g.recipe(&date))));
            });
            let input_id = format!("events-excluded-{id}");
            html! {
                <div class="control">
                    <label for={input_id.clone()}>{ tr(lang, "Statuses to leave out (comma-separated)", "Stati da escludere (separati da virgole)") }</label>
                    <input id={input_id} type="text" {value} {disabled}
                        placeholder={tr(lang, "e.g. cancelled, failed", "es. annullato, fallito")} {onchange} />
                </div>
            }
        };
        html! {
            <div class="controls generic-events">
                { column("id", tr(lang, "Order or event id (rows sharing it are one)", "Id dell'ordine o evento (righe con lo stesso id sono una)"), current.id.clone()) }
                { column("customer", tr(lang, "Customer (e-mail or id)", "Cliente (e-mail o id)"), current.customer.clone()) }
                { column("amount", tr(lang, "Amount", "Importo"), current.amount.clone()) }
                { column("status", tr(lang, "Status", "Stato"), current.status.clone()) }
                { excluded }
            </div>
        }
    });

    let notes: Vec<String> = app
        .events
        .notes
        .iter()
        .filter(|(name, _)| *name == loaded.report.name)
        .flat_map(|(_, n)| n.iter().cloned())
        .collect();
    let personal =
        shown_kind.is_orders() || src.recipe.as_ref().is_some_and(|r| !r.customers.is_empty());
    html! {
        <div class="events-check" data-testid="events-check" data-kind={shown_kind.code()} data-period={period.name()}>
            <p class="recognised" role="status">
                <strong>{ tr(lang, "Recognised: ", "Riconosciuto: ") }</strong>
                <span data-testid="recognised">{ shown_kind.label(lang) }</span>
                { " — " }
                <span data-testid="events-note">{ events::note(shown_kind, period, lang) }</span>
                { trs(lang, format!(" ({} rows read).", ev.rows), format!(" ({} righe lette).", ev.rows)) }
            </p>
            <div class="controls">
                { kind_select }
                { period_select }
            </div>
            { generic.unwrap_or_default() }
            if !notes.is_empty() {
                <ul class="notes">{ for notes.iter().map(|n| html! { <li>{ note_text(lang, n) }</li> }) }</ul>
            }
            if personal {
                <p class="hint">{ tr(lang,
                    "E-mails, names and customer ids are used only in this tab's memory, to tell new from returning customers: the analysis, charts, downloads and “remember” keep only the counts and sums per period.",
                    "E-mail, nomi e id dei clienti sono usati solo nella memoria di questa scheda, per distinguere i clienti nuovi da quelli di ritorno: analisi, grafici, download e «ricorda» conservano solo conteggi e somme per periodo.") }</p>
            }
        </div>
    }
}
