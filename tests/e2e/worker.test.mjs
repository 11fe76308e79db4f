// The engine in a Web Worker (issue 15): used by default; the forced fallback (?noworker) and a
// browser refusing the worker get the sliced path with the same results as the worker and the CLI;
// a panic in the engine costs only the worker; cancel works; the main thread has no long task while
// the worker reads a large file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, open, assertOnlyOwnRequests, fixture, download, waitForResults, schemaDiff, ROOT } from './harness.mjs';

const WEEKLY = fixture('weekly_marketing_iso_csv/input.csv');
const CLI = path.join(ROOT, 'target/debug/social-roi');
const LARGE_ROWS = 200000;
let server, browser, tmp, large;
before(async () => {
  if (!fs.existsSync(CLI)) execFileSync('cargo', ['build', '-q', '-p', 'social-roi-cli'], { cwd: ROOT, stdio: 'inherit' });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-worker-'));
  large = path.join(tmp, `large_${LARGE_ROWS}.csv`);
  execFileSync('python3', [fixture('gen_large.py'), String(LARGE_ROWS), large]);
  server = await serve();
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); fs.rmSync(tmp, { recursive: true, force: true }); });

const engine = (page) => page.locator('main.app').getAttribute('data-engine');

async function resultsOf(url) {
  const { page, context, requests, errors } = await open(browser, url);
  const used = await engine(page);
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await waitForResults(page);
  const file = await download(page, page.getByRole('button', { name: 'Download results (JSON)' }));
  const doc = JSON.parse(file.text());
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
  return { used, doc };
}

test('the worker and the forced fallback give the same results, equal to the CLI report', async () => {
  const cli = JSON.parse(execFileSync(CLI, ['analyze', WEEKLY, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const worker = await resultsOf(`${server.url}/index.html`);
  const sliced = await resultsOf(`${server.url}/index.html?noworker`);
  assert.equal(worker.used, 'worker');
  assert.equal(sliced.used, 'sliced');
  for (const { doc } of [worker, sliced]) {
    assert.deepEqual(schemaDiff(doc.table, cli.table, '$.table'), []);
    assert.deepEqual(schemaDiff(doc.analyses, cli.analyses, '$.analyses'), []);
    assert.deepEqual(doc.input, worker.doc.input);
  }
});

test('the worker that read a file serves its analysis next: reading and analysing start two workers, not three', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, errors } = await open(browser, url);
  assert.equal(await engine(page), 'worker');
  // Counts the workers the page starts (the glue calls the global `Worker` each time).
  await page.evaluate(() => {
    const Real = window.Worker;
    window.__workers = 0;
    window.Worker = function (...args) { window.__workers += 1; return new Real(...args); };
  });
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await waitForResults(page);
  await page.getByTestId('verdict').waitFor();
  // One reader, kept as the analysis' front half, and the back half's worker.
  assert.equal(await page.evaluate(() => window.__workers), 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a panic in the engine costs only the worker: an error is shown, what was loaded stays, the next read works', async () => {
  const url = `${server.url}/index.html#panic-test`;
  const { page, context, requests } = await open(browser, url);
  assert.equal(await engine(page), 'worker');
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await page.getByTestId('row-count').waitFor();
  await page.getByLabel('Choose files').setInputFiles({ name: '__panic_test__.csv', mimeType: 'text/csv', buffer: Buffer.from('date,x\n2024-01-01,1\n') });
  await page.locator('li.source [data-testid=error]', { hasText: 'The engine stopped unexpectedly' }).waitFor({ timeout: 20000 });
  // The page lives on with the weekly file it had.
  assert.equal(await page.getByTestId('row-count').textContent(), '104');
  await page.getByRole('button', { name: 'Remove __panic_test__.csv' }).click();
  await page.getByLabel('Choose files').setInputFiles({ name: 'after.csv', mimeType: 'text/csv', buffer: Buffer.from('date,x\n2024-01-01,1\n2024-01-02,3\n2024-01-03,2\n') });
  await page.getByText('after.csv').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('li.source').length === 2 && !document.querySelector('li.source .error'), null, { timeout: 20000 });
  assertOnlyOwnRequests(requests, [url]);
  await context.close();
  // Without #panic-test the name is an ordinary name.
  const plain = await open(browser, `${server.url}/index.html`);
  await plain.page.getByLabel('Choose files').setInputFiles({ name: '__panic_test__.csv', mimeType: 'text/csv', buffer: Buffer.from('date,x\n2024-01-01,1\n2024-01-02,3\n2024-01-03,2\n') });
  await plain.page.getByTestId('row-count').waitFor();
  assert.equal(await plain.page.getByTestId('row-count').textContent(), '3');
  assert.deepEqual(plain.errors, []);
  await plain.context.close();
});

test('a panic in the analysis costs only its worker: the error is shown with the data kept, and the next analysis works', async () => {
  const url = `${server.url}/index.html#panic-test`;
  const { page, context, requests } = await open(browser, url);
  assert.equal(await engine(page), 'worker');
  const rows = (name) => [`date,${name},y`, '2024-01-01,1,5', '2024-01-02,3,4', '2024-01-03,2,6', '2024-01-04,5,5'].join('\n');
  await page.locator('#paste').fill(rows('__panic_test__'));
  await page.getByRole('button', { name: 'Read pasted data' }).click();
  await page.locator('.results [data-testid=error]', { hasText: 'The engine stopped unexpectedly' }).waitFor({ timeout: 20000 });
  await page.getByRole('button', { name: 'Analyse again' }).waitFor();
  // What was loaded stays: the table and its set-up are still on screen.
  assert.equal(await page.getByTestId('row-count').textContent(), '4');
  await page.locator('section.roles').waitFor();
  // Another table analyses in a fresh worker.
  await page.locator('#paste').fill(rows('x'));
  await page.getByRole('button', { name: 'Read pasted data' }).click();
  await waitForResults(page);
  await page.getByTestId('verdict').waitFor();
  assert.equal(await page.locator('.results [data-testid=error]').count(), 0);
  assertOnlyOwnRequests(requests, [url]);
  await context.close();
});

test(`no main-thread task over 50 ms from choosing a file of ${LARGE_ROWS} rows to its rows on screen, nor while it is analysed`, async () => {
  const url = `${server.url}/index.html`;
  const { page, context, errors } = await open(browser, url);
  assert.equal(await engine(page), 'worker');
  // From the file choice to the row count (the table has crossed back and is shown): the page
  // never reads the file itself (the worker reads the File in chunks), so no task of the page's
  // grows with the file. Then to the verdict on screen: the analysis runs in the worker, and the
  // page's share (sending the table, completing the report) is done in short slices.
  await page.evaluate(() => {
    window.__longtasks = [];
    new PerformanceObserver((list) => { for (const e of list.getEntries()) window.__longtasks.push({ start: e.startTime, ms: e.duration }); })
      .observe({ type: 'longtask' });
    new MutationObserver(() => {
      if (!window.__verdictAt && document.querySelector('[data-testid=verdict]')) window.__verdictAt = performance.now();
    }).observe(document.body, { childList: true, subtree: true });
  });
  const from = await page.evaluate(() => performance.now());
  await page.getByLabel('Choose files').setInputFiles(large);
  await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), LARGE_ROWS, { timeout: 120000 });
  const rows = await page.evaluate(() => ({ to: performance.now(), tasks: window.__longtasks }));
  const reading = rows.tasks.filter((e) => e.start + e.ms > from && e.start < rows.to);
  assert.deepEqual(reading, [], `long tasks from the choice to the rows: ${JSON.stringify(reading)}`);
  await page.getByTestId('verdict').waitFor({ timeout: 120000 });
  const an = await page.evaluate(() => ({ to: window.__verdictAt, tasks: window.__longtasks }));
  const analysing = an.tasks.filter((e) => e.start + e.ms > rows.to && e.start < an.to);
  assert.deepEqual(analysing, [], `long tasks from the rows to the verdict: ${JSON.stringify(analysing)}`);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a file too large for the page to hold is read by the worker from the File; an error in it is quoted from there', async () => {
  // 80,000 rows (~6 MB, over the 4 MB the page holds itself) and a last row with a field too many.
  const lines = fs.readFileSync(large, 'utf8').split('\n').slice(0, 80001);
  const bad = `2299-12-31,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25`;
  const file = path.join(tmp, 'too_many_fields.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n${bad}\n`);
  assert.ok(fs.statSync(file).size > 4_000_000);
  const url = `${server.url}/index.html`;
  const { page, context, requests } = await open(browser, url);
  assert.equal(await engine(page), 'worker');
  await page.getByLabel('Choose files').setInputFiles(file);
  const box = page.locator('li.source [data-testid=error]');
  await box.waitFor({ timeout: 60000 });
  assert.equal(await box.getAttribute('data-line'), '80002');
  assert.match(await box.locator('pre.offending').textContent(), /^80002 │ .*,23,24,25$/);
  assertOnlyOwnRequests(requests, [url]);
  await context.close();
});

test('a real file past the input limit is refused with a message naming its size and the limit; what was loaded stays', async () => {
  // Sparse files: the size is real, the disk holds almost nothing. 600 MB with the worker,
  // 300 MB on the sliced path (the page's own instance then holds everything).
  const sparse = (name, size) => {
    const file = path.join(tmp, name);
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, 'date,x\n2024-01-01,1\n');
    fs.ftruncateSync(fd, size);
    fs.closeSync(fd);
    return file;
  };
  const cases = [
    { query: '', file: sparse('huge.csv', 600_000_001), engine: 'worker', mb: 600 },
    { query: '?noworker', file: sparse('big.csv', 300_000_001), engine: 'sliced', mb: 300 },
  ];
  for (const c of cases) {
    const url = `${server.url}/index.html${c.query}`;
    const { page, context, requests, errors } = await open(browser, url);
    assert.equal(await engine(page), c.engine);
    await page.getByLabel('Choose files').setInputFiles(WEEKLY);
    await page.getByTestId('row-count').waitFor();
    await page.getByLabel('Choose files').setInputFiles(c.file);
    const error = page.getByRole('alert').filter({ hasText: 'too large' });
    await error.waitFor({ timeout: 30000 });
    const name = path.basename(c.file).replace('.', '\\.');
    assert.match(await error.innerText(), new RegExp(`${name}.*the file is too large \\(${c.mb} MB; the limit in this browser is ${c.mb} MB\\)\\. Split it, or aggregate the data per day or week first\\.`, 's'));
    assert.equal(await page.getByTestId('row-count').textContent(), '104', 'the file loaded before stays');
    assert.equal(await page.locator('li.source').count(), 1);
    assertOnlyOwnRequests(requests, [url]);
    assert.deepEqual(errors, []);
    await context.close();
  }
});

test('a browser that refuses the worker (at once or when it starts) gets the sliced path, with the same file read', async () => {
  const refusals = {
    // `new Worker` throws.
    throws: () => { window.Worker = function Worker() { throw new DOMException('refused', 'SecurityError'); }; },
    // The worker is created but its script fails before it says it is ready.
    fails: () => {
      const Real = window.Worker;
      window.Worker = function Worker() { return new Real(URL.createObjectURL(new Blob(['throw new Error("refused")']))); };
    },
  };
  for (const [how, init] of Object.entries(refusals)) {
    const url = `${server.url}/index.html`;
    const context = await browser.newContext();
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const page = await context.newPage();
    await page.addInitScript(init);
    await page.goto(url);
    await page.waitForSelector('main.app', { timeout: 20000 });
    await page.getByLabel('Choose files').setInputFiles(WEEKLY);
    await page.getByTestId('row-count').waitFor({ timeout: 20000 });
    assert.equal(await page.getByTestId('row-count').textContent(), '104', how);
    assert.equal(await engine(page), 'sliced', how);
    assert.equal(await page.locator('li.source [data-testid=error]').count(), 0, how);
    assertOnlyOwnRequests(requests, [url]);
    await context.close();
  }
  // A file over 4 MB chosen before the worker is found to fail is kept as a File for the worker;
  // when the worker then fails to start, the page reads the File itself.
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(refusals.fails);
  await page.goto(`${server.url}/index.html`);
  await page.waitForSelector('main.app', { timeout: 20000 });
  await page.getByLabel('Choose files').setInputFiles(large);
  await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), LARGE_ROWS, { timeout: 120000 });
  assert.equal(await engine(page), 'sliced');
  assert.equal(await page.locator('li.source [data-testid=error]').count(), 0);
  await context.close();
});

test('cancel stops a read in the worker; the next read works', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, errors } = await open(browser, url);
  await page.getByLabel('Choose files').setInputFiles(large);
  // As soon as the read shows (it takes about half a second or more).
  await page.getByRole('button', { name: 'Cancel' }).click({ timeout: 20000 });
  await page.waitForFunction(() => !document.getElementById('work-progress'), null, { timeout: 10000 });
  assert.equal(await page.locator('li.source').count(), 0, 'the cancelled file is not kept');
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await page.getByTestId('row-count').waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId('row-count').textContent(), '104');
  assert.deepEqual(errors, []);
  await context.close();
});

test('cancel stops an analysis in the worker; "Analyse again" runs it anew', async () => {
  // A million rows: the findings of 200,000 come ~0.3 s after "Analysing" shows, too soon to
  // cancel them reliably (a cancel after the findings keeps them: tested in state.rs).
  const million = path.join(tmp, 'large_1000000.csv');
  execFileSync('python3', [fixture('gen_large.py'), '1000000', million]);
  const url = `${server.url}/index.html`;
  const { page, context, errors } = await open(browser, url);
  await page.getByLabel('Choose files').setInputFiles(million);
  await page.locator('label[for=work-progress]', { hasText: 'Analysing' }).waitFor({ timeout: 30000 });
  await page.getByRole('button', { name: 'Cancel' }).click();
  const box = page.locator('.results [data-testid=error]', { hasText: 'The analysis was cancelled' });
  await box.waitFor({ timeout: 10000 });
  assert.equal(await page.locator('#work-progress').count(), 0, 'nothing runs any more');
  assert.equal(await page.getByTestId('row-count').textContent(), '1000000', 'the data stays');
  // The message names "Analyse again", and the button is there.
  await page.getByRole('button', { name: 'Analyse again' }).click();
  await waitForResults(page, { timeout: 60000 });
  await page.getByTestId('verdict').waitFor();
  assert.equal(await box.count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});
