//! Step 4, the results: findings first, then ROI, correspondences (heatmap and the opened pair),
//! before/after, each column over time, and the downloads.

use yew::prelude::*;

use crate::components::app::AppContext;
use crate::components::before_after::BeforeAfterView;
use crate::components::chart_view::ChartView;
use crate::components::correlations::Correlations;
use crate::components::exports::Exports;
use crate::components::findings::Findings;
use crate::components::pair::PairDetail;
use crate::components::roi::RoiDashboard;
use crate::components::sources::ErrorBox;
use crate::i18n::tr;
use crate::state::AnalysisStatus;

#[function_component(Results)]
pub fn results() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    let failed = match &app.analysis.status {
        AnalysisStatus::Failed(e) => html! { <ErrorBox error={e.clone()} /> },
        _ => html! {},
    };
    let running = matches!(app.analysis.status, AnalysisStatus::Running { .. });
    let body = match (app.shown(), &app.analysis.status) {
        (Some((shown, stale)), _) => {
            let (report, changes) = (shown.report, shown.changes);
            html! {
            <div class={classes!("results-body", stale.then_some("updating"))} aria-busy={(stale && running).to_string()}>
                if stale && running {
                    <p class="hint updating-note" role="status">{ tr(lang, "Updating the results…", "Aggiornamento dei risultati…") }</p>
                } else if stale {
                    <p class="hint updating-note">{ tr(lang, "These results are from before your last change.", "Questi risultati sono di prima dell'ultima modifica.") }</p>
                }
                <Findings report={report.clone()} />
                <RoiDashboard report={report.clone()} />
                <Correlations report={report.clone()} changes={changes.clone()} />
                if let Some((x, y)) = app.pair.clone() {
                    <PairDetail x={x} y={y} />
                }
                <BeforeAfterView />
                <ChartView />
                <Exports report={report.clone()} changes={changes.clone()} />
            </div>
            }
        }
        (None, AnalysisStatus::Running { .. }) => html! {
            <p class="hint" role="status">{ tr(lang, "Analysing…", "Analisi in corso…") }</p>
        },
        (None, _) => html! {},
    };
    html! {
        <section class="step results" aria-labelledby="results-title">
            <h2 id="results-title">{ tr(lang, "4. Results", "4. Risultati") }</h2>
            { failed }
            { body }
        </section>
    }
}
