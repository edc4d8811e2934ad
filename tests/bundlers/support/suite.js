// The behaviour every bundler plugin must have, run against each bundler by its own test
// file (vite.test.js, rollup.test.js, …) with that bundler's `build`. Every build is
// awaited; every message, log and output file is checked for the raw secrets.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { openaiProjectKey, prefixlessKey, stripeSecretKey, supabaseJwt } from '../../support/fake-keys.js';
import { filesContaining, listFiles, makeApp, makeReactApp, REACT_SUPABASE_KEY_LINE } from './app.js';

/** No raw secret (nor a long random slice of one) in messages, logs or the given folders/files. */
export function assertNoLeak(result, secrets, { outputs = [result.outDir] } = {}) {
  for (const secret of secrets) {
    const slice = secret.slice(-20);
    for (const [what, text] of [['error', result.error], ['logs', result.logs]]) {
      assert.ok(!text.includes(secret) && !text.includes(slice), `the ${what} show a raw secret (${secret.slice(0, 6)}…)`);
    }
    for (const output of outputs) {
      const leaking = existsSync(output) && !output.endsWith('dist') ? (readFileSync(output).includes(secret) ? [output] : []) : filesContaining(output, secret);
      assert.deepEqual(leaking, [], `output files carry a raw secret (${secret.slice(0, 6)}…)`);
    }
  }
}

const fingerprintIn = (message) => /spillproof\(\{ allow: \['([0-9a-f]{16})'\] \}\)/.exec(message)?.[1];

/** Sets process.env entries for one build (bundlers read them in-process) and restores them. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const [k, v] of Object.entries(saved)) if (v === undefined) delete process.env[k]; else process.env[k] = v;
  }
}

/**
 * @param {{ name: string, clientPrefix: string, clientRead: (name: string) => string, build: Function }} b
 * @param {{ seesDefine?: boolean, rootIsCwd?: boolean }} traits
 */
export function bundlerSuite(b, { seesDefine = true, rootIsCwd = false } = {}) {
  const at = rootIsCwd ? '\\S*' : ''; // Rollup has no root: paths are shown from the cwd
  // esbuild has no info channel for plugins: the plugin prints its block when logLevel asks for info.
  const info = b.name === 'esbuild' ? { logLevel: 'info' } : {};

  test(`${b.name}: fails the build when a Supabase service_role key is hard-coded, naming rule, emitted file, source module and fix`, async () => {
    const secret = supabaseJwt('service_role');
    const dir = makeApp('hard-coded-service-role-key', { supabaseKey: secret });
    const r = await b.build(dir);
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, /blocked this build: 1 secret would ship/);
    assert.match(r.error, /CRITICAL secret +Supabase service_role key \(JWT\) +\[supabase\.service-role-key\] +eyJhbGci…/);
    assert.match(r.error, new RegExp(`where: ${at}dist/\\S+\\.js:\\d+:\\d+ +← ${at}src/lib/supabase\\.js:6:\\d+`));
    assert.match(r.error, /why: +\S/);
    assert.match(r.error, /fix: +\S/);
    assert.match(r.error, /allow: .*spillproof\(\{ allow: \['[0-9a-f]{16}'\] \}\)/);
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), [], 'a blocked build leaves nothing deployable');
  });

  test(`${b.name}: the React app (JSX, react-dom bundled) fails when its Supabase client gets the service_role key, naming src/lib/supabase.js`, async () => {
    const secret = supabaseJwt('service_role');
    const dir = makeReactApp('service-role-key', { supabaseKey: secret });
    const r = await b.build(dir, { jsx: true });
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, /blocked this build: 1 secret would ship/);
    assert.match(r.error, /CRITICAL secret +Supabase service_role key \(JWT\) +\[supabase\.service-role-key\]/);
    // The chunk also holds react-dom: the original module must be the client file, not a dependency.
    assert.match(r.error, new RegExp(`where: ${at}dist/\\S+\\.js:\\d+:\\d+ +← ${at}src/lib/supabase\\.js:${REACT_SUPABASE_KEY_LINE}:\\d+`));
    assert.doesNotMatch(r.error, /node_modules/);
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), [], 'a blocked build leaves nothing deployable');
  });

  test(`${b.name}: the React app passes with the anon key, listing it as info from src/lib/supabase.js (and nothing in React itself)`, async () => {
    const dir = makeReactApp('anon-key');
    const r = await b.build(dir, { ...info, jsx: true });
    assert.equal(r.ok, true, r.error);
    assert.match(r.logs, /no secrets in this build's output/);
    assert.match(r.logs, /Publishable keys \(meant to be public; listed for information, never failing\): 1\n/);
    assert.match(r.logs, new RegExp(`\\[supabase\\.anon-key\\] eyJhbGci…\\S+ +at \\S+\\.js:\\d+:\\d+ +← \\S*src/lib/supabase\\.js:${REACT_SUPABASE_KEY_LINE}:\\d+`));
    const shipped = listFiles(r.outDir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(path.join(r.outDir, f), 'utf8')).join('\n');
    assert.match(shipped, /react\.transitional\.element/, 'React was bundled');
    assert.match(shipped, /Fixture todos/, 'the JSX was compiled');
  });

  test(`${b.name}: traces a hard-coded Stripe secret key through the source map and scans the .map too`, async () => {
    const secret = stripeSecretKey();
    const dir = makeApp('secret-key-in-source-map', { stripeKey: secret });
    const r = await b.build(dir, { sourcemap: true });
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, new RegExp(`\\[stripe\\.live-secret-key\\][\\s\\S]*where: ${at}dist/\\S+\\.js:\\d+:\\d+ +← ${at}src/lib/payments\\.js:2:\\d+`));
    assert.match(r.error, /also \S+\.js\.map:\d+:\d+/);
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), []);
  });

  test(`${b.name}: stops before bundling when a client-exposed ${b.clientPrefix} variable holds an OpenAI key, naming the variable and the fix`, async () => {
    const secret = openaiProjectKey();
    const name = `${b.clientPrefix}OPENAI_API_KEY`;
    const inFile = !rootIsCwd; // Rollup reads the cwd's .env files: use the process environment
    const dir = makeApp('openai-key-in-client-env', { aiKeyRead: b.clientRead(name), files: inFile ? { '.env.local': `# local secrets\n${name}=${secret}\n` } : {} });
    const r = await withEnv(inFile ? {} : { [name]: secret }, () => b.build(dir));
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, /stopped this build before bundling: 1 client-exposed environment variable holds a secret/);
    assert.match(r.error, new RegExp(`${name} holds an OpenAI project API key +\\[openai\\.project-key\\] +sk-proj-…`));
    assert.match(r.error, new RegExp(`where: ${inFile ? '\\.env\\.local:2' : 'the process environment'} → ${b.clientRead(name).replaceAll('.', '\\.')} \\(the ${b.clientPrefix} prefix exposes it to the browser\\)`));
    assert.match(r.error, /fix: +Move the call to a server function; keep only the publishable key on the client/);
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), []);
  });

  test(`${b.name}: fails when define inlines a Stripe secret key from process.env.STRIPE_SECRET_KEY, naming the variable`, async () => {
    const secret = stripeSecretKey();
    const dir = makeApp('stripe-secret-inlined-by-define', { aiKeyRead: 'process.env.STRIPE_SECRET_KEY' });
    const r = await withEnv({ STRIPE_SECRET_KEY: secret }, () => b.build(dir, { define: { 'process.env.STRIPE_SECRET_KEY': secret } }));
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, /STRIPE_SECRET_KEY/);
    assert.match(r.error, /\[stripe\.live-secret-key\]/);
    if (seesDefine) {
      assert.match(r.error, /before bundling/);
      assert.match(r.error, /→ process\.env\.STRIPE_SECRET_KEY \(`define` inlines process\.env\.STRIPE_SECRET_KEY into the client bundle\)/);
    } else {
      assert.match(r.error, new RegExp(`← ${at}src/lib/ai\\.js:4:\\d+ \\(env STRIPE_SECRET_KEY\\)`));
    }
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), []);
  });

  test(`${b.name}: fails when define inlines a prefix-less server key (no rule knows its shape), naming MISTRAL_API_KEY and never the value; allowing its fingerprint passes`, async () => {
    const secret = prefixlessKey();
    // Vite reads it from .env (loadEnv); the others from the process environment.
    const files = b.name === 'vite' ? { '.env': `MISTRAL_API_KEY=${secret}\n` } : {};
    const env = b.name === 'vite' ? {} : { MISTRAL_API_KEY: secret };
    const dir = makeApp('prefixless-key-inlined-by-define', { aiKeyRead: 'process.env.MISTRAL_API_KEY', files });
    const define = { 'process.env.MISTRAL_API_KEY': secret };
    const r = await withEnv(env, () => b.build(dir, { define }));
    assert.equal(r.ok, false, r.logs);
    assert.match(r.error, /HIGH secret +Server-only environment variable value +\[env\.server-value\] +\S{1,4}…/);
    assert.match(r.error, /what: +the value of MISTRAL_API_KEY, a server-only variable \(no client prefix\), is in the emitted file/);
    assert.match(r.error, new RegExp(`where: ${at}dist/\\S+\\.js:\\d+:\\d+ +← ${at}src/lib/ai\\.js:4:\\d+ \\(env MISTRAL_API_KEY\\)`));
    assertNoLeak(r, [secret]);
    assert.deepEqual(listFiles(r.outDir), []);

    const fingerprint = fingerprintIn(r.error);
    assert.ok(fingerprint, 'the message gives the fingerprint to allow');
    const allowed = await withEnv(env, () => b.build(dir, { define, plugin: { allow: [fingerprint] } }));
    assert.equal(allowed.ok, true, allowed.error);
    assertNoLeak(allowed, [secret], { outputs: [] }); // the output carries it now: it was allowed
  });

  test(`${b.name}: passes with only publishable keys (Supabase anon JWT, Stripe pk_live_) and lists them as info`, async () => {
    const dir = makeApp('only-publishable-keys');
    const r = await b.build(dir, info);
    assert.equal(r.ok, true, r.error);
    assert.match(r.logs, /no secrets in this build's output/);
    assert.match(r.logs, /Publishable keys \(meant to be public; listed for information, never failing\): 2/);
    assert.match(r.logs, /\[supabase\.anon-key\] eyJhbGci…\S+ +at \S+\.js:\d+:\d+ +← \S*src\/lib\/supabase\.js:6:\d+/);
    assert.match(r.logs, /\[stripe\.publishable-key\] pk_live_…/);
    assert.ok(listFiles(r.outDir).some((f) => f.endsWith('.js')), 'the build wrote its output');
  });

  test(`${b.name}: allowing the fingerprint from the message lets the build pass`, async () => {
    const secret = stripeSecretKey();
    const dir = makeApp('allowed-secret-key', { stripeKey: secret });
    const blocked = await b.build(dir);
    assert.equal(blocked.ok, false);
    assertNoLeak(blocked, [secret]);
    const fingerprint = fingerprintIn(blocked.error);
    const r = await b.build(dir, { plugin: { allow: [fingerprint] } });
    assert.equal(r.ok, true, r.error);
    assert.doesNotMatch(r.logs, /stripe\.live-secret-key/);
    assertNoLeak(r, [secret], { outputs: [] });
  });

  test(`${b.name}: findings in a baseline report are not new and let the build pass`, async () => {
    const secret = supabaseJwt('service_role');
    const dir = makeApp('secret-in-baseline', { supabaseKey: secret });
    const report = path.join(dir, 'spillproof-report.json');
    const first = await b.build(dir, { plugin: { report } });
    assert.equal(first.ok, false);
    const written = JSON.parse(readFileSync(report, 'utf8'));
    assert.equal(written.version, 1);
    assert.ok(written.findings.some((f) => f.rule_id === 'supabase.service-role-key' && f.blocking && f.source?.file.endsWith('src/lib/supabase.js')));
    assertNoLeak(first, [secret], { outputs: [first.outDir, report] });

    const r = await b.build(dir, { ...info, plugin: { baseline: report } });
    assert.equal(r.ok, true, r.error);
    assert.match(r.logs, /\d+ findings? already in the baseline not shown/);
    assertNoLeak(r, [secret], { outputs: [] });
  });

  test(`${b.name}: mode 'warn' lets the build pass with a warning`, async () => {
    const secret = stripeSecretKey();
    const dir = makeApp('warn-mode', { stripeKey: secret });
    const r = await b.build(dir, { plugin: { mode: 'warn' } });
    assert.equal(r.ok, true, r.error);
    assert.match(r.logs, /spillproof warning \(mode: 'warn', the build goes on\): 1 secret would ship/);
    assert.match(r.logs, /\[stripe\.live-secret-key\] +sk_live_…/);
    assertNoLeak(r, [secret], { outputs: [] }); // warn mode writes the output by design
  });
}
