//! The quick calculator on the first screen ("No file? Calculate from your numbers"): a short form
//! of typed totals → the core's `quick::compute` on every keystroke, the figures with their exact
//! values in `data-value`, the verdict in the page's language, and "Save as plan".

use social_roi_core::analysis::invest::Metric;
use social_roi_core::analysis::quick::{self, QuickInput, QuickResult};
pub use social_roi_core::analysis::quick::{parse_number, NotANumber};
use social_roi_core::{Date, ErrorKind, Lang};
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::charts::format::{self, Locale};
use crate::components::correlations::data_number;
use crate::i18n::{tr, trs};

/// The form's fields in order: (id suffix, English label, Italian label).
pub const FIELDS: [(&str, &str, &str); 11] = [
    (
        "spend",
        "Money spent (ads, boosts)",
        "Soldi spesi (pubblicità, post sponsorizzati)",
    ),
    ("hours", "Hours worked", "Ore di lavoro"),
    ("hourly_rate", "Value of one hour", "Valore di un'ora"),
    (
        "fixed_monthly",
        "Fixed costs per month (tools, agency)",
        "Costi fissi al mese (strumenti, agenzia)",
    ),
    (
        "one_off",
        "One-off costs (a photo shoot, a website)",
        "Costi una tantum (servizio fotografico, sito)",
    ),
    ("months", "Over how many months", "In quanti mesi"),
    (
        "revenue",
        "Sales brought by social media",
        "Vendite portate dai social",
    ),
    (
        "margin",
        "Margin % (the share of sales that is profit)",
        "Margine % (la quota delle vendite che è profitto)",
    ),
    ("new_customers", "New customers", "Nuovi clienti"),
    ("new_followers", "New followers", "Nuovi follower"),
    ("currency", "Currency symbol", "Simbolo della valuta"),
];

/// The number a field fills.
fn slot<'a>(q: &'a mut QuickInput, id: &str) -> &'a mut Option<f64> {
    match id {
        "spend" => &mut q.spend,
        "hours" => &mut q.hours,
        "hourly_rate" => &mut q.hourly_rate,
        "fixed_monthly" => &mut q.fixed_monthly,
        "one_off" => &mut q.one_off,
        "months" => &mut q.months,
        "revenue" => &mut q.revenue,
        "margin" => &mut q.margin,
        "new_customers" => &mut q.new_customers,
        _ => &mut q.new_followers,
    }
}

/// The typed texts as the core's input (the margin typed in percent) and, per field, the
/// message to show next to it (not a number, or the core's check).
pub fn read_form(texts: &[String], lang: Lang) -> (QuickInput, Vec<Option<String>>) {
    let mut q = QuickInput::default();
    let mut errors = vec![None; FIELDS.len()];
    for (i, (id, _, _)) in FIELDS.iter().enumerate() {
        let text = texts.get(i).map(String::as_str).unwrap_or("");
        if *id == "currency" {
            let c = text.trim();
            q.currency = (!c.is_empty()).then(|| c.chars().take(4).collect());
            continue;
        }
        let v = match parse_number(text) {
            Ok(v) => v,
            Err(NotANumber) => {
                errors[i] = Some(
                    tr(
                        lang,
                        "Type a number, e.g. 1250,50",
                        "Scrivi un numero, per es. 1250,50",
                    )
                    .to_owned(),
                );
                continue;
            }
        };
        let v = if *id == "margin" {
            v.map(|m| m / 100.0)
        } else {
            v
        };
        // Checked one field at a time so each message sits next to its own field.
        let mut one = QuickInput::default();
        *slot(&mut one, id) = v;
        if let Err(e) = quick::validate(&one) {
            // a check across fields (hours need a rate) is made once all are read
            if matches!(e.kind(), ErrorKind::InvalidPlan { field, .. } if field == id) {
                errors[i] = Some(field_message(&e, lang));
                continue;
            }
        }
        *slot(&mut q, id) = v;
    }
    // checks across fields (hours need a rate), shown next to the field that is missing
    if let Err(e) = quick::validate(&q) {
        if let Some(i) = FIELDS.iter().position(|(id, _, _)| *id == "hourly_rate") {
            let rate =
                matches!(e.kind(), ErrorKind::InvalidPlan { field, .. } if field == "hourly_rate");
            if errors[i].is_none() && rate {
                errors[i] = Some(field_message(&e, lang));
                q.hours = None;
            }
        }
    }
    (q, errors)
}

/// What a field needs, as a sentence next to it ("A number of 0 or more."): the core's check
/// without its "invalid analysis plan, field …" frame, which names the plan's field.
fn field_message(e: &social_roi_core::Error, lang: Lang) -> String {
    let Some(r) = e.field_reason(lang) else {
        return e.message(lang);
    };
    let mut c = r.chars();
    let first = c.next().map(|f| f.to_uppercase().collect::<String>());
    format!("{}{}.", first.unwrap_or_default(), c.as_str())
}

/// The core's reasons for a missing figure, in the page's language.
fn reason(lang: Lang, raw: &str) -> String {
    let (en, it) = match raw {
        "no revenue was entered" => ("Enter the sales.", "Inserisci le vendite."),
        "no margin was entered" => ("Enter the margin.", "Inserisci il margine."),
        "nothing was invested (0)" | "nothing was invested" => {
            ("Nothing was invested.", "Nessun investimento.")
        }
        "the margin is 0: no amount of sales breaks even" => (
            "With a 0 margin no sales break even.",
            "Con margine 0 nessuna vendita porta al pareggio.",
        ),
        "no number of new customers was entered" => {
            ("Enter the new customers.", "Inserisci i nuovi clienti.")
        }
        "no number of new followers was entered" => {
            ("Enter the new followers.", "Inserisci i nuovi follower.")
        }
        "there were no new customers (0)" => ("No new customers.", "Nessun nuovo cliente."),
        "there were no new followers (0)" => ("No new followers.", "Nessun nuovo follower."),
        "ROI is undefined" | "revenue and margin are needed" => {
            ("Enter sales and margin.", "Inserisci vendite e margine.")
        }
        "never: each month's value is below its running cost" => (
            "Never: each month brings less than it costs.",
            "Mai: ogni mese rende meno di quanto costa.",
        ),
        "not within 100 years at this pace" => (
            "Not within 100 years at this pace.",
            "Non entro 100 anni a questo ritmo.",
        ),
        _ => return social_roi_core::analysis::invest::reasons::say(raw, lang),
    };
    tr(lang, en, it).to_owned()
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Open at first (embed mode: the calculator is the point of the page).
    #[prop_or_default]
    pub open: bool,
}

/// The first of the current month, the start of a saved plan's months.
fn this_month() -> Date {
    let now = js_sys::Date::new_0();
    Date::from_ymd(now.get_full_year() as i32, now.get_month() + 1, 1)
        .unwrap_or_else(|| Date::from_ymd(2025, 1, 1).expect("valid date"))
}

fn card(id: &str, label: &str, value: Option<f64>, text: String, why: Option<String>) -> Html {
    html! {
        <div class={classes!("quick-figure", value.is_none().then_some("undefined"))} data-testid={format!("quick-{id}")} data-value={data_number(value)}>
            <dt>{ label.to_owned() }</dt>
            <dd>{ text }if let Some(w) = why { <span class="why">{ w }</span> }</dd>
        </div>
    }
}

fn results(r: &QuickResult, lang: Lang, cur: &str) -> Html {
    let loc = Locale::of(lang);
    let money = |m: &Metric| m.value.map(|v| format::money(v, 2, cur, loc));
    let show = |m: &Metric, text: Option<String>| {
        (
            m.value,
            text.unwrap_or_else(|| loc.missing().to_owned()),
            m.undefined_reason.as_deref().map(|w| reason(lang, w)),
        )
    };
    let figure = |id: &str, label: &str, (v, t, w): (Option<f64>, String, Option<String>)| {
        card(id, label, v, t, w)
    };
    let payback = match r.payback_months {
        Some(k) => (
            Some(k as f64),
            trs(
                lang,
                format!("{k} month{}", if k == 1 { "" } else { "s" }),
                format!("{k} {}", if k == 1 { "mese" } else { "mesi" }),
            ),
            None,
        ),
        None => (
            None,
            loc.missing().to_owned(),
            r.payback_reason.as_deref().map(|w| reason(lang, w)),
        ),
    };
    html! {
        <>
            <dl class="quick-figures">
                { figure("roi", "ROI", show(&r.roi, r.roi.value.map(|v| format::percent(v, 1, loc)))) }
                { card("investment", tr(lang, "Total investment", "Investimento totale"), Some(r.investment.total), format::money(r.investment.total, 2, cur, loc), None) }
                { card("value", tr(lang, "Profit from the sales", "Profitto dalle vendite"), r.value, r.value.map(|v| format::money(v, 2, cur, loc)).unwrap_or_else(|| loc.missing().to_owned()), None) }
                { figure("break-even", tr(lang, "Break-even sales", "Vendite di pareggio"), show(&r.break_even_revenue, money(&r.break_even_revenue))) }
                { figure("payback", tr(lang, "Payback", "Rientro"), payback) }
                { figure("roas", "ROAS", show(&r.roas, r.roas.value.map(|v| format::fixed(v, 2, loc)))) }
                { figure("cost-per-customer", tr(lang, "Cost per new customer", "Costo per nuovo cliente"), show(&r.cost_per_new_customer, money(&r.cost_per_new_customer))) }
                { figure("max-cost-per-customer", tr(lang, "Most a new customer may cost", "Costo massimo di un nuovo cliente"), show(&r.max_cost_per_new_customer, money(&r.max_cost_per_new_customer))) }
                { figure("cost-per-follower", tr(lang, "Cost per new follower", "Costo per nuovo follower"), show(&r.cost_per_new_follower, money(&r.cost_per_new_follower))) }
            </dl>
            <p class="quick-verdict" data-testid="quick-verdict">{ r.verdict(lang).to_owned() }</p>
        </>
    }
}

#[function_component(QuickCalculator)]
pub fn quick_calculator(props: &Props) -> Html {
    let lang = props.lang;
    let texts = use_state(|| vec![String::new(); FIELDS.len()]);
    let saved_error = use_state(|| None::<String>);
    let (q, errors) = read_form(&texts, lang);
    let r = quick::compute(&q);
    let cur = q.currency.clone().unwrap_or_default();
    let fields = FIELDS.iter().enumerate().map(|(i, (id, en, it))| {
        let oninput = {
            let texts = texts.clone();
            Callback::from(move |e: InputEvent| {
                let mut v = (*texts).clone();
                v[i] = e.target_unchecked_into::<HtmlInputElement>().value();
                texts.set(v);
            })
        };
        let fid = format!("quick-{id}");
        let err_id = format!("{fid}-error");
        let err = errors[i].clone();
        let mode = if *id == "currency" { "text" } else { "decimal" };
        html! {
            <div class="control">
                <label for={fid.clone()}>{ tr(lang, en, it) }</label>
                <input id={fid} type="text" inputmode={mode} size="10" autocomplete="off"
                    value={texts[i].clone()} {oninput}
                    aria-invalid={err.is_some().then_some("true")}
                    aria-describedby={err.is_some().then(|| err_id.clone())} />
                if let Some(e) = err { <span class="field-error" id={err_id}>{ e }</span> }
            </div>
        }
    });
    // Enter in a field submits the form: nothing to send, the figures are already up to date.
    let onsubmit = Callback::from(|e: SubmitEvent| e.prevent_default());
    let save = {
        let (q, saved_error) = (q.clone(), saved_error.clone());
        Callback::from(move |_: MouseEvent| {
            let mut q = q.clone();
            q.months = Some(q.months.unwrap_or(1.0));
            match quick::to_plan(&q, this_month()) {
                Ok(plan) => {
                    saved_error.set(None);
                    let _ = crate::browser::download::save_text(
                        &plan.to_json(),
                        "application/json",
                        "social-roi-plan.json",
                    );
                }
                Err(e) => saved_error.set(Some(e.message(lang))),
            }
        })
    };
    html! {
        <details class="step quick" data-testid="quick" open={props.open}>
            <summary><h2 id="quick-title">{ tr(lang, "No file? Calculate from your numbers", "Nessun file? Calcola dai tuoi numeri") }</h2></summary>
            <p class="hint">{ tr(lang,
                "Totals over the months you choose; fixed costs are per month. Empty fields count as nothing spent. The figures update as you type.",
                "Totali sui mesi che scegli; i costi fissi sono al mese. I campi vuoti valgono come nessuna spesa. I risultati si aggiornano mentre scrivi.") }</p>
            <form class="quick-form" {onsubmit} aria-labelledby="quick-title">
                <div class="controls">{ for fields }</div>
                <button type="submit" class="visually-hidden" tabindex="-1">{ tr(lang, "Calculate", "Calcola") }</button>
            </form>
            <div class="quick-results" aria-live="polite" data-testid="quick-results">
                { results(&r, lang, &cur) }
            </div>
            <div class="actions">
                <button type="button" class="secondary" onclick={save}>{ tr(lang, "Save as plan", "Salva come piano") }</button>
            </div>
            if let Some(e) = &*saved_error { <p class="field-error" role="alert">{ e.clone() }</p> }
        </details>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_margin_in_percent_and_flags_bad_fields() {
        let mut texts = vec![String::new(); FIELDS.len()];
        texts[0] = "400".into();
        texts[5] = "0".into();
        texts[6] = "x".into();
        texts[7] = "40".into();
        texts[8] = "-3".into();
        let (q, errors) = read_form(&texts, Lang::En);
        assert_eq!(q.spend, Some(400.0));
        assert_eq!(q.margin, Some(0.4));
        assert_eq!(q.months, None);
        assert_eq!(q.revenue, None);
        assert!(errors[5].is_some(), "months 0");
        assert!(errors[6].is_some(), "not a number");
        assert!(errors[8].is_some(), "negative");
        assert!(errors[0].is_none() && errors[7].is_none());
        let (_, it) = read_form(&texts, Lang::It);
        assert!(it[6].as_deref().unwrap().starts_with("Scrivi"));
        // the core's checks next to their field, in the page's language and without the plan frame
        assert_eq!(it[8].as_deref(), Some("Un numero da 0 in su."));
        assert_eq!(errors[8].as_deref(), Some("A number of 0 or more."));
        texts[9] = "2,5".into();
        let (q, it) = read_form(&texts, Lang::It);
        assert_eq!(it[9].as_deref(), Some("Un numero intero (un conteggio)."));
        assert_eq!(q.new_followers, None, "a refused field is left out");
    }

    #[test]
    fn hours_without_a_rate_and_a_margin_over_100_percent_are_flagged() {
        let mut texts = vec![String::new(); FIELDS.len()];
        texts[1] = "10".into();
        texts[7] = "140".into();
        let (q, errors) = read_form(&texts, Lang::En);
        assert!(errors[2].is_some(), "the hourly rate is asked for");
        assert_eq!(q.hours, None, "the hours are not counted as free");
        assert!(errors[7].is_some(), "a margin of 140%");
        assert_eq!(q.margin, None);
        texts[2] = "25".into();
        texts[7] = "40".into();
        let (q, errors) = read_form(&texts, Lang::En);
        assert!(errors.iter().all(Option::is_none), "{errors:?}");
        assert_eq!((q.hours, q.hourly_rate), (Some(10.0), Some(25.0)));
    }
}
