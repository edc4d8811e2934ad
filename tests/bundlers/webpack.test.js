// The spillproof webpack plugin in real webpack 5 builds, and through webpack-cli.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { stripeSecretKey, supabaseJwt } from '../support/fake-keys.js';
import { listFiles, makeApp } from './support/app.js';
import { webpack } from './support/bundlers.js';
import { assertNoLeak, bundlerSuite } from './support/suite.js';

bundlerSuite(webpack);

test('webpack: a development build, which emits despite errors, writes nothing when blocked', async () => {
  const secret = stripeSecretKey();
  const dir = makeApp('development-build-with-secret', { stripeKey: secret });
  const r = await webpack.build(dir, { mode: 'development' });
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /\[stripe\.live-secret-key\]/);
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), []);
});

test('webpack-cli exits non-zero with the message when a CommonJS config requires the plugin', () => {
  const secret = supabaseJwt('service_role');
  const dir = makeApp('webpack-cli-with-secret', { supabaseKey: secret });
  const plugin = fileURLToPath(import.meta.resolve('spillproof/webpack'));
  // CommonJS, as next.config.js and most webpack configs are: require() of the ESM plugin.
  writeFileSync(path.join(dir, 'webpack.config.cjs'), [
    `const spillproof = require(${JSON.stringify(plugin)}).default;`,
    "module.exports = { mode: 'production', entry: './src/main.js', output: { path: __dirname + '/dist' }, plugins: [spillproof()] };",
    '',
  ].join('\n'));
  const cli = createRequire(import.meta.url).resolve('webpack-cli/bin/cli.js');
  const run = spawnSync(process.execPath, [cli, '--config', 'webpack.config.cjs'], { cwd: dir, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  assert.notEqual(run.status, 0, run.stdout + run.stderr);
  assert.match(run.stdout + run.stderr, /spillproof blocked this build[\s\S]*\[supabase\.service-role-key\][\s\S]*src\/lib\/supabase\.js:6:\d+/);
  assertNoLeak({ error: run.stdout, logs: run.stderr, outDir: path.join(dir, 'dist') }, [secret]);
  assert.deepEqual(listFiles(path.join(dir, 'dist')), []);
});
