// Shared end-to-end harness: a static server for dist/, Debian's Chromium driven by playwright-core,
// and a recorder of every request the page makes (nothing may go anywhere but the page's own file).
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = path.join(ROOT, 'dist');
export const FIXTURES = path.join(ROOT, 'tests/fixtures');

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.wasm': 'application/wasm',
  '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.json': 'application/json' };

/** Serves `dirs` (url prefix -> folder) on 127.0.0.1 at a free port. Returns {url, close, hits}. */
export async function serve(dirs = { '/': DIST }) {
  const hits = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    hits.push(url.pathname);
    const prefix = Object.keys(dirs).sort((a, b) => b.length - a.length).find((p) => url.pathname.startsWith(p));
    if (!prefix) { res.writeHead(404); res.end(); return; }
    let rel = decodeURIComponent(url.pathname.slice(prefix.length));
    if (rel === '' || rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dirs[prefix], rel);
    if (!file.startsWith(dirs[prefix]) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404); res.end('not found'); return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream', 'Cache-Control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}`, hits, close: () => new Promise((r) => server.close(r)) };
}

/** Headless Debian Chromium with the flags that keep it from phoning home on this closed network. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-default-apps', '--disable-extensions'],
  });
}

/**
 * Opens `url` in a fresh context and records every request made by the page (and any worker or
 * frame of it). Returns {page, context, requests, errors}.
 */
export async function open(browser, url, { viewport = { width: 1280, height: 900 }, locale = 'en-US', acceptDownloads = true } = {}) {
  const context = await browser.newContext({ viewport, locale, acceptDownloads });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(url);
  await page.waitForSelector('main.app', { timeout: 20000 });
  return { page, context, requests, errors };
}

/** Fails unless every recorded request is for one of the page's own files (or local data:/blob:). */
export function assertOnlyOwnRequests(requests, ownUrls) {
  const own = new Set(ownUrls.map((u) => u.split('#')[0]));
  const foreign = requests.filter((u) => !(own.has(u.split('#')[0]) || u.startsWith('data:') || u.startsWith('blob:')));
  assert.deepEqual(foreign, [], `requests beyond the page's own file: ${foreign.join(', ')}`);
}

export function fixture(name) {
  return path.join(FIXTURES, name);
}

// ---- Helpers for the app, privacy and screenshot scripts (added for issues 5 and 6) ----

// Chromium drops a download now and then when a page starts them back to back (measured here:
// every 11th of 60 clicks with no pause was lost, none with 300 ms between clicks). A person never
// clicks that fast, so tests pace their downloads instead of the app delaying them.
const lastDownload = new WeakMap();
const DOWNLOAD_GAP_MS = 350;

/** Clicks `trigger` (a locator) and returns the download it starts: {name, bytes (Buffer), text()}. */
export async function download(page, trigger, { timeout = 15000 } = {}) {
  const wait = (lastDownload.get(page) ?? 0) + DOWNLOAD_GAP_MS - Date.now();
  if (wait > 0) await page.waitForTimeout(wait);
  lastDownload.set(page, Date.now());
  const [d] = await Promise.all([page.waitForEvent('download', { timeout }), trigger.click()]);
  const failure = await d.failure();
  assert.equal(failure, null, `download ${d.suggestedFilename()} failed: ${failure}`);
  const bytes = fs.readFileSync(await d.path());
  return { name: d.suggestedFilename(), url: d.url(), bytes, text: () => bytes.toString('utf8') };
}

/** {width, height} from a PNG's IHDR chunk; fails unless `buf` starts with the PNG signature. */
export function pngSize(buf) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(buf.length > 33 && buf.subarray(0, 8).equals(signature), 'not a PNG (bad signature)');
  assert.equal(buf.toString('latin1', 12, 16), 'IHDR', 'the first PNG chunk is not IHDR');
  return { width: buf.readUInt32BE(16), height: buf.readUInt32BE(20) };
}

/** RFC 4180 CSV (any line ends, optional BOM) to an array of rows of fields. */
export function parseCsv(text, delimiter = ',') {
  const rows = [];
  let row = [], field = '', quoted = false, i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === delimiter) { row.push(field); field = ''; }
    else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field); rows.push(row); row = []; field = '';
    } else field += c;
  }
  if (field !== '' || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const P_VALUE_KEYS = new Set(['p', 'p_bh', 'best_p', 'slope_p']);
const INTEGER_KEYS = new Set(['n', 'n_rows', 'rows_used', 'k', 'line', 'line2', 'row', 'max_lag', 'best_k_by_abs_r',
  'best_n', 'pairs_tested', 'header_line', 'n_before', 'n_after']);

/**
 * Differences between `actual` and `expected` under tests/fixtures/SCHEMA.md §8: numbers
 * |a − e| <= 1e-9·|e| + 1e-12, p-values |a − e| <= 1e-6, integers, strings, booleans and null exact.
 * Returns a list of "path: actual vs expected" strings (empty when they match).
 */
export function schemaDiff(actual, expected, path = '$', key = '', out = []) {
  if (out.length > 50) return out;
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  const [ka, ke] = [kind(actual), kind(expected)];
  if (ka !== ke) { out.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`); return out; }
  if (ke === 'array') {
    if (actual.length !== expected.length) out.push(`${path}: length ${actual.length} vs ${expected.length}`);
    else expected.forEach((e, i) => schemaDiff(actual[i], e, `${path}[${i}]`, key, out));
  } else if (ke === 'object') {
    const keys = new Set([...Object.keys(actual), ...Object.keys(expected)]);
    for (const k of keys) {
      if (!(k in actual) || !(k in expected)) out.push(`${path}.${k}: ${k in actual ? 'unexpected' : 'missing'}`);
      else schemaDiff(actual[k], expected[k], `${path}.${k}`, k, out);
    }
  } else if (ke === 'number') {
    let ok;
    if (P_VALUE_KEYS.has(key)) ok = Math.abs(actual - expected) <= 1e-6;
    else if (INTEGER_KEYS.has(key)) ok = Number.isInteger(expected) && actual === expected;
    else ok = Math.abs(actual - expected) <= 1e-9 * Math.abs(expected) + 1e-12;
    if (!ok) out.push(`${path}: ${actual} vs ${expected}`);
  } else if (actual !== expected) out.push(`${path}: ${JSON.stringify(actual)} vs ${JSON.stringify(expected)}`);
  return out;
}

/** Waits until the analysis is done and the results (findings, heatmap, exports) are shown. */
export async function waitForResults(page, { timeout = 20000 } = {}) {
  await page.getByTestId('exports').waitFor({ timeout });
  await page.getByTestId('findings').waitFor({ timeout });
  // The findings come first; the changes view follows while the progress bar still shows.
  await page.waitForFunction(() => !document.getElementById('work-progress'), null, { timeout });
}
