// Where the bundler plugins run the Wasm engine (bundler-plugin/src/plugin/engine-host.js):
// a helper process beside the bundler, one engine per configuration, the same findings as
// the Engine on the calling thread, and fallbacks where no helper process can start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Engine, ConfigError } from '@spillproof/engine';
import { engineFor, engineHostKind } from '../../bundler-plugin/src/plugin/engine-host.js';
import { PLAIN_SETTING_WORDS } from '../../bundler-plugin/src/plugin/env.js';
import { stripeSecretKey, supabaseJwt } from '../support/fake-keys.js';

const HOST = new URL('../../bundler-plugin/src/plugin/engine-host.js', import.meta.url).href;
const CONFIG = { allow: { fingerprints: [] } };

/** A chunk holding two fake keys, and a map that puts its line 1 on line 3 of src/keys.js. */
function chunk() {
  const code = `const stripe = "${stripeSecretKey()}";\nconst supabase = "${supabaseJwt('service_role')}";\n`;
  const map = JSON.stringify({ version: 3, sources: ['src/keys.js'], names: [], mappings: 'AAEA;AACA' });
  return { code, map };
}

test('the engine runs in a helper process, shared by every caller with an equal configuration', async () => {
  const first = engineFor(CONFIG);
  assert.equal(engineFor(structuredClone(CONFIG)), first, 'one engine per configuration, whoever asks');
  const engine = await first;
  assert.ok(!(engine instanceof Engine), 'not the calling thread\'s Engine');
  assert.equal(engineHostKind(), 'process');
});

test('a scan through the helper gives what the Engine itself gives: bytes or text, kind and source map', async () => {
  const hosted = await engineFor(CONFIG);
  const direct = await Engine.create({ config: CONFIG });
  const { code, map } = chunk();
  const asText = await hosted.scan('dist/app.js', code);
  assert.ok(asText.findings.length >= 2, 'both fake keys are found');
  assert.deepEqual(asText, direct.scan('dist/app.js', code));
  assert.deepEqual(await hosted.scan('dist/app.js', new TextEncoder().encode(code), 'js'), direct.scan('dist/app.js', new TextEncoder().encode(code), 'js'));
  const mapped = await hosted.scan('dist/app.js', code, 'js', { sourceMap: map });
  assert.deepEqual(mapped, direct.scan('dist/app.js', code, 'js', { sourceMap: map }));
  assert.ok(mapped.findings.some((f) => f.source?.file.endsWith('src/keys.js')), 'the map crossed over with the content');
});

test('a bad configuration comes back as a ConfigError naming the problem, and is not kept', async () => {
  const bad = { disable_rules: ['no-such.rule'] };
  await assert.rejects(engineFor(bad), (error) => error instanceof ConfigError && /no-such\.rule/.test(error.message));
  await assert.rejects(engineFor(bad), ConfigError, 'asked again, it is tried again');
});

/** Runs `body` (an ES module) in a fresh node process with the engine host imported as `host`. */
function inFreshProcess(body, prelude = '') {
  const script = `${prelude}\nconst host = await import(${JSON.stringify(HOST)});\n${body}`;
  // The timeout only turns a hang into a failure; nothing here is timed.
  return spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 120_000, cwd: fileURLToPath(new URL('.', import.meta.url)) });
}

test('a build process ends by itself when its work is done: the idle helper does not hold it open', () => {
  const run = inFreshProcess(`
    const engine = await host.engineFor(undefined);
    const report = await engine.scan('a.js', 'const k = "' + 'sk_live_' + 'x'.repeat(30) + '";');
    console.log(JSON.stringify({ kind: host.engineHostKind(), scanned: report.origin }));`);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { kind: 'process', scanned: 'a.js' });
});

test('a stopped helper has exited when stopEngineHost resolves, and the next engine starts a new one', () => {
  const run = inFreshProcess(`
    const { execFileSync } = await import('node:child_process');
    const helpers = () => execFileSync('ps', ['-o', 'pid=', '--ppid', String(process.pid)], { encoding: 'utf8' }).split('\\n').filter((l) => l.trim()).length - 1; // minus ps itself
    await host.engineFor(undefined);
    const before = helpers();
    await host.stopEngineHost();
    const after = helpers();
    const again = await host.engineFor(undefined);
    const report = await again.scan('b.js', 'const b = 2;');
    console.log(JSON.stringify({ before, after, scanned: report.origin }));`);
  assert.equal(run.status, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), { before: 1, after: 0, scanned: 'b.js' });
});

test('where no helper process can start, the engine runs in a worker thread and finds the same', () => {
  const { code } = chunk();
  // A runtime whose executable is not Node: forking it fails.
  const run = inFreshProcess(`
    const engine = await host.engineFor(undefined);
    const { Engine } = await import('@spillproof/engine');
    const code = ${JSON.stringify(code)};
    const hosted = await engine.scan('a.js', code);
    const direct = (await Engine.create()).scan('a.js', code);
    console.log(JSON.stringify({ kind: host.engineHostKind(), same: JSON.stringify(hosted) === JSON.stringify(direct), found: hosted.findings.length }));`,
  "process.execPath = '/nonexistent/node';");
  assert.equal(run.status, 0, run.stderr);
  const result = JSON.parse(run.stdout);
  assert.equal(result.kind, 'worker-thread');
  assert.equal(result.same, true);
  assert.ok(result.found >= 2);
});

test('plain setting words (NODE_ENV=production, true, debug…) match no built-in rule, so the env check may skip them', async () => {
  const engine = await Engine.create({ config: CONFIG });
  const values = PLAIN_SETTING_WORDS.flatMap((w) => [w, w.toUpperCase(), w[0].toUpperCase() + w.slice(1)]);
  const found = values.filter((value) => engine.scan('env:NODE_ENV', value, 'text').findings.length > 0);
  assert.deepEqual(found, []);
});
