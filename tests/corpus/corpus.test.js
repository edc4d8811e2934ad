// Zero false alarms on real bundles: the shipped browser builds and source maps of the
// pinned packages in packages.json (built into .cache/corpus by build-corpus.mjs) must
// produce no `secret` finding. The summary (files, MB, findings per rule and verdict) is
// written to summary.json, which is committed so drift shows in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '@spillproof/engine';

const here = path.dirname(fileURLToPath(import.meta.url));
const corpus = path.join(here, '../../.cache/corpus');

test('the real bundle corpus holds no secret-verdict finding', async () => {
  const manifest = JSON.parse(await readFile(path.join(corpus, 'manifest.json'), 'utf8').catch(() => {
    throw new Error('corpus missing: run `make corpus` (node tests/corpus/build-corpus.mjs)');
  }));
  const { packages } = JSON.parse(await readFile(path.join(here, 'packages.json'), 'utf8'));
  const engine = await Engine.create();
  const byRule = {};
  const byVerdict = { secret: 0, review: 0, publishable: 0 };
  const notable = [];
  let files = 0;
  let bytes = 0;
  for (const pkg of packages) {
    for (const file of pkg.files) {
      const origin = `${pkg.name}/${file}`;
      const content = await readFile(path.join(corpus, pkg.name, file));
      files += 1;
      bytes += content.length;
      const report = engine.scan(origin, content);
      assert.ok(!report.skipped.some((s) => s.incomplete), `${origin} was not fully scanned`);
      for (const f of report.findings) {
        byVerdict[f.verdict] += 1;
        byRule[f.rule_id] = byRule[f.rule_id] ?? { secret: 0, review: 0, publishable: 0 };
        byRule[f.rule_id][f.verdict] += 1;
        notable.push({ file: origin, line: f.location.line, rule_id: f.rule_id, verdict: f.verdict, redacted: f.redacted });
      }
    }
  }
  const summary = {
    packages: packages.length,
    files,
    mb: Number((bytes / 1e6).toFixed(2)),
    rules: engine.rules().length,
    findings_by_verdict: byVerdict,
    findings_by_rule: byRule,
    findings: notable,
  };
  await writeFile(path.join(here, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  assert.equal(files, manifest.total_files, 'the corpus is stale: run `make corpus`');
  assert.ok(packages.length >= 40, `${packages.length} packages`);
  const secrets = notable.filter((f) => f.verdict === 'secret');
  assert.deepEqual(secrets, [], `secret-verdict findings on real bundles (false alarms):\n${JSON.stringify(secrets, null, 2)}`);
});
