// The app's flows end to end (issue 5), driven as a user would — by labels, roles and visible text:
// every sample dataset; paste of the Italian fixture; upload of two files joined on date; an
// ingestion error naming its line while the earlier data stays usable; switching the language;
// the lag chart marking lag +2 for sessions → revenue; SVG and PNG (2×) chart exports; the results
// CSV; the page's results equal to the CLI's report for the same input (same engine, same numbers);
// and real exports (an HTML table saved as .xls, a daily file beside a weekly one, files sharing no date).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  serve, launch, open, assertOnlyOwnRequests, fixture, ROOT,
  download, pngSize, parseCsv, schemaDiff, waitForResults,
} from './harness.mjs';

const WEEKLY = fixture('weekly_marketing_iso_csv/input.csv');
const ITALIAN = fixture('italian_semicolon_decimal_comma/input.csv');
const CLI = path.join(ROOT, 'target/debug/social-roi');

let server, browser, url;
before(async () => {
  if (!fs.existsSync(CLI)) {
    execFileSync('cargo', ['build', '-q', '-p', 'social-roi-cli'], { cwd: ROOT, stdio: 'inherit' });
  }
  server = await serve();
  browser = await launch();
  url = `${server.url}/index.html`;
});
after(async () => { await browser?.close(); await server?.close(); });

/** A fresh page; `check(t)` at the end asserts no page error and no request beyond the page. */
async function visit(options) {
  const v = await open(browser, url, options);
  v.page.setDefaultTimeout(10000);
  v.finish = async () => {
    assertOnlyOwnRequests(v.requests, [url]);
    assert.deepEqual(v.errors, [], 'errors in the page');
    await v.context.close();
  };
  return v;
}

const expected = (name) => JSON.parse(fs.readFileSync(fixture(`${name}/expected.json`), 'utf8'));
const closeTo = (a, e) => Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-12;

async function counts(page) {
  return {
    rows: Number(await page.getByTestId('row-count').textContent()),
    numeric: Number(await page.getByTestId('numeric-count').textContent()),
  };
}

async function openWeeklyPair(page, x, y) {
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await waitForResults(page);
  await page.getByTestId('heatmap').getByRole('button', { name: new RegExp(`“${y}” and “${x}”`) }).click();
  const detail = page.getByTestId('pair-detail');
  await detail.waitFor();
  return detail;
}

test('each sample dataset loads and shows rows, findings, the heatmap and the ROI section', async () => {
  const { page, finish } = await visit();
  const samples = [
    { button: 'Online shop + social, weekly, 2 years', case: 'weekly_marketing_iso_csv' },
    { button: /^Italian shop \(Excel CSV/, case: 'italian_semicolon_decimal_comma' },
    { button: /^Daily ad campaign pasted from Excel/, case: 'tsv_us_excel_paste' },
  ];
  for (const s of samples) {
    const exp = expected(s.case);
    await page.getByRole('button', { name: s.button }).click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=row-count]')?.textContent === String(n),
      exp.table.n_rows, { timeout: 20000 });
    await waitForResults(page);
    const k = exp.table.numeric_columns.length;
    assert.deepEqual(await counts(page), { rows: exp.table.n_rows, numeric: k }, s.case);
    // Findings in words, at the top of the results.
    await assert.doesNotReject(page.getByRole('heading', { name: 'What the data says' }).waitFor());
    const findings = await page.getByTestId('findings').locator('li').allTextContents();
    assert.ok(findings.length >= 3 && findings.every((f) => f.trim().length > 10), `${s.case}: findings ${findings}`);
    // The heatmap: one button per ordered pair of distinct columns, each with a defined r.
    const cells = page.getByTestId('heatmap').getByRole('button');
    assert.equal(await cells.count(), k * (k - 1), `${s.case}: heatmap cells`);
    const rs = await cells.evaluateAll((bs) => bs.map((b) => b.dataset.r));
    assert.ok(rs.every((r) => r !== '' && Math.abs(Number(r)) <= 1), `${s.case}: heatmap r ${rs}`);
    // The ROI section, its totals equal to the reference case's (null: shown as not available).
    await assert.doesNotReject(page.getByRole('heading', { name: 'Return on social spend' }).waitFor());
    for (const [id, e] of Object.entries(exp.analyses.roi.totals)) {
      const card = page.getByTestId(`roi-${id}`);
      const v = await card.getAttribute('data-value');
      if (e.value === null) assert.equal(v, '', `${s.case}: ${id} should be undefined`);
      else assert.ok(closeTo(Number(v), e.value), `${s.case}: ${id} = ${v}, expected ${e.value}`);
    }
    await page.getByTestId('roi-chart').locator('svg').waitFor();
  }
  await finish();
});

test('pasting the Italian fixture reads 52 rows, 6 numeric columns and Italian numbers right', async () => {
  const { page, finish } = await visit();
  await page.getByLabel(/Paste data/).fill(fs.readFileSync(ITALIAN, 'utf8'));
  await page.getByRole('button', { name: 'Read pasted data' }).click();
  await page.getByTestId('row-count').waitFor();
  assert.deepEqual(await counts(page), { rows: 52, numeric: 6 });
  const preview = page.getByRole('region', { name: 'Preview of pasted data' });
  const heads = await preview.locator('thead th .col-name').allTextContents();
  assert.deepEqual(heads, ['data', 'spesa_social', 'follower', 'visite', 'ordini', 'fatturato', 'tasso_ritenzione']);
  // First data line: 04/09/2023;€ 1.483,77;18.312;11.062;261;17.251,45 €;40,6%
  // The page is in English, so 18.312 (eighteen thousand) must show as 18,312 — never 18.312.
  const first = await preview.locator('tbody tr').first().locator('td').allTextContents();
  assert.deepEqual(first, ['2023-09-04', '1,483.77', '18,312', '11,062', '261', '17,251.45', '0.406']);
  const asNumber = (t) => Number(t.replaceAll(',', ''));
  assert.deepEqual(first.slice(1).map(asNumber), [1483.77, 18312, 11062, 261, 17251.45, 0.406]);
  // The detection is explained: decimal comma, thousands dot, dates day/month/year.
  const detected = await page.locator('dl.detected').innerText();
  assert.match(detected, /decimal ',', thousands '\.'/);
  assert.match(detected, /data: dd\/mm\/yyyy/);
  await waitForResults(page);
  await finish();
});

test('uploading two files joins them on date: 104 rows, 6 numeric columns', async () => {
  const { page, finish } = await visit();
  await page.getByLabel('Choose files').setInputFiles([
    fixture('join_two_files_weekly/input.csv'), fixture('join_two_files_weekly/input2.csv'),
  ]);
  await page.getByRole('group', { name: 'Combine the files on their dates' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '104', null, { timeout: 20000 });
  assert.deepEqual(await counts(page), { rows: 104, numeric: 6 });
  assert.ok(await page.getByLabel('only dates present in every file').isChecked(), 'inner join by default');
  const loaded = await page.getByRole('region', { name: 'Loaded data' }).locator('li.source').allInnerTexts();
  assert.equal(loaded.length, 2);
  // The files are read side by side: either may be listed first.
  assert.ok(loaded.some((l) => /^input\.csv[\s\S]*105 rows, 3 numeric columns/.test(l)), loaded.join(' | '));
  assert.ok(loaded.some((l) => /^input2\.csv[\s\S]*104 rows, 3 numeric columns/.test(l)), loaded.join(' | '));
  await waitForResults(page);
  // Columns of both files reach the analysis.
  const names = await page.getByTestId('heatmap').locator('thead th').allTextContents();
  assert.deepEqual([...names].sort(), ['followers', 'orders', 'retention_rate', 'revenue', 'sessions', 'social_spend']);
  await finish();
});

test('an ingestion error names its line, and what was loaded before stays usable', async () => {
  const { page, finish } = await visit();
  await page.getByRole('button', { name: 'Online shop + social, weekly, 2 years' }).click();
  await waitForResults(page);
  assert.deepEqual(await counts(page), { rows: 104, numeric: 6 });
  await page.getByLabel('Choose files').setInputFiles(fixture('bad_ragged_rows/input.csv'));
  const error = page.getByRole('alert').filter({ hasText: 'Cannot use this data' });
  await error.waitFor();
  assert.equal(await error.getAttribute('data-line'), '5');
  assert.equal(await error.getAttribute('data-kind'), 'ragged_row');
  const text = await error.innerText();
  assert.match(text, /line 5/, text);
  assert.match(text, /2024-04-04,120\.00,1300/, 'the offending line is quoted');
  // Step 2 shows the failed file with the controls that can fix it (no dead end), as a note.
  const failed = page.getByTestId('failed-check');
  await failed.waitFor();
  assert.equal(await failed.getByTestId('error-again').getAttribute('role'), 'note');
  assert.ok(await failed.getByLabel('Delimiter').isVisible());
  // The sample is still the table analysed, and the results still work.
  assert.deepEqual(await counts(page), { rows: 104, numeric: 6 });
  await waitForResults(page);
  await page.getByTestId('heatmap').getByRole('button', { name: /“revenue” and “sessions”/ }).click();
  await page.getByTestId('pair-detail').waitFor();
  await finish();
});

test('a per-period table with a repeated date and conflicting values: the error names the fix, and the fix is in step 2', async () => {
  const { page, finish } = await visit();
  const csv = 'date,revenue,followers\n2024-01-01,100,10\n2024-01-02,120,11\n2024-01-02,130,12\n2024-01-03,90,12\n';
  await page.getByLabel('Choose files').setInputFiles({ name: 'daily.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  const error = page.getByRole('alert').filter({ hasText: 'Cannot use this data' });
  await error.waitFor();
  assert.equal(await error.getAttribute('data-kind'), 'duplicate_date');
  const failed = page.getByTestId('failed-check');
  await failed.getByLabel(/Combine per/).selectOption('day');
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '3', null, { timeout: 20000 });
  assert.equal(await page.getByTestId('failed-check').count(), 0);
  await waitForResults(page);
  await finish();
});

test('real exports: an HTML table saved as .xls is read as a table; a daily file beside a weekly one is summed per week, with a note', async () => {
  const { page, finish } = await visit();
  const html = '<html><head><meta charset="utf-8"></head><body><table>\n<tr><th>Data</th><th>Visite</th></tr>\n'
    + [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14].map((d) => `<tr><td>${String(d).padStart(2, '0')}/01/2024</td><td>1.${String(100 + d).padStart(3, '0')}</td></tr>`).join('\n')
    + '\n</table></body></html>\n';
  const weekly = 'week,sales\n2024-01-01,1000\n2024-01-08,1100\n';
  await page.getByLabel('Choose files').setInputFiles([
    { name: 'visite.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from(html) },
    { name: 'sales.csv', mimeType: 'text/csv', buffer: Buffer.from(weekly) },
  ]);
  await page.getByRole('group', { name: 'Combine the files on their dates' }).waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '2', null, { timeout: 20000 });
  const note = page.getByTestId('combined-note');
  await note.waitFor();
  assert.match(await note.innerText(), /daily rows combined per week to meet the other files/);
  await waitForResults(page);
  // Visite: 1,101 + ... + 1,107 in the first week (thousands, not decimals)
  const loaded = await page.getByRole('region', { name: 'Loaded data' }).locator('li.source').allInnerTexts();
  assert.ok(loaded.some((l) => /^visite\.xls[\s\S]*14 rows, 1 numeric column/.test(l)), loaded.join(' | '));
  // Files that share no date: the error says what each covers, and the fix (all dates) is on screen.
  await page.getByLabel('Choose files').setInputFiles({ name: 'old.csv', mimeType: 'text/csv', buffer: Buffer.from('date,reach\n2023-05-01,5\n2023-05-08,6\n') });
  const error = page.getByRole('alert').filter({ hasText: 'no date in common' });
  await error.waitFor();
  assert.match(await error.innerText(), /old\.csv runs from 2023-05-01 to 2023-05-08/);
  await page.getByLabel('all dates (missing cells where a file has no row)').check();
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '4', null, { timeout: 20000 });
  await finish();
});

test('switching the language changes headings and labels, and Italian numbers use a decimal comma', async () => {
  const { page, finish } = await visit();
  await page.getByRole('button', { name: 'Online shop + social, weekly, 2 years' }).click();
  await waitForResults(page);
  const roas = Number(await page.getByTestId('roi-roas').getAttribute('data-value'));
  const cost = await page.getByTestId('roi').locator('dt', { hasText: 'Total cost' }).locator('xpath=following-sibling::dd').innerText();
  assert.match(cost, /153,391\.52/);
  assert.match(await page.getByTestId('roi-roas').innerText(), new RegExp(`${roas.toFixed(1).replace('.', '\\.')}×`));
  // The same cell in both languages (its accessible name changes with the language).
  const cell = page.getByTestId('heatmap').locator('button[data-x="sessions"][data-y="social_spend"]');
  assert.match(await cell.getAttribute('aria-label'), /^“social_spend” and “sessions”: r = /);
  const r = Number(await cell.getAttribute('data-r'));
  assert.equal(await cell.innerText(), r.toFixed(2));

  await page.getByLabel('Language').selectOption('it');
  await page.getByRole('heading', { name: '1. I tuoi dati' }).waitFor();
  assert.equal(await page.locator('main.app').getAttribute('lang'), 'it');
  for (const h of ['2. Controlla cosa è stato letto', '3. Cosa significano le colonne', '4. Risultati', 'Cosa dicono i dati',
    'Ritorno della spesa social', 'Cosa si muove insieme']) {
    assert.equal(await page.getByRole('heading', { name: h, exact: true }).count(), 1, `heading ${h}`);
  }
  assert.equal(await page.getByRole('heading', { name: '1. Your data' }).count(), 0);
  await assert.doesNotReject(page.getByLabel('Lingua').waitFor());
  await assert.doesNotReject(page.getByLabel(/Incolla i dati/).waitFor());
  await assert.doesNotReject(page.getByRole('button', { name: 'Scarica i risultati (CSV)' }).waitFor());
  // Numbers in the Italian locale: decimal comma, thousands dot.
  assert.match(await page.getByTestId('roi-roas').innerText(), new RegExp(`${roas.toFixed(1).replace('.', ',')}×`));
  const costIt = await page.getByTestId('roi').locator('dt', { hasText: 'Costo totale' }).locator('xpath=following-sibling::dd').innerText();
  assert.match(costIt, /153\.391,52/);
  assert.equal(await cell.innerText(), r.toFixed(2).replace('.', ','));
  assert.match(await cell.getAttribute('aria-label'), new RegExp(`^«social_spend» e «sessions»: r = ${r.toFixed(2).replace('.', ',')}, p `));
  const preview = await page.locator('table.preview tbody tr').first().locator('td').allTextContents();
  assert.ok(preview.some((t) => /^\d+,\d+$/.test(t)), `a decimal comma in the preview: ${preview}`);

  await page.getByLabel('Lingua').selectOption('en');
  await page.getByRole('heading', { name: '1. Your data' }).waitFor();
  assert.equal(await cell.innerText(), r.toFixed(2));
  await finish();
});

test('the lag chart of the weekly fixture marks lag +2 for sessions → revenue', async () => {
  const { page, finish } = await visit();
  const detail = await openWeeklyPair(page, 'sessions', 'revenue');
  assert.equal(await detail.getAttribute('data-x'), 'sessions');
  assert.equal(await detail.getAttribute('data-y'), 'revenue');
  const lag = page.getByTestId('lag-chart');
  assert.equal(await lag.getAttribute('data-best-lag'), '2');
  const labels = (await lag.locator('svg text').allTextContents()).map((t) => t.trim());
  assert.ok(labels.includes('best: +2'), `lag chart labels: ${labels}`);
  assert.match(await lag.locator('figcaption').innerText(), /Best lag \+2 weeks/);
  await finish();
});

test('a chart exports as a valid SVG and as a PNG of twice its CSS size', async () => {
  const { page, finish } = await visit();
  await openWeeklyPair(page, 'sessions', 'revenue');
  for (const id of ['lag-chart', 'scatter-chart', 'series-chart']) {
    const fig = page.getByTestId(id);
    const shown = fig.locator('.chart-svg > svg');
    const size = await shown.evaluate((s) => ({
      width: Number(s.getAttribute('width')), height: Number(s.getAttribute('height')),
      box: s.getBoundingClientRect().toJSON(), viewBox: s.getAttribute('viewBox'),
    }));
    // The chart is drawn at its CSS size (the viewBox is the same), shown at that size in its frame.
    assert.ok(size.width >= 280 && size.height >= 200, `${id}: ${JSON.stringify(size)}`);
    assert.equal(size.viewBox, `0 0 ${size.width} ${size.height}`);
    assert.ok(Math.abs(size.box.width - size.width) <= 2, `${id} is shown at ${size.box.width}px, drawn at ${size.width}px`);

    const svg = await download(page, fig.getByRole('button', { name: 'Download SVG' }));
    assert.match(svg.name, /\.svg$/);
    const text = svg.text();
    assert.ok(text.startsWith('<svg'), `${id}: SVG starts with ${text.slice(0, 20)}`);
    const parsed = await page.evaluate((t) => {
      const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
      const root = doc.documentElement;
      return {
        root: root.localName, ns: root.namespaceURI, errors: doc.getElementsByTagName('parsererror').length,
        width: root.getAttribute('width'), height: root.getAttribute('height'), texts: doc.querySelectorAll('text').length,
      };
    }, text);
    assert.deepEqual(parsed, {
      root: 'svg', ns: 'http://www.w3.org/2000/svg', errors: 0,
      width: String(size.width), height: String(size.height), texts: parsed.texts,
    });
    assert.ok(parsed.texts > 3, `${id}: the SVG has its labels`);

    const png = await download(page, fig.getByRole('button', { name: 'Download PNG (2×)' }));
    assert.match(png.name, /\.png$/);
    assert.deepEqual(pngSize(png.bytes), { width: 2 * size.width, height: 2 * size.height }, `${id} PNG size`);
    assert.ok(png.bytes.length > 10000, `${id}: the PNG has content (${png.bytes.length} bytes)`);
  }
  await finish();
});

test('the results CSV has its header, a row per pair and numbers that parse', async () => {
  const { page, finish } = await visit();
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await waitForResults(page);
  const file = await download(page, page.getByRole('button', { name: 'Download results (CSV)' }));
  assert.equal(file.name, 'social-roi-correlations.csv');
  const text = file.text();
  assert.ok(text.endsWith('\r\n'));
  const [header, ...rows] = parseCsv(text);
  assert.deepEqual(header, ['basis', 'x', 'y', 'n', 'r', 'p', 'p_bh', 'ci95_low', 'ci95_high', 'rho', 'rho_p', 'rho_p_bh',
    'tau_b', 'tau_p', 'tau_p_bh', 'tau_method', 'undefined_reason']);
  const cols = ['social_spend', 'followers', 'sessions', 'orders', 'revenue', 'retention_rate'];
  const pairs = cols.flatMap((x, i) => cols.slice(i + 1).map((y) => `${x}|${y}`));
  for (const basis of ['levels', 'changes']) {
    const mine = rows.filter((r) => r[0] === basis);
    assert.deepEqual(mine.map((r) => `${r[1]}|${r[2]}`).sort(), [...pairs].sort(), `${basis}: one row per pair`);
  }
  assert.equal(rows.length, 2 * pairs.length);
  const at = (name) => header.indexOf(name);
  for (const r of rows) {
    assert.equal(r.length, header.length);
    assert.match(r[at('n')], /^\d+$/);
    for (const name of ['r', 'p', 'p_bh', 'ci95_low', 'ci95_high', 'rho', 'rho_p', 'rho_p_bh', 'tau_b', 'tau_p', 'tau_p_bh']) {
      const v = Number(r[at(name)]);
      assert.ok(r[at(name)] !== '' && Number.isFinite(v), `${r[1]}/${r[2]} ${name} = ${r[at(name)]}`);
    }
    assert.ok(Math.abs(Number(r[at('r')])) <= 1 && Number(r[at('p')]) >= 0 && Number(r[at('p')]) <= 1);
    assert.ok(Number(r[at('ci95_low')]) <= Number(r[at('r')]) && Number(r[at('r')]) <= Number(r[at('ci95_high')]));
    assert.ok(['exact', 'asymptotic'].includes(r[at('tau_method')]));
  }
  // The CSV says what the heatmap shows.
  const cells = await page.getByTestId('heatmap').getByRole('button').evaluateAll((bs) => bs.map((b) => [b.dataset.x, b.dataset.y, b.dataset.r]));
  for (const [x, y, r] of cells) {
    const row = rows.find((c) => c[0] === 'levels' && ((c[1] === x && c[2] === y) || (c[1] === y && c[2] === x)));
    assert.equal(Number(row[at('r')]), Number(r), `${x}/${y}`);
  }
  await finish();
});

test('the results the page shows for the weekly fixture equal the CLI report for the same input', async () => {
  const cli = JSON.parse(execFileSync(CLI, ['analyze', WEEKLY, '--json'], { encoding: 'utf8', maxBuffer: 64 << 20 }));
  const { page, finish } = await visit();
  await page.getByLabel('Choose files').setInputFiles(WEEKLY);
  await waitForResults(page);
  const file = await download(page, page.getByRole('button', { name: 'Download results (JSON)' }));
  assert.equal(file.name, 'social-roi-results.json');
  const doc = JSON.parse(file.text());
  assert.deepEqual(schemaDiff(doc.table, cli.table, '$.table'), []);
  assert.deepEqual(schemaDiff(doc.analyses, cli.analyses, '$.analyses'), []);
  assert.deepEqual(doc.plan, cli.plan);
  assert.equal(doc.plan_source, cli.plan_source);
  // …and the numbers on the page itself: every heatmap cell's r is the CLI's Pearson r, and the
  // ROI cards are the CLI's totals.
  const cells = await page.getByTestId('heatmap').getByRole('button').evaluateAll((bs) => bs.map((b) => [b.dataset.x, b.dataset.y, b.dataset.r, b.dataset.p]));
  assert.equal(cells.length, 30);
  for (const [x, y, r, p] of cells) {
    const e = cli.analyses.correlations.find((c) => (c.x === x && c.y === y) || (c.x === y && c.y === x));
    assert.ok(closeTo(Number(r), e.pearson.r), `${x}/${y}: page r ${r}, CLI ${e.pearson.r}`);
    assert.ok(Math.abs(Number(p) - e.pearson.p) <= 1e-6, `${x}/${y}: page p ${p}, CLI ${e.pearson.p}`);
  }
  for (const [id, e] of Object.entries(cli.analyses.roi.totals)) {
    const v = await page.getByTestId(`roi-${id}`).getAttribute('data-value');
    if (e.value === null) assert.equal(v, '');
    else assert.ok(closeTo(Number(v), e.value), `${id}: page ${v}, CLI ${e.value}`);
  }
  await finish();
});

/** Elements sticking out past the right edge of the window (not inside a scrolling region). */
function sticking(page) {
  return page.evaluate(() => {
    const cw = document.documentElement.clientWidth;
    const out = [];
    for (const e of document.querySelectorAll('main *')) {
      const r = e.getBoundingClientRect();
      if (r.width === 0 || r.right <= cw + 0.5) continue;
      let scrolled = false;
      for (let p = e.parentElement; p && !scrolled; p = p.parentElement) {
        scrolled = ['auto', 'scroll', 'hidden'].includes(getComputedStyle(p).overflowX) && p.getBoundingClientRect().right <= cw + 0.5;
      }
      if (!scrolled) out.push(`${e.localName}${e.id ? '#' + e.id : ''} (right edge at ${Math.round(r.right)} px)`);
    }
    // Controls with an intrinsic width (the usual culprits) first.
    out.sort((a, b) => /^(select|input|textarea|pre|table|svg|img)/.test(b) - /^(select|input|textarea|pre|table|svg|img)/.test(a));
    return { scrollWidth: document.documentElement.scrollWidth, clientWidth: cw, sticking: out.slice(0, 6) };
  });
}

test('from 360 px wide the page never scrolls sideways, in English and in Italian', async () => {
  const found = [];
  for (const width of [360, 390]) {
    const { page, finish } = await visit({ viewport: { width, height: 800 } });
    await openWeeklyPair(page, 'sessions', 'revenue');
    for (const lang of ['en', 'it']) {
      await page.locator('#lang-select').selectOption(lang);
      await page.waitForFunction((l) => document.querySelector('main.app')?.lang === l, lang);
      const s = await sticking(page);
      if (s.scrollWidth > s.clientWidth) found.push(`${width} px, ${lang}: the page is ${s.scrollWidth} px wide; ${s.sticking.join(', ')}`);
    }
    await finish();
  }
  assert.deepEqual(found, [], found.join('\n'));
});
