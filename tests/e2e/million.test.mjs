// A million rows in the page (issue 15): the 76 MB `gen_large.py 1000000` file, read and analysed in
// the engine's worker served, inside a cross-origin iframe and opened from disk, and in main-thread
// slices with the worker forced off. Every way gives the same results file (the correlations on
// levels and changes, every digit) and the same verdict and findings as the command line on the
// same file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { serve, launch, open, assertOnlyOwnRequests, fixture, download, DIST, ROOT } from './harness.mjs';

const ROWS = 1000000;
const CLI = path.join(ROOT, 'target/debug/social-roi');
const TIMEOUT = 180000;
let server, browser, tmp, file, cli;
const results = {};

before(async () => {
  if (!fs.existsSync(CLI)) execFileSync('cargo', ['build', '-q', '-p', 'social-roi-cli'], { cwd: ROOT, stdio: 'inherit' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-million-'));
  file = path.join(tmp, `large_${ROWS}.csv`);
  execFileSync('python3', [fixture('gen_large.py'), String(ROWS), file]);
  // The command line's report runs meanwhile (a debug build takes ~30 s on a million rows).
  cli = promisify(execFile)(CLI, ['analyze', file], { encoding: 'utf8', maxBuffer: 16 << 20 }).then((r) => r.stdout);
  server = await serve({ '/parent/': tmp, '/': DIST });
  browser = await launch();
});
after(async () => {
  await cli?.catch(() => {});
  await browser?.close();
  await server?.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

/** Reads the file in `root` (a page or a frame), waits for everything, returns what it shows. */
async function analyse(page, root) {
  await root.locator('input[type=file]').first().setInputFiles(file);
  await root.getByTestId('verdict').waitFor({ timeout: TIMEOUT });
  await root.getByTestId('exports').waitFor({ timeout: TIMEOUT });
  await root.locator('#work-progress').waitFor({ state: 'detached', timeout: TIMEOUT });
  assert.equal(await root.getByTestId('row-count').textContent(), String(ROWS));
  const csv = await download(page, root.getByRole('button', { name: 'Download results (CSV)' }));
  // The reading worker's wasm memory when it answered (`worker::mark_memory`), in bytes.
  const mark = await root.locator('main.app').evaluate(() => performance.getEntriesByType('mark')
    .map((m) => m.name).find((n) => n.startsWith('social-roi wasm memory: read worker')));
  return {
    readWorker: mark ? Number(mark.split(' ')[5]) : null,
    engine: await root.locator('main.app').getAttribute('data-engine'),
    verdict: await root.getByTestId('verdict').textContent(),
    findings: await root.locator('[data-testid=findings] li').allTextContents(),
    csv: csv.text(),
  };
}

async function inPage(url) {
  const { page, context, requests, errors } = await open(browser, url);
  const got = await analyse(page, page);
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
  return got;
}

test('a million rows, served: read and analysed in the worker', { timeout: TIMEOUT }, async () => {
  results.served = await inPage(`${server.url}/index.html`);
  assert.equal(results.served.engine, 'worker');
  assert.ok(results.served.findings.length > 10);
  // Streaming read (issue 15, point 2): the worker holds its columns (~1.4x this file) and a
  // 4 MB slice, never the file itself (file + columns would be ~2.8x).
  const size = fs.statSync(file).size;
  assert.ok(results.served.readWorker > 0.5 * size, `read worker ${results.served.readWorker}`);
  assert.ok(results.served.readWorker < 2.2 * size,
    `the read worker's wasm memory ${results.served.readWorker} B for a ${size} B file: the file is held whole`);
});

test('a million rows with the worker forced off: main-thread slices, the same results', { timeout: TIMEOUT }, async () => {
  results.sliced = await inPage(`${server.url}/index.html?noworker`);
  assert.equal(results.sliced.engine, 'sliced');
});

test('a million rows opened from disk (file://): the worker, the same results', { timeout: TIMEOUT }, async () => {
  results.disk = await inPage(pathToFileURL(path.join(DIST, 'index.html')).href);
  assert.equal(results.disk.engine, 'worker');
});

test('a million rows inside an iframe on another origin: the worker, the same results', { timeout: TIMEOUT }, async () => {
  const port = new URL(server.url).port;
  fs.writeFileSync(path.join(tmp, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>A blog post</title></head>
<body><iframe id="social-roi" src="http://localhost:${port}/index.html" style="width:1000px;height:800px"></iframe></body></html>`);
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.url}/parent/index.html`);
  const frame = page.frameLocator('#social-roi');
  await frame.locator('main.app').waitFor({ timeout: 20000 });
  results.embedded = await analyse(page, frame);
  assert.equal(results.embedded.engine, 'worker');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every way gives the same results file, verdict and findings, and those of the command line', { timeout: TIMEOUT }, async () => {
  const ways = Object.entries(results);
  assert.equal(ways.length, 4, `all four ways ran: ${Object.keys(results)}`);
  const [, first] = ways[0];
  for (const [way, got] of ways) {
    assert.equal(got.csv, first.csv, `${way}: the results CSV`);
    assert.equal(got.verdict, first.verdict, `${way}: the verdict`);
    assert.deepEqual(got.findings, first.findings, `${way}: the findings`);
  }
  // The command line: its verdict paragraph and finding lines (" * ", " ! ", " - ").
  const text = await cli;
  const lines = text.split('\n');
  const at = (h) => lines.indexOf(h);
  assert.equal(lines[at('DID SOCIAL MOVE THE BUSINESS?') + 1].trim(), first.verdict);
  const findings = [];
  for (const l of lines.slice(at('FINDINGS') + 1)) {
    if (l.trim() === '') break;
    const m = l.match(/^ [*!-] (.*)$/);
    if (m) findings.push(m[1]);
  }
  assert.deepEqual([...first.findings].sort(), findings.sort());
  // Its table of the strongest correlations (r, rho and tau to 4 decimals) is the CSV's, rounded.
  const [head, ...rows] = first.csv.trim().split('\n').map((l) => l.split(','));
  const col = (name) => head.indexOf(name);
  const levels = rows.filter((r) => r[col('basis')] === 'levels');
  assert.equal(levels.length, 66, 'every pair on levels');
  assert.equal(rows.length - levels.length, 66, 'every pair on changes');
  const table = lines.slice(at('CORRELATIONS (66 pairs, strongest first)') + 2)
    .map((l) => l.match(/^  (\S+) ~ (\S+)\s+(\d+)\s+(\S+)\s+\S+\s+\S+\s+(\S+)\s+(\S+)$/))
    .filter(Boolean);
  assert.ok(table.length >= 20, `the command line lists the strongest pairs: ${table.length}`);
  for (const [, x, y, n, r, rho, tau] of table) {
    const row = levels.find((c) => c[col('x')] === x && c[col('y')] === y);
    assert.ok(row, `${x} ~ ${y} in the CSV`);
    assert.equal(row[col('n')], n, `${x} ~ ${y}: n`);
    for (const [name, want] of [['r', r], ['rho', rho], ['tau_b', tau]]) {
      assert.equal(Number(row[col(name)]).toFixed(4), want, `${x} ~ ${y}: ${name}`);
    }
  }
});
