// Truthful findings in the page (issue 13): the weekly sample opens with the verdict, key results
// are business × social pairs and come before everything else, relationships within one side are
// in a collapsed group, and the sides can be changed in step 3.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open, waitForResults } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

const BUSINESS = ['revenue', 'orders'];
const SOCIAL = ['sessions', 'social_spend', 'followers', 'impressions'];

test('the weekly sample shows the verdict first and business × social findings before the others', async () => {
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await page.getByRole('button', { name: /^Online shop \+ social/ }).click();
  await waitForResults(page);
  const part = page.locator('section.findings');
  // The verdict is the first thing after the heading, and it answers the question.
  const first = await part.evaluate((s) => s.querySelector('h3').nextElementSibling.dataset.testid);
  assert.equal(first, 'verdict');
  const verdict = await page.getByTestId('verdict').textContent();
  assert.equal(await page.getByTestId('verdict').getAttribute('data-status'), 'relationship');
  assert.match(verdict, /^Yes, in these data: weeks with higher “sessions” were followed by higher “revenue” 2 weeks later/);
  assert.match(verdict, /n = \d+/);
  assert.match(verdict, /not cause/);
  // Key results come first, and each lag or correlation among them pairs a business and a social column.
  const groups = await part.locator('.finding-group').evaluateAll((gs) => gs.map((g) => g.className));
  assert.match(groups[0], /\bkey\b/);
  const key = await part.locator('.finding-group.key li').evaluateAll((ls) => ls.map((l) => ({ kind: l.dataset.kind, text: l.textContent })));
  const pairs = key.filter((k) => ['lead_lag', 'strong_correlation'].includes(k.kind));
  assert.ok(pairs.length >= 1, JSON.stringify(key));
  for (const p of pairs) {
    const names = [...p.text.matchAll(/“([^”]+)”/g)].map((m) => m[1]);
    assert.ok(names.some((n) => BUSINESS.includes(n)) && names.some((n) => SOCIAL.includes(n)), p.text);
  }
  // Relationships within one side: listed, collapsed, after the rest.
  const other = page.getByTestId('other-findings');
  assert.equal(await other.count(), 1);
  assert.equal(await other.evaluate((d) => d.open), false);
  const otherText = await other.locator('li').allTextContents();
  assert.ok(otherText.length > 0);
  assert.ok(otherText.some((t) => t.includes('“revenue”') && t.includes('“orders”')), otherText.join('\n'));
  // In Italian too.
  await page.getByLabel('Language').selectOption('it');
  await page.getByRole('heading', { name: '4. Risultati' }).waitFor();
  assert.match(await page.getByTestId('verdict').textContent(), /^Sì/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('moving a column to the other side changes what the verdict is about', async () => {
  const { page, context, errors } = await open(browser, `${server.url}/index.html`);
  await page.getByRole('button', { name: /^Online shop \+ social/ }).click();
  await waitForResults(page);
  // sessions to "neither": the sessions → revenue lead is no longer a business × social claim.
  await page.getByTestId('sides').getByLabel('sessions', { exact: true }).selectOption('neither');
  await page.waitForFunction(() => !document.querySelector('[data-testid=verdict]')?.textContent.includes('“sessions”'), null, { timeout: 20000 });
  await waitForResults(page);
  const key = await page.locator('.finding-group.key li').allTextContents();
  assert.ok(key.every((t) => !(t.includes('“sessions”') && t.includes('followed by'))), key.join('\n'));
  assert.deepEqual(errors, []);
  await context.close();
});
