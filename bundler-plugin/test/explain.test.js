// Fixes per framework: the same finding explained for each framework gives that
// framework's server-side place, variable naming and code; publishable keys and keys to
// review get their own advice; the project context comes from package.json.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { explainFinding, projectContext, serverEnvName, shortFix, FRAMEWORK_IDS } from '../src/explain/index.js';

const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

const openai = {
  rule_id: 'openai.project-key', title: 'OpenAI project API key', provider: 'OpenAI', severity: 'critical', verdict: 'secret',
  verdict_reason: 'server-side credential', description: 'Calls any OpenAI API billed to the project.', remediation: 'Revoke the key; call OpenAI from the server.',
};
const context = (framework, extra = {}) => ({ framework, frameworkSource: 'test', backends: [], ts: true, ...extra });

test('each framework with server code gets its own server file for a secret', () => {
  const expected = {
    next: ['app/api/openai/route.ts', /process\.env\.OPENAI_API_KEY/],
    sveltekit: ['src/routes/api/openai/+server.ts', /import \{ OPENAI_API_KEY \} from '\$env\/static\/private'/],
    astro: ['src/pages/api/openai.ts', /import\.meta\.env\.OPENAI_API_KEY/],
    nuxt: ['server/api/openai.post.ts', /useRuntimeConfig\(event\)\.openaiApiKey/],
    remix: ['app/routes/api.openai.ts', /export async function action/],
    expo: ['app/api/openai+api.ts', /process\.env\.OPENAI_API_KEY/],
  };
  for (const [framework, [file, code]] of Object.entries(expected)) {
    const e = explainFinding(openai, context(framework));
    assert.equal(e.framework.id, framework);
    assert.equal(e.fix.files[0]?.path, file, framework);
    assert.match(e.fix.files[0].code, code, framework);
    assert.equal(e.must_not_ship, true);
    assert.match(e.rotate, /OpenAI dashboard/);
  }
  // Every framework id explains without throwing, with at least a summary and steps.
  for (const framework of FRAMEWORK_IDS) {
    const e = explainFinding(openai, context(framework));
    assert.ok(e.fix.summary && e.fix.steps.length >= 3, framework);
  }
});

test('an SPA on Supabase gets an Edge Function; the service_role key gets the anon key plus an Edge Function', () => {
  const spa = explainFinding(openai, context('vite', { backends: ['supabase'] }));
  assert.equal(spa.fix.files[0].path, 'supabase/functions/openai/index.ts');
  assert.match(spa.fix.files[0].code, /Deno\.serve/);
  assert.match(shortFix(openai, context('vite', { backends: ['supabase'] })), /Supabase Edge Function .*supabase secrets set OPENAI_API_KEY.*; rotate the key$/);

  const serviceRole = { ...openai, rule_id: 'supabase.service-role-key', title: 'Supabase service_role key', provider: 'Supabase' };
  const admin = explainFinding(serviceRole, context('cra'));
  assert.match(admin.fix.summary, /anon\/publishable key in the browser/);
  assert.match(admin.fix.files[0].code, /Deno\.env\.get\('SUPABASE_SERVICE_ROLE_KEY'\)/);
  assert.ok(admin.fix.steps.some((s) => /Row Level Security/.test(s)));
});

test('a Vite SPA without a backend gets a server route and the dev proxy; Stripe gets the checkout advice', () => {
  const vite = explainFinding(openai, context('vite'));
  assert.deepEqual(vite.fix.files.map((f) => f.path), ['api/openai.ts', 'vite.config.ts']);
  assert.match(vite.fix.summary, /server\.proxy in vite\.config/);
  const stripe = explainFinding({ ...openai, rule_id: 'stripe.live-secret-key', provider: 'Stripe', title: 'Stripe live secret key' }, context('next'));
  assert.equal(stripe.fix.files[0].path, 'app/api/checkout/route.ts');
  assert.match(stripe.fix.files[0].code, /process\.env\.STRIPE_SECRET_KEY/);
  assert.ok(stripe.fix.steps.some((s) => /Checkout Sessions/.test(s)));
});

test('variables: a public name becomes its server-side twin; provider names follow their docs', () => {
  assert.equal(serverEnvName(openai, 'VITE_OPENAI_API_KEY'), 'OPENAI_API_KEY');
  assert.equal(serverEnvName(openai, 'NEXT_PUBLIC_OPENAI_KEY'), 'OPENAI_KEY');
  assert.equal(serverEnvName(openai, 'EXPO_PUBLIC_AI_KEY'), 'AI_KEY');
  assert.equal(serverEnvName({ rule_id: 'aws.access-key-id' }), 'AWS_SECRET_ACCESS_KEY');
  assert.equal(serverEnvName({ rule_id: 'mistral.api-key' }), 'MISTRAL_API_KEY');
  const e = explainFinding(openai, { ...context('next'), variable: 'NEXT_PUBLIC_OPENAI_API_KEY' });
  assert.match(e.why, /NEXT_PUBLIC_OPENAI_API_KEY has the NEXT_PUBLIC_ prefix, so Next\.js inlines its value/);
  assert.ok(e.fix.steps.includes('Rename NEXT_PUBLIC_OPENAI_API_KEY to OPENAI_API_KEY (no public prefix) in your .env files and your host\'s settings, so the bundler never inlines it.'));
});

test('publishable keys need no change; keys to review are restricted or moved', () => {
  const anon = explainFinding({ ...openai, rule_id: 'supabase.anon-key', provider: 'Supabase', verdict: 'publishable', severity: 'info' }, context('vite'));
  assert.equal(anon.must_not_ship, false);
  assert.equal(anon.rotate, null);
  assert.deepEqual(anon.fix.files, []);
  assert.match(anon.fix.steps[0], /Row Level Security/);
  const google = explainFinding({ ...openai, rule_id: 'google.api-key', provider: 'Google', verdict: 'review', severity: 'medium' }, context('next'));
  assert.match(google.fix.summary, /^restrict it .* else move its calls to a Next\.js Route Handler/);
  assert.equal(google.rotate, null);
});

test('the project context comes from the nearest package.json', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-explain-'));
  created.push(dir);
  writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ dependencies: { '@sveltejs/kit': '2', vite: '7', '@supabase/supabase-js': '2' }, devDependencies: { typescript: '5' } }));
  mkdirSync(path.join(dir, 'build/client'), { recursive: true });
  assert.deepEqual(projectContext(path.join(dir, 'build/client')), { framework: 'sveltekit', frameworkSource: 'package.json (@sveltejs/kit)', backends: ['supabase'], ts: true });
  assert.equal(projectContext(dir, 'astro').framework, 'astro', 'an explicit framework wins');
  assert.equal(projectContext(dir, 'astro').frameworkSource, 'argument');
  writeFileSync(path.join(dir, 'package.json'), '{ not json');
  assert.deepEqual(projectContext(dir), { framework: null, frameworkSource: 'none', backends: [], ts: false }, 'a broken package.json costs only the framework');
});
