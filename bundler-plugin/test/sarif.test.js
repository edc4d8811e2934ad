// SARIF output against the published SARIF 2.1.0 JSON schema (the one Microsoft's SARIF SDK
// ships in @microsoft/sarif-multitool-ts, JSON Schema 2020-12), validated with ajv and
// ajv-formats, plus what GitHub code scanning needs beyond the schema: rule metadata,
// repo-relative URIs under %SRCROOT%, partialFingerprints, redacted snippets, and its
// limits on results per run and tags per rule.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { buildSarif, MAX_RESULTS_PER_RUN, MAX_TAGS } from '../src/report/sarif.js';
import { openaiProjectKey, stripeSecretKey } from '../../tests/support/fake-keys.js';
import { validateSarif as validateSchema } from './support/sarif-schema.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const bin = path.join(root, 'bundler-plugin/bin/spillproof.js');

function assertValid(sarif) {
  const ok = validateSchema(sarif);
  assert.ok(ok, `not valid SARIF 2.1.0:\n${JSON.stringify(validateSchema.errors?.slice(0, 10), null, 2)}`);
}

/** What GitHub code scanning reads, beyond the schema. */
function assertGitHubReady(sarif) {
  assert.equal(sarif.version, '2.1.0');
  assert.ok(sarif.runs.length >= 1 && sarif.runs.length <= 20);
  for (const run of sarif.runs) {
    const rules = run.tool.driver.rules;
    assert.equal(new Set(rules.map((r) => r.id)).size, rules.length, 'rule ids are unique');
    for (const rule of rules) {
      assert.match(rule.id, /^[a-z0-9-]+(\.[a-z0-9-]+)+$/, 'a stable slug id');
      assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text && rule.help.markdown, rule.id);
      assert.ok(rule.properties.tags.length <= MAX_TAGS, rule.id);
      if (rule.properties.verdict !== 'publishable') {
        const score = Number(rule.properties['security-severity']);
        assert.ok(score >= 0.1 && score <= 10, `${rule.id}: security-severity ${rule.properties['security-severity']}`);
        assert.ok(rule.properties.tags.includes('security'));
      }
    }
    assert.ok(run.results.length <= MAX_RESULTS_PER_RUN);
    for (const result of run.results) {
      assert.equal(rules[result.ruleIndex].id, result.ruleId);
      assert.match(result.partialFingerprints['spillproof/v1'], /^[0-9a-f]{16}$/);
      assert.ok(result.locations.length >= 1 && result.locations.length <= 1000);
      for (const location of [...result.locations, ...(result.relatedLocations ?? [])]) {
        const { artifactLocation, region } = location.physicalLocation;
        if (artifactLocation.uriBaseId) {
          assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
          assert.ok(!artifactLocation.uri.startsWith('/') && !artifactLocation.uri.split('/').includes('..'), artifactLocation.uri);
        } else {
          assert.match(artifactLocation.uri, /^file:\/\//);
        }
        assert.equal(region.snippet.text, result.properties.redacted, 'the snippet is the redacted value');
      }
    }
  }
}

// Temporary folders hold planted fake keys: remove them at the end.
const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});
const tempDir = (prefix) => {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  created.push(dir);
  return dir;
};

const runCli = (args, cwd = root) => spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });

test('the demo SARIF is valid SARIF 2.1.0 and ready for GitHub code scanning', () => {
  const sarif = JSON.parse(runCli(['scan', 'demo/dist', '--format', 'sarif']).stdout);
  assertValid(sarif);
  assertGitHubReady(sarif);
  const [run] = sarif.runs;
  const report = JSON.parse(runCli(['scan', 'demo/dist', '--format', 'json']).stdout);
  assert.equal(run.results.length, report.findings.length);
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `file://${root}/`, 'URIs are relative to the repository root');
  // A secret found through a source map points at the original source (in the repository),
  // with the emitted chunk as a related location.
  const split = run.results.find((r) => r.ruleId === 'stripe.live-secret-key' && r.relatedLocations);
  assert.equal(split.locations[0].physicalLocation.artifactLocation.uri, 'demo/src/lib/payments.ts');
  assert.equal(split.locations[0].physicalLocation.region.startLine, 4);
  assert.equal(split.relatedLocations[0].physicalLocation.artifactLocation.uri, 'demo/dist/assets/payments-7d41e0.js');
  const plain = run.results.find((r) => r.ruleId === 'openai.project-key');
  assert.equal(plain.locations[0].physicalLocation.artifactLocation.uri, 'demo/dist/assets/index-3fa9c1.js');
  assert.equal(plain.level, 'error');
  const rule = run.tool.driver.rules.find((r) => r.id === 'openai.project-key');
  assert.equal(rule.properties['security-severity'], '9.5');
  assert.ok(rule.properties.tags.includes('external/cwe/cwe-798'));
  assert.match(rule.helpUri, /^https:\/\//);
  const publishable = run.results.find((r) => r.ruleId === 'stripe.publishable-key');
  assert.equal(publishable.level, 'note');
  assert.equal(run.tool.driver.rules[publishable.ruleIndex].properties['security-severity'], undefined, 'publishable keys are not security alerts');
  assert.equal(run.invocations[0].executionSuccessful, true);
});

test('an incomplete scan is valid SARIF whose invocation did not succeed, with a notification per unread file', () => {
  const dir = tempDir('spillproof sarif ');
  writeFileSync(path.join(dir, 'app one.js'), `k="${stripeSecretKey()}"`);
  const r = runCli(['scan', 'app one.js', 'missing.js', '--format', 'sarif'], dir);
  assert.equal(r.status, 1);
  const sarif = JSON.parse(r.stdout);
  assertValid(sarif);
  assertGitHubReady(sarif);
  const [run] = sarif.runs;
  assert.equal(run.invocations[0].executionSuccessful, false);
  assert.match(run.invocations[0].toolExecutionNotifications[0].message.text, /not scanned: missing\.js/);
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'app%20one.js', 'a space is percent-encoded');
  const outside = tempDir('spillproof-outside-');
  writeFileSync(path.join(outside, 'x.js'), `k="${openaiProjectKey()}"`);
  const far = JSON.parse(runCli(['scan', path.join(outside, 'x.js'), '--format', 'sarif'], dir).stdout);
  assertValid(far);
  assert.equal(far.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri, `file://${outside}/x.js`, 'outside the root: an absolute file URI');
});

function syntheticReport(count) {
  const severities = ['critical', 'high', 'medium', 'low'];
  const findings = Array.from({ length: count }, (_, i) => {
    const severity = severities[i % 4];
    return {
      rule_id: `acme.rule-${i % 7}`, provider: 'Acme', title: `Acme token ${i % 7}`, severity, verdict: i % 5 === 0 ? 'review' : 'secret',
      verdict_reason: 'server-side credential', blocking: severity === 'critical' || severity === 'high',
      file: `dist/assets/chunk-${i % 40}.js`, line: 1 + (i % 3), column: 10, end_line: 1 + (i % 3), end_column: 42, column_utf16: 10, end_column_utf16: 42,
      offset: 9, end_offset: 41, redacted: 'acme_…abcd', fingerprint: i.toString(16).padStart(16, '0'), source: null, decoded: [], note: null,
      description: 'Calls the Acme API.', remediation: 'Rotate it; call Acme from the server.',
    };
  });
  return {
    version: 1, complete: true, findings, skipped: [], stats: { files: 40, bytes: 1, duration_ms: 1 },
    summary: { blocking: findings.filter((f) => f.blocking).length, secret: 0, review: 0, publishable: 0, fail_on: 'high', baselined: 0, suppressed: 0 },
  };
}

test(`a run keeps at most ${MAX_RESULTS_PER_RUN} results (GitHub's display limit), the most serious, and says how many it left out`, () => {
  const report = syntheticReport(6000);
  const sarif = buildSarif(report, { version: '0.0.0-test' });
  assertValid(sarif);
  assertGitHubReady(sarif);
  const [run] = sarif.runs;
  assert.equal(run.results.length, MAX_RESULTS_PER_RUN);
  assert.equal(run.properties.resultsTotal, 6000);
  assert.equal(run.properties.resultsOmitted, 1000);
  assert.ok(run.results.slice(0, report.summary.blocking).every((r) => r.properties.blocking), 'blocking results come first');
  assert.ok(!run.results.some((r) => r.properties.severity === 'low' && r.properties.blocking));
  assert.match(run.invocations[0].toolExecutionNotifications.at(-1).message.text, /1000 less serious results were left out/);
  assert.ok(Buffer.byteLength(JSON.stringify(sarif)) < 10 * 1024 * 1024, 'under GitHub\'s 10 MB upload limit');
});

test("the plugins' SARIF (project-relative paths, no repository root given) is valid too", () => {
  const report = syntheticReport(3);
  report.findings[0].source = { file: 'src/lib/acme.ts', line: 3, column: 14 };
  const sarif = buildSarif(report, { version: '0.0.0-test' });
  assertValid(sarif);
  assertGitHubReady(sarif);
  const first = sarif.runs[0].results.find((r) => r.partialFingerprints['spillproof/v1'] === report.findings[0].fingerprint);
  assert.deepEqual(first.locations[0].physicalLocation.artifactLocation, { uri: 'src/lib/acme.ts', uriBaseId: '%SRCROOT%' });
  assert.equal(first.relatedLocations[0].physicalLocation.artifactLocation.uri, 'dist/assets/chunk-0.js');
});

test('the schema check itself rejects what GitHub would reject', () => {
  const sarif = buildSarif(syntheticReport(2), { version: '0.0.0-test' });
  sarif.runs[0].results[0].level = 'fatal';
  assert.equal(validateSchema(sarif), false);
  const noDriver = buildSarif(syntheticReport(1), { version: '0.0.0-test' });
  delete noDriver.runs[0].tool.driver.name;
  assert.equal(validateSchema(noDriver), false);
});
