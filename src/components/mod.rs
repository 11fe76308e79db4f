//! The page's components, one per file, each with its own `Props`. They read the app state from
//! context (`app::AppContext`) and change it only by dispatching `state::Action`s.

pub mod app;
pub mod before_after;
pub mod chart_frame;
pub mod chart_view;
pub mod check;
pub mod correlations;
pub mod data_input;
pub mod events;
pub mod exports;
pub mod field;
pub mod findings;
pub mod header;
pub mod invest_setup;
pub mod investment;
pub mod pair;
pub mod privacy;
pub mod progress;
pub mod quick;
pub mod results;
pub mod retention;
pub mod roi;
pub mod roles;
pub mod select;
pub mod sources;
