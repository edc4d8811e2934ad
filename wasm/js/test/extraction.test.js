// JS-aware extraction through the real Wasm engine: split, escaped and encoded secrets,
// source maps, and hostile input (truncated JS, 10,000-deep nesting, invalid UTF-8, a 20 MB
// line, a broken source map, a 5 MB base64 blob): each scan returns, says what it
// degraded, and never traps the instance.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { Engine } from '@spillproof/engine';
import { randomChars, supabaseJwt, supabaseSecretKey } from '../../../tests/support/fake-keys.js';

const engine = await Engine.create();
const stripeSecret = () => `sk_live_${randomChars(30)}`;
const stripePublishable = () => `pk_live_${randomChars(30)}`;
const b64 = (text) => Buffer.from(text).toString('base64');

const rules = (report) => report.findings.map((f) => [f.rule_id, f.verdict]);
const codes = (report) => report.skipped.map((s) => s.code);
const at = (text, finding) => Buffer.from(text).subarray(finding.location.start, finding.location.end).toString();

function assertComplete(report) {
  assert.ok(!report.skipped.some((s) => s.incomplete), JSON.stringify(report.skipped));
}

test('finds split, escaped and base64-encoded secrets, and leaves publishable keys publishable', () => {
  const [secret, pub] = [stripeSecret(), stripePublishable()];
  const text = `const a="${secret.slice(0, 9)}"+"${secret.slice(9)}",b="\\x70${pub.slice(1)}",c=atob("${b64(supabaseSecretKey())}");`;
  const report = engine.scan('dist/app.js', text);
  assert.deepEqual(rules(report), [
    ['stripe.live-secret-key', 'secret'],
    ['stripe.publishable-key', 'publishable'],
    ['supabase.secret-key', 'secret'],
  ]);
  assert.deepEqual(report.findings.map((f) => f.decoded), [['concatenation'], ['escapes'], ['base64']]);
  assert.equal(at(text, report.findings[0]), `${secret.slice(0, 9)}"+"${secret.slice(9)}`);
  assert.ok(!JSON.stringify(report).includes(secret.slice(0, 14)), 'the report leaks the secret');
});

test('a source map passed with the file gives original positions; a .map is scanned as sources', () => {
  const secret = supabaseSecretKey();
  const map = JSON.stringify({ version: 3, sources: ['src/keys.ts'], names: [], mappings: 'AAAA' });
  const mapped = engine.scan('app.js', `k="${secret}"`, undefined, { sourceMap: map });
  assert.deepEqual(mapped.findings[0].source, { file: 'src/keys.ts', line: 1, column: 1 });
  assert.equal(engine.scan('app.js', `k="${secret}"`).findings[0].source, null);

  const original = `// keys\nexport const admin = {\n  key: "${secret}",\n};\n`;
  const report = engine.scan('app.js.map', JSON.stringify({ version: 3, sources: ['../src/admin.ts'], sourcesContent: [original], mappings: 'AAAA' }));
  assert.deepEqual(rules(report), [['supabase.secret-key', 'secret']]);
  assert.deepEqual(report.findings[0].source, { file: '../src/admin.ts', line: 3, column: 9 });
  assert.match(report.findings[0].note, /deployed/);
});

test('the JSON-aware pass reads Supabase JWTs hidden behind JSON escapes by their role', () => {
  const escape = (jwt) => jwt.replaceAll('.', '\\\\u002e');
  const text = `x=JSON.parse('{"service":"${escape(supabaseJwt('service_role'))}","anon":"${escape(supabaseJwt('anon'))}"}')`;
  assert.deepEqual(rules(engine.scan('a.js', text)), [
    ['supabase.service-role-key', 'secret'],
    ['supabase.anon-key', 'publishable'],
  ]);
});

test('extract: false scans raw text only', async () => {
  const raw = await Engine.create({ config: { extract: false } });
  const secret = stripeSecret();
  const text = `k="${secret.slice(0, 10)}"+"${secret.slice(10)}"`;
  assert.equal(raw.scan('a.js', text).findings.length, 0);
  assert.equal(engine.scan('a.js', text).findings.length, 1);
});

test('truncated JS falls back to raw text and says so', () => {
  const [a, b] = [stripeSecret(), stripeSecret()];
  const report = engine.scan('a.js', `const a="\\x73${a.slice(1)}";const b="${b}`);
  assert.equal(report.findings.length, 2);
  assert.deepEqual(codes(report), ['lexer-fallback']);
  assertComplete(report);
});

test('10,000 levels of nesting do not trap the instance', () => {
  const secret = stripeSecret();
  for (const [open, close] of [['[', ']'], ['(', ')'], ['{x:', '}'], ['`${', '}`']]) {
    const text = `${open.repeat(10_000)}"${secret.slice(0, 12)}"+"${secret.slice(12)}"${close.repeat(10_000)}`;
    const report = engine.scan('deep.js', text);
    assert.deepEqual(rules(report), [['stripe.live-secret-key', 'secret']], open);
    assertComplete(report);
  }
  const json = `${'['.repeat(10_000)}"${secret}"${']'.repeat(10_000)}`;
  assert.equal(engine.scan('deep.json', json).findings.length, 1);
});

test('invalid UTF-8 is read around, and reported', () => {
  const secret = stripeSecret();
  const bytes = new Uint8Array([0xff, 0x0a, ...Buffer.from(`k="\\x73${secret.slice(1)}";`), 0xc3]);
  const report = engine.scan('a.js', bytes);
  assert.deepEqual(rules(report), [['stripe.live-secret-key', 'secret']]);
  assert.deepEqual(codes(report), ['invalid-utf8']);
});

test('a 20 MB single-line file is scanned to its end', () => {
  const secret = stripeSecret();
  const line = 'var a=function(b){return b*2+"x"},c=/re\\/g/.test(a);'.repeat(20_000_000 / 52);
  const report = engine.scan('huge.min.js', `${line}k="${secret.slice(0, 12)}"+"${secret.slice(12)}";`);
  assert.deepEqual(rules(report), [['stripe.live-secret-key', 'secret']]);
  assert.ok(report.findings[0].location.column > 19_000_000);
  assert.deepEqual(report.skipped, []);
});

test('a broken source map is reported; what came before the break is scanned', () => {
  const secret = stripeSecret();
  const map = JSON.stringify({ version: 3, sources: ['a.ts', 'b.ts'], sourcesContent: [`k = "${secret}";`, 'more'], mappings: 'AAAA' });
  const report = engine.scan('app.js.map', map.slice(0, map.indexOf(',"more"') + 4));
  assert.equal(report.findings.length, 1);
  assert.equal(report.findings[0].source.file, 'a.ts');
  assert.deepEqual(codes(report), ['source-map-invalid']);
  assertComplete(report);
  const given = engine.scan('a.js', `k="${secret}"`, undefined, { sourceMap: '{"version":3,' });
  assert.equal(given.findings.length, 1);
  assert.deepEqual(codes(given), ['source-map-invalid']);
});

test('a 5 MB base64 blob is not decoded, and the report says so', () => {
  const secret = stripeSecret();
  // Deterministic content: random base64 could, by chance, contain some rule's prefix.
  const blob = Buffer.from('glyf-table;'.repeat(341_000)).toString('base64');
  const report = engine.scan('fonts.js', `const font="${blob}";const k=atob("${b64(secret)}");`);
  assert.deepEqual(rules(report), [['stripe.live-secret-key', 'secret']]);
  assert.deepEqual(codes(report), ['decode-limit']);
  assertComplete(report);
});
