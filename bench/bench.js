// In-page half of the browser benchmark (issue 7): times our wasm core and Papa Parse + simple-statistics
// on the same bytes, in the same page, and hands the figures to bench/run.mjs through `window.bench`.
// Both sides start from the same ArrayBuffer (fetched, not timed): Papa's time includes TextDecoder,
// ours includes the copy of the bytes into wasm memory. Benchmark-only; nothing here ships in the app.
import init, * as wasm from '/pkg/bench.js';

/* global Papa, ss */

const state = { bytes: null, exports: null, last: null };

function sizes() {
  const mem = performance.memory || {};
  return {
    wasm_memory_bytes: state.exports ? state.exports.memory.buffer.byteLength : 0,
    js_heap_used_bytes: mem.usedJSHeapSize ?? null,
    js_heap_total_bytes: mem.totalJSHeapSize ?? null,
  };
}

/** Instantiates the benchmark wasm (compile + instantiate, streamed from the server). */
async function initWasm() {
  const t0 = performance.now();
  state.exports = await init({ module_or_path: '/pkg/bench_bg.wasm' });
  return { init_ms: performance.now() - t0, ...sizes() };
}

/** Fetches the data file into an ArrayBuffer kept by the page (not timed as part of any tool). */
async function prepare(url) {
  const t0 = performance.now();
  const r = await fetch(url);
  if (!r.ok) throw new Error(`${url}: HTTP ${r.status}`);
  state.bytes = new Uint8Array(await r.arrayBuffer());
  return { bytes: state.bytes.length, fetch_ms: performance.now() - t0, cross_origin_isolated: self.crossOriginIsolated };
}

/** Ours in one call (used by the profile): copy + ingest::read + descriptives + Pearson. */
function wasmIngestStats() {
  state.last = null;
  const t0 = performance.now();
  const json = wasm.ingest_and_stats(state.bytes);
  const t1 = performance.now();
  const out = JSON.parse(json);
  state.last = out;
  return {
    rows: out.rows,
    numeric: out.numeric,
    copy_ms: out.entered_at - t0,
    parse_ms: out.parsed_at - out.entered_at,
    ingest_ms: out.parsed_at - t0, // copy + parse + typing: the figure compared with Papa's decode + parse
    stats_ms: out.stats_done_at - out.parsed_at,
    total_ms: t1 - t0, // includes handing the small JSON result back
    descriptives_ms: out.descriptives_ms,
    pearson_ms: out.pearson_ms,
    stats: out.stats,
    ...sizes(),
  };
}

/** Ours, step 1: copy into wasm memory + ingest::read (UTF-8 check, sniff, split-and-type); keeps the table. */
function wasmIngest() {
  state.last = null;
  const t0 = performance.now();
  const out = JSON.parse(wasm.load(state.bytes));
  return { rows: out.rows, numeric: out.numeric, copy_ms: out.entered_at - t0, parse_ms: out.parsed_at - out.entered_at,
    ingest_ms: out.parsed_at - t0, ...sizes() };
}

/** Ours, step 2: descriptives + the Pearson matrix of the table kept by step 1. */
function wasmStats() {
  const t0 = performance.now();
  const st = JSON.parse(wasm.stats());
  const stats_ms = performance.now() - t0;
  return { stats_ms, descriptives_ms: st.descriptives_ms, pearson_ms: st.pearson_ms,
    stats: { names: st.names, n: st.n, means: st.means, sds: st.sds, pearson: st.pearson }, ...sizes() };
}

/** Ours, for the analysis benchmark: copy + ingest only (keeps the table in wasm memory). */
const wasmLoad = wasmIngest;

/** Ours: the full analysis (analysis::Job over the stored table), optionally also the "changes" view. */
function wasmAnalyze(withChanges = false, target = 'revenue', maxLag = 12) {
  const t0 = performance.now();
  const out = JSON.parse(wasm.analyze(target, maxLag, withChanges));
  return { call_ms: performance.now() - t0, ...out, ...sizes() };
}

/** Diagnostics: ingestion as the page does it (ReadJob, `budget` bytes per step, all in one call). */
function wasmLoadSliced(budget = 256 * 1024) {
  const t0 = performance.now();
  const out = JSON.parse(wasm.load_sliced(state.bytes, budget));
  return { rows: out.rows, steps: out.steps, copy_ms: out.entered_at - t0, ingest_ms: out.parsed_at - t0, ...sizes() };
}

/** Diagnostics: ingestion phase by phase, then descriptives and Pearson separately. */
function wasmPhases() {
  const t0 = performance.now();
  const out = JSON.parse(wasm.ingest_phases(state.bytes));
  const t1 = performance.now();
  const st = JSON.parse(wasm.stats());
  return { rows: out.rows, ingest_ms: t1 - t0, phases: out.phases, descriptives_ms: st.descriptives_ms, pearson_ms: st.pearson_ms };
}

/** Theirs, step 1: TextDecoder + Papa.parse(text, {header: true, dynamicTyping: true}); keeps the result. */
function papaIngest() {
  state.last = null;
  const t0 = performance.now();
  const text = new TextDecoder().decode(state.bytes);
  const t1 = performance.now();
  const res = Papa.parse(text, { header: true, dynamicTyping: true });
  const t2 = performance.now();
  state.last = { res };
  // The file ends with a newline: Papa reports one last, empty row (and a TooFewFields error) for it.
  let n = res.data.length;
  while (n > 0 && Object.keys(res.data[n - 1]).length < res.meta.fields.length) n--;
  return { rows: n, numeric: res.meta.fields.filter((f) => typeof res.data[0][f] === 'number').length, decode_ms: t1 - t0,
    parse_ms: t2 - t1, ingest_ms: t2 - t0, papa_errors: res.errors.length, ...sizes() };
}

/** Theirs, step 2: the numeric columns as arrays, then 12 means, sample SDs and 66 Pearson r with simple-statistics. */
function papaStats() {
  const { res } = state.last;
  const t0 = performance.now();
  const fields = res.meta.fields;
  const rows = res.data;
  let n = rows.length;
  while (n > 0 && Object.keys(rows[n - 1]).length < fields.length) n--;
  const names = fields.filter((f) => typeof rows[0][f] === 'number');
  const cols = names.map((f) => {
    const a = new Array(n);
    for (let i = 0; i < n; i++) a[i] = rows[i][f];
    return a;
  });
  const means = cols.map((c) => ss.mean(c));
  const sds = cols.map((c) => ss.sampleStandardDeviation(c));
  const pearson = [];
  for (let i = 0; i < cols.length; i++) {
    for (let j = i + 1; j < cols.length; j++) pearson.push(ss.sampleCorrelation(cols[i], cols[j]));
  }
  const stats_ms = performance.now() - t0;
  const nonNumeric = cols.reduce((k, c) => k + c.filter((v) => typeof v !== 'number').length, 0);
  state.last.cols = cols;
  return { stats_ms, non_numeric_cells: nonNumeric, stats: { names, n: cols.map(() => n), means, sds, pearson }, ...sizes() };
}

/** Drops what the last run produced so a warm run starts from the same state. */
function release() {
  state.last = null;
  if (state.exports) wasm.clear();
  return sizes();
}

window.bench = { initWasm, prepare, wasmIngest, wasmStats, wasmIngestStats, wasmLoad, wasmLoadSliced, wasmPhases, wasmAnalyze,
  papaIngest, papaStats, release, sizes };
window.benchReady = true;
