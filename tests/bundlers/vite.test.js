// The spillproof Vite plugin in real Vite 7 builds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';

import { randomChars, stripeSecretKey, supabaseSecretKey } from '../support/fake-keys.js';
import { listFiles, makeApp } from './support/app.js';
import { vite } from './support/bundlers.js';
import { assertNoLeak, bundlerSuite } from './support/suite.js';

bundlerSuite(vite);

test('vite: a secret in a copied public/ file blocks the build and the copies Vite already wrote are removed', async () => {
  const secret = supabaseSecretKey();
  const dir = makeApp('secret-in-public-file', { files: { 'public/config.json': `{ "supabaseKey": "${secret}" }\n` } });
  const r = await vite.build(dir);
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /\[supabase\.secret-key\][\s\S]*where: dist\/config\.json:1:\d+ +← public\/config\.json:1:\d+/);
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), [], 'robots.txt, logo.png and config.json were copied at renderStart and removed');
});

test('vite: binary assets are skipped and counted, and a SARIF report is written with redacted values', async () => {
  const dir = makeApp('binary-asset-and-sarif-report');
  const r = await vite.build(dir, { plugin: { report: 'reports/spillproof.sarif' } });
  assert.equal(r.ok, true, r.error);
  assert.match(r.logs, /Scanned \d+ emitted files \([\d.]+ MB, 1 binary skipped\)/);
  assert.match(r.logs, /Report: reports\/spillproof\.sarif/);
  const sarif = JSON.parse(readFileSync(path.join(dir, 'reports/spillproof.sarif'), 'utf8'));
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.deepEqual(new Set(results.map((x) => x.ruleId)), new Set(['supabase.anon-key', 'stripe.publishable-key']));
  assert.ok(results.every((x) => x.level === 'note' && /^[0-9a-f]{16}$/.test(x.partialFingerprints['spillproof/v1'])));
});

test("vite: the CLI's config file (option `config`, or spillproof.toml in the root) applies to the build", async () => {
  const secret = stripeSecretKey();
  const dir = makeApp('config-file-disables-a-rule', { stripeKey: secret, files: { 'config/spillproof.toml': 'disable_rules = ["stripe.live-secret-key"]\n' } });
  const withConfig = await vite.build(dir, { plugin: { config: 'config/spillproof.toml' } });
  assert.equal(withConfig.ok, true, withConfig.error);
  assertNoLeak(withConfig, [secret], { outputs: [] });

  const dir2 = makeApp('default-config-file', { stripeKey: secret, files: { 'spillproof.toml': 'this is = not toml' } });
  const broken = await vite.build(dir2);
  assert.equal(broken.ok, false);
  assert.match(broken.error, /config file \S+spillproof\.toml is not valid TOML/);
});

test('vite: an inlined server-only value stays a blocking finding when a weaker rule also matches it', async () => {
  // A config-file rule of medium severity knows the shape; the variable says it is a server secret.
  const secret = `acme_${randomChars(32).toLowerCase()}`;
  const rule = ['[[rules]]', 'id = "acme.token"', 'provider = "Acme"', 'title = "Acme token"', 'severity = "medium"', 'verdict = "secret"',
    'keywords = ["acme_"]', `pattern = '''(?P<secret>acme_[a-z0-9]{32})'''`, 'description = "Calls Acme."', 'remediation = "Rotate it."'].join('\n');
  const dir = makeApp('server-value-over-weaker-rule', { aiKeyRead: 'process.env.ACME_TOKEN', files: { '.env': `ACME_TOKEN=${secret}\n`, 'spillproof.toml': `${rule}\n` } });
  const r = await vite.build(dir, { define: { 'process.env.ACME_TOKEN': secret } });
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /HIGH secret +Server-only environment variable value +\[env\.server-value\]/);
  assert.match(r.error, /where: dist\/\S+\.js:\d+:\d+ +← src\/lib\/ai\.js:4:\d+ \(env ACME_TOKEN\)/);
  assert.equal(r.error.match(/where: dist\//g).length, 1, 'one finding for the emitted value, the stronger one');
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), []);
});

test('vite: a key left only in a comment ships in the .map, and the finding names the original file and line', async () => {
  // The minifier drops the comment from the JS; the map's sourcesContent keeps it.
  const secret = stripeSecretKey();
  const payments = `// old key, rotated? ${secret}\nexport function checkout() {\n  return { key: 'none', mode: 'payment' };\n}\n`;
  const dir = makeApp('secret-only-in-source-map', { files: { 'src/lib/payments.js': payments } });
  const r = await vite.build(dir, { sourcemap: true });
  assert.equal(r.ok, false, r.logs);
  assert.match(r.error, /\[stripe\.live-secret-key\][\s\S]*where: dist\/assets\/\S+\.js\.map:\d+:\d+ +← src\/lib\/payments\.js:1:\d+/);
  assertNoLeak(r, [secret]);
  assert.deepEqual(listFiles(r.outDir), []);
});
