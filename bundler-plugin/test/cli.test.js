// The real `spillproof` CLI (node bin/spillproof.js) on the demo dist/ and on temporary
// folders: exit codes, formats, config, and that no output ever shows a full secret.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { openaiProjectKey, stripeSecretKey, supabaseJwt, supabaseSecretKey } from '../../tests/support/fake-keys.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const bin = path.join(root, 'bundler-plugin/bin/spillproof.js');
const demo = path.join(root, 'demo/dist');

function run(args, cwd = root) {
  const result = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function folder(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-cli-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

const demoJson = run(['scan', demo, '--format', 'json']);
const demoReport = JSON.parse(demoJson.stdout);

test('the demo dist fails with exit 1 and flags its planted secrets as secret', () => {
  assert.equal(demoJson.code, 1);
  const secretRules = new Set(demoReport.findings.filter((f) => f.verdict === 'secret').map((f) => f.rule_id));
  for (const id of ['openai.project-key', 'supabase.service-role-key', 'stripe.live-secret-key']) {
    assert.ok(secretRules.has(id), `missing ${id}; got ${[...secretRules]}`);
  }
  const publishable = new Set(demoReport.findings.filter((f) => f.verdict === 'publishable').map((f) => f.rule_id));
  assert.ok(publishable.has('supabase.anon-key') && publishable.has('stripe.publishable-key'), [...publishable].join());
  assert.ok(demoReport.findings.some((f) => f.file.endsWith('.map')), 'the source map is scanned');
  assert.ok(demoReport.skipped.some((s) => s.code === 'binary' && s.file.endsWith('logo.png') && !s.incomplete));
});

/**
 * The raw value of a finding, read from the scanned file at the offsets the report gives
 * and decoded the way the report says it was found (`"sk_li"+"ve_…"`, `\x73…`, `atob("…")`,
 * a source map's JSON-escaped sourcesContent).
 */
function plantedValue(finding) {
  const file = readFileSync(path.resolve(root, finding.file));
  let value = file.subarray(finding.offset, finding.end_offset).toString();
  const decoded = new Set(finding.decoded);
  if (decoded.has('json')) value = JSON.parse(`"${value}"`);
  if (decoded.has('escapes') || decoded.has('concatenation')) {
    const quote = String.fromCharCode(file[finding.offset - 1]);
    value = new Function(`return ${quote}${value}${quote};`)();
  }
  if (decoded.has('base64')) value = Buffer.from(value, 'base64').toString();
  return value;
}

test('no output format ever shows a planted secret in full', () => {
  const planted = demoReport.findings.map(plantedValue);
  assert.ok(planted.length >= 7, `only ${planted.length} planted secrets found`);
  // Each decoded value is a whole secret, not the literal(s) it was split into.
  for (const [i, value] of planted.entries()) {
    assert.ok(!/["'+]/.test(value), `${demoReport.findings[i].rule_id} decodes to ${value.slice(0, 6)}…`);
  }
  const outputs = [demoJson, run(['scan', demo]), run(['scan', demo, '--format', 'sarif']), run(['scan', demo, '--format', 'agent']), run(['scan', demo, '--color'])];
  for (const { stdout, stderr } of outputs) {
    for (const secret of planted) {
      assert.ok(!stdout.includes(secret) && !stderr.includes(secret), `an output contains ${secret.slice(0, 6)}…`);
      assert.ok(!stdout.includes(secret.slice(0, 14)), 'an output shows a long prefix of a secret');
    }
  }
});

test('the JSON report has the documented, stable shape', () => {
  assert.equal(demoReport.version, 1);
  for (const key of ['rule_id', 'provider', 'title', 'severity', 'verdict', 'file', 'line', 'column', 'end_line', 'end_column', 'redacted', 'fingerprint', 'source', 'remediation']) {
    assert.ok(key in demoReport.findings[0], `finding lacks ${key}`);
  }
  assert.deepEqual(Object.keys(demoReport.stats).sort(), ['bytes', 'duration_ms', 'files']);
  assert.ok(demoReport.skipped.every((s) => 'file' in s && 'reason' in s));
  const plain = demoReport.findings.find((f) => f.file.endsWith('index-3fa9c1.js'));
  assert.equal(plain.source, null, 'a file without an inline map and no map given keeps source null');
  assert.deepEqual(plain.decoded, []);
});

test('the demo shows a split and an encoded secret, and secrets in a source map at their original file and line', () => {
  const split = demoReport.findings.find((f) => f.file.endsWith('payments-7d41e0.js') && f.rule_id === 'stripe.live-secret-key');
  assert.ok(split, 'the split Stripe key in the second chunk is found');
  assert.deepEqual(split.decoded, ['concatenation']);
  assert.deepEqual(split.source, { file: '../../src/lib/payments.ts', line: 4, column: 23 });
  const encoded = demoReport.findings.find((f) => f.file.endsWith('payments-7d41e0.js') && f.rule_id === 'supabase.secret-key');
  assert.deepEqual(encoded?.decoded, ['base64']);
  const inMap = demoReport.findings.filter((f) => f.file.endsWith('.map'));
  assert.ok(inMap.length >= 2);
  for (const f of inMap) {
    assert.equal(f.source.file, '../../src/lib/admin.ts');
    assert.ok(f.source.line >= 1, JSON.stringify(f.source));
    assert.match(f.note, /deployed/);
  }
  const { stdout } = run(['scan', demo]);
  assert.match(stdout, /index-3fa9c1\.js\.map:1:\d+ ← \.\.\/\.\.\/src\/lib\/admin\.ts:\d+:\d+/);
  assert.match(stdout, /payments-7d41e0\.js:1:\d+ ← \.\.\/\.\.\/src\/lib\/payments\.ts:4:23/);
});

test('text output gives file:line:col, why and fix, and a summary line', () => {
  const { code, stdout } = run(['scan', demo]);
  assert.equal(code, 1);
  assert.match(stdout, /demo\/dist\/assets\/index-3fa9c1\.js:1:\d+ +CRITICAL secret +openai\.project-key/);
  assert.match(stdout, /why: /);
  assert.match(stdout, /fix: /);
  assert.match(stdout, /Publishable keys \(meant to be public; not failing\)/);
  assert.match(stdout.trim().split('\n').at(-1), /^✖ \d+ findings? at or above "high" must not ship/);
});

test('SARIF output is 2.1.0 with rules, redacted messages and fingerprints', () => {
  const sarif = JSON.parse(run(['scan', demo, '--format', 'sarif']).stdout);
  assert.equal(sarif.version, '2.1.0');
  const [runOut] = sarif.runs;
  assert.ok(runOut.tool.driver.rules.length > 0);
  assert.equal(runOut.results.length, demoReport.findings.length);
  assert.ok(runOut.results.every((r) => /^[0-9a-f]{16}$/.test(r.partialFingerprints['spillproof/v1'])));
});

test('publishable keys alone do not fail; --fail-on sets the threshold', () => {
  const dir = folder({ 'app.js': `createClient(url, "${supabaseJwt('anon')}")` });
  const clean = run(['scan', dir]);
  assert.equal(clean.code, 0, clean.stdout);
  assert.match(clean.stdout, /✔ nothing at or above "high"/);
  const critical = folder({ 'app.js': `k="${supabaseSecretKey()}"` });
  assert.equal(run(['scan', critical, '--fail-on', 'critical']).code, 1);
  assert.equal(run(['scan', critical, '--fail-on', 'none']).code, 0);
});

test('node_modules and .git are skipped unless named', () => {
  const dir = folder({ 'node_modules/pkg/index.js': `k="${supabaseSecretKey()}"`, '.git/config': `k="${supabaseSecretKey()}"`, 'app.js': 'ok()' });
  assert.equal(run(['scan', dir]).code, 0);
  assert.equal(run(['scan', path.join(dir, 'node_modules')]).code, 1);
});

test('an incomplete scan never exits 0', () => {
  const dir = folder({ 'big.js': 'x'.repeat(4096), 'spillproof.config.json': JSON.stringify({ max_input_bytes: 1024 }) });
  const { code, stdout } = run(['scan', '.', '--format', 'json'], dir);
  assert.equal(code, 2);
  const report = JSON.parse(stdout);
  assert.equal(report.complete, false);
  assert.ok(report.skipped.some((s) => s.file === 'big.js' && s.code === 'too-large' && s.incomplete));
  assert.equal(run(['scan', path.join(dir, 'does-not-exist')]).code, 2);
});

test('usage and configuration errors exit 2 with a clear message', () => {
  const bad = run(['scan', demo, '--format', 'yaml']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /unknown format: yaml/);
  assert.equal(run(['frobnicate']).code, 2);
  const dir = folder({ 'spillproof.toml': 'disable_rules = ["nope.nothing"]\n' });
  const config = run(['scan', '.'], dir);
  assert.equal(config.code, 2);
  assert.match(config.stderr, /nope\.nothing/);
  const broken = folder({ 'spillproof.toml': 'disable_rules = [\n' });
  assert.match(run(['scan', '.'], broken).stderr, /not valid TOML/);
});

test('a TOML config can disable rules and allowlist fingerprints', () => {
  const secret = openaiProjectKey();
  const dir = folder({ 'a.js': `o={apiKey:"${secret}"}` });
  const [finding] = JSON.parse(run(['scan', dir, '--format', 'json']).stdout).findings;
  writeFileSync(path.join(dir, 'spillproof.toml'), `[allow]\nfingerprints = ["${finding.fingerprint}"]\n`);
  assert.equal(run(['scan', '.'], dir).code, 0);
  writeFileSync(path.join(dir, 'spillproof.toml'), 'disable_rules = ["openai.project-key"]\n');
  assert.equal(run(['scan', '.'], dir).code, 0);
});

test('rules lists the catalogue', () => {
  const { code, stdout } = run(['rules', '--format', 'json']);
  assert.equal(code, 0);
  const rules = JSON.parse(stdout);
  assert.ok(rules.length >= 60);
  assert.deepEqual(Object.keys(rules[0]).sort(), ['family', 'id', 'provider', 'severity', 'title', 'verdict']);
  assert.match(run(['rules']).stdout, /\d+ rules, \d+ providers\n$/);
});

test('a baseline report hides known findings and reports only new ones', () => {
  const known = supabaseSecretKey();
  const dir = folder({ 'app.js': `k="${known}"` });
  const baselineFile = path.join(dir, 'baseline.json');
  writeFileSync(baselineFile, run(['scan', path.join(dir, 'app.js'), '--format', 'json']).stdout);
  const accepted = run(['scan', path.join(dir, 'app.js'), '--baseline', baselineFile, '--format', 'json']);
  assert.equal(accepted.code, 0, accepted.stdout);
  assert.equal(JSON.parse(accepted.stdout).summary.baselined, 1);
  writeFileSync(path.join(dir, 'app.js'), `k="${known}";n="${openaiProjectKey()}"`);
  const fresh = JSON.parse(run(['scan', path.join(dir, 'app.js'), '--baseline', baselineFile, '--format', 'json']).stdout);
  assert.deepEqual(fresh.findings.map((f) => f.rule_id), ['openai.project-key']);
  const broken = path.join(dir, 'broken.json');
  writeFileSync(broken, '{"not": "a report"}');
  const bad = run(['scan', dir, '--baseline', broken]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /not a Spillproof JSON report/);
});

test('allowlisted paths and values from the config are reported as not shown', () => {
  const dir = folder({ 'fixtures/keys.js': `k="${supabaseSecretKey()}"`, 'app.js': `k="${supabaseSecretKey()}"` });
  writeFileSync(path.join(dir, 'spillproof.toml'), '[allow]\npaths = ["fixtures/**"]\nvalues = ["^sb_secret_"]\n');
  const { code, stdout } = run(['scan', '.', '--format', 'json'], dir);
  assert.equal(code, 0, stdout);
  const report = JSON.parse(stdout);
  assert.equal(report.summary.suppressed, 1);
  assert.ok(report.skipped.some((s) => s.file === 'fixtures/keys.js' && s.code === 'allowlisted'));
});

test('--format agent: a status line, then one line per finding with where, the redacted value, the fingerprint and the fix', () => {
  const { code, stdout } = run(['scan', demo, '--format', 'agent']);
  assert.equal(code, 1);
  const lines = stdout.trim().split('\n');
  const { summary } = demoReport;
  assert.equal(lines[0], `spillproof FAIL: blocking=${summary.blocking} secret=${summary.secret} review=${summary.review} publishable=${summary.publishable} fail_on=high files=${demoReport.stats.files}`);
  const blocking = lines.filter((l) => l.startsWith('BLOCK '));
  assert.equal(blocking.length, summary.blocking);
  for (const line of blocking) assert.match(line, /^BLOCK secret\/(critical|high) [a-z0-9-]+\.[a-z0-9.-]+ demo\/dist\/\S+:\d+:\d+ .*….* fp=[0-9a-f]{16} \| fix: .+/);
  assert.match(stdout, /BLOCK secret\/critical stripe\.live-secret-key demo\/dist\/assets\/payments-7d41e0\.js:1:\d+ \(src \.\.\/\.\.\/src\/lib\/payments\.ts:4:23\)/);
  assert.match(stdout, /^WARN review\/medium google\.api-key /m);
  assert.match(stdout, /^OK publishable \(public by design, no action\): supabase\.anon-key, stripe\.publishable-key$/m);
  // Token-efficient: about one line per finding.
  assert.ok(lines.length <= demoReport.findings.length + 3, stdout);
  const clean = folder({ 'app.js': 'console.log(1)' });
  assert.equal(run(['scan', clean, '--format', 'agent']).stdout.split('\n')[0], 'spillproof PASS: blocking=0 secret=0 review=0 publishable=0 fail_on=high files=1');
  const missing = run(['scan', path.join(clean, 'nope'), '--format', 'agent']);
  assert.equal(missing.code, 2);
  assert.match(missing.stdout, /^spillproof INCOMPLETE:[\s\S]*NOT-SCANNED [^\n]*nope: cannot be read: ENOENT[\s\S]*do not treat this as clean/);
});

test('--staged scans what the next commit records (the index), not the working tree', () => {
  const secret = stripeSecretKey();
  const dir = folder({ 'README.md': '# app\n' });
  const git = (...args) => spawnSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  writeFileSync(path.join(dir, 'config.js'), `export const key = "${secret}";\n`);
  git('add', 'config.js');
  writeFileSync(path.join(dir, 'config.js'), 'export const key = process.env.KEY;\n');
  const staged = run(['scan', '--staged', '--format', 'json'], dir);
  assert.equal(staged.code, 1, staged.stderr);
  const report = JSON.parse(staged.stdout);
  assert.deepEqual(report.findings.map((f) => [f.file, f.rule_id]), [['config.js', 'stripe.live-secret-key']]);
  assert.ok(!staged.stdout.includes(secret));
  assert.equal(run(['scan', 'config.js'], dir).code, 0, 'the working tree is clean: only --staged sees the staged key');
  git('add', 'config.js');
  assert.equal(run(['scan', '--staged'], dir).code, 0);
  const outside = folder({ 'a.js': '1' });
  const notGit = run(['scan', '--staged'], outside);
  assert.equal(notGit.code, 2);
  assert.match(notGit.stderr, /--staged needs a git repository/);
  assert.equal(run(['scan', '--staged', 'a.js'], dir).code, 2);
});
