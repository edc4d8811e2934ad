// The spillproof Rollup plugin in real Rollup 4 builds, plus the options every plugin shares.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import spillproof from 'spillproof/rollup';
import { stripeSecretKey } from '../support/fake-keys.js';
import { makeApp } from './support/app.js';
import { rollup } from './support/bundlers.js';
import { assertNoLeak, bundlerSuite } from './support/suite.js';

bundlerSuite(rollup, { seesDefine: false, rootIsCwd: true });

test('rollup: include/exclude globs and scanSourceMaps choose which emitted files are scanned', async () => {
  const secret = stripeSecretKey();
  const dir = makeApp('globs-choose-scanned-files', { stripeKey: secret });
  const notIncluded = await rollup.build(dir, { plugin: { include: ['vendor/**'] } });
  assert.equal(notIncluded.ok, true, notIncluded.error);
  assert.match(notIncluded.logs, /Scanned 0 emitted files/);

  const mapsExcluded = await rollup.build(dir, { sourcemap: true, plugin: { exclude: '**/*.map' } });
  assert.equal(mapsExcluded.ok, false);
  assert.doesNotMatch(mapsExcluded.error, /\.map:/);
  assert.match(mapsExcluded.error, /Scanned 1 emitted file/);

  const noMaps = await rollup.build(dir, { sourcemap: true, plugin: { scanSourceMaps: false } });
  assert.match(noMaps.error, /Scanned 1 emitted file/);
  // The first (unscanned) build wrote main.js with the key: only the messages are checked here.
  for (const r of [notIncluded, mapsExcluded, noMaps]) assertNoLeak(r, [secret], { outputs: [] });
});

test('a misspelt or invalid option fails at once, naming the option', () => {
  assert.throws(() => spillproof({ failon: 'high' }), /unknown option "failon"; known: failOn, mode/);
  assert.throws(() => spillproof({ failOn: 'severe' }), /failOn must be one of critical, high, medium, low, info, none/);
  assert.throws(() => spillproof({ mode: 'strict' }), /mode must be "error" or "warn"/);
  assert.throws(() => spillproof({ allow: [42] }), /allow must be a string or an array of non-empty strings/);
});
