//! Downloads of the results: correlations, ROI per period, lags and before/after as CSV (standard,
//! or as Excel expects it in Italian), the full JSON report (the CLI's `--json` document), and the
//! analysis plan to repeat the same analysis next month.

use std::rc::Rc;

use social_roi_core::analysis::before_after::before_after;
use social_roi_core::analysis::Report;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

use crate::browser::download::{save_json, save_text};
use crate::components::app::AppContext;
use crate::components::before_after::effective_split;
use crate::export::{self, Dialect};
use crate::i18n::tr;
use crate::state::Kendall;

#[derive(Properties)]
pub struct Props {
    pub report: Rc<Report>,
    #[prop_or_default]
    pub changes: Option<Rc<Report>>,
    /// Kendall's tau of the levels, when it comes after the report.
    #[prop_or_default]
    pub kendall: Kendall,
}

/// By identity: comparing reports by value would scan them on every render.
impl PartialEq for Props {
    fn eq(&self, other: &Self) -> bool {
        crate::state::same_rc(&self.report, &other.report)
            && crate::state::same_opt_rc(&self.changes, &other.changes)
            && self.kendall == other.kendall
    }
}

#[function_component(Exports)]
pub fn exports(props: &Props) -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let reanalyse = {
        let app = app.clone();
        Callback::from(move |_: MouseEvent| app.dispatch(crate::state::Action::Reanalyse))
    };
    let dialect = use_state(|| Dialect::STANDARD);
    let failed = use_state(|| false);
    let d = *dialect;
    let csv_mime = "text/csv;charset=utf-8";

    // Each button builds its file when pressed, from the state of that moment.
    let save = |make: Rc<dyn Fn() -> Option<(String, &'static str, &'static str)>>| {
        let failed = failed.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some((text, mime, name)) = make() {
                failed.set(save_text(&text, mime, name).is_err());
            }
        })
    };
    // Kendall's values: in the report, or in the front worker's finished one.
    let levels = props.kendall.correlations_of(&props.report);
    let correlations = {
        let (r, c) = (levels.clone(), props.changes.clone());
        save(Rc::new(move || {
            Some((
                export::correlations_csv(&r, c.as_deref(), d),
                csv_mime,
                "social-roi-correlations.csv",
            ))
        }))
    };
    let roi = {
        let r = props.report.clone();
        save(Rc::new(move || {
            r.roi.as_ref().map(|roi| {
                (
                    export::roi_csv(roi, d),
                    csv_mime,
                    "social-roi-roi-per-period.csv",
                )
            })
        }))
    };
    let lags = {
        let r = props.report.clone();
        save(Rc::new(move || {
            Some((export::lags_csv(&r, d), csv_mime, "social-roi-lags.csv"))
        }))
    };
    let before_after_csv = {
        let (table, split) = (app.table.clone(), app.split);
        save(Rc::new(move || {
            let t = table.as_ref()?;
            let s = effective_split(t.dates()?, split)?;
            Some((
                export::before_after_csv(&before_after(t, s, None), d),
                csv_mime,
                "social-roi-before-after.csv",
            ))
        }))
    };
    // Written in pieces, not built as one string first (a million rows make 1.8 GB of JSON).
    let json = {
        let (app, r, failed) = (app.clone(), props.report.clone(), failed.clone());
        let kendall = props.kendall.clone();
        Callback::from(move |_: MouseEvent| {
            let Some(table) = app.table.as_ref() else {
                return;
            };
            let files: Vec<&social_roi_core::ingest::FileReport> = app
                .sources
                .iter()
                .filter_map(|s| s.loaded.as_ref().map(|l| &l.report))
                .collect();
            let source = if app.plan_edited {
                "set in the page"
            } else {
                "guessed from column names"
            };
            // the change series the page's reports leave out until a download needs them
            let mut r = crate::wire::report::with_series(&r, table);
            if let Kendall::Counted(k) = &kendall {
                r.correlations = k.correlations.clone();
            }
            let doc = export::results_document(
                &files,
                table,
                &r,
                &app.plan,
                source,
                app.events.retention.as_deref(),
                app.lang,
            );
            failed.set(save_json(&doc, "social-roi-results.json").is_err());
        })
    };
    let plan = {
        let plan = app.plan.clone();
        save(Rc::new(move || {
            Some((plan.to_json(), "application/json", "social-roi-plan.json"))
        }))
    };
    let on_dialect = {
        let dialect = dialect.clone();
        Callback::from(move |e: Event| {
            let v = e.target_unchecked_into::<HtmlSelectElement>().value();
            dialect.set(if v == "excel-it" {
                Dialect::EXCEL_IT
            } else {
                Dialect::STANDARD
            });
        })
    };
    let has_lags = !props.report.lagged.is_empty();
    // Not with Kendall's values missing: a file would show them as undefined without a reason.
    let incomplete = matches!(props.kendall, Kendall::Pending | Kendall::Unavailable);
    let has_dates = app.table.as_ref().is_some_and(|t| t.dates().is_some());
    html! {
        <section class="results-part exports" data-testid="exports" aria-labelledby="exports-title">
            <h3 id="exports-title">{ tr(lang, "Take the results with you", "Porta via i risultati") }</h3>
            <div class="control">
                <label for="csv-dialect">{ tr(lang, "CSV files for", "File CSV per") }</label>
                <select id="csv-dialect" onchange={on_dialect}>
                    <option value="standard" selected={d == Dialect::STANDARD}>{ tr(lang, "any program (comma, decimal point)", "qualsiasi programma (virgola, punto decimale)") }</option>
                    <option value="excel-it" selected={d == Dialect::EXCEL_IT}>{ tr(lang, "Excel in Italian (semicolon, decimal comma)", "Excel in italiano (punto e virgola, virgola decimale)") }</option>
                </select>
            </div>
            <div class="actions">
                <button type="button" onclick={correlations} disabled={incomplete}>{ tr(lang, "Download results (CSV)", "Scarica i risultati (CSV)") }</button>
                <button type="button" onclick={json} disabled={incomplete}>{ tr(lang, "Download results (JSON)", "Scarica i risultati (JSON)") }</button>
                if props.report.roi.is_some() {
                    <button type="button" class="secondary" onclick={roi}>{ tr(lang, "ROI per period (CSV)", "ROI per periodo (CSV)") }</button>
                }
                if has_lags {
                    <button type="button" class="secondary" onclick={lags}>{ tr(lang, "Lags (CSV)", "Ritardi (CSV)") }</button>
                }
                if has_dates {
                    <button type="button" class="secondary" onclick={before_after_csv}>{ tr(lang, "Before/after (CSV)", "Prima/dopo (CSV)") }</button>
                }
                <button type="button" class="secondary" onclick={plan}>{ tr(lang, "Save the plan for next month", "Salva il piano per il mese prossimo") }</button>
            </div>
            <p class="hint">{ tr(lang,
                "“Results (CSV)” has every pair's Pearson, Spearman and Kendall coefficients with p, Benjamini–Hochberg adjusted p and n, on levels and on changes. The JSON file is the complete report, the same the command line writes. Files are made in your browser; nothing is sent anywhere.",
                "«Risultati (CSV)» contiene per ogni coppia i coefficienti di Pearson, Spearman e Kendall con p, p corretto Benjamini–Hochberg e n, sui livelli e sulle variazioni. Il file JSON è il report completo, lo stesso della riga di comando. I file sono creati nel browser; non viene inviato nulla.") }</p>
            if let Kendall::Pending = props.kendall {
                <p class="hint" role="status">{ tr(lang,
                    "The results files wait for Kendall's τ, still being counted.",
                    "I file dei risultati aspettano il τ di Kendall, ancora in calcolo.") }</p>
            } else if incomplete {
                <p class="hint">{ tr(lang,
                    "The results files need Kendall's τ, which was not counted: the analysis stopped before it.",
                    "I file dei risultati richiedono il τ di Kendall, che non è stato calcolato: l'analisi si è fermata prima.") }</p>
                <button type="button" class="secondary" onclick={reanalyse.clone()}>{ tr(lang, "Analyse again", "Analizza di nuovo") }</button>
            }
            if *failed {
                <p class="error" role="alert">{ tr(lang, "The file could not be saved.", "Non è stato possibile salvare il file.") }</p>
            }
        </section>
    }
}
