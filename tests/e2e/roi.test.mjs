// Return on the whole investment in the page (issue 14): the quick calculator's figures equal the
// README's formulas computed here, in English and Italian, by keyboard and in embed mode; the
// what-if sliders move the ROI as the formula says; a saved plan keeps the model when loaded again.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { serve, launch, open, assertOnlyOwnRequests, download, fixture, waitForResults } from './harness.mjs';

let server, browser, url;
before(async () => {
  server = await serve();
  browser = await launch();
  url = `${server.url}/index.html`;
});
after(async () => { await browser?.close(); await server?.close(); });

async function visit(options, hash = '') {
  const v = await open(browser, url + hash, options);
  v.page.setDefaultTimeout(10000);
  v.finish = async () => {
    assertOnlyOwnRequests(v.requests, [url]);
    assert.deepEqual(v.errors, [], 'errors in the page');
    await v.context.close();
  };
  return v;
}

const closeTo = (a, e) => Math.abs(a - e) <= 1e-9 * Math.abs(e) + 1e-12;

/** README "ROI model", quick calculator: totals over `months`, fixed costs per month, one-off once. */
function expectedQuick({ spend = 0, hours = 0, rate = 0, fixed = 0, oneOff = 0, months = 1, revenue, margin }) {
  const investment = spend + hours * rate + fixed * months + oneOff;
  const value = revenue * margin;
  const roi = (value - investment) / investment;
  const breakEven = investment / margin;
  // Payback at a steady pace: the first month k with k × monthly value ≥ one-off + k × running cost.
  const monthly = value / months;
  const running = (spend + hours * rate) / months + fixed;
  let payback = null;
  for (let k = 1; k <= 1200; k++) if (k * monthly >= oneOff + k * running) { payback = k; break; }
  return { investment, value, roi, breakEven, payback };
}

async function figure(page, id) {
  const el = page.getByTestId(`quick-${id}`);
  return { value: await el.getAttribute('data-value'), text: (await el.textContent()).trim() };
}

const FORM = { spend: 400, hours: 20, rate: 25, fixed: 250, oneOff: 600, months: 3, revenue: 6000, margin: 0.4 };

async function fill(page, lang, values) {
  const label = (en, it) => (lang === 'it' ? it : en);
  const put = async (en, it, v) => page.getByLabel(label(en, it), { exact: false }).first().fill(String(v));
  await put('Money spent', 'Soldi spesi', values.spend);
  await put('Hours worked', 'Ore di lavoro', values.hours);
  await put('Value of one hour', "Valore di un'ora", values.rate);
  await put('Fixed costs per month', 'Costi fissi al mese', values.fixed);
  await put('One-off costs', 'Costi una tantum', values.oneOff);
  await put('Over how many months', 'In quanti mesi', values.months);
  await put('Sales brought by social media', 'Vendite portate dai social', values.revenue);
  await put('Margin %', 'Margine %', values.marginText);
}

test('typing known values into the quick calculator shows the exact ROI, break-even and payback', async () => {
  const { page, finish } = await visit();
  const quick = page.getByTestId('quick');
  await quick.locator('summary').click();
  await fill(page, 'en', { ...FORM, marginText: '40' });
  const e = expectedQuick(FORM);
  assert.equal(e.payback, 3, 'the worked example pays back in month 3');
  await page.waitForFunction(() => document.querySelector('[data-testid=quick-roi]')?.dataset.value !== '');
  const roi = await figure(page, 'roi');
  assert.ok(closeTo(Number(roi.value), e.roi), `ROI ${roi.value} vs ${e.roi}`);
  assert.match(roi.text, /6\.7%/);
  const be = await figure(page, 'break-even');
  assert.ok(closeTo(Number(be.value), e.breakEven), `break-even ${be.value} vs ${e.breakEven}`);
  assert.match(be.text, /5,625\.00/);
  const pb = await figure(page, 'payback');
  assert.equal(Number(pb.value), e.payback);
  assert.match(pb.text, /3 months/);
  const inv = await figure(page, 'investment');
  assert.ok(closeTo(Number(inv.value), e.investment));
  const verdict = await page.getByTestId('quick-verdict').textContent();
  assert.match(verdict, /ROI 6\.7%/);
  assert.match(verdict, /paid back in 3 months/);
  assert.equal(await page.getByTestId('quick-results').getAttribute('aria-live'), 'polite');
  // A wrong number is named next to its field, and leaves the others' figures standing.
  await page.getByLabel('Hours worked').fill('lots');
  await quick.getByText('Type a number').waitFor();
  assert.equal(await page.getByLabel('Hours worked').getAttribute('aria-invalid'), 'true');
  await finish();
});

test('in Italian the calculator takes a decimal comma and answers in Italian', async () => {
  const { page, finish } = await visit({ locale: 'it-IT' });
  await page.getByTestId('quick').locator('summary').click();
  const values = { ...FORM, rate: '25,5', marginText: '37,5' };
  await fill(page, 'it', values);
  const e = expectedQuick({ ...FORM, rate: 25.5, margin: 0.375 });
  await page.waitForFunction(() => document.querySelector('[data-testid=quick-roi]')?.dataset.value !== '');
  const roi = await figure(page, 'roi');
  assert.ok(closeTo(Number(roi.value), e.roi), `ROI ${roi.value} vs ${e.roi}`);
  const be = await figure(page, 'break-even');
  assert.ok(closeTo(Number(be.value), e.breakEven), `break-even ${be.value} vs ${e.breakEven}`);
  const pb = await figure(page, 'payback');
  assert.equal(pb.value === '' ? null : Number(pb.value), e.payback);
  const verdict = await page.getByTestId('quick-verdict').textContent();
  assert.match(verdict, /Hai investito|hai investito/);
  assert.match(verdict, /Vendite di pareggio/);
  await finish();
});

test('the calculator works with the keyboard: Tab to the fields, type, the result updates', async () => {
  const { page, finish } = await visit();
  const summary = page.getByTestId('quick').locator('summary');
  await summary.focus();
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'quick-spend');
  await page.keyboard.type('1000');
  await page.keyboard.press('Tab'); // hours
  await page.keyboard.press('Tab'); // hourly rate
  await page.keyboard.press('Tab'); // fixed costs
  await page.keyboard.press('Tab'); // one-off
  await page.keyboard.press('Tab'); // months
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'quick-revenue');
  await page.keyboard.type('5000');
  await page.keyboard.press('Tab');
  await page.keyboard.type('30');
  await page.keyboard.press('Enter');
  const e = expectedQuick({ spend: 1000, revenue: 5000, margin: 0.3 });
  await page.waitForFunction(() => document.querySelector('[data-testid=quick-roi]')?.dataset.value !== '');
  const roi = await figure(page, 'roi');
  assert.ok(closeTo(Number(roi.value), e.roi), `ROI ${roi.value} vs ${e.roi}`);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'quick-margin', 'Enter keeps the focus and the page');
  await finish();
});

test('embed mode shows the calculator, open', async () => {
  const { page, finish } = await visit({ viewport: { width: 360, height: 800 } }, '#embed');
  await page.waitForSelector('main.app.embed');
  const quick = page.getByTestId('quick');
  assert.notEqual(await quick.getAttribute('open'), null, 'open in embed mode');
  await page.getByLabel('Money spent').fill('100');
  await page.getByLabel('Sales brought by social media').fill('1000');
  await page.getByLabel('Margin %').fill('50');
  await page.waitForFunction(() => document.querySelector('[data-testid=quick-roi]')?.dataset.value !== '');
  assert.ok(closeTo(Number((await figure(page, 'roi')).value), 4));
  const s = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
  assert.ok(s.w <= s.c, `no sideways scroll at 360 px: ${s.w} > ${s.c}`);
  await finish();
});

// A monthly table and a model over it (PLAN.md, "investment" and "value").
const TABLE = [
  'date,spend,hours,revenue,new_customers',
  '2024-01-01,100,10,1000,5',
  '2024-02-01,120,12,1100,6',
  '2024-03-01,80,8,900,4',
  '2024-04-01,150,15,1500,8',
].join('\n');
const ROWS = TABLE.split('\n').slice(1).map((l) => l.split(',').slice(1).map(Number));
const MODEL = {
  investment: { money: [{ column: 'spend' }], time: [{ column: 'hours' }], hourly_rate: 20 },
  value: { margin: 0.4, revenue: [{ column: 'revenue' }], new_customers: [{ column: 'new_customers' }] },
};

/** README "ROI model" over the rows: money + hours × rate + one-off; value = revenue × margin. */
function expectedModel({ margin = 0.4, rate = 20, oneOff = 0, constSpend = 0 } = {}) {
  let inv = 0, value = 0, payback = null, customers = 0;
  ROWS.forEach(([spend, hours, revenue, nc], i) => {
    inv += spend + constSpend + hours * rate + (i === 1 ? oneOff : 0);
    value += revenue * margin;
    customers += nc;
    if (payback === null && value >= inv) payback = i + 1;
  });
  return { investment: inv, roi: (value - inv) / inv, breakEven: inv / margin, payback, perCustomer: inv / customers };
}

async function loadTableAndPlan(page, planText) {
  await page.locator('#paste').fill(TABLE);
  await page.getByRole('button', { name: 'Read pasted data' }).click();
  await page.getByTestId('exports').waitFor({ timeout: 20000 });
  await page.getByLabel('Load a plan file').setInputFiles({ name: 'plan.json', mimeType: 'application/json', buffer: Buffer.from(planText) });
  await page.getByTestId('investment').waitFor({ timeout: 20000 });
}

async function invest(page, id) {
  const v = await page.getByTestId(`invest-${id}`).getAttribute('data-value');
  return v === '' ? null : Number(v);
}

test('a loaded model shows its figures, and moving a what-if slider changes them as the formula says', async () => {
  const { page, finish } = await visit();
  await loadTableAndPlan(page, JSON.stringify(MODEL));
  const e = expectedModel();
  assert.ok(closeTo(await invest(page, 'roi'), e.roi), `ROI ${await invest(page, 'roi')} vs ${e.roi}`);
  assert.ok(closeTo(await invest(page, 'break-even'), e.breakEven));
  assert.equal(await invest(page, 'payback'), e.payback);
  assert.ok(closeTo(await invest(page, 'cost-per-new-customer'), e.perCustomer));
  assert.ok(closeTo(Number(await page.getByTestId('invest-kind-total').getAttribute('data-value')), e.investment));
  // Inputs are marked: every column here is measured, the hourly rate assumed.
  const inputs = await page.getByTestId('invest-inputs').textContent();
  assert.match(inputs, /measured/);
  assert.match(inputs, /hourly rate: 20 — assumed/);
  assert.ok((await page.getByTestId('invest-findings').locator('li').count()) > 0, 'the findings are listed');

  await page.locator('#what-if-margin').fill('25');
  const m = expectedModel({ margin: 0.25 });
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid=invest-roi]').dataset.value) - v) < 1e-9, m.roi);
  assert.ok(closeTo(await invest(page, 'break-even'), m.breakEven));
  assert.match(await page.getByTestId('what-if-margin-value').textContent(), /25%/);
  await page.locator('#what-if-rate').fill('30');
  const r = expectedModel({ margin: 0.25, rate: 30 });
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid=invest-roi]').dataset.value) - v) < 1e-9, r.roi);
  await page.getByRole('button', { name: 'Reset to the plan' }).click();
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid=invest-roi]').dataset.value) - v) < 1e-9, e.roi);
  await finish();
});

test('plan save → load keeps the investment model, including a one-off cost added in step 3', async () => {
  const { page, finish } = await visit();
  await loadTableAndPlan(page, JSON.stringify(MODEL));
  const setup = page.getByTestId('invest-setup');
  await setup.getByLabel('Name').last().fill('photo shoot');
  await setup.getByLabel('Amount', { exact: true }).fill('300');
  await setup.getByLabel('Date', { exact: true }).fill('2024-02-10');
  await setup.getByRole('button', { name: 'Add the one-off cost' }).click();
  await page.getByTestId('invest-one-off').getByText('photo shoot').waitFor();
  // A typed spend per period (assumed) beside the spend column.
  await setup.getByLabel('or add an amount per period').fill('25');
  await setup.getByLabel('or add an amount per period').press('Enter');
  await page.getByTestId('invest-money').getByText('25 per period').waitFor();
  const e = expectedModel({ oneOff: 300, constSpend: 25 });
  await page.waitForFunction((v) => Math.abs(Number(document.querySelector('[data-testid=invest-roi]')?.dataset.value) - v) < 1e-9, e.roi, { timeout: 20000 });
  assert.equal(Number(await page.getByTestId('invest-kind-one-off').getAttribute('data-value')), 300);

  const saved = await download(page, page.getByRole('button', { name: 'Save this setup (plan file)' }));
  const plan = JSON.parse(saved.text());
  assert.deepEqual(plan.investment.one_off, [{ name: 'photo shoot', amount: 300, date: '2024-02-10' }]);
  assert.deepEqual(plan.investment.money, [...MODEL.investment.money, { per_period: 25 }]);
  assert.deepEqual(plan.value, MODEL.value);
  await finish();

  // A fresh page, the same data, the saved plan: the same model and figures.
  const again = await visit();
  await loadTableAndPlan(again.page, saved.text());
  assert.ok(closeTo(await invest(again.page, 'roi'), e.roi));
  assert.match(await again.page.getByTestId('invest-one-off').textContent(), /photo shoot: 300/);
  await again.finish();
});

test('per channel: ROI, ROAS and CPA side by side with the attribution caveat and a bar chart; 360 px wide, no sideways scroll', async () => {
  const { page, finish } = await visit({ viewport: { width: 360, height: 800 } });
  const plan = {
    investment: { money: [{ column: 'spend', channel: 'instagram' }, { per_period: 50, channel: 'facebook' }], time: [{ column: 'hours' }], hourly_rate: 20 },
    value: { margin: 0.4, revenue: [{ column: 'revenue', channel: 'instagram' }] },
  };
  await loadTableAndPlan(page, JSON.stringify(plan));
  const rows = page.getByTestId('invest-channel');
  assert.equal(await rows.count(), 3, 'instagram, facebook and the inputs without a channel');
  const sum = (k) => ROWS.reduce((s, r) => s + r[k], 0);
  const instagram = (sum(2) * 0.4 - sum(0)) / sum(0);
  assert.ok(closeTo(Number(await rows.nth(0).getAttribute('data-roi')), instagram));
  assert.match(await page.getByTestId('attribution-caveat').textContent(), /attribut/);
  const chart = page.getByTestId('invest-channel-chart');
  await chart.locator('svg').first().waitFor();
  assert.ok((await chart.locator('svg title').allTextContents()).some((t) => t.startsWith('instagram: ')), 'hover labels per channel');
  await page.getByLabel('CPA', { exact: true }).check();
  const s = await page.evaluate(() => ({ w: document.documentElement.scrollWidth, c: document.documentElement.clientWidth }));
  assert.ok(s.w <= s.c, `no sideways scroll at 360 px: ${s.w} > ${s.c}`);
  await finish();
});

test('the quick calculator saves its numbers as a plan file', async () => {
  const { page, finish } = await visit();
  await page.getByTestId('quick').locator('summary').click();
  await fill(page, 'en', { ...FORM, marginText: '40' });
  const saved = await download(page, page.getByRole('button', { name: 'Save as plan' }));
  const plan = JSON.parse(saved.text());
  assert.equal(plan.investment.periods.count, 3);
  assert.equal(plan.investment.periods.unit, 'month');
  assert.equal(plan.value.margin, 0.4);
  assert.ok(closeTo(plan.investment.money[0].per_period, 400 / 3));
  await finish();
});

test('with an orders export, a new customer is worth the retention\'s value of a customer, marked as from the orders', async () => {
  const { page, finish } = await visit();
  await page.getByLabel('Choose files').setInputFiles(fixture('events/shopify_orders/input.csv'));
  await waitForResults(page, { timeout: 30000 });
  const { value_of_customer: value } = JSON.parse(fs.readFileSync(fixture('events/shopify_orders/expected.json'), 'utf8')).retention;
  await page.locator('#invest-new-customers').selectOption('new_customers');
  await page.getByTestId('value-from-orders').waitFor({ timeout: 20000 });
  assert.ok(closeTo(Number(await page.locator('#invest-new-customers-each').inputValue()), value));
  await page.getByTestId('investment').waitFor({ timeout: 20000 });
  assert.match(await page.getByTestId('invest-inputs').textContent(), /new customers: new_customers — measured, worth [\d,.]+ each \(measured\)/);
  await finish();
});
