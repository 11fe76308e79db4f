// Embedding (issue 6): the README's copy-paste snippet in a parent page on another origin; the page
// in #embed mode posts only its height (a number), and the parent resizes the iframe with it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, ROOT, DIST } from './harness.mjs';

let server, browser, parentDir;
before(async () => {
  parentDir = fs.mkdtempSync(path.join(os.tmpdir(), 'social-roi-parent-'));
  server = await serve({ '/parent/': parentDir, '/': DIST });
  browser = await launch();
});
after(async () => { await browser?.close(); await server?.close(); fs.rmSync(parentDir, { recursive: true, force: true }); });

function readmeSnippet() {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  const m = readme.match(/<!-- embed-snippet:start -->\s*```html\n([\s\S]*?)```\s*<!-- embed-snippet:end -->/);
  assert.ok(m, 'README has the embed snippet between markers');
  return m[1];
}

test('in embed mode inside an iframe, the parent receives only the height and resizes the frame', async () => {
  // Parent on 127.0.0.1, page on localhost: two origins, as for a blog embedding a hosted page.
  const port = new URL(server.url).port;
  const snippet = readmeSnippet().replace('https://example.org/social-roi/index.html#embed', `http://localhost:${port}/index.html#embed`);
  fs.writeFileSync(path.join(parentDir, 'index.html'), `<!DOCTYPE html><html><head><meta charset="utf-8"><title>A blog post</title>
<script>window.__messages = []; window.addEventListener('message', (e) => window.__messages.push({ data: e.data, origin: e.origin }));</script>
</head><body><h1>My blog post</h1><p>Try the calculator:</p>
${snippet}
<p>After the calculator.</p></body></html>`);
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(`${server.url}/parent/index.html`);
  const frame = page.frameLocator('#social-roi');
  await frame.locator('main.app.embed').waitFor({ timeout: 20000 });
  const initial = await page.evaluate(() => document.getElementById('social-roi').getBoundingClientRect().height);
  await frame.getByRole('button', { name: /Online shop \+ social|Negozio online/ }).click();
  await frame.getByTestId('row-count').waitFor();
  // The engine's worker starts inside a frame on another origin too (issue 15).
  assert.equal(await frame.locator('main.app').getAttribute('data-engine'), 'worker');
  await page.waitForFunction((h) => document.getElementById('social-roi').getBoundingClientRect().height > h + 200, initial, { timeout: 20000 });
  // Messages and frame height read in one task: results keep mounting (one section per task), and
  // each new height message resizes the frame, so two separate reads can see different moments.
  const { messages, frameHeight } = await page.evaluate(() => ({
    messages: window.__messages,
    frameHeight: document.getElementById('social-roi').getBoundingClientRect().height,
  }));
  assert.ok(messages.length >= 2, `height messages received: ${messages.length}`);
  for (const m of messages) {
    assert.equal(typeof m.data, 'number', `every message is a number, got ${JSON.stringify(m.data)}`);
    assert.equal(m.origin, `http://localhost:${port}`);
  }
  assert.equal(Math.ceil(messages.at(-1).data), Math.round(frameHeight));
  // The embedded page fetched nothing beyond its own file; the parent only its own page.
  const own = new Set([`${server.url}/parent/index.html`, `http://localhost:${port}/index.html`]);
  // blob: is the engine's worker, made from the page's own script (local, like data:).
  assert.deepEqual(requests.filter((u) => !own.has(u.split('#')[0]) && !u.startsWith('blob:')), []);
  await context.close();
});
