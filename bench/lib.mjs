// Helpers for the browser benchmark runner (bench/run.mjs): a static server with COOP/COEP headers,
// Debian's Chromium through playwright-core, renderer-process memory from /proc, and small statistics.
import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.css': 'text/css', '.json': 'application/json', '.csv': 'text/csv' };

/**
 * Serves `dirs` (url prefix -> folder) on 127.0.0.1 at a free port. Prefixes listed in `isolated`
 * get COOP/COEP (cross-origin isolation: precise timers, and what measureUserAgentSpecificMemory needs).
 */
export async function serve(dirs, isolated = []) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const prefix = Object.keys(dirs).sort((a, b) => b.length - a.length).find((p) => url.pathname.startsWith(p));
    if (!prefix) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const base = path.resolve(dirs[prefix]);
    const file = path.resolve(base, rel);
    if (!file.startsWith(base + path.sep) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    const headers = { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store',
      'Content-Length': fs.statSync(file).size };
    if (isolated.some((p) => url.pathname.startsWith(p))) {
      headers['Cross-Origin-Opener-Policy'] = 'same-origin';
      headers['Cross-Origin-Embedder-Policy'] = 'require-corp';
      headers['Cross-Origin-Resource-Policy'] = 'same-origin';
    }
    res.writeHead(200, headers);
    fs.createReadStream(file).pipe(res);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)) };
}

/**
 * Headless Debian Chromium; the flags of tests/e2e/harness.mjs plus gc() and unquantised performance.memory.
 * `jsFlags` adds V8 flags (diagnostics only, e.g. '--no-liftoff').
 */
export async function launch(jsFlags = '') {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions',
      '--enable-precise-memory-info', `--js-flags=--expose-gc${jsFlags ? ` ${jsFlags}` : ''}`],
  });
}

// ---- renderer memory from /proc (Linux) ----------------------------------------------------------

function readProc(pid, file) {
  try { return fs.readFileSync(`/proc/${pid}/${file}`, 'utf8'); } catch { return null; }
}

/** Chromium renderer processes started (transitively) by this node process. */
export function renderers() {
  const parent = new Map();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    const stat = readProc(d, 'stat');
    if (!stat) continue;
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    parent.set(Number(d), ppid);
  }
  const mine = (pid) => { for (let p = pid, k = 0; p > 1 && k < 64; p = parent.get(p), k++) if (p === process.pid) return true; return false; };
  const out = [];
  for (const pid of parent.keys()) {
    if (pid === process.pid || !mine(pid)) continue;
    const cmd = readProc(pid, 'cmdline');
    if (cmd && cmd.includes('--type=renderer')) out.push(pid);
  }
  return out;
}

/** {rss, hwm} of a process in bytes (VmRSS, VmHWM = peak RSS since start or the last reset). */
export function memOf(pid) {
  const s = readProc(pid, 'status');
  if (!s) return null;
  const kb = (k) => { const m = s.match(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm')); return m ? Number(m[1]) * 1024 : null; };
  return { rss: kb('VmRSS'), hwm: kb('VmHWM') };
}

/**
 * On-CPU time of a process in ns (/proc/PID/task/TID/schedstat, nanosecond resolution): `main` = its
 * main thread (TID = PID; Chromium's renderer main thread, where the page's JS and wasm run), `all` =
 * every live thread (adds V8's compiler and GC helper threads). Less sensitive than wall time to a
 * busy machine: it leaves out the time spent waiting for a core.
 */
export function cpuOf(pid) {
  const ns = (tid) => { const s = readProc(pid, `task/${tid}/schedstat`); return s ? Number(s.split(' ')[0]) : 0; };
  let tids = [];
  try { tids = fs.readdirSync(`/proc/${pid}/task`); } catch { return null; }
  return { main: ns(pid), all: tids.reduce((a, t) => a + ns(t), 0) };
}

/** Resets VmHWM to the current RSS (Linux ≥ 4.0: `echo 5 > /proc/PID/clear_refs`). */
export function resetPeak(pid) {
  try { fs.writeFileSync(`/proc/${pid}/clear_refs`, '5'); return true; } catch { return false; }
}

/** RSS of every renderer now, as a Map pid -> bytes. */
export function rendererRss() {
  return new Map(renderers().map((pid) => [pid, memOf(pid)?.rss ?? 0]));
}

/**
 * The renderer that holds the page: of the renderers in `before` (taken once the page was up), the one
 * whose RSS grew most since (it just loaded the data). Processes started since are left out: Chromium
 * starts a fresh spare renderer when the page takes the old one, and all of a new process's RSS would
 * look like growth.
 */
export function pageRenderer(before) {
  let best = null;
  for (const pid of before.keys()) {
    const m = memOf(pid);
    if (!m) continue;
    const grew = m.rss - before.get(pid);
    if (!best || grew > best.grew) best = { pid, grew, rss: m.rss, before: before.get(pid) };
  }
  return best;
}

// ---- CPU profiles (CDP Profiler) ------------------------------------------------------------------

/**
 * Self time per function of a CDP profile (ms), Rust hashes stripped; top `k` with their share. Also the
 * inclusive time (the function anywhere on the stack, once per sample) of the top `k` functions by it.
 */
export function topSelf(profile, k = 12) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const label = (cf) => {
    let name = (cf.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}$/, '');
    const wasm = cf.url.startsWith('wasm://') || /\.wasm($|-)/.test(cf.url);
    if (cf.url && !wasm && !name.startsWith('(')) name = `${name} [js ${cf.url.split('/').pop()}]`;
    return name;
  };
  const self = new Map();
  const incl = new Map();
  let total = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    const name = label(byId.get(profile.samples[i]).callFrame);
    self.set(name, (self.get(name) || 0) + dt);
    total += dt;
    const seen = new Set();
    for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) {
      const nm = label(byId.get(id).callFrame);
      if (nm === '(root)' || seen.has(nm)) continue;
      seen.add(nm);
      incl.set(nm, (incl.get(nm) || 0) + dt);
    }
  }
  const top = (m) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, k).map(([name, ms]) => ({ name, ms, share: ms / total }));
  return { total_ms: total, top: top(self), top_inclusive: top(incl) };
}

/**
 * What the `k` longest tasks were made of. `tasks`: [{start, ms}] in the page's performance.now() clock;
 * `marker`/`markerAt`: the name of a function the page ran at performance.now() = markerAt while profiled
 * (aligns the two clocks to one sampling interval). Per task: the functions most on the stack during it.
 */
export function longTaskContents(profile, marker, markerAt, tasks, k = 5, perTask = 8) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const name = (id) => (byId.get(id).callFrame.functionName || '(anonymous)').replace(/::h[0-9a-f]{16}.*$/, '');
  // Sample times in ms of the profile clock.
  const times = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) { t += profile.timeDeltas[i]; times.push(t / 1000); }
  const stack = (i) => { const out = []; for (let id = profile.samples[i]; id !== undefined; id = parent.get(id)) out.push(name(id)); return out; };
  const mi = profile.samples.findIndex((_, i) => stack(i).includes(marker));
  if (mi < 0 || markerAt == null) return [];
  const offset = times[mi] - markerAt;
  const skip = /^\((root|program|idle|garbage collector)\)$|^js-to-wasm|^wasm-to-js|invoke|^real$|^\(anonymous\)$|run_scheduler|Runnable>::run|start::\{\{closure\}\}|Queue::new/;
  return [...tasks].sort((a, b) => b.ms - a.ms).slice(0, k).map((task) => {
    const [from, to] = [task.start + offset, task.start + task.ms + offset];
    const incl = new Map();
    for (let i = 0; i < times.length; i++) {
      if (times[i] < from || times[i] > to) continue;
      const dt = (profile.timeDeltas[i + 1] ?? 0) / 1000;
      for (const nm of new Set(stack(i))) if (!skip.test(nm)) incl.set(nm, (incl.get(nm) || 0) + dt);
    }
    const top = [...incl.entries()].sort((a, b) => b[1] - a[1]).slice(0, perTask).map(([n, ms]) => ({ name: n, ms }));
    return { start: task.start, ms: task.ms, top };
  });
}

// ---- statistics and formatting -------------------------------------------------------------------

export function median(xs) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return null;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

export const MiB = (b) => (b == null ? null : b / 1048576);
export const fmt = (x, d = 1) => (x == null || !Number.isFinite(x) ? '–' : x.toFixed(d));

/** Plain-text table: `cols` = [{key, title, right}] over `rows` of objects with preformatted strings. */
export function table(cols, rows) {
  const w = cols.map((c) => Math.max(c.title.length, ...rows.map((r) => String(r[c.key] ?? '').length)));
  const line = (cells) => cells.map((s, i) => (cols[i].right ? String(s).padStart(w[i]) : String(s).padEnd(w[i]))).join('  ');
  return [line(cols.map((c) => c.title)), line(w.map((n) => '-'.repeat(n))), ...rows.map((r) => line(cols.map((c) => r[c.key] ?? '')))].join('\n');
}

/** Markdown version of the same table. */
export function mdTable(cols, rows) {
  const head = `| ${cols.map((c) => c.title).join(' | ')} |`;
  const sep = `|${cols.map((c) => (c.right ? '---:' : '---')).join('|')}|`;
  return [head, sep, ...rows.map((r) => `| ${cols.map((c) => r[c.key] ?? '').join(' | ')} |`)].join('\n');
}

/** The machine, as BENCHMARKS.md records it. */
export function machine(browserVersion) {
  let model = os.cpus()[0]?.model ?? 'unknown';
  try {
    const m = execFileSync('lscpu', { encoding: 'utf8' }).match(/^Model name:\s+(.+)$/m);
    if (m) model = m[1].trim();
  } catch { /* lscpu missing: keep os.cpus() */ }
  return {
    nproc: os.availableParallelism ? os.availableParallelism() : os.cpus().length,
    cpu: model,
    memory_gib: +(os.totalmem() / 2 ** 30).toFixed(1),
    loadavg_at_start: os.loadavg().map((x) => +x.toFixed(2)),
    chromium: browserVersion,
    node: process.version,
    kernel: os.release(),
  };
}

// ---- the page's packed wasm (xtask/src/inline.rs) ------------------------------------------------

/** The app's wasm of a built page, unpacked by the page's own decoder module; and the packed size. */
export function unpackPage(html) {
  const str = (name) => html.match(new RegExp(`const ${name} = "([A-Za-z0-9+/=]+)";`))?.[1];
  const packed = str('__wasm_b64') && Buffer.from(str('__wasm_b64'), 'base64');
  const decoder = str('__unlzma_b64') && Buffer.from(str('__unlzma_b64'), 'base64');
  const len = Number(html.match(/const __wasm_len = (\d+);/)?.[1]);
  if (!packed || !decoder || !len) return null;
  const un = new WebAssembly.Instance(new WebAssembly.Module(decoder)).exports;
  const at = (un.__heap_base.value + 15) & ~15;
  const out = at + packed.length;
  const short = out + len - un.memory.buffer.byteLength;
  if (short > 0) un.memory.grow(Math.ceil(short / 65536));
  new Uint8Array(un.memory.buffer, at, packed.length).set(packed);
  if (un.unlzma_start(at, packed.length) !== 0 || un.unlzma_run(out, len, len) !== 0) throw new Error('the page does not unpack');
  return { wasm: Buffer.from(new Uint8Array(un.memory.buffer, out, len)), packed_bytes: packed.length };
}

/** `wasm` packed as the page carries it (a properties byte and the raw LZMA stream; xz's settings of xtask's `pack`), base64. */
export function packForPage(wasm) {
  const alone = execFileSync('xz', ['--format=lzma', '--lzma1=preset=9e,lc=3,lp=0,pb=0,nice=273', '-c'], { input: wasm, maxBuffer: 1 << 28 });
  return Buffer.concat([alone.subarray(0, 1), alone.subarray(13)]).toString('base64');
}
