// Page-size breakdown (issue 7), run by `./dev bench` after `cargo xtask dist`: what each crate costs in the
// page's wasm. Re-runs the page's own pipeline on the cargo output (wasm-bindgen --target web, then
// wasm-opt -Oz like Trunk, plus -g so function names survive), groups `twiggy top` by crate, and prints it
// with the gzip -9 sizes of dist/index.html and its inline wasm. Writes target/bench-results/size.json.
//
//   node bench/size.mjs [target/wasm32-unknown-unknown/release/social-roi-web.wasm]
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { ROOT, table, mdTable, fmt } from './lib.mjs';

const RAW = path.resolve(process.argv[2] || path.join(ROOT, 'target/wasm32-unknown-unknown/release/social-roi-web.wasm'));
const WORK = path.join(ROOT, 'target/bench-size');
const OUT = path.join(ROOT, 'target/bench-results');
fs.mkdirSync(WORK, { recursive: true });
fs.mkdirSync(OUT, { recursive: true });
const run = (cmd, args, opts = {}) => execFileSync(cmd, args, { encoding: 'utf8', maxBuffer: 1 << 30, ...opts });
const gzip9 = (file) => Number(run('sh', ['-c', `gzip -9 -c -n < "${file}" | wc -c`]).trim());

// 1. The page's pipeline, cached on the input's hash.
const raw = fs.readFileSync(RAW);
const key = crypto.createHash('sha256').update(raw).digest('hex');
const opt = path.join(WORK, 'page_bg.opt.wasm');
if (!fs.existsSync(opt) || fs.readFileSync(path.join(WORK, '.stamp'), 'utf8') !== key) {
  run('wasm-bindgen', ['--target', 'web', '--out-dir', WORK, '--out-name', 'page', RAW]);
  run('wasm-opt', ['-Oz', '-g', path.join(WORK, 'page_bg.wasm'), '-o', opt]);
  fs.writeFileSync(path.join(WORK, '.stamp'), key);
}

// 2. twiggy, grouped by the crate that defines each item (generic code counts for the crate defining it).
const items = JSON.parse(run('twiggy', ['top', '-n', '1000000', '--format', 'json', opt]));
function crateOf(name) {
  if (name.startsWith('"function names"') || name.startsWith('"local names"') || name.includes('subsection')) return '(name section: not shipped)';
  if (name.startsWith('data segment')) return '(data: string/constant tables, all crates)';
  if (/^(table|elem|type|import|export|global|memory|custom section|code\[)/.test(name) || name.startsWith('"')) return '(wasm structure: types, imports, exports, tables)';
  const m = name.replace(/^[<&*\s]+|^(dyn |mut |const )+/g, '').match(/^([A-Za-z_][A-Za-z0-9_]*)/);
  if (!m) return '(other)';
  const c = m[1].replace(/\[[0-9a-f]+\]$/, '');
  if (['core', 'alloc', 'std', '__rustc', 'compiler_builtins', 'dlmalloc'].includes(c)) return 'std (core/alloc/std, allocator)';
  if (/^(wasm_bindgen|js_sys|web_sys|__wbindgen|__wbg|wasm_bindgen_futures)/.test(c)) return 'wasm-bindgen, js-sys, web-sys';
  if (/^(func|f)\d*$/.test(c) || /^\$/.test(name)) return '(unnamed functions)';
  return c;
}
const groups = new Map();
let total = 0;
for (const it of items) {
  if (it.name.startsWith('Σ') || it.name.startsWith('...')) continue;
  const c = crateOf(it.name);
  const g = groups.get(c) || { bytes: 0, items: 0, biggest: [] };
  g.bytes += it.shallow_size;
  g.items++;
  if (g.biggest.length < 3) g.biggest.push(`${it.name.replace(/::h[0-9a-f]{16}$/, '').slice(0, 80)} (${it.shallow_size})`);
  groups.set(c, g);
  total += it.shallow_size;
}
const names = groups.get('(name section: not shipped)')?.bytes ?? 0;
const shipped = total - names;
const rows = [...groups.entries()].sort((a, b) => b[1].bytes - a[1].bytes).map(([crate, g]) => ({
  crate, bytes: g.bytes.toLocaleString('en-US'), share: crate.startsWith('(name') ? '' : fmt((100 * g.bytes) / shipped, 1), items: g.items,
  biggest: g.biggest[0] ?? '' }));

// 3. The shipped page.
const dist = path.join(ROOT, 'dist/index.html');
const page = fs.existsSync(dist) ? { raw: fs.statSync(dist).size, gzip9: gzip9(dist) } : null;
let inline = null;
if (page) {
  const html = fs.readFileSync(dist, 'utf8');
  const b64 = html.match(/[A-Za-z0-9+/]{100000,}={0,2}/);
  if (b64) {
    const f = path.join(WORK, 'dist_inline.wasm');
    fs.writeFileSync(f, Buffer.from(b64[0], 'base64'));
    inline = { raw: fs.statSync(f).size, gzip9: gzip9(f), base64_chars: b64[0].length };
  }
}
const res = { input: path.relative(ROOT, RAW), wasm_opt_Oz_g: { raw: fs.statSync(opt).size, name_section: names, without_names: shipped },
  page, inline_wasm: inline, groups: Object.fromEntries(groups) };
fs.writeFileSync(path.join(OUT, 'size.json'), JSON.stringify(res, null, 2));
const cols = [{ key: 'crate', title: 'crate' }, { key: 'bytes', title: 'bytes (wasm-opt -Oz)', right: true }, { key: 'share', title: '% of code+data', right: true },
  { key: 'items', title: 'items', right: true }, { key: 'biggest', title: 'biggest item' }];
console.log(table(cols, rows));
const summary = [
  page ? `dist/index.html: ${page.raw.toLocaleString('en-US')} bytes raw, ${page.gzip9.toLocaleString('en-US')} bytes gzip -9` : 'dist/index.html: missing (cargo xtask dist)',
  inline ? `its inline wasm: ${inline.raw.toLocaleString('en-US')} bytes raw, ${inline.gzip9.toLocaleString('en-US')} bytes gzip -9 (as base64 in the page: ${inline.base64_chars.toLocaleString('en-US')} chars)` : '',
  `re-built here with names (-Oz -g): ${res.wasm_opt_Oz_g.raw.toLocaleString('en-US')} bytes, of which ${names.toLocaleString('en-US')} name section → ${shipped.toLocaleString('en-US')} bytes of code and data`,
].filter(Boolean);
console.log(summary.join('\n'));
fs.writeFileSync(path.join(OUT, 'size.md'), `${mdTable(cols, rows)}\n\n${summary.map((x) => `- ${x}`).join('\n')}\n`);
