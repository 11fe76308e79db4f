// The renderer's memory over time while the page reads and analyses a file (issue 15): where the
// peak is, and what ends when. Samples every renderer's RSS every 50 ms from the file choice and
// prints the growth over the blank page (the largest renderer: the page's, with its workers).
//
//   cargo xtask dist && node bench/rss.mjs FILE [MILLISECONDS, default 9000]
import path from 'node:path';
import { ROOT, serve, launch, renderers, memOf, MiB, fmt } from './lib.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node bench/rss.mjs FILE [MILLISECONDS]');
  process.exit(2);
}
const srv = await serve({ '/': path.join(ROOT, 'dist') });
const browser = await launch();
const page = await (await browser.newContext()).newPage();
await page.goto(srv.url + '/');
await page.waitForSelector('main.app');
await page.waitForTimeout(500);
const pids = renderers();
const largest = () => Math.max(...pids.map((p) => memOf(p)?.rss ?? 0));
const blank = largest();
const t0 = Date.now();
const samples = [];
const timer = setInterval(() => samples.push([(Date.now() - t0) / 1000, largest() - blank]), 50);
await page.locator('input[type=file]').first().setInputFiles(file);
await page.waitForTimeout(Number(process.argv[3] || 9000));
clearInterval(timer);
const peak = samples.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
console.log(`renderer growth over the blank page: peak ${fmt(MiB(peak[1]), 0)} MiB at ${fmt(peak[0], 2)} s`);
console.log('seconds  MiB');
for (let i = 0; i < samples.length; i += 4) console.log(`${fmt(samples[i][0], 2).padStart(7)}  ${fmt(MiB(samples[i][1]), 0)}`);
await browser.close();
await srv.close();
