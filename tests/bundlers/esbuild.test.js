// The spillproof esbuild plugin in real esbuild 0.28 builds, written to disk and in memory.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { openaiProjectKey } from '../support/fake-keys.js';
import { listFiles, makeApp } from './support/app.js';
import { esbuild } from './support/bundlers.js';
import { assertNoLeak, bundlerSuite } from './support/suite.js';

bundlerSuite(esbuild);

test('esbuild: with write: false a blocked build rejects and hands back no output files', async () => {
  const secret = openaiProjectKey();
  const dir = makeApp('in-memory-build-with-secret', { stripeKey: secret });
  const r = await esbuild.build(dir, { write: false });
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /\[openai\.project-key\][\s\S]*where: dist\/main\.js:\d+:\d+ +← src\/lib\/payments\.js:2:\d+/);
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), []);
});

test('esbuild: with write: false a clean build still returns its output files', async () => {
  const dir = makeApp('in-memory-build-publishable-only');
  const r = await esbuild.build(dir, { write: false });
  assert.equal(r.ok, true, r.error);
  assert.ok(r.outputFiles.some((f) => f.path.endsWith('main.js')));
});
