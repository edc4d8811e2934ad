// Wasm engine throughput in Node on the real bundle corpus (`make corpus` builds it):
// every file scanned through @spillproof/engine, single-threaded, 1 warm-up + 5 timed
// rounds, median reported in MB/s (1 MB = 1e6 bytes). Not a test: nothing is asserted.
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
const engine = await Engine.create();

function round() {
  const byVerdict = { secret: 0, publishable: 0, review: 0 };
  const byRule = {};
  const started = performance.now();
  for (const { origin, bytes } of inputs) {
    for (const f of engine.scan(origin, bytes).findings) {
      byVerdict[f.verdict] += 1;
      byRule[f.rule_id] = (byRule[f.rule_id] ?? 0) + 1;
    }
  }
  return { seconds: (performance.now() - started) / 1000, byVerdict, byRule };
}

round();
const rounds = Array.from({ length: ROUNDS }, round);
const seconds = rounds.map((r) => r.seconds).sort((a, b) => a - b)[Math.floor(ROUNDS / 2)];
const mbPerSecond = totalBytes / 1e6 / seconds;
const result = {
  engine: 'wasm-node',
  node: process.version,
  files: inputs.length,
  mb: Number((totalBytes / 1e6).toFixed(2)),
  rules: engine.rules().length,
  median_seconds: Number(seconds.toFixed(4)),
  mb_per_s: Number(mbPerSecond.toFixed(1)),
  findings_by_verdict: rounds[0].byVerdict,
  findings_by_rule: rounds[0].byRule,
};
console.log(`wasm (node ${process.version}): ${result.files} files, ${result.mb} MB, ${result.rules} rules: ${result.mb_per_s} MB/s (median of ${ROUNDS})`);
console.log(`findings: ${JSON.stringify(result.findings_by_verdict)} ${JSON.stringify(result.findings_by_rule)}`);
await mkdir(path.join(root, 'target'), { recursive: true });
await writeFile(path.join(root, 'target/bench-wasm.json'), `${JSON.stringify(result)}\n`);
