//! The root component: owns the reducer and lays out the steps of the flow.

use std::rc::Rc;

use social_roi_core::ingest;
use yew::prelude::*;

use crate::components::{chart_view::ChartView, data_input::DataInput, preview::Preview};
use crate::state::{Action, ShownError, State};

#[function_component(App)]
pub fn app() -> Html {
    let state = use_reducer(State::default);

    // Parsing is pure computation over bytes already in the page; the result goes through the reducer.
    let on_bytes = {
        let state = state.clone();
        Callback::from(move |(name, bytes): (String, Vec<u8>)| {
            match ingest::read(&name, &bytes, &ingest::Options::default()) {
                Ok(loaded) => state.dispatch(Action::Loaded(Rc::new(loaded))),
                Err(e) => state.dispatch(Action::Failed(ShownError::from(&e))),
            }
        })
    };
    let on_paste_change = {
        let state = state.clone();
        Callback::from(move |text: String| state.dispatch(Action::SetPasted(text)))
    };
    let on_choose = {
        let state = state.clone();
        Callback::from(move |c: String| state.dispatch(Action::ChooseChartColumn(c)))
    };
    let on_clear = {
        let state = state.clone();
        Callback::from(move |_| state.dispatch(Action::Clear))
    };

    html! {
        <main class="app">
            <header class="app-header">
                <h1>{ "Social ROI" }</h1>
                <p class="tagline">{ "Your numbers never leave this page." }</p>
            </header>
            <DataInput pasted={state.pasted.clone()} {on_paste_change} {on_bytes} {on_clear} />
            if let Some(e) = &state.error {
                <div class="error" role="alert">
                    <strong>{ "Cannot read the data" }</strong>
                    <p>{ &e.message }</p>
                </div>
            }
            if let Some(loaded) = &state.loaded {
                <Preview loaded={loaded.clone()} />
                <ChartView loaded={loaded.clone()} column={state.chart_column.clone()} {on_choose} />
            }
        </main>
    }
}
