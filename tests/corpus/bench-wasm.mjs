// Wasm engine throughput in Node on the real bundle corpus (`make corpus` builds it):
// every file scanned through @spillproof/engine, single-threaded, 1 warm-up + 5 timed
// rounds, median reported in MB/s (1 MB = 1e6 bytes), raw-text only and JS-aware, with the
// share of files the JS-aware pass could only partly read. Not a test: nothing is asserted.
import { readdir, readFile, writeFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Engine } from '@spillproof/engine';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const corpus = process.env.SPILLPROOF_CORPUS ?? path.join(root, '.cache/corpus');
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);

async function listFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await listFiles(full)));
    else if (entry.isFile() && entry.name !== 'manifest.json') out.push(full);
  }
  return out.sort();
}

let files;
try {
  files = await listFiles(corpus);
} catch {
  console.error(`no corpus at ${corpus}: run \`make corpus\` (node tests/corpus/build-corpus.mjs) first`);
  process.exit(2);
}
const inputs = await Promise.all(files.map(async (file) => ({ origin: path.relative(corpus, file), bytes: await readFile(file) })));
const totalBytes = inputs.reduce((sum, i) => sum + i.bytes.length, 0);
// Raw-text only, then JS-aware (the default): the second adds extraction on top.
const modes = [
  { mode: 'raw text only', engine: await Engine.create({ config: { extract: false } }) },
  { mode: 'JS-aware', engine: await Engine.create() },
];

function round(engine) {
  const byVerdict = { secret: 0, publishable: 0, review: 0 };
  const byRule = {};
  const degraded = {};
  const started = performance.now();
  for (const { origin, bytes } of inputs) {
    const report = engine.scan(origin, bytes);
    for (const f of report.findings) {
      byVerdict[f.verdict] += 1;
      byRule[f.rule_id] = (byRule[f.rule_id] ?? 0) + 1;
    }
    for (const code of new Set(report.skipped.map((s) => s.code))) degraded[code] = (degraded[code] ?? 0) + 1;
  }
  return { seconds: (performance.now() - started) / 1000, byVerdict, byRule, degraded };
}

const results = {};
for (const { mode, engine } of modes) {
  round(engine);
  const rounds = Array.from({ length: ROUNDS }, () => round(engine));
  const seconds = rounds.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
  const result = {
    mode,
    median_seconds: Number(seconds.toFixed(4)),
    mb_per_s: Number((totalBytes / 1e6 / seconds).toFixed(1)),
    findings_by_verdict: rounds[0].byVerdict,
    findings_by_rule: rounds[0].byRule,
    files_by_skip_code: rounds[0].degraded,
  };
  results[mode] = result;
  console.log(`wasm (node ${process.version}), ${mode}: ${inputs.length} files, ${(totalBytes / 1e6).toFixed(2)} MB, ${engine.rules().length} rules: ${result.mb_per_s} MB/s (median of ${ROUNDS})`);
  console.log(`  findings: ${JSON.stringify(result.findings_by_verdict)} ${JSON.stringify(result.findings_by_rule)}`);
  for (const [code, files] of Object.entries(result.files_by_skip_code)) {
    console.log(`  files with \`${code}\`: ${files} of ${inputs.length} (${((files * 100) / inputs.length).toFixed(1)}%)`);
  }
}
const main = results['JS-aware'];
const result = {
  engine: 'wasm-node',
  node: process.version,
  files: inputs.length,
  mb: Number((totalBytes / 1e6).toFixed(2)),
  rules: modes[1].engine.rules().length,
  ...main,
  raw_only: results['raw text only'],
};
await mkdir(path.join(root, 'target'), { recursive: true });
await writeFile(path.join(root, 'target/bench-wasm.json'), `${JSON.stringify(result)}\n`);
