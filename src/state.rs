//! The app's state and the pure reducer that changes it (no side effects here; those live in effects).

use std::rc::Rc;

use social_roi_core::ingest::Loaded;
use yew::Reducible;

/// A user-visible error: the message (already in the user's language) and where it points.
#[derive(Debug, Clone, PartialEq)]
pub struct ShownError {
    pub kind: &'static str,
    pub line: Option<u64>,
    pub column: Option<u64>,
    pub message: String,
}

impl From<&social_roi_core::Error> for ShownError {
    fn from(e: &social_roi_core::Error) -> Self {
        ShownError {
            kind: e.kind_code(),
            line: e.line(),
            column: e.column(),
            message: e.message(social_roi_core::Lang::En),
        }
    }
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct State {
    /// The text in the paste area.
    pub pasted: String,
    /// The last successfully read data; kept when a later step fails.
    pub loaded: Option<Rc<Loaded>>,
    /// The last error, if the last attempt failed.
    pub error: Option<ShownError>,
    /// The numeric column drawn over time.
    pub chart_column: Option<String>,
}

pub enum Action {
    /// The paste area changed.
    SetPasted(String),
    /// A read finished successfully.
    Loaded(Rc<Loaded>),
    /// A read failed; what was loaded before stays.
    Failed(ShownError),
    /// The user picked the column to chart.
    ChooseChartColumn(String),
    /// Remove everything.
    Clear,
}

impl Reducible for State {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut s = (*self).clone();
        match action {
            Action::SetPasted(text) => s.pasted = text,
            Action::Loaded(loaded) => {
                let first_numeric = loaded.table.numeric_columns().next().map(|(n, _)| n.to_owned());
                let keep = s.chart_column.as_ref().filter(|c| loaded.table.numbers(c).is_some()).cloned();
                s.chart_column = keep.or(first_numeric);
                s.loaded = Some(loaded);
                s.error = None;
            }
            Action::Failed(e) => s.error = Some(e),
            Action::ChooseChartColumn(c) => s.chart_column = Some(c),
            Action::Clear => s = State::default(),
        }
        Rc::new(s)
    }
}
