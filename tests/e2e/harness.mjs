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
