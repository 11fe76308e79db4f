//! Progress of reading and analysing, with a cancel button; announced to screen readers.

use yew::prelude::*;

use crate::components::app::AppContext;
use crate::i18n::tr;
use crate::state::{Action, AnalysisStatus, SourceStatus};

#[function_component(Progress)]
pub fn progress() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let reading: Vec<f64> = app
        .sources
        .iter()
        .filter_map(|s| match s.status {
            SourceStatus::Reading { progress, .. } => Some(progress),
            _ => None,
        })
        .collect();
    let (label, value) = if !reading.is_empty() {
        (
            tr(lang, "Reading the data…", "Lettura dei dati…"),
            reading.iter().sum::<f64>() / reading.len() as f64,
        )
    } else if let AnalysisStatus::Running { progress } = app.analysis.status {
        (tr(lang, "Analysing…", "Analisi in corso…"), progress)
    } else if let Some(progress) = app.analysis.changes_pending {
        (
            tr(
                lang,
                "Comparing period-to-period changes…",
                "Confronto delle variazioni da un periodo all'altro…",
            ),
            progress,
        )
    } else {
        return html! {};
    };
    let pct = (value.clamp(0.0, 1.0) * 100.0).round() as u32;
    let cancel = {
        let app = app.clone();
        Callback::from(move |_| app.dispatch(Action::Cancel))
    };
    html! {
        <div class="progress" role="status" aria-live="polite">
            <label for="work-progress">{ label }</label>
            <progress id="work-progress" max="100" value={pct.to_string()}>{ format!("{pct}%") }</progress>
            <span class="pct">{ format!("{pct}%") }</span>
            <button type="button" class="secondary" onclick={cancel}>{ tr(lang, "Cancel", "Annulla") }</button>
        </div>
    }
}
