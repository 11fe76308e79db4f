//! Benchmark-only entry points over `social-roi-core`, compiled to wasm for `bench/index.html` (issue 7).
//!
//! Nothing here ships in the page: the crate exists so the browser benchmark can time the very
//! core functions the app uses, without the Yew UI around them. The pure part ([`work`]) builds and
//! is tested natively; the wasm-bindgen exports live in `web` (wasm32 only).
//!
//! What is measured, and how it maps onto the app:
//! * [`work::load`] — `ingest::read` with default options (encoding check, sniffing, the fused
//!   split-and-type pass, date order, finish): the same call the page's `ReadJob` makes in slices.
//! * [`work::stats`] — per numeric column the descriptives the analysis engine's preparation unit
//!   computes for a complete column (`summarize_complete`: mean, sample SD, min, max, sum, acf1;
//!   no median — the JS side computes none either), then Pearson r for every pair through the
//!   engine's fast path (`dot_centered` + `pearson_from_sums`, which also gives p and the CI).
//!   Columns with missing cells fall back to `describe` and `pearson` (pairwise deletion).
//! * [`work::analyze`] — the full analysis through `analysis::Job`, one unit per step so the
//!   longest unit (what the page must wait for between yields) is known.

pub mod work;

#[cfg(target_arch = "wasm32")]
mod web;
