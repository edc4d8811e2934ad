// `spillproof init` without building: which config shapes it edits (and how the result
// reads), which it refuses and why, and what it does to package.json per framework and
// package manager. The real builds after init are in tests/init/.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { addPluginToConfig, addPluginToEsbuildScript, UnsafeEditError } from '../src/init/config-edit.js';

const bin = path.resolve(fileURLToPath(import.meta.url), '../../bin/spillproof.js');

const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function project(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-init-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const init = (dir, ...args) => {
  const r = spawnSync(process.execPath, [bin, 'init', ...args], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, out: r.stdout + r.stderr };
};
const readJson = (dir, file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8'));

test('vite: defineConfig objects and config functions get spillproof() appended; comments and the rest stay', () => {
  const code = "import { defineConfig } from 'vite'\nimport react from '@vitejs/plugin-react'\n\n// https://vite.dev/config/\nexport default defineConfig({\n  plugins: [react()],\n  build: { outDir: 'www' },\n})\n";
  const r = addPluginToConfig(code, { bundler: 'vite', filename: 'vite.config.ts' });
  assert.equal(r.status, 'added');
  assert.equal(r.outDir, 'www');
  assert.match(r.code, /^import react from '@vitejs\/plugin-react'\n\nimport spillproof from 'spillproof\/vite';$/m);
  assert.match(r.code, /\/\/ https:\/\/vite\.dev\/config\/\nexport default defineConfig\(\{\n {2}plugins: \[react\(\), spillproof\(\)\],\n {2}build: \{ outDir: 'www' \},\n\}\)\n$/);
  assert.deepEqual(addPluginToConfig(r.code, { bundler: 'vite', filename: 'vite.config.ts' }).status, 'present', 'a second edit is a no-op');

  const fn = addPluginToConfig("import { defineConfig } from 'vite';\nexport default defineConfig(({ mode }) => ({\n  base: mode === 'production' ? '/app/' : '/',\n}));\n", { bundler: 'vite', filename: 'vite.config.js' });
  assert.match(fn.code, /base: mode === 'production' \? '\/app\/' : '\/',\n {2}plugins: \[spillproof\(\)\]/);
  const block = addPluginToConfig('export default defineConfig(() => {\n  const base = "/";\n  return { base };\n});\n', { bundler: 'vite', filename: 'vite.config.mjs' });
  assert.match(block.code, /return \{\n? *base,?\n? *plugins: \[spillproof\(\)\]/);
  const typed = addPluginToConfig("import type { UserConfig } from 'vite';\nexport default { plugins: [] } satisfies UserConfig;\n", { bundler: 'vite', filename: 'vite.config.ts' });
  assert.match(typed.code, /plugins: \[spillproof\(\)\] \} satisfies UserConfig;/);
});

test('webpack, Rspack, Rollup and esbuild: CommonJS and ESM, arrays of configs, constants and option objects', () => {
  const cjs = addPluginToConfig("'use strict';\nconst path = require('path');\nconst HtmlPlugin = require('html-webpack-plugin');\n\nmodule.exports = {\n  output: { path: path.resolve(__dirname, 'public/build') },\n  plugins: [new HtmlPlugin()],\n};\n", { bundler: 'webpack', filename: 'webpack.config.js' });
  assert.equal(cjs.commonjs, true);
  assert.equal(cjs.outDir, 'public/build');
  assert.match(cjs.code, /^'use strict';\nconst path = require\('path'\);\nconst HtmlPlugin = require\('html-webpack-plugin'\);\nconst spillproof = require\('spillproof\/webpack'\)\.default;\n/);
  assert.match(cjs.code, /plugins: \[new HtmlPlugin\(\), spillproof\(\)\]/);

  const multi = addPluginToConfig("export default [\n  { entry: './a.js' },\n  { entry: './b.js', plugins: [] },\n];\n", { bundler: 'rspack', filename: 'rspack.config.mjs' });
  assert.equal(multi.code.match(/spillproof\(\)/g).length, 2, 'each config of a multi-compiler array');

  const rollup = addPluginToConfig("const config = {\n  input: 'src/main.js',\n  output: { file: 'build/bundle.js', format: 'iife' },\n};\n\nexport default config;\n", { bundler: 'rollup', filename: 'rollup.config.mjs' });
  assert.equal(rollup.outDir, 'build');
  assert.match(rollup.code, /^import spillproof from 'spillproof\/rollup';\n/);

  const esbuild = addPluginToEsbuildScript("const esbuild = require('esbuild');\n\nesbuild\n  .build({ entryPoints: ['src/app.ts'], bundle: true, outfile: 'out/app.js' })\n  .catch(() => process.exit(1));\n", { filename: 'build.cjs' });
  assert.equal(esbuild.outDir, 'out');
  assert.match(esbuild.code, /^const esbuild = require\('esbuild'\);\nconst spillproof = require\('spillproof\/esbuild'\)\.default;\n/);
  const ctx = addPluginToEsbuildScript("import { context } from 'esbuild';\nconst options = { entryPoints: ['a.js'], outdir: 'dist', plugins: [] };\nconst ctx = await context(options);\nawait ctx.watch();\n", { filename: 'dev.mjs' });
  assert.match(ctx.code, /plugins: \[spillproof\(\)\] \};/);
});

test('shapes that cannot be edited safely are refused with the reason', () => {
  const refused = (code, bundler = 'webpack', filename = 'webpack.config.js') => {
    try {
      (bundler === 'esbuild' ? addPluginToEsbuildScript : (c, o) => addPluginToConfig(c, { bundler, ...o }))(code, { filename });
    } catch (error) {
      assert.ok(error instanceof UnsafeEditError, error.stack);
      return error.message;
    }
    assert.fail(`edited:\n${code}`);
  };
  assert.match(refused("module.exports = merge(common, { mode: 'production' });"), /call to merge\(\)/);
  assert.match(refused('module.exports = { plugins: getPlugins() };'), /sets plugins to a CallExpression, not an array literal/);
  assert.match(refused('module.exports = { ...base, mode: "production" };'), /spreads another object that may already set plugins/);
  assert.match(refused('module.exports = (env) => { if (env.prod) return prod; return dev; };'), /more than one return/);
  assert.match(refused('export default {', 'vite', 'vite.config.js'), /does not parse/);
  assert.match(refused('export default [{}, {}];', 'vite', 'vite.config.js'), /array/);
  assert.match(refused("const spillproof = 1;\nmodule.exports = {};"), /already defines a top-level name "spillproof"/);
  assert.match(refused('const config = {};'), /no `export default` or `module.exports =`/);
  assert.match(refused("require('esbuild').buildSync({ entryPoints: ['a.js'] });", 'esbuild', 'build.js'), /buildSync\(\), which does not run plugins/);
  assert.match(refused("import fs from 'node:fs';\nfs.writeFileSync('x', '');", 'esbuild', 'build.mjs'), /no esbuild build\(\) or context\(\) call/);
});

test('init --dry-run prints what it would change and writes nothing', () => {
  const config = 'export default {};\n';
  const dir = project({ 'package.json': '{\n    "name": "app",\n    "devDependencies": { "vite": "^7.0.0" }\n}\n', 'vite.config.js': config });
  const dry = init(dir, '--dry-run');
  assert.equal(dry.code, 0, dry.out);
  assert.match(dry.out, /would change vite\.config\.js: added spillproof\(\) to its plugins/);
  assert.match(dry.out, /would change package\.json: added script "check:secrets": spillproof scan dist/);
  assert.equal(readFileSync(path.join(dir, 'vite.config.js'), 'utf8'), config);
  assert.equal(readFileSync(path.join(dir, 'package.json'), 'utf8'), '{\n    "name": "app",\n    "devDependencies": { "vite": "^7.0.0" }\n}\n');
  const real = init(dir);
  assert.equal(real.code, 0);
  assert.match(readFileSync(path.join(dir, 'package.json'), 'utf8'), /^\{\n {4}"name": "app",\n {4}"devDependencies": \{\n {8}"vite"/, 'indentation kept');
});

test('Next.js under pnpm chains the scan into build (pnpm skips post scripts); Create React App gets a postbuild of build/', () => {
  const next = project({ 'package.json': JSON.stringify({ scripts: { build: 'next build' }, dependencies: { next: '15.0.0' } }), 'pnpm-lock.yaml': "lockfileVersion: '9.0'\n" });
  assert.equal(init(next).code, 0);
  const nextPkg = readJson(next, 'package.json');
  assert.equal(nextPkg.scripts.build, 'next build && spillproof scan .next/static');
  assert.equal(nextPkg.scripts.postbuild, undefined);
  assert.equal(init(next).code, 0);
  assert.equal(readJson(next, 'package.json').scripts.build, 'next build && spillproof scan .next/static', 'not chained twice');

  const cra = project({ 'package.json': JSON.stringify({ scripts: { build: 'react-scripts build' }, dependencies: { 'react-scripts': '5.0.1' } }) });
  const r = init(cra);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /Create React App project/);
  assert.equal(readJson(cra, 'package.json').scripts.postbuild, 'spillproof scan build');
  assert.equal(readJson(cra, 'package.json').scripts['check:secrets'], 'spillproof scan build');
});

test('an existing check:secrets script is kept, and a folder that is not a project is an error', () => {
  const dir = project({ 'package.json': JSON.stringify({ scripts: { 'check:secrets': 'gitleaks detect' }, devDependencies: { rollup: '4.0.0' } }), 'rollup.config.mjs': "export default { input: 'a.js', output: { dir: 'dist' } };\n" });
  const r = init(dir);
  assert.equal(r.code, 0, r.out);
  assert.match(r.out, /note: script "check:secrets" exists \("gitleaks detect"\): left as is/);
  assert.equal(readJson(dir, 'package.json').scripts['check:secrets'], 'gitleaks detect');

  const empty = project({ 'README.md': '# nothing here\n' });
  const none = init(empty);
  assert.equal(none.code, 2);
  assert.match(none.out, /no package\.json/);
  const unknown = project({ 'package.json': JSON.stringify({ dependencies: { lodash: '4.0.0' } }) });
  const u = init(unknown);
  assert.equal(u.code, 2);
  assert.match(u.out, /no bundler found/);
  assert.equal(readFileSync(path.join(unknown, 'package.json'), 'utf8'), JSON.stringify({ dependencies: { lodash: '4.0.0' } }), 'nothing written');
});
