//! Step 4, the results: findings first, then ROI (and the return on the whole investment), correspondences (heatmap and the opened pair),
//! before/after, each column over time, and the downloads.

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::components::app::AppContext;
use crate::components::before_after::BeforeAfterView;
use crate::components::chart_view::ChartView;
use crate::components::correlations::Correlations;
use crate::components::exports::Exports;
use crate::components::findings::Findings;
use crate::components::investment::InvestmentView;
use crate::components::pair::PairDetail;
use crate::components::retention::RetentionView;
use crate::components::roi::RoiDashboard;
use crate::components::sources::ErrorBox;
use crate::i18n::tr;
use crate::state::{Action, AnalysisStatus};

/// The result sections, in page order.
const SECTIONS: usize = 9;

#[function_component(Results)]
pub fn results() -> Html {
    let app = use_context::<AppContext>().expect("app context");
    let lang = app.lang;
    // When results first appear, the sections are mounted one per browser task (findings first):
    // on a million rows each section's charts and tables take tens of milliseconds, and all of
    // them in one task would freeze the page for seconds. Later updates re-render in place.
    let has_results = app.shown().is_some();
    let revealed = use_state(|| 0usize);
    {
        let revealed = revealed.clone();
        use_effect_with((has_results, *revealed), move |&(has, n)| {
            let next = if !has {
                (n != 0).then_some(0)
            } else {
                (n < SECTIONS).then_some(n + 1)
            };
            let timer = next.map(|v| Timeout::new(0, move || revealed.set(v)));
            move || drop(timer)
        });
    }
    let upto = |i: usize| *revealed >= i;
    let failed = match &app.analysis.status {
        // The messages of a cancelled or crashed analysis name this button.
        AnalysisStatus::Failed(e) => {
            let again = app.dispatcher();
            html! {
                <>
                    <ErrorBox error={e.clone()} />
                    <button type="button" class="secondary" onclick={move |_| again.dispatch(Action::Reanalyse)}>
                        { tr(lang, "Analyse again", "Analizza di nuovo") }
                    </button>
                </>
            }
        }
        _ => html! {},
    };
    let running = matches!(app.analysis.status, AnalysisStatus::Running { .. });
    let body = match (app.shown(), &app.analysis.status) {
        (Some((shown, stale)), _) => {
            let (report, changes, kendall) = (shown.report, shown.changes, shown.kendall);
            html! {
            <div class={classes!("results-body", stale.then_some("updating"))} aria-busy={(stale && running).to_string()}>
                if stale && running {
                    <p class="hint updating-note" role="status">{ tr(lang, "Updating the results…", "Aggiornamento dei risultati…") }</p>
                } else if stale {
                    <p class="hint updating-note">{ tr(lang, "These results are from before your last change.", "Questi risultati sono di prima dell'ultima modifica.") }</p>
                }
                <Findings report={report.clone()} />
                if upto(2) {
                    <RoiDashboard report={report.clone()} />
                }
                if upto(3) {
                    <InvestmentView report={report.clone()} />
                }
                if let (true, Some(r)) = (upto(4), app.events.retention.clone()) {
                    <RetentionView retention={r} period={app.events.period} />
                }
                if upto(5) {
                    <Correlations report={report.clone()} changes={changes.clone()} kendall={kendall.clone()} />
                }
                if let (true, Some((x, y))) = (upto(6), app.pair.clone()) {
                    <PairDetail x={x} y={y} />
                }
                if upto(7) {
                    <BeforeAfterView />
                }
                if upto(8) {
                    <ChartView />
                }
                if upto(SECTIONS) {
                    <Exports report={report.clone()} changes={changes.clone()} kendall={kendall.clone()} />
                }
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
