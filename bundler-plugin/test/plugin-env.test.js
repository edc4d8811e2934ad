// The bundler plugins' environment rules, without a bundler: what counts as client-exposed,
// which server values are searched for, and the env fingerprint.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';

import { clientExposures, defineEntries, envFingerprint, findValue, isSearchableValue, redactValue, serverOnlyValues } from '../src/plugin/env.js';

const ctx = (vars, { defines = [], publicPrefixes = ['VITE_'] } = {}) => ({
  vars: new Map(Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? { value: v, file: '/app/.env' } : v])),
  publicPrefixes, exposedAs: 'import.meta.env', defines, root: '/app',
});

test('define tables flatten to env entries: dotted keys, nested objects, a whole process.env object', () => {
  const entries = defineEntries({
    'process.env.API_KEY': '"k-123"',
    'import.meta.env.MODE': '"production"',
    'process.env': JSON.stringify({ A_TOKEN: 'abc', N: 1 }),
    nested: { 'process.env.B': '"b"' },
    __DEV__: 'false',
  });
  assert.deepEqual(entries, [
    { key: 'process.env.API_KEY', name: 'API_KEY', value: 'k-123' },
    { key: 'import.meta.env.MODE', name: 'MODE', value: 'production' },
    { key: 'process.env.A_TOKEN', name: 'A_TOKEN', value: 'abc' },
    { key: 'nested.process.env.B', name: undefined, value: 'b' },
    { key: '__DEV__', name: undefined, value: 'false' },
  ]);
});

test('client exposure: prefixed variables and every define entry, each saying why', () => {
  const exposures = clientExposures(ctx({ VITE_URL: 'https://x.test', SERVER_KEY: 'hidden-value-123' }, { defines: [{ key: 'process.env.STRIPE', name: 'STRIPE', value: 'sk' }] }));
  assert.deepEqual(exposures.map((e) => [e.name, e.via, e.why]), [
    ['VITE_URL', 'import.meta.env.VITE_URL', 'the VITE_ prefix exposes it to the browser'],
    ['STRIPE', 'process.env.STRIPE', '`define` inlines process.env.STRIPE into the client bundle'],
  ]);
});

test('only plausible secrets are searched for: not short, common, path-like or plain-URL values', () => {
  for (const value of ['short', 'production', 'development', '/usr/local/bin', './relative/path', '1.2.3.4567890', 'https://api.example.test/v1']) {
    assert.equal(isSearchableValue(value, false), false, value);
  }
  assert.equal(isSearchableValue('My Application Title', false), false, 'spaces: prose, not a key');
  assert.equal(isSearchableValue('Zq81kPw0LmN3vB7xR2tY', false), true);
  assert.equal(isSearchableValue('correcthorsebatterystaple', false), false, 'letters only: not machine-made');
  assert.equal(isSearchableValue('correcthorsebatterystaple', true), true, '…unless the name says credential');
});

test('server-only values: .env files and credential names, never public-prefixed or public-equal values', () => {
  const key = 'Zq81kPw0LmN3vB7xR2tY';
  const values = serverOnlyValues(ctx({
    MISTRAL_API_KEY: key,
    VITE_PUBLIC_ID: 'pub-1234567890ab',
    SAME_AS_PUBLIC: 'pub-1234567890ab',
    PATH: { value: '/usr/bin:/bin' },
  }), { processEnv: { GITHUB_TOKEN: 'ghx-Abc123Def456Ghi', HOME: '/root', npm_config_token_thing: 'Abc123Def456Ghi789' } });
  assert.deepEqual(values.map((v) => v.name).sort(), ['GITHUB_TOKEN', 'MISTRAL_API_KEY']);
});

test('values are found raw and JSON-escaped, and reported by fingerprint and a short prefix only', () => {
  const value = 'a"quoted"Secret123';
  assert.deepEqual(findValue(`x=${JSON.stringify(value)};y='${value}'`, value).map((h) => h.start), [3, 28]);
  assert.equal(envFingerprint('K', 'v'), createHash('sha256').update('env:K:v').digest('hex').slice(0, 16));
  assert.equal(redactValue('Zq81kPw0LmN3vB7xR2tYaaaabbbbcccc'), 'Zq81…');
  assert.equal(redactValue('Zq81kPw0LmN3'), 'Z…');
});
