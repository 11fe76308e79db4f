// Screenshots of the main states for the README (issue 5) — not a test. Run `node tests/e2e/screenshots.mjs`
// after `cargo xtask dist`: it serves dist/, drives the page in headless Chromium at 1280 and 390 px
// wide, and writes docs/screenshots/{data,check,results,pair}-{1280,390}.png:
//   data    — the empty page (step 1: paste, files, samples);
//   check   — after loading the weekly sample: the loaded data and step 2 (detected format, preview);
//   results — the top of the results: findings, ROI dashboard and the correlation heatmap;
//   pair    — the pair sessions → revenue opened from the heatmap (numbers, scatter, lag chart, series).
import fs from 'node:fs';
import path from 'node:path';
import { serve, launch, open, ROOT } from './harness.mjs';

const OUT = path.join(ROOT, 'docs/screenshots');
const WIDTHS = [1280, 390];

/** The page-coordinates box spanning `fromSel`'s top to `toSel`'s bottom (the whole page width). */
async function span(page, fromSel, toSel = fromSel) {
  return page.evaluate(([a, b]) => {
    const top = document.querySelector(a).getBoundingClientRect().top + window.scrollY;
    const bottom = document.querySelector(b).getBoundingClientRect().bottom + window.scrollY;
    return { x: 0, y: Math.max(0, Math.floor(top) - 12), width: document.documentElement.clientWidth, height: Math.ceil(bottom - top) + 24 };
  }, [fromSel, toSel]);
}

async function shoot(page, name, clip) {
  await page.evaluate(() => document.activeElement?.blur());
  const file = path.join(OUT, name);
  await page.screenshot({ path: file, fullPage: true, clip, animations: 'disabled', caret: 'hide' });
  console.log(path.relative(ROOT, file));
}

fs.mkdirSync(OUT, { recursive: true });
const server = await serve();
const browser = await launch();
try {
  for (const width of WIDTHS) {
    const { page, context, errors } = await open(browser, `${server.url}/index.html`, {
      viewport: { width, height: width > 600 ? 900 : 844 }, locale: 'en-US',
    });
    await shoot(page, `data-${width}.png`);

    await page.getByRole('button', { name: 'Online shop + social, weekly, 2 years' }).click();
    await page.getByTestId('exports').waitFor({ timeout: 20000 });
    await page.waitForTimeout(300);
    await shoot(page, `check-${width}.png`, await span(page, 'section.sources', 'section.check'));
    await shoot(page, `results-${width}.png`, await span(page, 'section.results', 'section.correlations'));

    await page.getByTestId('heatmap').locator('button[data-x="sessions"][data-y="revenue"]').click();
    await page.getByTestId('pair-detail').waitFor();
    await page.waitForTimeout(300);
    await shoot(page, `pair-${width}.png`, await span(page, '[data-testid=pair-detail]'));
    if (errors.length) throw new Error(`errors in the page: ${errors.join('; ')}`);
    await context.close();
  }
} finally {
  await browser.close();
  await server.close();
}
