// Walking skeleton (issue 2): paste and upload the weekly fixture, see 104 rows, 6 numeric columns and
// a drawn chart, with no request beyond the page's own file.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, open, assertOnlyOwnRequests, fixture } from './harness.mjs';

const WEEKLY = fixture('weekly_marketing_iso_csv/input.csv');
let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function expectWeeklyLoaded(page) {
  await page.getByTestId('row-count').waitFor();
  assert.equal(await page.getByTestId('row-count').textContent(), '104');
  assert.equal(await page.getByTestId('numeric-count').textContent(), '6');
  const chart = page.getByTestId('series-chart').locator('svg');
  await chart.waitFor();
  const drawn = await chart.locator('polyline, path, circle').count();
  assert.ok(drawn > 10, `chart has ${drawn} drawn elements`);
}

test('pasting the weekly fixture shows 104 rows, 6 numeric columns and a chart', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, requests, errors } = await open(browser, url);
  await page.getByLabel(/Paste data/).fill(fs.readFileSync(WEEKLY, 'utf8'));
  await page.getByRole('button', { name: /Read pasted data/ }).click();
  await expectWeeklyLoaded(page);
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});

test('uploading the weekly fixture through the file input shows the same', async () => {
  const url = `${server.url}/index.html`;
  const { page, context, requests, errors } = await open(browser, url);
  await page.locator('input[type=file]').setInputFiles(WEEKLY);
  await expectWeeklyLoaded(page);
  assertOnlyOwnRequests(requests, [url]);
  assert.deepEqual(errors, []);
  await context.close();
});
