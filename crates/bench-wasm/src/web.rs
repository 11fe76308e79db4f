//! wasm-bindgen exports for `bench/index.html`: load, stats, analyze, clear (results as JSON text).
//!
//! The table read by [`load`] stays in wasm memory for the following calls, as in the page. Every
//! export returns JSON with `performance.now()` stamps taken inside wasm, so the page can split its
//! own outer timing into "copy into wasm memory" (before entry) and the Rust work.

use std::cell::RefCell;
use std::sync::Arc;

use serde_json::json;
use social_roi_core::{Plan, Table};
use wasm_bindgen::prelude::*;

use crate::work;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = performance, js_name = now)]
    fn perf_now() -> f64;
}

thread_local! {
    static TABLE: RefCell<Option<Arc<Table>>> = const { RefCell::new(None) };
}

fn err(e: social_roi_core::Error) -> JsError {
    JsError::new(&e.to_string())
}

fn table() -> Result<Arc<Table>, JsError> {
    TABLE
        .with(|t| t.borrow().clone())
        .ok_or_else(|| JsError::new("no table: call load() first"))
}

/// Drops the stored table (its memory returns to the allocator, not to the browser).
#[wasm_bindgen]
pub fn clear() {
    TABLE.with(|t| t.borrow_mut().take());
}

/// Reads the file's bytes (already copied into wasm memory by the glue) and keeps the table.
/// JSON: `{rows, numeric, entered_at, parsed_at}` (`performance.now()` values).
#[wasm_bindgen]
pub fn load(bytes: &[u8]) -> Result<String, JsError> {
    let entered_at = perf_now();
    clear();
    let t = work::load(bytes).map_err(err)?;
    let parsed_at = perf_now();
    let out = json!({
        "rows": t.n_rows(),
        "numeric": t.numeric_columns().count(),
        "entered_at": entered_at,
        "parsed_at": parsed_at,
    });
    TABLE.with(|s| *s.borrow_mut() = Some(Arc::new(t)));
    Ok(out.to_string())
}

/// Descriptives and the Pearson matrix of the stored table. JSON: [`work::Stats`] plus `ms`.
#[wasm_bindgen]
pub fn stats() -> Result<String, JsError> {
    let t = table()?;
    let start = perf_now();
    let (s, descriptives_ms, pearson_ms) = work::stats_timed(&t, &mut perf_now);
    let ms = perf_now() - start;
    let mut out = s.to_json();
    out["ms"] = json!(ms);
    out["descriptives_ms"] = json!(descriptives_ms);
    out["pearson_ms"] = json!(pearson_ms);
    Ok(out.to_string())
}

/// [`load`] then [`stats`] in one call (one boundary crossing; the figure the benchmark reports).
/// JSON: `{rows, numeric, entered_at, parsed_at, stats_done_at, descriptives_ms, pearson_ms, stats}`.
#[wasm_bindgen]
pub fn ingest_and_stats(bytes: &[u8]) -> Result<String, JsError> {
    let entered_at = perf_now();
    clear();
    let t = work::load(bytes).map_err(err)?;
    let parsed_at = perf_now();
    let (s, descriptives_ms, pearson_ms) = work::stats_timed(&t, &mut perf_now);
    let stats_done_at = perf_now();
    let out = json!({
        "rows": t.n_rows(),
        "numeric": t.numeric_columns().count(),
        "entered_at": entered_at,
        "parsed_at": parsed_at,
        "stats_done_at": stats_done_at,
        "descriptives_ms": descriptives_ms,
        "pearson_ms": pearson_ms,
        "stats": s.to_json(),
    });
    TABLE.with(|st| *st.borrow_mut() = Some(Arc::new(t)));
    Ok(out.to_string())
}

/// [`load`] through `ReadJob` in steps of `budget` bytes, as the page reads (without its yields).
/// JSON: `{rows, steps, entered_at, parsed_at}`.
#[wasm_bindgen]
pub fn load_sliced(bytes: &[u8], budget: usize) -> Result<String, JsError> {
    let entered_at = perf_now();
    clear();
    let (t, steps) = work::load_sliced(bytes, budget).map_err(err)?;
    let parsed_at = perf_now();
    let out = json!({"rows": t.n_rows(), "steps": steps, "entered_at": entered_at, "parsed_at": parsed_at});
    TABLE.with(|s| *s.borrow_mut() = Some(Arc::new(t)));
    Ok(out.to_string())
}

/// Ingestion phase by phase (`ReadJob` with an unlimited budget), keeping the table.
/// JSON: `{rows, phases: [{phase, ms}]}`.
#[wasm_bindgen]
pub fn ingest_phases(bytes: &[u8]) -> Result<String, JsError> {
    clear();
    let (t, phases) = work::ingest_phases(bytes, &mut perf_now).map_err(err)?;
    let out = json!({
        "rows": t.n_rows(),
        "phases": phases.iter().map(|p| json!({"phase": p.phase, "ms": p.ms})).collect::<Vec<_>>(),
    });
    TABLE.with(|s| *s.borrow_mut() = Some(Arc::new(t)));
    Ok(out.to_string())
}

/// The full analysis of the stored table (defaults + lags ±`max_lag` of every column against
/// `target`); with `with_changes` also the default plan on first differences, as the page does next.
/// JSON: `{levels: AnalysisRun, changes: AnalysisRun|null, changes_table_ms}`.
#[wasm_bindgen]
pub fn analyze(target: &str, max_lag: u32, with_changes: bool) -> Result<String, JsError> {
    let t = table()?;
    let mut now = perf_now;
    let levels =
        work::analyze(t.clone(), work::target_plan(target, max_lag), &mut now).map_err(err)?;
    let (changes, changes_table_ms) = if with_changes {
        let start = perf_now();
        let ct = work::changes(&t).map(Arc::new);
        let ms = perf_now() - start;
        let run = match ct {
            Some(ct) => Some(work::analyze(ct, Plan::default(), &mut now).map_err(err)?),
            None => None,
        };
        (run, Some(ms))
    } else {
        (None, None)
    };
    Ok(json!({
        "levels": levels.to_json(),
        "changes": changes.map(|c| c.to_json()),
        "changes_table_ms": changes_table_ms,
    })
    .to_string())
}
