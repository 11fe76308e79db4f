// Browser benchmark runner (issue 7), started by `./dev bench`: drives headless Chromium over bench/index.html
// (our wasm vs Papa Parse + simple-statistics, then the full analysis) and over the release page dist/index.html
// (first render, long tasks while a 1M-row file is read and analysed), prints tables and writes
// target/bench-results/bench-<time>.json (+ latest.json, latest.md, a mid-way screenshot of the progress bar).
//
//   node bench/run.mjs [--rows 100000,1000000] [--runs 5] [--warm 2] [--page-runs 3] [--page-rows N]
//                      [--only ingest,analysis,profile,page] [--pkg target/bench-wasm] [--page-file PATH]
//                      [--page-query ?noworker]
//
// --page-file: the page part uploads that file instead of large_<page-rows>.csv (e.g. a Shopify-shaped
// orders export from tests/fixtures/events/gen_shopify_large.py, issue 12).
//
// Expects target/bench-data/large_<N>.csv (gen_large.py), target/bench-wasm/bench{.js,_bg.wasm} and, for the
// page part, dist/index.html (`cargo xtask dist`). `./dev bench` prepares all three.
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { ROOT, serve, launch, memOf, cpuOf, resetPeak, rendererRss, pageRenderer, topSelf, longTaskContents, median, MiB, fmt, table, mdTable, machine, packForPage } from './lib.mjs';

// ---- arguments -----------------------------------------------------------------------------------
const argv = process.argv.slice(2);
function opt(name, def) {
  const vals = [];
  for (let i = 0; i < argv.length; i++) if (argv[i] === `--${name}`) vals.push(argv[i + 1]);
  return vals.length ? vals.join(',') : def;
}
const ROWS = opt('rows', '100000,1000000').split(',').filter(Boolean).map(Number);
const RUNS = Number(opt('runs', '5'));
const WARM = Number(opt('warm', '2'));
const PAGE_RUNS = Math.max(1, Number(opt('page-runs', '3')));
const ONLY = new Set(opt('only', 'ingest,analysis,profile,page').split(','));
const DATA = path.join(ROOT, 'target/bench-data');
const OUT = path.join(ROOT, 'target/bench-results');
const PKG = path.resolve(ROOT, opt('pkg', 'target/bench-wasm'));
const DIST = path.join(ROOT, 'dist');
const PAGE_ROWS = Number(opt('page-rows', String(Math.max(...ROWS))));
const PAGE_FILE = opt('page-file', '');
// Appended to the page's URL, e.g. `?noworker` to measure the main-thread (sliced) engine.
const PAGE_QUERY = opt('page-query', '');
fs.mkdirSync(OUT, { recursive: true });

const dataFile = (n) => path.join(DATA, `large_${n}.csv`);
const needsRows = ONLY.has('ingest') || ONLY.has('analysis') || ONLY.has('profile');
for (const n of new Set([...(needsRows ? ROWS : []), ...(ONLY.has('page') && !PAGE_FILE ? [PAGE_ROWS] : [])])) {
  if (!fs.existsSync(dataFile(n))) throw new Error(`missing ${dataFile(n)}: python3 tests/fixtures/gen_large.py ${n} ${dataFile(n)}`);
}
if ((ONLY.has('ingest') || ONLY.has('analysis') || ONLY.has('profile')) && !fs.existsSync(path.join(PKG, 'bench_bg.wasm'))) {
  throw new Error(`missing ${PKG}/bench_bg.wasm: run ./dev bench (it builds the benchmark wasm)`);
}

const log = (...a) => console.error(...a);
const mbps = (bytes, ms) => (ms > 0 ? bytes / 1e6 / (ms / 1000) : null);
const perSec = (n, ms) => (ms > 0 ? n / (ms / 1000) : null);

// ---- one fresh page on the benchmark --------------------------------------------------------------
async function benchPage(browser, base, n) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(`${base}/bench/index.html`);
  await page.waitForFunction(() => window.benchReady === true);
  const init = await page.evaluate(() => bench.initWasm());
  const before = rendererRss();
  const prep = await page.evaluate((u) => bench.prepare(u), `/data/large_${n}.csv`);
  const r = pageRenderer(before);
  const pid = r?.pid ?? null;
  const baseline = r?.before ?? null; // RSS of the page's renderer before the file was fetched
  return { context, page, errors, init, prep, pid, baseline };
}

async function gc(page) { await page.evaluate(() => (window.gc ? window.gc() : null)); }

/** Calls bench[step](arg) in the page; adds the renderer's on-CPU time for the call (main thread, all threads). */
async function measured(p, step, arg) {
  const c0 = p.pid ? cpuOf(p.pid) : null;
  const r = await p.page.evaluate(([f, a]) => bench[f](a), [step, arg]);
  const c1 = p.pid ? cpuOf(p.pid) : null;
  r.cpu_main_ms = c0 && c1 ? (c1.main - c0.main) / 1e6 : null;
  r.cpu_all_ms = c0 && c1 ? (c1.all - c0.all) / 1e6 : null;
  return r;
}

/** One measurement of a tool: ingest (step 1) then statistics (step 2), as two calls. */
async function ingestCall(p, tool) {
  const a = await measured(p, tool === 'wasm' ? 'wasmIngest' : 'papaIngest');
  const b = await measured(p, tool === 'wasm' ? 'wasmStats' : 'papaStats');
  const sum = (x, y) => (x == null || y == null ? null : x + y);
  return {
    rows: a.rows, numeric: a.numeric, copy_ms: a.copy_ms ?? null, decode_ms: a.decode_ms ?? null, parse_ms: a.parse_ms,
    ingest_ms: a.ingest_ms, stats_ms: b.stats_ms, total_ms: a.ingest_ms + b.stats_ms,
    ingest_cpu_ms: a.cpu_main_ms, stats_cpu_ms: b.cpu_main_ms, total_cpu_ms: sum(a.cpu_main_ms, b.cpu_main_ms),
    ingest_cpu_all_ms: a.cpu_all_ms, stats_cpu_all_ms: b.cpu_all_ms,
    descriptives_ms: b.descriptives_ms ?? null, pearson_ms: b.pearson_ms ?? null, papa_errors: a.papa_errors ?? null,
    non_numeric_cells: b.non_numeric_cells ?? null, stats: b.stats,
    wasm_memory_bytes: b.wasm_memory_bytes, js_heap_used_bytes: b.js_heap_used_bytes,
  };
}

/**
 * Runs `call()` once as the first call in the page (its peak memory measured) and WARM more times
 * (after dropping the previous result when `release`).
 */
async function firstAndWarm(p, call, release = true) {
  await gc(p.page);
  const loaded = p.pid ? memOf(p.pid) : null;
  const reset = p.pid ? resetPeak(p.pid) : false;
  const first = await call();
  const after = p.pid ? memOf(p.pid) : null;
  first.mem = {
    renderer_pid: p.pid,
    renderer_rss_before_file: p.baseline,
    renderer_rss_before_call: loaded?.rss ?? null,
    renderer_peak: reset && after ? after.hwm : null,
  };
  const warm = [];
  for (let k = 0; k < WARM; k++) {
    if (release) await p.page.evaluate(() => bench.release());
    await gc(p.page);
    warm.push(await call());
  }
  return { first, warm };
}

// ---- part 1: ingestion + statistics, ours vs Papa Parse ------------------------------------------
async function ingestBench(browser, base) {
  const results = [];
  for (const n of ROWS) {
    const bytes = fs.statSync(dataFile(n)).size;
    const runs = { wasm: [], papa: [] };
    for (let i = 0; i < RUNS; i++) {
      // Alternate the tools so the shared machine's slow moments hit both alike.
      for (const tool of i % 2 ? ['papa', 'wasm'] : ['wasm', 'papa']) {
        const p = await benchPage(browser, base, n);
        const r = await firstAndWarm(p, () => ingestCall(p, tool));
        r.init = p.init;
        r.fetch = p.prep;
        if (p.errors.length) r.errors = p.errors;
        runs[tool].push(r);
        await p.context.close();
        log(`  ${n} rows, ${tool} run ${i + 1}/${RUNS}: first ${fmt(r.first.ingest_ms, 0)} + ${fmt(r.first.stats_ms, 0)} ms ` +
          `(CPU ${fmt(r.first.ingest_cpu_ms, 0)} + ${fmt(r.first.stats_cpu_ms, 0)}), ` +
          `warm ${r.warm.map((w) => `${fmt(w.ingest_ms, 0)} + ${fmt(w.stats_ms, 0)}`).join(', ')} ms` +
          (r.first.mem.renderer_peak ? `, renderer peak ${fmt(MiB(r.first.mem.renderer_peak), 0)} MiB` : ''));
      }
    }
    results.push({ rows: n, bytes, runs, summary: summarise(n, bytes, runs) });
  }
  return results;
}

function agreement(a, b) {
  let maxR = 0; let maxMeanRel = 0; let maxSdRel = 0;
  a.pearson.forEach((r, k) => { maxR = Math.max(maxR, Math.abs(r - b.pearson[k])); });
  a.means.forEach((m, k) => { maxMeanRel = Math.max(maxMeanRel, Math.abs(m - b.means[k]) / Math.abs(b.means[k])); });
  a.sds.forEach((s, k) => { maxSdRel = Math.max(maxSdRel, Math.abs(s - b.sds[k]) / Math.abs(b.sds[k])); });
  return { max_abs_diff_r: maxR, max_rel_diff_mean: maxMeanRel, max_rel_diff_sd: maxSdRel,
    same_columns: JSON.stringify(a.names) === JSON.stringify(b.names) };
}

const TIMES = ['ingest_ms', 'stats_ms', 'total_ms', 'copy_ms', 'decode_ms', 'parse_ms', 'descriptives_ms', 'pearson_ms',
  'ingest_cpu_ms', 'stats_cpu_ms', 'total_cpu_ms', 'ingest_cpu_all_ms', 'stats_cpu_all_ms'];

function summarise(n, bytes, runs) {
  const s = {};
  for (const tool of ['wasm', 'papa']) {
    const first = runs[tool].map((r) => r.first);
    const warm = runs[tool].flatMap((r) => r.warm);
    const pick = (xs, k) => median(xs.map((x) => x[k]));
    const peak = median(first.map((f) => f.mem.renderer_peak));
    const overFile = median(first.map((f) => (f.mem.renderer_peak && f.mem.renderer_rss_before_file ? f.mem.renderer_peak - f.mem.renderer_rss_before_file : null)));
    s[tool] = {
      rows: first[0].rows,
      numeric: first[0].numeric,
      first: Object.fromEntries(TIMES.map((k) => [k, pick(first, k)])),
      warm: Object.fromEntries(TIMES.map((k) => [k, pick(warm, k)])),
      renderer_peak_bytes: peak,
      peak_over_blank_page_bytes: overFile,
      peak_over_blank_page_x_file: overFile ? overFile / bytes : null,
      wasm_memory_bytes: tool === 'wasm' ? median(first.map((f) => f.wasm_memory_bytes)) : null,
      js_heap_used_after_bytes: median(first.map((f) => f.js_heap_used_bytes)),
      wasm_init_ms: tool === 'wasm' ? median(runs.wasm.map((r) => r.init.init_ms)) : null,
    };
    for (const phase of ['first', 'warm']) {
      const t = s[tool][phase];
      t.ingest_mb_s = mbps(bytes, t.ingest_ms);
      t.ingest_rows_s = perSec(n, t.ingest_ms);
      t.total_mb_s = mbps(bytes, t.total_ms);
      t.total_rows_s = perSec(n, t.total_ms);
      t.ingest_cpu_mb_s = mbps(bytes, t.ingest_cpu_ms);
      t.total_cpu_mb_s = mbps(bytes, t.total_cpu_ms);
    }
  }
  const ratio = (k, phase) => s.papa[phase][k] / s.wasm[phase][k];
  s.ratio = {
    ingest_first: ratio('ingest_ms', 'first'), ingest_warm: ratio('ingest_ms', 'warm'),
    total_first: ratio('total_ms', 'first'), total_warm: ratio('total_ms', 'warm'),
    stats_first: ratio('stats_ms', 'first'), stats_warm: ratio('stats_ms', 'warm'),
    ingest_cpu_first: ratio('ingest_cpu_ms', 'first'), ingest_cpu_warm: ratio('ingest_cpu_ms', 'warm'),
    total_cpu_first: ratio('total_cpu_ms', 'first'), total_cpu_warm: ratio('total_cpu_ms', 'warm'),
  };
  s.agreement = agreement(runs.wasm[0].first.stats, runs.papa[0].first.stats);
  s.cross_origin_isolated = runs.wasm[0].fetch.cross_origin_isolated;
  return s;
}

// ---- part 2: the full analysis in wasm --------------------------------------------------------------
async function analysisBench(browser, base) {
  const results = [];
  for (const n of ROWS) {
    const bytes = fs.statSync(dataFile(n)).size;
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const p = await benchPage(browser, base, n);
      const load = await p.page.evaluate(() => bench.wasmLoad());
      const r = await firstAndWarm(p, () => measured(p, 'wasmAnalyze', false), false);
      await gc(p.page);
      r.with_changes = await p.page.evaluate(() => bench.wasmAnalyze(true));
      r.load = load;
      if (p.errors.length) r.errors = p.errors;
      runs.push(r);
      await p.context.close();
      log(`  ${n} rows, analysis run ${i + 1}/${RUNS}: first ${fmt(r.first.levels.total_ms, 0)} ms, warm ` +
        `${r.warm.map((w) => fmt(w.levels.total_ms, 0)).join(', ')} ms, slowest unit ${fmt(r.first.levels.slowest_unit_ms, 0)} ms ` +
        `(${r.first.levels.slowest_unit_phase}); + changes view ${fmt(r.with_changes.changes?.total_ms, 0)} ms`);
    }
    const f = runs.map((r) => r.first.levels);
    const w = runs.flatMap((r) => r.warm.map((x) => x.levels));
    const phases = {};
    for (const ph of f[0].phases) phases[ph.phase] = { first_ms: median(f.map((x) => x.phases.find((y) => y.phase === ph.phase)?.ms)), units: ph.units,
      max_unit_ms: Math.max(...f.map((x) => x.phases.find((y) => y.phase === ph.phase)?.max_ms ?? 0)) };
    for (const ph of w[0]?.phases ?? []) phases[ph.phase].warm_ms = median(w.map((x) => x.phases.find((y) => y.phase === ph.phase)?.ms));
    results.push({
      rows: n, bytes, runs,
      summary: {
        pairs: f[0].pairs, lag_series: f[0].lag_series, lags: f[0].lags, units: f[0].units, findings: f[0].findings,
        first_ms: median(f.map((x) => x.total_ms)),
        warm_ms: median(w.map((x) => x.total_ms)),
        first_cpu_ms: median(runs.map((r) => r.first.cpu_main_ms)),
        warm_cpu_ms: median(runs.flatMap((r) => r.warm.map((x) => x.cpu_main_ms))),
        slowest_unit_first_ms: median(f.map((x) => x.slowest_unit_ms)),
        slowest_unit_max_ms: Math.max(...f.map((x) => x.slowest_unit_ms), ...w.map((x) => x.slowest_unit_ms)),
        slowest_unit_phase: f[0].slowest_unit_phase,
        changes_view_ms: median(runs.map((r) => (r.with_changes.changes?.total_ms ?? 0) + (r.with_changes.changes_table_ms ?? 0))),
        phases,
        renderer_peak_over_loaded_bytes: median(runs.map((r) => (r.first.mem.renderer_peak && r.first.mem.renderer_rss_before_call
          ? r.first.mem.renderer_peak - r.first.mem.renderer_rss_before_call : null))),
        wasm_memory_bytes: median(runs.map((r) => r.first.wasm_memory_bytes)),
        ingest_ms: median(runs.map((r) => r.load.ingest_ms)),
      },
    });
  }
  return results;
}

// ---- part 2b: where the wasm time goes (largest file) ---------------------------------------------
async function profileBench(browser, base, n) {
  const res = { rows: n, bytes: fs.statSync(dataFile(n)).size, sliced: [], phases: [], profiles: {}, no_liftoff: [] };
  const budget = 256 * 1024; // the page's READ_STEP_BYTES
  for (let i = 0; i < 3; i++) {
    const p = await benchPage(browser, base, n);
    await gc(p.page);
    const first = await p.page.evaluate((b) => bench.wasmLoadSliced(b), budget);
    await p.page.evaluate(() => bench.release());
    await gc(p.page);
    const warm = await p.page.evaluate((b) => bench.wasmLoadSliced(b), budget);
    await p.page.evaluate(() => bench.release());
    await gc(p.page);
    res.phases.push(await p.page.evaluate(() => bench.wasmPhases()));
    res.sliced.push({ first, warm });
    await p.context.close();
    log(`  ${n} rows, ReadJob in ${budget / 1024} KiB steps: first ${fmt(first.ingest_ms, 0)} ms, warm ${fmt(warm.ingest_ms, 0)} ms (${first.steps} steps)`);
  }
  // CPU profiles (CDP sampling profiler) of one fresh page: first call, warm call, full analysis.
  const p = await benchPage(browser, base, n);
  const cdp = await p.context.newCDPSession(p.page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  const prof = async (what, fn) => {
    await gc(p.page);
    await cdp.send('Profiler.start');
    const r = await p.page.evaluate(fn);
    const { profile } = await cdp.send('Profiler.stop');
    const file = path.join(OUT, `profile-${what}-${n}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    res.profiles[what] = { file: path.relative(ROOT, file), ...topSelf(profile) };
    return r;
  };
  await prof('ingest-stats-first', () => bench.wasmIngestStats());
  await p.page.evaluate(() => bench.release());
  await prof('ingest-stats-warm', () => bench.wasmIngestStats());
  await prof('analysis', () => bench.wasmAnalyze(false));
  await p.context.close();
  // How much of the first call is V8's baseline tier (Liftoff): the same first call with TurboFan only.
  const b2 = await launch('--no-liftoff');
  try {
    for (let i = 0; i < 3; i++) {
      const q = await benchPage(b2, base, n);
      await gc(q.page);
      res.no_liftoff.push({ init_ms: q.init.init_ms, ...(await q.page.evaluate(() => bench.wasmIngestStats())) });
      delete res.no_liftoff.at(-1).stats;
      await q.context.close();
    }
  } finally { await b2.close(); }
  const ph = {};
  for (const run of res.phases) for (const x of run.phases) (ph[x.phase] ||= []).push(x.ms);
  res.summary = {
    sliced_first_ms: median(res.sliced.map((x) => x.first.ingest_ms)),
    sliced_warm_ms: median(res.sliced.map((x) => x.warm.ingest_ms)),
    steps: res.sliced[0].first.steps,
    phases_warm: Object.entries(ph).map(([phase, v]) => ({ phase, ms: median(v) })),
    descriptives_ms: median(res.phases.map((x) => x.descriptives_ms)),
    pearson_ms: median(res.phases.map((x) => x.pearson_ms)),
    no_liftoff_first_ingest_ms: median(res.no_liftoff.map((x) => x.ingest_ms)),
    no_liftoff_first_stats_ms: median(res.no_liftoff.map((x) => x.stats_ms)),
    no_liftoff_init_ms: median(res.no_liftoff.map((x) => x.init_ms)),
  };
  return res;
}

// ---- part 3: the release page: first render and long tasks ----------------------------------------
const LONGTASK_INIT = `(() => {
  window.__longtasks = [];
  try {
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, duration: e.duration }); })
      .observe({ type: 'longtask', buffered: true });
  } catch (e) { window.__longtaskError = String(e); }
  window.__appAt = null;
  const seen = () => { if (window.__appAt === null && document.querySelector('main.app')) { window.__appAt = performance.now(); return true; } return false; };
  new MutationObserver((_, obs) => { if (seen()) obs.disconnect(); }).observe(document, { childList: true, subtree: true });
})();`;

// Timeline of the upload, taken inside the page when the DOM changes (exact even while the runner's own
// polls wait for a busy main thread): progress label/value, the row count appearing, the progress element
// (.progress[role=status]) going away, errors. The runner calls __watch() right before the upload.
const TIMELINE_INIT = `(() => {
  window.__timeline = [];
  window.__done = null;
  window.__watch = () => {
    let last = '';
    const check = () => {
      const s = document.querySelector('.progress[role=status]');
      const rc = document.querySelector('[data-testid=row-count]');
      const err = document.querySelector('[role=alert]');
      const label = s?.querySelector('label')?.textContent ?? null;
      const value = s?.querySelector('progress') ? Number(s.querySelector('progress').value) : null;
      const rows = rc ? rc.textContent : null;
      const findings = !!document.querySelector('[data-testid=verdict]');
      const key = [!!s, label, value, rows, !!err, findings].join('|');
      if (key === last) return;
      last = key;
      const t = performance.now();
      window.__timeline.push({ t, status: !!s, label, value, rows, findings, error: err ? err.textContent : null });
      if ((rows && !s) || err) window.__done = window.__done ?? t;
    };
    new MutationObserver(check).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['value'] });
    check();
  };
})();`;

async function firstRender(browser, base) {
  const times = [];
  for (let i = 0; i < Math.max(RUNS, 5); i++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.addInitScript(LONGTASK_INIT);
    await page.goto(`${base}/`);
    await page.waitForSelector('main.app', { timeout: 20000 });
    const t = await page.evaluate(() => {
      const nav = performance.getEntriesByType('navigation')[0];
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { app_ms: window.__appAt, dcl_ms: nav?.domContentLoadedEventEnd ?? null, load_ms: nav?.loadEventEnd ?? null,
        fcp_ms: fcp?.startTime ?? null, transfer_bytes: nav?.transferSize ?? null,
        longest_task_ms: Math.max(0, ...window.__longtasks.map((e) => e.duration)) };
    });
    times.push(t);
    await context.close();
  }
  return { runs: times, median_app_ms: median(times.map((t) => t.app_ms)), median_fcp_ms: median(times.map((t) => t.fcp_ms)),
    median_longest_task_ms: median(times.map((t) => t.longest_task_ms)) };
}

const PAGE_TIMEOUT_S = Number(opt('page-timeout', '900'));

async function responsivenessRun(browser, base, n, i, { page: pageFile = '', profile: withProfile = false } = {}) {
  const file = PAGE_FILE ? path.resolve(PAGE_FILE) : dataFile(n);
  const bytes = fs.statSync(file).size;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.addInitScript(LONGTASK_INIT);
  await page.addInitScript(TIMELINE_INIT);
  await page.goto(`${base}/${pageFile}${PAGE_QUERY}`);
  await page.waitForSelector('main.app', { timeout: 20000 });
  await page.waitForTimeout(300);
  // Every renderer now; the page's is the one that grows with the upload (found at the end).
  const snap = rendererRss();
  const cpuStart = new Map([...snap.keys()].map((p) => [p, cpuOf(p)]));
  for (const p of snap.keys()) resetPeak(p);
  const peaks = new Map();
  const sampler = setInterval(() => {
    for (const p of snap.keys()) { const m = memOf(p); if (m) peaks.set(p, Math.max(peaks.get(p) ?? 0, m.hwm ?? 0, m.rss ?? 0)); }
  }, 100);
  // A CPU profile (sampled every 2 ms) of the extra run on the page with function names.
  const cdp = withProfile ? await context.newCDPSession(page) : null;
  if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.setSamplingInterval', { interval: 2000 }); await cdp.send('Profiler.start'); }
  // A named 20 ms busy loop: where its samples fall in the profile aligns the profile's clock with
  // performance.now(), so each long task can be matched with the functions sampled during it.
  const marker = cdp ? await page.evaluate(() => {
    const t = performance.now();
    (function __bench_clock_marker() { while (performance.now() - t < 20); })();
    return t;
  }) : null;
  const t0 = await page.evaluate(() => { window.__watch(); return performance.now(); });
  const wall0 = Date.now();
  await page.locator('input[type=file]').first().setInputFiles(file);
  let shot = null;
  const shotPath = path.join(OUT, `progress-${n}.png`);
  let polls = 0;
  let maxPollGap = 0;
  for (;;) {
    const tp = Date.now();
    const st = await page.evaluate(() => ({ done: window.__done, last: window.__timeline.at(-1) ?? null }));
    maxPollGap = Math.max(maxPollGap, Date.now() - tp);
    polls++;
    if (process.env.BENCH_DEBUG) log(`    ${fmt((Date.now() - wall0) / 1000, 2)} s: ${JSON.stringify(st.last)}`);
    // Screenshot the progress bar mid-way, preferably during the analysis (reading may take under a second).
    const mid = st.last?.status && st.last.value >= 30 && st.last.value <= 80;
    if (i === 0 && mid && (!shot || (shot.reading && /Analys/.test(st.last.label)))) {
      await page.screenshot({ path: shotPath });
      shot = { path: path.relative(ROOT, shotPath), label: st.last.label, value: st.last.value, reading: !/Analys/.test(st.last.label) };
    }
    if (st.done !== null) break;
    if (Date.now() - wall0 > PAGE_TIMEOUT_S * 1000) throw new Error(`the page did not finish within ${PAGE_TIMEOUT_S} s`);
    await new Promise((res) => setTimeout(res, 50));
  }
  // Let the results render: wait until the main thread has been free for a while, then collect.
  await page.waitForTimeout(1500);
  const info = await page.evaluate((from) => ({
    now: performance.now(),
    timeline: window.__timeline,
    done: window.__done,
    longtasks: window.__longtasks.filter((e) => e.start + e.duration >= from),
    dom_nodes: document.getElementsByTagName('*').length,
    svg_elements: document.querySelectorAll('svg *').length,
    svg_markup_bytes: [...document.querySelectorAll('svg')].reduce((a, e) => a + e.outerHTML.length, 0),
    table_rows: document.querySelectorAll('tr').length,
    // Each wasm instance's memory (its high-water mark) when a task ended: src/browser/worker.rs.
    memory_marks: performance.getEntriesByType('mark').map((m) => m.name).filter((m) => m.startsWith('social-roi wasm memory: ')),
  }), t0);
  const wasmMemory = { worker_max_bytes: 0, page_max_bytes: 0, marks: info.memory_marks };
  for (const m of info.memory_marks) {
    const w = / worker (\d+)/.exec(m);
    const pg = / page (\d+)/.exec(m);
    if (w) wasmMemory.worker_max_bytes = Math.max(wasmMemory.worker_max_bytes, Number(w[1]));
    if (pg) wasmMemory.page_max_bytes = Math.max(wasmMemory.page_max_bytes, Number(pg[1]));
  }
  clearInterval(sampler);
  const grew = (p) => (peaks.get(p) ?? 0) - snap.get(p);
  const pid = [...snap.keys()].reduce((best, p) => (best === null || grew(p) > grew(best) ? p : best), null);
  const blank = pid ? snap.get(pid) : null;
  const cpu0 = pid ? cpuStart.get(pid) : null;
  const cpu1 = pid ? cpuOf(pid) : null;
  let profile = null;
  if (cdp) {
    const { profile: p } = await cdp.send('Profiler.stop');
    const f = path.join(OUT, `profile-page-${n}.cpuprofile`);
    fs.writeFileSync(f, JSON.stringify(p));
    profile = { file: path.relative(ROOT, f), ...topSelf(p, 10) };
    const lts = info.longtasks.map((e) => ({ start: e.start, ms: e.duration }));
    profile.long_tasks = longTaskContents(p, '__bench_clock_marker', marker, lts, 5)
      .map((x) => ({ ...x, at_ms: x.start - t0 }));
  }
  const m = pid ? memOf(pid) : null;
  const peak = pid ? Math.max(peaks.get(pid) ?? 0, m?.hwm ?? 0) : 0;
  const tl = info.timeline;
  const firstAt = (pred) => { const e = tl.find(pred); return e ? e.t - t0 : null; };
  const rowsAt = firstAt((e) => e.rows);
  // The verdict, the first of the findings: on screen before the changes view is done.
  const findingsAt = firstAt((e) => e.findings);
  const analysingAt = firstAt((e) => e.label && /Analys/.test(e.label));
  const doneAt = info.done - t0;
  const lastProgress = [...tl].reverse().find((e) => e.status);
  const lastProgressAt = lastProgress ? lastProgress.t - t0 : null;
  const lt = info.longtasks.map((e) => ({ at_ms: e.start - t0, ms: e.duration }));
  // The task in which the progress element disappears is the one that finishes the analysis and
  // renders the results (Yew re-renders in the same task as the dispatch).
  const phaseOf = (e) => (rowsAt === null || e.at_ms < rowsAt ? 'reading'
    : e.at_ms + e.ms >= doneAt - 1 && e.at_ms <= doneAt ? 'results render (the task that ends the progress)'
      : e.at_ms < doneAt ? 'analysis' : 'after');
  const longest = lt.reduce((a, e) => (e.ms > (a?.ms ?? 0) ? e : a), null);
  const byPhase = {};
  for (const e of lt) {
    const ph = phaseOf(e);
    const b = (byPhase[ph] ||= { count: 0, total_ms: 0, longest_ms: 0 });
    b.count++; b.total_ms += e.ms; b.longest_ms = Math.max(b.longest_ms, e.ms);
  }
  const lastEnd = lt.reduce((a, e) => Math.max(a, e.at_ms + e.ms), doneAt);
  await context.close();
  return {
    bytes,
    total_ms: doneAt,
    rows_visible_ms: rowsAt,
    findings_ms: findingsAt,
    analysis_started_ms: analysingAt,
    last_progress_ms: lastProgressAt,
    last_progress_value: lastProgress?.value ?? null,
    settled_ms: lastEnd,
    cpu_main_ms: cpu0 && cpu1 ? (cpu1.main - cpu0.main) / 1e6 : null,
    cpu_all_ms: cpu0 && cpu1 ? (cpu1.all - cpu0.all) / 1e6 : null,
    rows_text: tl.find((e) => e.rows)?.rows ?? null,
    error: tl.find((e) => e.error)?.error ?? null,
    progress_seen: tl.some((e) => e.status),
    progress_updates: tl.filter((e) => e.status).length,
    longest_task_ms: longest?.ms ?? 0,
    longest_task_at_ms: longest?.at_ms ?? null,
    longest_task_phase: longest ? phaseOf(longest) : null,
    long_tasks: lt.length,
    long_task_total_ms: lt.reduce((a, e) => a + e.ms, 0),
    long_tasks_by_phase: byPhase,
    tasks_over_200ms: lt.filter((e) => e.ms > 200),
    runner_polls: polls,
    max_poll_wait_ms: maxPollGap,
    dom: { nodes: info.dom_nodes, svg_elements: info.svg_elements, svg_markup_bytes: info.svg_markup_bytes, table_rows: info.table_rows },
    screenshot: shot,
    renderer_blank_bytes: blank,
    renderer_peak_bytes: peak || null,
    peak_over_blank_bytes: peak && blank ? peak - blank : null,
    peak_over_blank_x_file: peak && blank ? (peak - blank) / bytes : null,
    wasm_memory: wasmMemory,
    profile,
    timeline: tl.map((e) => ({ ...e, t: e.t - t0 })),
    errors,
  };
}

async function responsiveness(browser, base, n) {
  const runs = [];
  let skipped = null;
  for (let i = 0; i < PAGE_RUNS; i++) {
    const run = await responsivenessRun(browser, base, n, i);
    runs.push(run);
    log(`  page, ${n} rows, run ${i + 1}/${PAGE_RUNS}: rows shown at ${fmt(run.rows_visible_ms / 1000, 2)} s, findings at ${fmt(run.findings_ms / 1000, 2)} s, analysis done at ` +
      `${fmt(run.total_ms / 1000, 2)} s, settled at ${fmt(run.settled_ms / 1000, 2)} s; longest task ${fmt(run.longest_task_ms, 0)} ms ` +
      `(${run.longest_task_phase}), ${run.long_tasks} long tasks; renderer peak ${fmt(MiB(run.renderer_peak_bytes), 0)} MiB; ` +
      `wasm memory: largest worker ${fmt(MiB(run.wasm_memory.worker_max_bytes), 0)} MiB, page ${fmt(MiB(run.wasm_memory.page_max_bytes), 0)} MiB`);
    if (run.settled_ms > 60000 && i + 1 < PAGE_RUNS) {
      skipped = `one run took ${fmt(run.settled_ms / 1000, 0)} s; the other ${PAGE_RUNS - i - 1} run(s) were skipped`;
      log(`  ${skipped}`);
      break;
    }
  }
  // One more run on the same page with function names kept, profiled: what the long tasks are made of.
  let profiled = null;
  if (pageInfo?.named) {
    try {
      profiled = await responsivenessRun(browser, base, n, -1, { page: pageInfo.named, profile: true });
      log(`  page with function names, profiled: done at ${fmt(profiled.total_ms / 1000, 2)} s, longest task ${fmt(profiled.longest_task_ms, 0)} ms`);
    } catch (e) {
      profiled = { error: String(e) };
      log(`  page with function names did not run: ${e}`);
    }
  }
  return {
    rows: n, bytes: runs[0].bytes, runs, skipped, profiled,
    summary: {
      total_ms: median(runs.map((r) => r.total_ms)),
      rows_visible_ms: median(runs.map((r) => r.rows_visible_ms)),
      last_progress_ms: median(runs.map((r) => r.last_progress_ms)),
      last_progress_value: runs[0].last_progress_value,
      settled_ms: median(runs.map((r) => r.settled_ms)),
      cpu_main_ms: median(runs.map((r) => r.cpu_main_ms)),
      longest_task_ms: median(runs.map((r) => r.longest_task_ms)),
      longest_task_max_ms: Math.max(...runs.map((r) => r.longest_task_ms)),
      longest_task_phase: runs[0].longest_task_phase,
      long_tasks_by_phase: runs[0].long_tasks_by_phase,
      long_tasks: median(runs.map((r) => r.long_tasks)),
      progress_seen: runs.every((r) => r.progress_seen),
      peak_over_blank_bytes: median(runs.map((r) => r.peak_over_blank_bytes)),
      peak_over_blank_x_file: median(runs.map((r) => r.peak_over_blank_x_file)),
      screenshot: runs[0].screenshot,
      dom: runs[0].dom,
    },
  };
}

// ---- report ---------------------------------------------------------------------------------------
function report(res) {
  const text = [];
  const md = [];
  const cols = [
    { key: 'rows', title: 'rows', right: true }, { key: 'tool', title: 'tool' }, { key: 'call', title: 'call' },
    { key: 'ingest', title: 'ingest ms', right: true }, { key: 'imbs', title: 'ingest MB/s', right: true },
    { key: 'irows', title: 'ingest Mrows/s', right: true }, { key: 'icpu', title: 'ingest CPU ms', right: true },
    { key: 'icpumbs', title: 'MB/s of CPU', right: true }, { key: 'stats', title: 'stats ms', right: true },
    { key: 'total', title: 'total ms', right: true }, { key: 'tmbs', title: 'total MB/s', right: true },
    { key: 'peak', title: 'peak MiB', right: true },
  ];
  if (res.ingest) {
    const rows = [];
    const ratios = [];
    for (const r of res.ingest) {
      for (const tool of ['wasm', 'papa']) {
        const s = r.summary[tool];
        for (const call of ['first', 'warm']) {
          const t = s[call];
          rows.push({ rows: r.rows.toLocaleString('en-US'), tool: tool === 'wasm' ? 'ours (wasm)' : 'Papa + simple-statistics', call,
            ingest: fmt(t.ingest_ms, 0), imbs: fmt(t.ingest_mb_s, 1), irows: fmt(t.ingest_rows_s / 1e6, 2),
            icpu: fmt(t.ingest_cpu_ms, 0), icpumbs: fmt(t.ingest_cpu_mb_s, 1), stats: fmt(t.stats_ms, 1),
            total: fmt(t.total_ms, 0), tmbs: fmt(t.total_mb_s, 1),
            peak: call === 'first' ? `${fmt(MiB(s.peak_over_blank_page_bytes), 0)} (${fmt(s.peak_over_blank_page_x_file, 2)}×)` : '' });
        }
      }
      const q = r.summary.ratio;
      const a = r.summary.agreement;
      ratios.push(`${r.rows.toLocaleString('en-US')} rows (${(r.bytes / 1e6).toFixed(1)} MB): ours/Papa speed-up — ingest+typing ${fmt(q.ingest_first, 1)}× first call, ` +
        `${fmt(q.ingest_warm, 1)}× warm (on-CPU time: ${fmt(q.ingest_cpu_first, 1)}× / ${fmt(q.ingest_cpu_warm, 1)}×); ` +
        `ingest+stats ${fmt(q.total_first, 1)}× first, ${fmt(q.total_warm, 1)}× warm (CPU ${fmt(q.total_cpu_first, 1)}× / ${fmt(q.total_cpu_warm, 1)}×); ` +
        `results agree: max |Δr| ${a.max_abs_diff_r.toExponential(1)}, max rel Δmean ${a.max_rel_diff_mean.toExponential(1)}, max rel Δsd ${a.max_rel_diff_sd.toExponential(1)}`);
    }
    text.push(`In the browser: ingestion + statistics, ours vs Papa Parse (median of ${RUNS} fresh pages; warm = median of ${WARM} more calls per page)`,
      table(cols, rows), ...ratios,
      'ingest = decode + parse + typing (Papa: TextDecoder + Papa.parse; ours: copy into wasm memory + ingest::read); stats = 12 means, SDs, 66 Pearson r.',
      'CPU = on-CPU time of the renderer main thread (schedstat), which leaves out waiting for a core on a busy machine.',
      'peak = renderer peak RSS (VmHWM) over the renderer before the file was fetched, and that as a multiple of the file size.');
    md.push(mdTable(cols, rows), '', ...ratios.map((x) => `- ${x}`));
  }
  if (res.analysis) {
    const acols = [{ key: 'rows', title: 'rows', right: true }, { key: 'work', title: 'work' }, { key: 'first', title: 'first call s', right: true },
      { key: 'warm', title: 'warm s', right: true }, { key: 'cpu', title: 'CPU s first / warm', right: true }, { key: 'unit', title: 'slowest unit ms', right: true }, { key: 'changes', title: '+ changes view s', right: true },
      { key: 'mem', title: 'peak over loaded MiB', right: true }];
    const rows = res.analysis.map((r) => ({ rows: r.rows.toLocaleString('en-US'),
      work: `${r.summary.pairs} pairs × 3 coefficients, ${r.summary.lag_series} lag series (${r.summary.lags} lags), ${r.summary.units} units`,
      first: fmt(r.summary.first_ms / 1000, 2), warm: fmt(r.summary.warm_ms / 1000, 2),
      cpu: `${fmt(r.summary.first_cpu_ms / 1000, 2)} / ${fmt(r.summary.warm_cpu_ms / 1000, 2)}`,
      unit: `${fmt(r.summary.slowest_unit_first_ms, 0)} (${r.summary.slowest_unit_phase})`, changes: fmt(r.summary.changes_view_ms / 1000, 2),
      mem: fmt(MiB(r.summary.renderer_peak_over_loaded_bytes), 0) }));
    const pcols = [{ key: 'rows', title: 'rows', right: true }, { key: 'phase', title: 'phase' }, { key: 'units', title: 'units', right: true },
      { key: 'first', title: 'first ms', right: true }, { key: 'warm', title: 'warm ms', right: true },
      { key: 'max', title: 'slowest unit ms (first calls)', right: true }];
    const prow = res.analysis.flatMap((r) => Object.entries(r.summary.phases).map(([ph, v]) => ({ rows: r.rows.toLocaleString('en-US'), phase: ph,
      units: v.units, first: fmt(v.first_ms, 0), warm: fmt(v.warm_ms, 0), max: fmt(v.max_unit_ms, 0) })));
    text.push('', `In the browser: full analysis in wasm (analysis::Job, plan target revenue, max_lag 12; median of ${RUNS} fresh pages)`, table(acols, rows), '', table(pcols, prow));
    md.push('', mdTable(acols, rows), '', mdTable(pcols, prow));
  }
  if (res.profile) {
    const r = res.profile;
    const s = r.summary;
    const mb = r.bytes / 1e6;
    const pcols = [{ key: 'phase', title: 'ingest phase (warm, ReadJob unlimited budget)' }, { key: 'ms', title: 'ms', right: true }, { key: 'mbs', title: 'MB/s', right: true }];
    const prow = s.phases_warm.map((x) => ({ phase: x.phase, ms: fmt(x.ms, 1), mbs: x.ms > 0.5 ? fmt(mb / (x.ms / 1000), 0) : '' }));
    prow.push({ phase: 'stats: descriptives (12 columns)', ms: fmt(s.descriptives_ms, 1), mbs: '' }, { phase: 'stats: Pearson (66 pairs)', ms: fmt(s.pearson_ms, 1), mbs: '' });
    const lines = [
      `${r.rows.toLocaleString('en-US')} rows: ReadJob in 256 KiB steps (the page's pattern, ${s.steps} steps in one call) first ${fmt(s.sliced_first_ms, 0)} ms, warm ${fmt(s.sliced_warm_ms, 0)} ms`,
      `first call with V8 flag --no-liftoff (TurboFan from the start, diagnostic only): ingest ${fmt(s.no_liftoff_first_ingest_ms, 0)} ms, stats ${fmt(s.no_liftoff_first_stats_ms, 0)} ms (compile ${fmt(s.no_liftoff_init_ms, 0)} ms)`,
    ];
    const tcols = [{ key: 'what', title: 'profile' }, { key: 'name', title: 'function (self time)' }, { key: 'ms', title: 'ms', right: true }, { key: 'share', title: '%', right: true }];
    const trow = Object.entries(r.profiles).flatMap(([what, p]) => p.top.slice(0, 8).map((x, i) => ({ what: i ? '' : what, name: x.name.length > 90 ? `${x.name.slice(0, 87)}...` : x.name,
      ms: fmt(x.ms, 0), share: fmt(100 * x.share, 1) })));
    text.push('', 'Where the wasm time goes', table(pcols, prow), ...lines, '', table(tcols, trow));
    md.push('', mdTable(pcols, prow), '', ...lines.map((x) => `- ${x}`), '', mdTable(tcols, trow));
  }
  if (res.page) {
    const f = res.page.first_render;
    const s = res.page.responsiveness?.summary;
    text.push('', `Release page: first render (navigation start → main.app) median ${fmt(f.median_app_ms, 0)} ms over ${f.runs.length} runs ` +
      `(first contentful paint ${fmt(f.median_fcp_ms, 0)} ms; longest task while loading ${fmt(f.median_longest_task_ms, 0)} ms)`);
    md.push('', `- first render (navigation start → \`main.app\`): median ${fmt(f.median_app_ms, 0)} ms of ${f.runs.length} (FCP ${fmt(f.median_fcp_ms, 0)} ms)`);
    if (s) {
      const rr = res.page.responsiveness;
      const ph = Object.entries(s.long_tasks_by_phase).map(([k, v]) => `${k}: ${v.count} long tasks, longest ${fmt(v.longest_ms, 0)} ms, total ${fmt(v.total_ms, 0)} ms`);
      const lines = [
        `Release page, ${rr.rows.toLocaleString('en-US')}-row file uploaded (median of ${rr.runs.length}${rr.skipped ? `; ${rr.skipped}` : ''}): ` +
        `rows shown at ${fmt(s.rows_visible_ms / 1000, 2)} s, progress last updated (${s.last_progress_value}%) at ${fmt(s.last_progress_ms / 1000, 2)} s, ` +
        `analysis finished (progress gone) at ${fmt(s.total_ms / 1000, 2)} s, main thread settled at ${fmt(s.settled_ms / 1000, 2)} s ` +
        `(renderer main thread on CPU ${fmt(s.cpu_main_ms / 1000, 1)} s of it)`,
        `longest main-thread task ${fmt(s.longest_task_ms, 0)} ms (max ${fmt(s.longest_task_max_ms, 0)}, during ${s.longest_task_phase}); ${s.long_tasks} long tasks — ${ph.join('; ')}`,
        `progress shown: ${s.progress_seen}${s.screenshot ? ` (screenshot ${s.screenshot.path} at ${s.screenshot.value}%, "${s.screenshot.label}")` : ''}; ` +
        `renderer peak over the blank page ${fmt(MiB(s.peak_over_blank_bytes), 0)} MiB (${fmt(s.peak_over_blank_x_file, 2)}× the file); ` +
        `DOM after: ${s.dom.nodes} elements, ${s.dom.svg_elements} SVG elements (${fmt(s.dom.svg_markup_bytes / 1e6, 1)} MB of SVG markup), ${s.dom.table_rows} table rows`,
      ];
      text.push(...lines);
      md.push(...lines.map((x) => `- ${x}`));
      const prof = rr.profiled?.profile;
      if (prof) {
        const pc = [{ key: 'name', title: 'page profile, extra run with function names (self time)' }, { key: 'ms', title: 'ms', right: true }, { key: 'share', title: '%', right: true }];
        const pr = prof.top.map((x) => ({ name: x.name.length > 90 ? `${x.name.slice(0, 87)}...` : x.name, ms: fmt(x.ms, 0), share: fmt(100 * x.share, 1) }));
        const ic = [{ key: 'name', title: 'same profile, inclusive time (on the stack)' }, { key: 'ms', title: 'ms', right: true }, { key: 'share', title: '%', right: true }];
        const ir = (prof.top_inclusive ?? []).map((x) => ({ name: x.name.length > 110 ? `${x.name.slice(0, 107)}...` : x.name, ms: fmt(x.ms, 0), share: fmt(100 * x.share, 1) }));
        text.push('', table(pc, pr), '', table(ic, ir));
        md.push('', mdTable(pc, pr), '', mdTable(ic, ir));
        if (prof.long_tasks?.length) {
          const lc = [{ key: 'task', title: 'longest tasks of that run' }, { key: 'fns', title: 'functions on the stack (ms of the task)' }];
          const lr = prof.long_tasks.map((x) => ({ task: `${fmt(x.ms, 0)} ms at ${fmt(x.at_ms / 1000, 2)} s`,
            fns: x.top.map((f) => `${f.name.length > 60 ? `${f.name.slice(0, 57)}...` : f.name} ${fmt(f.ms, 0)}`).join('; ') }));
          text.push('', table(lc, lr));
          md.push('', mdTable(lc, lr));
        }
      }
    }
  }
  return { text: text.join('\n'), md: md.join('\n') };
}

// ---- main -----------------------------------------------------------------------------------------
// The page under test: a snapshot of dist/index.html (one self-contained file), so a rebuild of dist/
// by someone else during the run cannot change or break it.
const PAGE_DIR = path.join(ROOT, 'target/bench-page');
let pageInfo = null;
if (ONLY.has('page')) {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) throw new Error('missing dist/index.html: cargo xtask dist');
  fs.mkdirSync(PAGE_DIR, { recursive: true });
  fs.copyFileSync(path.join(DIST, 'index.html'), path.join(PAGE_DIR, 'index.html'));
  const st = fs.statSync(path.join(DIST, 'index.html'));
  pageInfo = { bytes: st.size, built: st.mtime.toISOString() };
  pageInfo.named = namedPage();
}

/**
 * A copy of the page whose inline wasm keeps its function names (target/bench-size/page_bg.opt.wasm, made by
 * bench/size.mjs from the same cargo output with the page's pipeline plus -g), for a profile that names
 * functions. The inline script's CSP hash is recomputed. Only for one extra, profiled run.
 */
function namedPage() {
  const wasmFile = path.join(ROOT, 'target/bench-size/page_bg.opt.wasm');
  if (!fs.existsSync(wasmFile)) return null;
  const html = fs.readFileSync(path.join(PAGE_DIR, 'index.html'), 'utf8');
  const m = html.match(/const __wasm_b64 = "([A-Za-z0-9+/=]+)";/);
  const open = '<script type="module" id="sroi-app">';
  const a = html.indexOf(open);
  const b = html.indexOf('</script>', a);
  if (!m || a < 0 || b < 0) return null;
  const wasm = fs.readFileSync(wasmFile);
  let out = html.replace(m[0], `const __wasm_b64 = "${packForPage(wasm)}";`)
    .replace(/const __wasm_len = \d+;/, `const __wasm_len = ${wasm.length};`);
  // xtask drops the hash from unique import names (xtask/src/imports.rs); this wasm keeps them, so
  // the glue gets them back.
  for (const { name } of WebAssembly.Module.imports(new WebAssembly.Module(wasm))) {
    const short = name.replace(/_[0-9a-f]{16}$/, '');
    if (short === name) continue;
    out = out.replace(new RegExp(`(^|[^A-Za-z0-9_$])${short}:`, 'm'), `$1${name}:`);
  }
  const script = out.slice(out.indexOf(open) + open.length, out.indexOf('</script>', out.indexOf(open)));
  const oldHash = crypto.createHash('sha256').update(html.slice(a + open.length, b)).digest('base64');
  const newHash = crypto.createHash('sha256').update(script).digest('base64');
  if (!out.includes(`'sha256-${oldHash}'`)) return null;
  out = out.replace(`'sha256-${oldHash}'`, `'sha256-${newHash}'`);
  fs.writeFileSync(path.join(PAGE_DIR, 'named.html'), out);
  return 'named.html';
}
const server = await serve({ '/bench/': path.join(ROOT, 'bench'), '/pkg/': PKG, '/data/': DATA,
  '/node_modules/papaparse/': path.join(ROOT, 'node_modules/papaparse'),
  '/node_modules/simple-statistics/': path.join(ROOT, 'node_modules/simple-statistics'), '/': PAGE_DIR },
['/bench/', '/pkg/', '/data/', '/node_modules/']);
const browser = await launch();
const started = new Date();
const res = { started: started.toISOString(), machine: machine(browser.version()),
  settings: { rows: ROWS, runs: RUNS, warm: WARM, page_runs: PAGE_RUNS, page_rows: PAGE_ROWS, page_file: PAGE_FILE || null, pkg: path.relative(ROOT, PKG) },
  memory_method: 'Chromium renderer process peak RSS (Linux /proc/PID VmHWM, reset with clear_refs before the measured call), ' +
    'over the same renderer before the file was fetched; wasm memory.buffer.byteLength and performance.memory (precise) alongside' };
try {
  if (ONLY.has('ingest')) { log('== ingestion + statistics: ours vs Papa Parse'); res.ingest = await ingestBench(browser, server.url); }
  if (ONLY.has('analysis')) { log('== full analysis in wasm'); res.analysis = await analysisBench(browser, server.url); }
  if (ONLY.has('profile')) { log('== where the wasm time goes'); res.profile = await profileBench(browser, server.url, Math.max(...ROWS)); }
  if (ONLY.has('page')) {
    log('== release page: first render, long tasks');
    res.page = { snapshot: pageInfo, first_render: await firstRender(browser, server.url), responsiveness: await responsiveness(browser, server.url, PAGE_ROWS) };
  }
} finally {
  await browser.close();
  await server.close();
}
res.seconds = (Date.now() - started.getTime()) / 1000;
const stamp = started.toISOString().replace(/[:.]/g, '-');
const out = report(res);
for (const f of [`bench-${stamp}.json`, 'latest.json']) fs.writeFileSync(path.join(OUT, f), JSON.stringify(res, null, 2));
fs.writeFileSync(path.join(OUT, 'latest.md'), `${out.md}\n`);
console.log(`\nMachine: ${res.machine.nproc} CPUs (${res.machine.cpu}), ${res.machine.memory_gib} GiB, Chromium ${res.machine.chromium}, ` +
  `load average at start ${res.machine.loadavg_at_start.join(' ')}\n`);
console.log(out.text);
console.log(`\nwrote ${path.relative(ROOT, path.join(OUT, `bench-${stamp}.json`))} (and latest.json, latest.md) in ${fmt(res.seconds, 0)} s`);
