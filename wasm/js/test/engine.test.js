// The real Wasm engine through its one JS wrapper: loading, scanning, config errors and
// recovery from a real trap inside Wasm.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Engine, ConfigError, EngineCrashedError } from '@spillproof/engine';
import { openaiProjectKey, supabaseJwt, supabaseSecretKey } from '../../../tests/support/fake-keys.js';

const engine = await Engine.create();

test('lists the built-in catalogue', () => {
  const rules = engine.rules();
  assert.ok(rules.length >= 60, `${rules.length} rules`);
  assert.ok(new Set(rules.map((r) => r.provider)).size >= 40);
  assert.ok(rules.every((r) => ['secret', 'publishable', 'review'].includes(r.verdict)));
});

test('judges a Supabase JWT by its role claim', () => {
  const report = engine.scan('dist/app.js', `a="${supabaseJwt('service_role')}";b="${supabaseJwt('anon')}"`);
  assert.deepEqual(report.findings.map((f) => [f.rule_id, f.verdict]), [
    ['supabase.service-role-key', 'secret'],
    ['supabase.anon-key', 'publishable'],
  ]);
});

test('reports never contain the raw secret', () => {
  const secret = openaiProjectKey();
  const report = engine.scan('a.js', new TextEncoder().encode(`const o={apiKey:"${secret}"}`));
  assert.equal(report.findings.length, 1);
  const text = JSON.stringify(report);
  assert.ok(!text.includes(secret.slice(0, 16)), 'report leaks the secret');
  assert.match(report.findings[0].fingerprint, /^[0-9a-f]{16}$/);
  assert.equal(report.findings[0].location.column_utf16, 18);
});

test('binary input and invalid UTF-8 are handled, not thrown', () => {
  const png = engine.scan('logo.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0]));
  assert.equal(png.skipped[0].code, 'binary');
  assert.equal(png.skipped[0].incomplete, false);
  const secret = supabaseSecretKey();
  const bytes = new Uint8Array([0xff, 0xfe, 0x0a, ...new TextEncoder().encode(`k=${secret}`), 0xc3]);
  assert.equal(engine.scan('x.js', bytes).findings.length, 1);
});

test('a bad configuration is a ConfigError naming the problem', async () => {
  await assert.rejects(Engine.create({ config: { disable_rules: ['nope.nothing'] } }), (error) =>
    error instanceof ConfigError && /nope\.nothing/.test(error.message));
  await assert.rejects(Engine.create({ config: { unknown_field: 1 } }), ConfigError);
});

test('allowlisted fingerprints are suppressed through the config', async () => {
  const secret = supabaseSecretKey();
  const [finding] = engine.scan('a.js', `k="${secret}"`).findings;
  const allowing = await Engine.create({ config: { allow: { fingerprints: [finding.fingerprint] } } });
  assert.equal(allowing.scan('b.js', `x = '${secret}'`).findings.length, 0);
});

test('a trap inside Wasm becomes EngineCrashedError and the engine rebuilds itself', async () => {
  const crashing = await Engine.create();
  assert.throws(() => crashing.crashForTesting(), EngineCrashedError);
  await crashing.ready();
  const report = crashing.scan('after-crash.js', `k="${supabaseSecretKey()}"`);
  assert.equal(report.findings.length, 1, 'the rebuilt engine scans again');
});
