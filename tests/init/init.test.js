// `spillproof init` on fixture projects (tests/init/fixtures), one per bundler, then real
// builds through the project's own `npm run build`: the config is changed, the build fails
// on a planted fake secret and passes without it, and a second init changes nothing.
// Fixtures are copied under tests/init/.tmp/ (gitignored) so the bundlers and spillproof
// resolve from the workspace's node_modules, as in a project that installed them.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { stripeSecretKey, supabaseSecretKey } from '../support/fake-keys.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const bin = path.join(root, 'bundler-plugin/bin/spillproof.js');
const fixtures = path.join(root, 'tests/init/fixtures');
const tmp = path.join(root, 'tests/init/.tmp');

// The copies hold planted fake keys while a test runs: remove them all at the end.
const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function copyFixture(name) {
  mkdirSync(tmp, { recursive: true });
  const dir = mkdtempSync(path.join(tmp, `${name}-`));
  created.push(dir);
  cpSync(path.join(fixtures, name), dir, { recursive: true });
  return dir;
}

const run = (command, args, cwd) => {
  const r = spawnSync(command, args, { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
};
const init = (dir) => run(process.execPath, [bin, 'init'], dir);
const npmRun = (dir, script) => run('npm', ['run', '--silent', script], dir);

/** Every file of the project but its build output: what init may change. */
function projectFiles(dir) {
  const files = {};
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.relative(dir, path.join(entry.parentPath ?? entry.path, entry.name));
    if (file.startsWith('dist') || file.startsWith('.next')) continue;
    files[file] = readFileSync(path.join(dir, file), 'utf8');
  }
  return files;
}

function distContaining(dir, needle) {
  try {
    return readdirSync(path.join(dir, 'dist'), { recursive: true }).filter((f) => {
      try {
        return readFileSync(path.join(dir, 'dist', f)).includes(needle);
      } catch {
        return false; // a folder
      }
    });
  } catch {
    return [];
  }
}

const plantKey = (dir, key) => writeFileSync(path.join(dir, 'src/config.js'), `export const config = { name: 'fixture', apiKey: '${key}' };\n`);

const BUNDLERS = [
  { bundler: 'vite', fixture: 'vite-app', config: 'vite.config.js', statement: "import spillproof from 'spillproof/vite';" },
  { bundler: 'webpack', fixture: 'webpack-app', config: 'webpack.config.js', statement: "const spillproof = require('spillproof/webpack').default;" },
  { bundler: 'rollup', fixture: 'rollup-app', config: 'rollup.config.mjs', statement: "import spillproof from 'spillproof/rollup';" },
  { bundler: 'esbuild', fixture: 'esbuild-app', config: 'build.mjs', statement: "import spillproof from 'spillproof/esbuild';" },
  { bundler: 'rspack', fixture: 'rspack-app', config: 'rspack.config.mjs', statement: "import spillproof from 'spillproof/rspack';" },
];

for (const { bundler, fixture, config, statement } of BUNDLERS) {
  test(`${bundler}: init adds the plugin, the build then fails on a planted secret and passes without it, and a second init changes nothing`, () => {
    const dir = copyFixture(fixture);
    const original = readFileSync(path.join(dir, config), 'utf8');

    const first = init(dir);
    assert.equal(first.code, 0, first.out);
    assert.match(first.out, new RegExp(`changed ${config.replace('.', '\\.')}: added spillproof\\(\\) to its plugins`));
    const edited = readFileSync(path.join(dir, config), 'utf8');
    assert.ok(edited.includes(statement), edited);
    assert.match(edited, /plugins: \[spillproof\(\)\]/);
    // Only the plugin was added: every original line is still there, but the plugins line.
    const editedLines = new Set(edited.split('\n'));
    const rewritten = original.split('\n').filter((line) => line.trim() && !editedLines.has(line));
    assert.ok(rewritten.every((line) => /plugins/.test(line)) && rewritten.length <= 1, `lines were rewritten: ${rewritten.join(' | ')}`);
    const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
    assert.equal(pkg.scripts['check:secrets'], 'spillproof scan dist');
    assert.match(pkg.devDependencies.spillproof, /^\^\d+\.\d+\.\d+$/);

    const secret = stripeSecretKey();
    plantKey(dir, secret);
    const blocked = npmRun(dir, 'build');
    assert.notEqual(blocked.code, 0, `the build with a planted key passed:\n${blocked.out}`);
    assert.match(blocked.out, /spillproof blocked this build[\s\S]*stripe\.live-secret-key/);
    assert.ok(!blocked.out.includes(secret), 'the build output shows the secret');
    assert.deepEqual(distContaining(dir, secret), [], 'a file with the secret was left in dist/');

    plantKey(dir, 'not-a-key');
    const passed = npmRun(dir, 'build');
    assert.equal(passed.code, 0, passed.out);
    assert.ok(readdirSync(path.join(dir, 'dist')).length > 0, 'the clean build wrote its output');
    const check = npmRun(dir, 'check:secrets');
    assert.equal(check.code, 0, check.out);
    assert.match(check.out, /✔ nothing at or above "high"/);

    const before = projectFiles(dir);
    const second = init(dir);
    assert.equal(second.code, 0, second.out);
    assert.match(second.out, /Nothing to change: spillproof is already set up\./);
    assert.deepEqual(projectFiles(dir), before);
  });
}

test('next: init adds a post-build scan of .next/static that fails on a planted secret, and a second init changes nothing', () => {
  const dir = copyFixture('next-app');
  const first = init(dir);
  assert.equal(first.code, 0, first.out);
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8'));
  assert.equal(pkg.scripts.build, 'next build', 'the build script itself is left alone under npm');
  assert.equal(pkg.scripts.postbuild, 'spillproof scan .next/static');
  assert.equal(pkg.scripts['check:secrets'], 'spillproof scan .next/static');

  // What `next build` leaves in .next/static, with a server key inlined into a client chunk.
  const secret = supabaseSecretKey();
  mkdirSync(path.join(dir, '.next/static/chunks/app'), { recursive: true });
  writeFileSync(path.join(dir, '.next/static/chunks/app/page-3fa9c1.js'), `(self.webpackChunk=self.webpackChunk||[]).push([[1],{1:(e,t,n)=>{n.k="${secret}"}}]);`);
  const blocked = npmRun(dir, 'postbuild');
  assert.equal(blocked.code, 1, blocked.out);
  assert.match(blocked.out, /supabase\.secret-key/);
  assert.ok(!blocked.out.includes(secret));
  writeFileSync(path.join(dir, '.next/static/chunks/app/page-3fa9c1.js'), '(self.webpackChunk=self.webpackChunk||[]).push([[1],{}]);');
  assert.equal(npmRun(dir, 'postbuild').code, 0);

  const before = projectFiles(dir);
  const second = init(dir);
  assert.equal(second.code, 0, second.out);
  assert.match(second.out, /Nothing to change/);
  assert.deepEqual(projectFiles(dir), before);
});

test('init refuses a config it cannot edit safely, leaves it byte for byte, and prints the snippet to add by hand', () => {
  const dir = copyFixture('webpack-config-from-a-function-call');
  const original = readFileSync(path.join(dir, 'webpack.config.js'), 'utf8');
  const r = init(dir);
  assert.equal(r.code, 2, r.out);
  assert.match(r.out, /NOT CHANGED webpack\.config\.js: its config comes from a call to makeConfig\(\)/);
  assert.match(r.out, /const spillproof = require\('spillproof\/webpack'\)\.default;/);
  assert.match(r.out, /plugins: \[spillproof\(\)\]/);
  assert.equal(readFileSync(path.join(dir, 'webpack.config.js'), 'utf8'), original);
});
