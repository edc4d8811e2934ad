// The spillproof Rspack plugin in real Rspack 2 builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { stripeSecretKey } from '../support/fake-keys.js';
import { listFiles, makeApp } from './support/app.js';
import { rspack } from './support/bundlers.js';
import { assertNoLeak, bundlerSuite } from './support/suite.js';

bundlerSuite(rspack);

test('rspack: a development build, which emits despite errors, writes nothing when blocked', async () => {
  const secret = stripeSecretKey();
  const dir = makeApp('development-build-with-secret', { stripeKey: secret });
  const r = await rspack.build(dir, { mode: 'development' });
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /\[stripe\.live-secret-key\]/);
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), []);
});
