// Privacy and hostile input (issue 6). (1) A whole visit on the served page — every sample, a paste,
// an upload of two files, the analysis and its switches, a pair, every chart's SVG and PNG export,
// every results export in both CSV dialects, saving and reloading the plan, both languages — makes
// no request but for the page's own file (data:/blob: are local). (2) A hostile file
// (tests/e2e/data/hostile.csv: markup, script breakouts, javascript: links and spreadsheet formulas
// as headers and cells) is inert everywhere: no dialog, no injected element or handler, the text
// shown literally (tables, heatmap, pair, chart labels, findings), the SVG exports hold no markup
// from the data, and the CSV exports neutralise formula cells while numbers stay numbers.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  serve, launch, open, assertOnlyOwnRequests, fixture, download, pngSize, parseCsv, waitForResults,
} from './harness.mjs';

const HOSTILE = path.join(path.dirname(fileURLToPath(import.meta.url)), 'data/hostile.csv');
/** The hostile headers of hostile.csv, numeric columns in file order. */
const HOSTILE_NUMERIC = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(2)</script>',
  'javascript:alert(3)',
  '<svg onload=alert(4)>',
  '=HYPERLINK("http://evil.example","x")',
  '+cmd',
  '-2+3',
  '@SUM(A1)',
];
const FORMULA_START = /^[=+\-@\t\r]/;

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

test('a whole visit (samples, paste, upload, analysis, every export, the plan) requests nothing but the page', async () => {
  const url = `${server.url}/index.html`;
  const hitsBefore = server.hits.length;
  const { page, context, requests, errors } = await open(browser, url);
  page.setDefaultTimeout(10000);
  const downloads = [];
  const save = async (trigger) => { const d = await download(page, trigger); downloads.push(d.name); return d; };

  // Every sample.
  for (const name of [/^Online shop \+ social/, /^Italian shop/, /^Daily ad campaign/]) {
    await page.getByRole('button', { name }).click();
    await waitForResults(page);
  }
  // A paste, then an upload of two files joined on their dates.
  await page.getByRole('button', { name: 'Clear everything' }).click();
  await page.getByLabel(/Paste data/).fill(fs.readFileSync(fixture('italian_semicolon_decimal_comma/input.csv'), 'utf8'));
  await page.getByRole('button', { name: 'Read pasted data' }).click();
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '52');
  await waitForResults(page);
  await page.getByRole('button', { name: 'Clear everything' }).click();
  await page.getByLabel('Choose files').setInputFiles([
    fixture('join_two_files_weekly/input.csv'), fixture('join_two_files_weekly/input2.csv'),
  ]);
  await page.waitForFunction(() => document.querySelector('[data-testid=row-count]')?.textContent === '104', null, { timeout: 20000 });
  await waitForResults(page);
  await page.getByLabel('all dates (missing cells where a file has no row)').check();
  await waitForResults(page);

  // The analysis and its switches, on the weekly sample.
  await page.getByRole('button', { name: /^Online shop \+ social/ }).click();
  await waitForResults(page);
  await page.getByLabel('Spearman (ranks)').check();
  await page.getByLabel('changes (period to period)').check();
  await page.getByLabel('Pearson (straight line)').check();
  await page.getByLabel('levels (the values)').check();
  await page.getByTestId('heatmap').locator('button[data-x="sessions"][data-y="revenue"]').click();
  await page.getByTestId('pair-detail').waitFor();
  await page.getByLabel('on two axes').check();
  await page.getByLabel('First day of “after”').fill('2024-03-04');
  await page.getByLabel('First day of “after”').dispatchEvent('change');
  await page.getByLabel('Column to draw over time').selectOption('revenue');
  for (const summary of await page.getByTestId('roi').locator('summary').all()) await summary.click();

  // Every chart: SVG, PNG and its data table. (The PNGs are started together: headless Chromium
  // encodes canvas.toBlob in an idle period, which here comes only after a 1 s timeout each.)
  const charts = await page.locator('figure.chart-frame').all();
  assert.ok(charts.length >= 7, `${charts.length} charts`);
  for (const fig of charts) {
    const svg = await save(fig.getByRole('button', { name: 'Download SVG' }));
    assert.ok(svg.text().startsWith('<svg'), `${svg.name} is an SVG`);
    await fig.getByRole('button', { name: 'Show data as table' }).click();
  }
  const pngs = [];
  const onDownload = (d) => pngs.push(d);
  page.on('download', onDownload);
  for (const fig of charts) await fig.getByRole('button', { name: 'Download PNG (2×)' }).click();
  for (let i = 0; i < 150 && pngs.length < charts.length; i++) await page.waitForTimeout(100);
  page.off('download', onDownload);
  assert.equal(pngs.length, charts.length, 'one PNG per chart');
  for (const d of pngs) {
    assert.equal(await d.failure(), null);
    assert.match(d.suggestedFilename(), /\.png$/);
    pngSize(fs.readFileSync(await d.path()));
    downloads.push(d.suggestedFilename());
  }
  // Every results export, in both CSV dialects, and the findings copied as text.
  const exportsPart = page.getByTestId('exports');
  for (const dialect of ['standard', 'excel-it']) {
    await page.getByLabel('CSV files for').selectOption(dialect);
    for (const button of await exportsPart.getByRole('button').all()) await save(button);
  }
  await page.getByRole('button', { name: 'Copy the findings as text' }).click();
  // The plan: saved from step 3, loaded back.
  const plan = await save(page.getByRole('button', { name: 'Save this setup (plan file)' }));
  const planFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-plan-')), plan.name);
  fs.writeFileSync(planFile, plan.bytes);
  await page.getByLabel('Load a plan file').setInputFiles(planFile);
  await waitForResults(page);
  // And in Italian.
  await page.getByLabel('Language').selectOption('it');
  await page.getByRole('heading', { name: '4. Risultati' }).waitFor();
  await save(page.getByRole('button', { name: 'Scarica i risultati (CSV)' }));

  const expectedFiles = ['social-roi-correlations.csv', 'social-roi-results.json', 'social-roi-roi-per-period.csv',
    'social-roi-lags.csv', 'social-roi-before-after.csv', 'social-roi-plan.json'];
  for (const f of expectedFiles) assert.ok(downloads.includes(f), `${f} was exported (${downloads.join(', ')})`);
  assert.ok(downloads.filter((d) => d.endsWith('.png')).length >= 7);

  assertOnlyOwnRequests(requests, [url]);
  assert.ok(requests.some((r) => r.startsWith('blob:')), 'downloads are local blobs');
  assert.deepEqual(server.hits.slice(hitsBefore), ['/index.html'], 'the server saw only the page itself');
  assert.deepEqual(errors, []);
  await context.close();
});

/** Every sign of injected markup or script in the live page (empty when the page is inert). */
function injected(page) {
  return page.evaluate(() => {
    const found = [];
    for (const el of document.querySelectorAll('*')) {
      for (const a of el.attributes) {
        if (/^on/i.test(a.name)) found.push(`${el.localName}[${a.name}]`);
        if (/^\s*javascript:/i.test(a.value) && /^(href|src|xlink:href|action|formaction)$/i.test(a.name)) found.push(`${el.localName}[${a.name}=${a.value}]`);
      }
    }
    for (const sel of ['img[src="x"]', 'svg[onload]', 'iframe', 'object', 'embed', 'a[href^="javascript"]', 'foreignObject']) {
      if (document.querySelector(sel)) found.push(sel);
    }
    return found;
  });
}

/** Parses an exported SVG in the page; returns what markup it holds besides plain drawing. */
function svgReport(page, text) {
  return page.evaluate((t) => {
    const doc = new DOMParser().parseFromString(t, 'image/svg+xml');
    const all = [...doc.getElementsByTagName('*')];
    return {
      root: doc.documentElement.localName,
      parseErrors: doc.getElementsByTagName('parsererror').length,
      svgElements: doc.getElementsByTagName('svg').length,
      foreign: all.filter((e) => /^(img|script|foreignObject|iframe|a|style|image|use|object|embed|html|body)$/i.test(e.localName)).map((e) => e.localName),
      handlers: all.flatMap((e) => [...e.attributes].filter((a) => /^on/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${e.localName}[${a.name}]`)),
      texts: [...doc.getElementsByTagName('text')].map((e) => e.textContent.trim()),
    };
  }, text);
}

test('hostile headers and cells stay inert text everywhere, and the SVG and CSV exports are safe', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, requests, errors } = await open(browser, url);
  page.setDefaultTimeout(10000);
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss().catch(() => {}); });
  const scriptsBefore = await page.evaluate(() => [...document.scripts].map((s) => s.outerHTML.length));
  const stylesBefore = await page.locator('style').count();

  await page.getByLabel('Choose files').setInputFiles(HOSTILE);
  await page.getByTestId('row-count').waitFor();
  assert.equal(await page.getByTestId('row-count').textContent(), '24');
  assert.equal(await page.getByTestId('numeric-count').textContent(), String(HOSTILE_NUMERIC.length));

  // Step 2: headers and cells shown as text.
  const preview = page.getByRole('region', { name: 'Preview of hostile.csv' });
  assert.deepEqual(await preview.locator('thead .col-name').allTextContents(), ['date', ...HOSTILE_NUMERIC, 'note']);
  const notes = await preview.locator('tbody td.text').allTextContents();
  assert.ok(notes.includes('<a href="javascript:alert(6)">click</a>') && notes.includes('</script><script>alert(2)</script>'), `notes: ${notes}`);
  await page.getByText('1 missing cells (never counted as zero)').click();
  await page.locator('.missing-cells code', { hasText: '<img src=x onerror=alert(5)>' }).waitFor();

  // Step 3: hostile names as roles (ROI and a target with drivers, so they reach findings and lags).
  await page.getByLabel('Cost (social spend)').selectOption({ label: '+cmd' });
  await page.getByLabel('Revenue from social').selectOption({ label: '=HYPERLINK("http://evil.example","x")' });
  await page.getByLabel('Business result to explain').selectOption({ label: '<svg onload=alert(4)>' });
  for (const name of ['<img src=x onerror=alert(1)>', '-2+3']) {
    const box = page.getByRole('checkbox', { name, exact: true });
    if (!(await box.isChecked())) await box.check();
  }
  // Sides too, so hostile names reach the verdict and the key results.
  await page.getByTestId('sides').getByLabel('<svg onload=alert(4)>', { exact: true }).selectOption('business');
  await page.getByTestId('sides').getByLabel('<img src=x onerror=alert(1)>', { exact: true }).selectOption('social');
  await page.getByTestId('sides').getByLabel('-2+3', { exact: true }).selectOption('social');
  await page.getByRole('button', { name: 'Lags (CSV)' }).waitFor();
  await waitForResults(page);
  await page.waitForFunction(() => document.querySelector('[data-testid=roi-roas]')?.dataset.value);

  // Step 4: heatmap headers, findings and every pair opened show the names literally.
  const heat = page.getByTestId('heatmap');
  assert.deepEqual(await heat.locator('thead th').allTextContents(), HOSTILE_NUMERIC);
  assert.deepEqual(await heat.locator('tbody th').allTextContents(), HOSTILE_NUMERIC);
  const findings = await page.locator('section.findings').textContent();
  assert.ok(HOSTILE_NUMERIC.filter((n) => findings.includes(`“${n}”`)).length >= 2, `findings: ${findings}`);
  assert.match(findings, /“<svg onload=alert\(4\)>”/, 'the target appears in the findings');

  const pairs = [
    ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>'],
    ['javascript:alert(3)', '<svg onload=alert(4)>'],
    ['=HYPERLINK("http://evil.example","x")', '+cmd'],
    ['-2+3', '@SUM(A1)'],
  ];
  const svgs = [];
  for (const [x, y] of pairs) {
    const cell = await heat.getByRole('button').evaluateAll((bs, [a, b]) => bs.findIndex((e) => e.dataset.x === a && e.dataset.y === b), [x, y]);
    assert.ok(cell >= 0, `heatmap cell ${x} / ${y}`);
    await heat.getByRole('button').nth(cell).click();
    const detail = page.getByTestId('pair-detail');
    await page.waitForFunction(([a, b]) => {
      const d = document.querySelector('[data-testid=pair-detail]');
      return d && [d.dataset.x, d.dataset.y].sort().join('\n') === [a, b].sort().join('\n');
    }, [x, y]);
    const title = await detail.locator('h3').first().innerText();
    assert.ok(title.includes(x) && title.includes(y), `pair title ${title}`);
    for (const id of ['scatter-chart', 'lag-chart', 'pair-series-chart']) {
      const labels = await page.getByTestId(id).locator('svg text').allTextContents();
      assert.ok(labels.some((t) => t.includes(x)) && labels.some((t) => t.includes(y)), `${id} labels for ${x} / ${y}: ${labels}`);
      svgs.push((await download(page, page.getByTestId(id).getByRole('button', { name: 'Download SVG' }))).text());
    }
    assert.deepEqual(await injected(page), [], `after opening ${x} / ${y}`);
  }
  await page.getByLabel('Column to draw over time').selectOption({ label: '</script><script>alert(2)</script>' });
  for (const id of ['heatmap-chart', 'roi-chart', 'before-after-chart', 'series-chart']) {
    svgs.push((await download(page, page.getByTestId(id).getByRole('button', { name: 'Download SVG' }))).text());
  }
  const png = await download(page, page.getByTestId('heatmap-chart').getByRole('button', { name: 'Download PNG (2×)' }));
  pngSize(png.bytes);

  // The SVG exports: well-formed, one <svg>, no element or attribute from the data, the names as text.
  const allTexts = [];
  for (const svg of svgs) {
    assert.ok(svg.startsWith('<svg'));
    assert.doesNotMatch(svg, /<(img|script|iframe|foreignObject|a|style)\b/i, 'no raw markup in the SVG');
    assert.equal(svg.indexOf('<svg', 1), -1, 'no nested <svg>');
    const r = await svgReport(page, svg);
    assert.deepEqual({ root: r.root, parseErrors: r.parseErrors, svgElements: r.svgElements, foreign: r.foreign, handlers: r.handlers },
      { root: 'svg', parseErrors: 0, svgElements: 1, foreign: [], handlers: [] });
    allTexts.push(...r.texts);
  }
  for (const n of HOSTILE_NUMERIC) assert.ok(allTexts.some((t) => t.includes(n)), `“${n}” is a text label in some SVG export`);

  // The CSV exports: formula starts neutralised with a leading ', numbers left as numbers.
  const csv = parseCsv((await download(page, page.getByRole('button', { name: 'Download results (CSV)' }))).text());
  const [header, ...rows] = csv;
  const textCols = new Set(['basis', 'x', 'y', 'tau_method', 'undefined_reason']);
  let negatives = 0;
  for (const row of rows) {
    row.forEach((field, i) => {
      if (textCols.has(header[i])) {
        assert.doesNotMatch(field, FORMULA_START, `${header[i]} = ${JSON.stringify(field)} is not neutralised`);
      } else if (field !== '') {
        assert.ok(Number.isFinite(Number(field)), `${header[i]} = ${JSON.stringify(field)} is a number`);
        if (field.startsWith('-')) negatives++;
      }
    });
    for (const i of [header.indexOf('x'), header.indexOf('y')]) {
      const name = row[i].startsWith("'") && FORMULA_START.test(row[i].slice(1)) ? row[i].slice(1) : row[i];
      assert.ok(HOSTILE_NUMERIC.includes(name), `${row[i]} is a column name, neutralised only when needed`);
      assert.equal(row[i], FORMULA_START.test(name) ? `'${name}` : name);
    }
  }
  assert.ok(negatives > 0, 'negative numbers are written as numbers, without a quote');
  assert.ok(rows.some((r) => r[1] === `'=HYPERLINK("http://evil.example","x")`));
  for (const [button, nameCol] of [['Before/after (CSV)', 'column'], ['Lags (CSV)', 'x'], ['ROI per period (CSV)', null]]) {
    const [h, ...body] = parseCsv((await download(page, page.getByRole('button', { name: button }))).text());
    assert.ok(body.length > 0, `${button} has rows`);
    for (const row of body) {
      row.forEach((field, i) => {
        if (FORMULA_START.test(field)) assert.ok(Number.isFinite(Number(field)), `${button}: ${h[i]} = ${JSON.stringify(field)} is not neutralised`);
      });
      if (nameCol) assert.ok(!FORMULA_START.test(row[h.indexOf(nameCol)]));
    }
  }
  // The "excel-it" dialect too (semicolon, decimal comma).
  await page.getByLabel('CSV files for').selectOption('excel-it');
  const it = parseCsv((await download(page, page.getByRole('button', { name: 'Download results (CSV)' }))).text(), ';');
  for (const row of it.slice(1)) for (const i of [1, 2]) assert.doesNotMatch(row[i], FORMULA_START);

  // Nothing ran, nothing was injected, nothing was requested.
  assert.deepEqual(dialogs, [], 'no dialog opened');
  assert.deepEqual(await injected(page), []);
  assert.deepEqual(await page.evaluate(() => [...document.scripts].map((s) => s.outerHTML.length)), scriptsBefore, 'no script element added');
  assert.equal(await page.locator('style').count(), stylesBefore, 'no style element added');
  assert.equal(await page.locator('main.app').isVisible(), true);
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});
