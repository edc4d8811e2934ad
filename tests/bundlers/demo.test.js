// `make demo`'s second half (scripts/demo-vite.mjs) keeps working: a real Vite build of
// demo/vite-app is blocked with the service_role key and passes after the fix. The script
// makes its own keys and checks its output and dist/ for them; this checks its verdict.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

test('make demo: the Vite demo app is blocked with a service_role key and passes after the fix', () => {
  const script = fileURLToPath(new URL('../../scripts/demo-vite.mjs', import.meta.url));
  const run = spawnSync(process.execPath, [script], { encoding: 'utf8' });
  const output = run.stdout + run.stderr;
  assert.equal(run.status, 0, output);
  assert.match(output, /spillproof blocked this build[\s\S]*\[supabase\.service-role-key\][\s\S]*← src\/lib\/supabase\.js:17:\d+[\s\S]*exit code: 1/);
  assert.match(output, /no secrets in this build's output[\s\S]*\[supabase\.anon-key\][\s\S]*exit code: 0/);
  assert.match(output, /Vite demo as expected/);
});
