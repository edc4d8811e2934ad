// The bundler plugins' build-failure block, pinned as text (redacted values only): a change
// to what users read in their build log shows up in review.
import { test } from 'node:test';
import assert from 'node:assert/strict';

import { formatBlock } from '../src/plugin/message.js';

const finding = (over) => ({
  rule_id: 'openai.project-key', provider: 'OpenAI', title: 'OpenAI project API key', severity: 'critical', verdict: 'secret',
  verdict_reason: 'server-side credential: anyone who loads the page can use it', blocking: true,
  file: 'dist/assets/index-3fa9c1.js', line: 1, column: 48213, redacted: 'sk-proj-…9xQa', fingerprint: '3fa9c1d2e4b5a697',
  source: { file: 'src/lib/ai.ts', line: 5, column: 24 }, description: 'Calls any OpenAI API billed to the project.',
  remediation: 'Revoke the key, then call OpenAI from a server function.', phase: 'output', variable: null, ...over,
});

const report = {
  summary: { fail_on: 'high', baselined: 1, suppressed: 0 },
  findings: [
    finding({}),
    finding({ file: 'dist/assets/index-3fa9c1.js.map', column: 912, source: null }),
    finding({ rule_id: 'stripe.publishable-key', title: 'Stripe publishable key', severity: 'info', verdict: 'publishable', blocking: false, redacted: 'pk_live_…0P03', fingerprint: 'b8aa7beb20aca1c8', source: { file: 'src/pay.ts', line: 2, column: 18 } }),
  ],
  skipped: [{ file: 'dist/logo.png', code: 'binary', reason: 'binary', incomplete: false }],
  stats: { files: 3, bytes: 2_050_000, duration_ms: 41 },
};

test('the build-failure block says what, where (emitted and original), why, fix and how to allow', () => {
  assert.equal(formatBlock(report, { mode: 'error', phase: 'output', blocked: true, reportFile: 'spillproof.json' }), `\
spillproof blocked this build: 1 secret would ship to every visitor of this build. Nothing was written for it.

  CRITICAL secret  OpenAI project API key  [openai.project-key]  sk-proj-…9xQa
    what:  server-side credential: anyone who loads the page can use it
    where: dist/assets/index-3fa9c1.js:1:48213  ← src/lib/ai.ts:5:24
           also dist/assets/index-3fa9c1.js.map:1:912
    why:   Calls any OpenAI API billed to the project.
    fix:   Revoke the key, then call OpenAI from a server function.
    allow: if it is meant to ship, allow this fingerprint: spillproof({ allow: ['3fa9c1d2e4b5a697'] })

Publishable keys (meant to be public; listed for information, never failing): 1
  Stripe publishable key [stripe.publishable-key] pk_live_…0P03  at dist/assets/index-3fa9c1.js:1:48213  ← src/pay.ts:2:18

Scanned 3 emitted files (2.05 MB, 1 binary skipped) in 41 ms. 1 finding already in the baseline not shown. Report: spillproof.json`);
});

test("in warn mode the same findings make a warning, and an env-phase block names the variable and how it is exposed", () => {
  assert.match(formatBlock(report, { mode: 'warn', phase: 'output', blocked: false }), /^spillproof warning \(mode: 'warn', the build goes on\): 1 secret would ship/);
  const env = { ...report, findings: [finding({ phase: 'env', file: '.env.local', line: 3, variable: 'VITE_OPENAI_API_KEY', exposed_as: 'import.meta.env.VITE_OPENAI_API_KEY', exposure: 'the VITE_ prefix exposes it to the browser' })] };
  const text = formatBlock(env, { mode: 'error', phase: 'env', blocked: true });
  assert.match(text, /^spillproof stopped this build before bundling: 1 client-exposed environment variable holds a secret\./);
  assert.match(text, /CRITICAL secret {2}VITE_OPENAI_API_KEY holds an OpenAI project API key {2}\[openai\.project-key\]/);
  assert.match(text, /where: \.env\.local:3 → import\.meta\.env\.VITE_OPENAI_API_KEY \(the VITE_ prefix exposes it to the browser\)/);
});
