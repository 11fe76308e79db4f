// The single-file page (issue 6): works from file://, survives "Save page as…" (one app, not two),
// carries a CSP that forbids connections, and a fetch from the page is refused; the engine's worker
// (issue 15) starts from disk too.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, launch, open, assertOnlyOwnRequests, fixture, download, waitForResults, DIST } from './harness.mjs';

const WEEKLY = fixture('weekly_marketing_iso_csv/input.csv');
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function loadWeekly(page) {
  await page.locator('input[type=file]').first().setInputFiles(WEEKLY);
  await page.getByTestId('row-count').waitFor();
  assert.equal(await page.getByTestId('row-count').textContent(), '104');
}

test('the page works opened from disk (file://) with no request beyond itself, reading in its worker', async () => {
  const url = pathToFileURL(path.join(DIST, 'index.html')).href;
  const { page, context, requests, errors } = await open(browser, url);
  await loadWeekly(page);
  // Still "worker" after a read: a worker that failed to start would have switched the page to slices.
  assert.equal(await page.locator('main.app').getAttribute('data-engine'), 'worker');
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('from disk with the worker switched off (?noworker) the page reads in main-thread slices', async () => {
  const url = pathToFileURL(path.join(DIST, 'index.html')).href + '?noworker';
  const { page, context, requests, errors } = await open(browser, url);
  await loadWeekly(page);
  assert.equal(await page.locator('main.app').getAttribute('data-engine'), 'sliced');
  assertOnlyOwnRequests(requests, [url.split('?')[0], url]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a page saved after use reopens from disk as exactly one working app', async () => {
  const url = `${server.url}/index.html`;
  const first = await open(browser, url);
  await loadWeekly(first.page);
  // What "Save page as…" writes: the rendered DOM.
  const saved = '<!DOCTYPE html>\n' + await first.page.evaluate(() => document.documentElement.outerHTML);
  await first.context.close();
  assert.ok(saved.includes('data-testid="row-count"'), 'the saved DOM contains the rendered app');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-saved-'));
  const file = path.join(dir, 'Social ROI.html');
  fs.writeFileSync(file, saved);
  const savedUrl = pathToFileURL(file).href;
  const { page, context, requests, errors } = await open(browser, savedUrl);
  await page.waitForFunction(() => !document.querySelector('[data-testid="row-count"]'), null, { timeout: 10000 });
  assert.equal(await page.locator('#app').count(), 1);
  assert.equal(await page.locator('main.app').count(), 1);
  await loadWeekly(page);
  assert.equal(await page.locator('main.app').count(), 1);
  assertOnlyOwnRequests(requests, [savedUrl]);
  assert.deepEqual(errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true });
});

test('"keep this calculator" downloads the page itself: it opens from disk, works, and holds none of the loaded data', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, requests } = await open(browser, url);
  // A file whose column names and values appear nowhere in the page's own code or samples.
  const marker = 'zqx_private_revenue';
  const csv = `date,${marker},zqx_private_visits\n` +
    Array.from({ length: 30 }, (_, i) => `2024-01-${String(i + 1).padStart(2, '0')},${987654 + i * 3},${424242 + (i * 7) % 11}`).join('\n') + '\n';
  await page.locator('input[type=file]').first().setInputFiles({ name: 'zqx_secret_shop.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await waitForResults(page);
  assert.ok((await page.content()).includes(marker), 'the data is on screen');
  const kept = await download(page, page.getByTestId('keep-page'));
  assert.equal(kept.name, 'social-roi.html');
  const html = kept.text();
  for (const secret of [marker, 'zqx_private_visits', 'zqx_secret_shop', '987654', '424242']) {
    assert.ok(!html.includes(secret), `the kept page holds "${secret}"`);
  }
  assert.ok(html.startsWith('<!DOCTYPE html>'));
  assert.match(html, /Content-Security-Policy/);
  assertOnlyOwnRequests(requests, [url]);
  await context.close();

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-kept-'));
  const file = path.join(dir, 'social-roi.html');
  fs.writeFileSync(file, kept.bytes);
  const keptUrl = pathToFileURL(file).href;
  const reopened = await open(browser, keptUrl);
  assert.equal(await reopened.page.locator('main.app').count(), 1);
  await loadWeekly(reopened.page);
  await waitForResults(reopened.page);
  assertOnlyOwnRequests(reopened.requests, [keptUrl]);
  assert.deepEqual(reopened.errors, []);
  await reopened.context.close();
  fs.rmSync(dir, { recursive: true });
});

test('the CSP forbids connections and a fetch from the page is refused', async () => {
  const url = `${server.url}/index.html`;
  const { page, context } = await open(browser, url);
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  assert.match(csp, /connect-src 'none'/);
  assert.match(csp, /default-src 'none'/);
  assert.match(csp, /worker-src blob:;/);
  assert.match(csp, /script-src 'sha256-[A-Za-z0-9+/=]+' 'wasm-unsafe-eval'/);
  const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src'));
  assert.doesNotMatch(scriptSrc, /'unsafe-inline'|'unsafe-eval'|\*|http|data:|blob:/);
  const before = server.hits.length;
  const outcome = await page.evaluate(async (target) => {
    try { await fetch(target); return 'fetched'; } catch (e) { return 'refused: ' + e.name; }
  }, `${server.url}/leak?data=secret`);
  assert.match(outcome, /^refused/);
  const outcome2 = await page.evaluate(() => new Promise((resolve) => {
    const img = new Image();
    img.onload = () => resolve('loaded');
    img.onerror = () => resolve('refused');
    img.src = location.origin + '/pixel.png?data=secret';
  }));
  assert.equal(outcome2, 'refused');
  assert.deepEqual(server.hits.slice(before).filter((p) => p.includes('leak') || p.includes('pixel')), []);
  await context.close();
});
