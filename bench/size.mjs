// Page-size breakdown (issue 7), run by `./dev bench` after `cargo xtask dist`: what each crate costs in the
// page's wasm. Re-runs the page's own pipeline on the cargo output (wasm-bindgen --target web, then
// wasm-opt -Oz like Trunk, plus -g so function names survive), groups `twiggy top` by crate, and prints it
// with the gzip -9 sizes of dist/index.html and its inline wasm (unpacked by the page's own decoder). Writes target/bench-results/size.json.
//
//   node bench/size.mjs [PAGE.wasm]   (default: what cargo builds for Trunk: --bin social-roi-web, index.html's cargo profile)
import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { ROOT, table, mdTable, fmt, unpackPage } from './lib.mjs';

/** The page's wasm as cargo built it for `cargo xtask dist` (cargo is fresh right after it; asks cargo for the path). */
function pageArtifact() {
  // The profile Trunk builds the page with (index.html's data-cargo-profile-release), else --release.
  const prof = fs.readFileSync(path.join(ROOT, 'index.html'), 'utf8').match(/data-cargo-profile-release="([^"]+)"/)?.[1];
  // The same std-for-size build as `cargo xtask dist` (xtask/src/main.rs, `std_for_size`): the
  // page's glue matches only that wasm.
  const env = { ...process.env, RUSTC_BOOTSTRAP: '1', CARGO_UNSTABLE_BUILD_STD: 'std,panic_abort',
    CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS: '-Zunstable-options -Cpanic=immediate-abort' };
  const out = execFileSync('cargo', ['build', ...(prof ? ['--profile', prof] : ['--release']), '--target', 'wasm32-unknown-unknown',
    '--bin', 'social-roi-web', '--message-format=json'], { cwd: ROOT, env, encoding: 'utf8', maxBuffer: 1 << 28, stdio: ['ignore', 'pipe', 'inherit'] });
  const files = out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l))
    .filter((m) => m.reason === 'compiler-artifact' && m.target?.name === 'social-roi-web').flatMap((m) => m.filenames);
  const wasm = files.find((f) => f.endsWith('.wasm'));
  if (!wasm) throw new Error('cargo reported no social-roi-web.wasm');
  return wasm;
}
const RAW = path.resolve(process.argv[2] || pageArtifact());
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
  // Trunk's out-name, so the wasm's import module ("./social-roi-web_bg.js") matches the page's glue.
  run('wasm-bindgen', ['--target', 'web', '--out-dir', WORK, '--out-name', 'social-roi-web', RAW]);
  run('wasm-opt', ['-Oz', '-g', path.join(WORK, 'social-roi-web_bg.wasm'), '-o', opt]);
  fs.writeFileSync(path.join(WORK, '.stamp'), key);
}

// 2. twiggy, grouped by the crate that defines each item (generic code counts for the crate defining it).
const items = JSON.parse(run('twiggy', ['top', '-n', '1000000', '--format', 'json', opt]));
const STD = new Set(['core', 'alloc', 'std', '__rustc', 'compiler_builtins', 'dlmalloc', 'memcmp', 'memcpy', 'memmove', 'memset',
  'tanh', 'round', 'roundf', 'fmax', 'fmin', 'exp', 'log', 'pow', 'sin', 'cos', 'atan2', 'hypot', 'cbrt', 'expm1', 'log1p', 'floor', 'ceil']);
/** The crate an item's code belongs to: `<T as Trait>::f` counts for T's crate, or Trait's when T is a
 *  primitive or a generic parameter; a hash-suffixed crate name (`core[c593…]`) is the crate. */
function crateOf(name) {
  if (name.includes('names" subsection') || name.includes('names subsection')) return '(name section: not shipped)';
  if (name.startsWith('data segment')) return '(data segments: strings, tables; all crates)';
  if (/^(table|elem|type|import|export|global|memory|custom section|code section|data section|wasm magic)/.test(name) || name.startsWith('"')) {
    return '(wasm structure: types, imports, exports, headers)';
  }
  if (/^code\[\d+\]/.test(name)) return '(functions without a name)';
  if (name === 'main' || name.startsWith('data count')) return '(wasm structure: types, imports, exports, headers)';
  if (/^<(str|char|u\d+|i\d+|f\d+|usize|isize|bool|\[.*\])>::/.test(name)) return 'std (core/alloc/std, allocator, builtins)';
  let n = name.replace(/^&(mut )?/, '');
  const m = n.match(/^<&?(?:mut |dyn )*([^ ]+?)(?:<[^>]*>)? as &?(?:mut |dyn )*([A-Za-z_][A-Za-z0-9_]*)/);
  if (m) n = m[1].includes('::') ? m[1] : m[2]; // a primitive or generic T: the trait's crate
  const c = (n.replace(/^[<&*\s]+/, '').match(/^([A-Za-z_][A-Za-z0-9_]*)/)?.[1] ?? '(other)').replace(/\[[0-9a-f]+\]$/, '');
  if (STD.has(c) || /^__(mul|div|ashl|ashr|lshr|float|fix|udiv|umod|mod)/.test(c)) return 'std (core/alloc/std, allocator, builtins)';
  if (/^(wasm_bindgen|js_sys|web_sys|wasm_bindgen_futures|__wbindgen|__wbg|__externref|Closure|Ref|Externref)/.test(c)) return 'wasm-bindgen, js-sys, web-sys (+ glue shims)';
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
  const un = unpackPage(html);
  if (un) {
    // The page carries the wasm LZMA-packed, as base64, with the decoder that unpacks it.
    const f = path.join(WORK, 'dist_inline.wasm');
    fs.writeFileSync(f, un.wasm);
    inline = { raw: un.wasm.length, gzip9: gzip9(f), embedded_lzma_bytes: un.packed_bytes };
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
  inline ? `its inline wasm: ${inline.raw.toLocaleString('en-US')} bytes, ${inline.gzip9.toLocaleString('en-US')} bytes gzip -9` +
    ` (embedded as ${inline.embedded_lzma_bytes.toLocaleString('en-US')} bytes of LZMA)` : '',
  inline ? (inline.raw === shipped ? 'the rebuilt wasm without names has exactly the size of the inline wasm: the breakdown is of the shipped code'
    : Math.abs(inline.raw - shipped) < 0.01 * inline.raw
      ? `the rebuilt wasm without names (${shipped.toLocaleString('en-US')} bytes) is within ${Math.abs(inline.raw - shipped).toLocaleString('en-US')} bytes of the inline one (Trunk's wasm-bindgen/wasm-opt calls differ slightly, and xtask shortens the import names): the breakdown stands for the shipped code`
      : `note: the rebuilt wasm (${shipped.toLocaleString('en-US')} bytes without names) differs from the inline one: dist/ and the cargo output are from different builds`) : '',
  `re-built here with names (-Oz -g): ${res.wasm_opt_Oz_g.raw.toLocaleString('en-US')} bytes, of which ${names.toLocaleString('en-US')} name section → ${shipped.toLocaleString('en-US')} bytes of code and data`,
].filter(Boolean);
console.log(summary.join('\n'));
fs.writeFileSync(path.join(OUT, 'size.md'), `${mdTable(cols, rows)}\n\n${summary.map((x) => `- ${x}`).join('\n')}\n`);
