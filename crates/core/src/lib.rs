//! Social ROI core: bytes in, typed table out, then statistics, ROI and findings — pure Rust, no I/O, no DOM.
//!
//! The crate is shared by the web app (compiled to wasm) and the native CLI. It knows nothing about
//! browsers, files or the network: callers hand it bytes and options and get typed values back.

pub mod analysis;
pub mod date;
pub mod decimal;
pub mod error;
pub mod events;
pub mod hash;
pub mod ingest;
pub mod json;
pub mod notes;
pub mod reshape;
pub mod sheet;
pub mod stats;
pub mod table;
pub mod text;

pub use analysis::{Finding, Job as AnalysisJob, Plan, Report};
pub use date::Date;
pub use error::{Error, ErrorKind, Position, Result};
pub use ingest::{FileReport, Loaded, Options, ReadJob};
pub use reshape::{AggRule, JoinKind, Period};
pub use table::{Column, ColumnData, DateColumn, RowSource, Table, TextColumn};

/// Language of user-facing text produced by the core (error messages, findings).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    En,
    It,
}
