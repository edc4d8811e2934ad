// Where the bundler plugins run the Wasm engine (bundler-plugin/src/plugin/engine-host.js):
// a helper process beside the bundler, one engine per configuration, the same findings as
// the Engine on the calling thread, fallbacks where no helper process can start, and the
// helper's warm-up between calls (engine-worker.js).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { Engine, ConfigError, warmUpSample } from '@spillproof/engine';
import { engineFor, engineHostKind } from '../../bundler-plugin/src/plugin/engine-host.js';
import { PLAIN_SETTING_WORDS } from '../../bundler-plugin/src/plugin/env.js';
import { stripeSecretKey, supabaseJwt } from '../support/fake-keys.js';

const HOST = new URL('../../bundler-plugin/src/plugin/engine-host.js', import.meta.url).href;
const CONFIG = { allow: { fingerprints: [] } };

/** A chunk holding two fake keys, and a map that puts its line 1 on line 3 of src/keys.js. */
function chunk() {
  const keys = [stripeSecretKey(), supabaseJwt('service_role')];
  const code = `const stripe = "${keys[0]}";\nconst supabase = "${keys[1]}";\n`;
  const map = JSON.stringify({ version: 3, sources: ['src/keys.js'], names: [], mappings: 'AAEA;AACA' });
  return { code, map, keys };
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

test('the warm-up sample looks like minified code, holds no finding, and is scanned as JS with nothing skipped', async () => {
  const engine = await Engine.create({ config: CONFIG });
  const sample = warmUpSample();
  assert.ok(sample.length >= 300_000 && sample.length < 301_000, `about 300,000 characters (${sample.length})`);
  assert.equal(warmUpSample(), sample, 'the same every time');
  assert.ok(!sample.includes('\n'), 'one line, as minifiers write it');
  const report = engine.scan('warm-up.js', sample, 'js');
  assert.deepEqual(report.findings, [], 'nothing that looks like a credential');
  assert.deepEqual(report.skipped, [], 'lexed as JS, without falling back to raw text');
  assert.equal(report.scanned_bytes >= sample.length, true);
  for (const keyword of ['apiKey', 'token', 'password', 'Bearer ', 'https://', 'eyJ']) assert.ok(sample.includes(keyword), `it reaches the rules keyed on ${keyword}`);
});

test('a scan asked for while the helper warms up is answered between two slices with the right findings, and ends the warm-up', () => {
  const { code } = chunk();
  const run = inFreshProcess(`
    const engine = await host.engineFor(undefined);
    const during = await engine.call({ op: 'warm-up-state' });
    const hosted = await engine.scan('a.js', ${JSON.stringify(code)});
    const after = await engine.call({ op: 'warm-up-state' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const later = await engine.call({ op: 'warm-up-state' });
    const { Engine } = await import('@spillproof/engine');
    const direct = (await Engine.create()).scan('a.js', ${JSON.stringify(code)});
    console.log(JSON.stringify({ during, after, later, same: JSON.stringify(hosted) === JSON.stringify(direct), found: hosted.findings.length, origin: hosted.origin }));`);
  assert.equal(run.status, 0, run.stderr);
  const { during, after, later, same, found, origin } = JSON.parse(run.stdout);
  assert.equal(during.state, 'running', 'the warm-up starts as soon as the engine is made');
  assert.ok(during.chars < during.total);
  assert.equal(after.state, 'stopped', 'the scan ended it');
  assert.ok(after.chars < after.total, 'before the end of the sample');
  assert.deepEqual(later, after, 'and it does not resume');
  assert.equal(same, true, 'the same report as a fresh Engine on the calling thread');
  assert.ok(found >= 2);
  assert.equal(origin, 'a.js', 'the answer is the report of the file asked for');
});

test('a fully warmed-up engine finds what a cold one finds, and nothing of the warm-up comes back', () => {
  const { code, map, keys } = chunk();
  const run = inFreshProcess(`
    const engine = await host.engineFor(undefined);
    let state;
    for (let tries = 0; tries < 600; tries += 1) {
      state = await engine.call({ op: 'warm-up-state' });
      if (state.state !== 'running') break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const hosted = await engine.scan('dist/app.js', ${JSON.stringify(code)}, 'js', { sourceMap: ${JSON.stringify(map)} });
    const { Engine } = await import('@spillproof/engine');
    const direct = (await Engine.create()).scan('dist/app.js', ${JSON.stringify(code)}, 'js', { sourceMap: ${JSON.stringify(map)} });
    console.log(JSON.stringify({ state, same: JSON.stringify(hosted) === JSON.stringify(direct), text: JSON.stringify(hosted) }));`);
  assert.equal(run.status, 0, run.stderr);
  const { state, same, text } = JSON.parse(run.stdout);
  assert.equal(state.state, 'done');
  assert.equal(state.chars, state.total);
  assert.equal(same, true);
  assert.ok(!text.includes('warm-up'), 'no trace of the warm-up in the report');
  for (const key of keys) assert.ok(!run.stdout.includes(key) && !run.stderr.includes(key), 'no raw key in the output');
});

