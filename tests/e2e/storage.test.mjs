// Nothing stored unless asked (issue 6): a visit leaves no localStorage, cookie, IndexedDB or URL
// trace; "remember on this device" keeps the data across a reload; "forget" removes it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { serve, launch, open } from './harness.mjs';

let server, browser;
before(async () => { server = await serve(); browser = await launch(); });
after(async () => { await browser?.close(); await server?.close(); });

async function traces(page) {
  return page.evaluate(async () => ({
    localStorage: Object.keys(localStorage),
    sessionStorage: Object.keys(sessionStorage),
    cookie: document.cookie,
    idb: (await indexedDB.databases()).map((d) => d.name),
    url: location.href,
  }));
}

test('a visit stores nothing anywhere by default', async () => {
  const url = `${server.url}/index.html`;
  const { page, context } = await open(browser, url);
  await page.getByRole('button', { name: /Online shop \+ social/ }).click();
  await page.getByTestId('row-count').waitFor();
  await page.getByLabel(/Paste data/).fill('date,a,b\n2024-01-01,1,2\n2024-01-02,2,3\n2024-01-03,4,1\n');
  await page.getByRole('button', { name: /Read pasted data/ }).click();
  await page.waitForTimeout(500);
  assert.deepEqual(await traces(page), { localStorage: [], sessionStorage: [], cookie: '', idb: [], url });
  await context.close();
});

test('remember on this device survives a reload; forget removes it', async () => {
  const url = `${server.url}/index.html`;
  const { page, context } = await open(browser, url);
  await page.getByRole('button', { name: /Online shop \+ social/ }).click();
  await page.getByTestId('row-count').waitFor();
  await page.getByLabel(/Remember my data on this device/).check();
  await page.waitForFunction(() => localStorage.length === 1);
  await page.reload();
  await page.getByTestId('row-count').waitFor({ timeout: 20000 });
  assert.equal(await page.getByTestId('row-count').textContent(), '104');
  assert.ok(await page.getByLabel(/Remember my data on this device/).isChecked());
  await page.getByRole('button', { name: /Forget it now/ }).click();
  await page.waitForFunction(() => localStorage.length === 0);
  assert.ok(!(await page.getByLabel(/Remember my data on this device/).isChecked()));
  await page.reload();
  await page.waitForSelector('main.app');
  assert.equal(await page.getByTestId('row-count').count(), 0);
  assert.deepEqual((await traces(page)).localStorage, []);
  await context.close();
});
