// Event-level exports in the page (issue 12): a per-post, a per-campaign and a payments export each
// give findings with no choice made; an orders export with a content export gives the retention
// section and the weekly orders × Reach correlation; the period can be changed; and after a whole
// visit with an orders export no e-mail, name or phone from the file is in any download or in
// storage.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { serve, launch, open, fixture, download, waitForResults, assertOnlyOwnRequests, schemaDiff, ROOT } from './harness.mjs';

const ev = (name) => fixture(`events/${name}/input.csv`);
const expected = (name) => JSON.parse(fs.readFileSync(fixture(`events/${name}/expected.json`), 'utf8'));

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function upload(page, files) {
  await page.locator('input[type=file]').first().setInputFiles(files);
  await waitForResults(page, { timeout: 30000 });
}

for (const name of ['x_tweet_activity', 'meta_content', 'stripe_payments']) {
  test(`${name}: recognised and analysed per week with no choice made`, async () => {
    const { page, context, errors } = await open(browser, `${server.url}/index.html`);
    await upload(page, ev(name));
    // The label the fixture's author wrote down for the export (independently of the code); it
    // may add the platform ("… (Instagram)").
    const labels = await page.getByTestId('recognised').allTextContents();
    assert.equal(labels.length, 1);
    assert.ok(expected(name).recognised_label.startsWith(labels[0]), `${labels[0]} vs ${expected(name).recognised_label}`);
    assert.match(await page.getByTestId('events-note').textContent(), /combined per week$/);
    assert.equal(await page.getByTestId('error').count(), 0, 'no error');
    const weeks = expected(name).period.week.date;
    assert.equal(await page.getByTestId('row-count').textContent(), String(weeks.length));
    const findings = await page.getByTestId('findings').locator('li').allTextContents();
    assert.ok(findings.length > 0, 'findings shown');
    assert.deepEqual(errors, []);
    await context.close();
  });
}

test('Shopify orders + Meta content: retention section, weekly orders × Reach, and the period can change', async () => {
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await upload(page, [ev('shopify_orders'), ev('meta_content')]);
  // The files are read side by side: either may be listed first.
  const labels = await page.getByTestId('recognised').allTextContents();
  assert.equal(labels.length, 2);
  for (const c of ['shopify_orders', 'meta_content']) {
    assert.ok(labels.some((l) => expected(c).recognised_label.startsWith(l)), `${c}: ${labels}`);
  }
  const retention = page.getByTestId('retention');
  await retention.waitFor();
  const shopify = expected('shopify_orders');
  // The repeat-purchase rate as the ground truth computes it (independently, in Python).
  const { repeat_purchase_rate: rate, value_of_customer: value } = shopify.retention;
  assert.equal(await page.getByTestId('retention-repeat-rate').locator('dd').first().textContent(), `${(rate * 100).toFixed(1)}%`);
  assert.equal(await page.getByTestId('retention-value-of-customer').locator('dd').first().textContent(), value.toFixed(2));
  await retention.getByTestId('retention-chart').waitFor();
  await retention.getByTestId('cohort-chart').waitFor();
  // The orders × Reach cell of the correlation grid, defined, opens the pair.
  const cell = page.getByTestId('heatmap').locator('button[data-x="orders"][data-y="Reach"]');
  assert.equal(await cell.count(), 1, 'orders × Reach in the grid');
  await cell.click();
  const detail = page.getByTestId('pair-detail');
  await detail.waitFor();
  assert.deepEqual([await detail.getAttribute('data-x'), await detail.getAttribute('data-y')].sort(), ['Reach', 'orders']);
  // Monthly instead of weekly: the note, the rows and the period starts follow.
  await page.getByLabel('Combine per').first().selectOption('month');
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=events-note]')].every((n) => n.textContent.endsWith('per month')));
  await waitForResults(page);
  const months = new Set(shopify.period.month.date.filter((d) => expected('meta_content').period.month.date.includes(d)));
  await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n), months.size);
  assert.deepEqual(errors, []);
  await context.close();
});

test('two parts of one Shopify export are put together: one weekly series and the whole file\'s retention', async () => {
  // The fixture cut at an order's first row, as Shopify splits a large export.
  const text = fs.readFileSync(ev('shopify_orders'), 'utf8').replace(/\n$/, '');
  const [header, ...rows] = text.split('\n');
  const name = (r) => r.split(',')[0];
  const starts = rows.map((r, i) => i).filter((i) => i === 0 || name(rows[i]) !== name(rows[i - 1]));
  const cut = starts[Math.floor(starts.length / 2)];
  const part = (rs) => Buffer.from(`${header}\n${rs.join('\n')}\n`);
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await upload(page, [
    { name: 'orders_export_1.csv', mimeType: 'text/csv', buffer: part(rows.slice(0, cut)) },
    { name: 'orders_export_2.csv', mimeType: 'text/csv', buffer: part(rows.slice(cut)) },
  ]);
  const shopify = expected('shopify_orders');
  assert.equal(await page.getByTestId('row-count').textContent(), String(shopify.period.week.date.length));
  const { repeat_purchase_rate: rate } = shopify.retention;
  await page.getByTestId('retention').waitFor();
  assert.equal(await page.getByTestId('retention-repeat-rate').locator('dd').first().textContent(), `${(rate * 100).toFixed(1)}%`);
  const file = await download(page, page.getByRole('button', { name: 'Download results (JSON)' }));
  const doc = JSON.parse(file.text());
  assert.ok(!doc.table.numeric_columns.some((c) => c.includes('orders_export_2')), doc.table.numeric_columns.join(', '));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a short orders export (under 8 weeks) gives the same series on the page and on the command line: a row a day', async () => {
  const cli = path.join(ROOT, 'target/debug/social-roi');
  if (!fs.existsSync(cli)) execFileSync('cargo', ['build', '-q', '-p', 'social-roi-cli'], { cwd: ROOT, stdio: 'inherit' });
  const lines = ['Order Number,Order Status,Order Date,Email (Billing),Order Total Amount'];
  for (let k = 0; k < 40; k++) {
    const d = new Date(Date.UTC(2024, 3, 1 + k)).toISOString().slice(0, 10);
    lines.push(`${100 + k},completed,${d} 10:00,c${k % 9}@example.com,${(10 + (k * 7) % 13).toFixed(2)}`);
    if (k % 3 === 0) lines.push(`${200 + k},completed,${d} 15:00,d${k % 5}@example.com,${(5 + k % 4).toFixed(2)}`);
  }
  const dir = fs.mkdtempSync(path.join(ROOT, 'target', 'e2e-short-'));
  const file = path.join(dir, 'orders.csv');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  const want = JSON.parse(execFileSync(cli, ['analyze', file, '--json'], { encoding: 'utf8' }));
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await upload(page, file);
  assert.equal(await page.getByTestId('row-count').textContent(), '40');
  const doc = JSON.parse((await download(page, page.getByRole('button', { name: 'Download results (JSON)' }))).text());
  assert.equal(want.table.n_rows, 40);
  assert.deepEqual(schemaDiff(doc.table, want.table, '$.table'), []);
  assert.deepEqual(schemaDiff(doc.retention, want.retention, '$.retention'), []);
  assert.deepEqual(errors, []);
  await context.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

test('after a whole visit with an orders export, no e-mail, name or phone is in any download or in storage', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, requests, errors } = await open(browser, url);
  await upload(page, [ev('shopify_orders'), ev('meta_content')]);
  await page.getByLabel(/Remember my data on this device/).check();
  await page.waitForFunction(() => localStorage.length === 1);
  const texts = [];
  // Every chart's SVG, every results export in both dialects, the retention CSVs, the plan.
  for (const fig of await page.locator('figure.chart-frame').all()) {
    texts.push((await download(page, fig.getByRole('button', { name: 'Download SVG' }))).text());
  }
  for (const dialect of ['standard', 'excel-it']) {
    await page.getByLabel('CSV files for').selectOption(dialect);
    for (const button of await page.getByTestId('exports').getByRole('button').all()) {
      texts.push((await download(page, button)).text());
    }
  }
  texts.push((await download(page, page.getByTestId('retention-csv'))).text());
  texts.push((await download(page, page.getByTestId('cohorts-csv'))).text());
  texts.push((await download(page, page.getByRole('button', { name: 'Save this setup (plan file)' }))).text());
  texts.push((await download(page, page.getByTestId('keep-page'))).text());
  const stored = await page.evaluate(() => Object.keys(localStorage).map((k) => k + localStorage.getItem(k)).join('\n'));
  // The stored copy is base64 inside JSON: decode every source to look inside it too.
  const remembered = JSON.parse(await page.evaluate(() => localStorage.getItem(localStorage.key(0))));
  const decoded = remembered.sources.map((s) => Buffer.from(s.data, 'base64').toString('utf8'));
  assert.ok(decoded.some((d) => d.startsWith('date,orders,')), 'the orders file is kept as its per-period series');
  const haystack = [...texts, stored, ...decoded].join('\n').toLowerCase();
  const personal = expected('shopify_orders').personal_data.map((p) => p.trim().toLowerCase()).filter((p) => p.length >= 5);
  assert.ok(personal.length > 20, 'the fixture lists its personal data');
  const found = personal.filter((p) => haystack.includes(p));
  assert.deepEqual(found, [], 'personal data in a download or in storage');
  // Reloaded from storage, the derived series still give the retention-free analysis.
  await page.reload();
  await page.getByTestId('row-count').waitFor({ timeout: 20000 });
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('dates without a year (TikTok) get a year that is shown and can be changed', async () => {
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await upload(page, ev('tiktok_overview'));
  assert.ok(expected('tiktok_overview').recognised_label.startsWith(await page.getByTestId('recognised').textContent()));
  const year = page.getByTestId('assumed-year');
  // 20 August … 14 February: the latest years on or before today, across New Year.
  const shown = Number(await year.getAttribute('data-year'));
  const now = new Date();
  const latest = now.getMonth() > 7 || (now.getMonth() === 7 && now.getDate() >= 20) ? now.getFullYear() : now.getFullYear() - 1;
  assert.ok(shown === latest || shown === latest - 1, `${shown} vs ${latest}`);
  const summary = async () => page.locator('p.summary').textContent();
  assert.match(await summary(), new RegExp(`from \\w+ \\d+, ${shown}`));
  await year.getByLabel('Year of the first date').fill('2021');
  await year.getByLabel('Year of the first date').dispatchEvent('change');
  await page.waitForFunction(() => document.querySelector('[data-testid=assumed-year]')?.dataset.year === '2021', null, { timeout: 20000 });
  await page.waitForFunction(() => /from \w+ \d+, 2021 to \w+ \d+, 2022/.test(document.querySelector('p.summary')?.textContent ?? ''));
  assert.deepEqual(errors, []);
  await context.close();
});
