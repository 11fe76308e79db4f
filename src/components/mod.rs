//! The page's components, one per file, each with its own `Props`.

pub mod app;
pub mod chart_view;
pub mod data_input;
pub mod preview;
