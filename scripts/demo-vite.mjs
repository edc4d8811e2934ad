#!/usr/bin/env node
// `make demo`, part two: a real Vite build of demo/vite-app blocked by spillproof, then
// passing after the fix. The app is copied to a temp folder (with a node_modules link to
// the workspace's, where `npm ci` put vite and spillproof) and the fake keys are made now,
// so no key is ever committed; the folder is removed at the end.
//
//   1. the mistake: src/lib/supabase.js hard-codes the service_role key (what an AI app
//      builder does to make an admin page work) -> `vite build` must exit non-zero;
//   2. the fix: the client reads the publishable anon key (VITE_SUPABASE_ANON_KEY) and the
//      service_role key moves to the server's environment (SUPABASE_SERVICE_ROLE_KEY, read
//      by server/delete-account.js, which Vite never bundles) -> `vite build` must pass.
//
// Exits 0 when both happened, 1 otherwise. Prints redacted keys only, and checks that
// neither the build's output nor dist/ carries the service_role key.

import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { supabaseJwt } from '../tests/support/fake-keys.js';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const viteBin = path.join(path.dirname(createRequire(path.join(repo, 'tests/bundlers/package.json')).resolve('vite/package.json')), 'bin/vite.js');
const bold = (text) => (process.stdout.isTTY ? `\x1b[1m${text}\x1b[0m` : text);
const redact = (key) => `${key.slice(0, 8)}…${key.slice(-4)}`;

const serviceRoleKey = supabaseJwt('service_role');
const anonKey = supabaseJwt('anon');
const app = mkdtempSync(path.join(tmpdir(), 'spillproof-demo-vite-'));
const problems = [];

/** `vite build` in the app folder: its exit code and everything it printed. */
function viteBuild() {
  const run = spawnSync(process.execPath, [viteBin, 'build'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } });
  const output = `${run.stdout}${run.stderr}`;
  if (output.includes(serviceRoleKey) || output.includes(serviceRoleKey.slice(-20))) {
    problems.push('the build output showed the raw service_role key');
    return { status: run.status, output: output.replaceAll(serviceRoleKey, redact(serviceRoleKey)) };
  }
  return { status: run.status, output };
}

/** dist/ files that carry the service_role key. */
function distLeaks() {
  const dist = path.join(app, 'dist');
  let files = [];
  try {
    files = readdirSync(dist, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath ?? e.path, e.name));
  } catch {
    return [];
  }
  return files.filter((f) => readFileSync(f).includes(serviceRoleKey)).map((f) => path.relative(app, f));
}

/** The build's output, indented; the stack trace Vite's CLI prints under a build error is cut to one line. */
function indent(text) {
  const lines = text.trimEnd().split('\n');
  const frames = lines.filter((line) => /^\s+at /.test(line)).length;
  const shown = lines.filter((line) => !/^\s+at /.test(line));
  if (frames > 0) shown.push(`    (${frames} stack-trace lines from Vite's error report left out)`);
  return shown.map((line) => `   | ${line}`).join('\n');
}

try {
  cpSync(path.join(repo, 'demo/vite-app'), app, { recursive: true });
  symlinkSync(path.join(repo, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  const clientFile = path.join(app, 'src/lib/supabase.js');
  const fixed = readFileSync(clientFile, 'utf8');
  const readsAnonKey = 'import.meta.env.VITE_SUPABASE_ANON_KEY';
  if (!fixed.includes(readsAnonKey)) throw new Error(`demo/vite-app/src/lib/supabase.js no longer reads ${readsAnonKey}`);

  console.log(bold('\n== spillproof in a real Vite build: demo/vite-app (copied to a temp folder; fake keys made just now) =='));
  console.log(`1. The mistake: src/lib/supabase.js hard-codes the service_role key (${redact(serviceRoleKey)}),`);
  console.log("   which bypasses row level security for anyone who opens the browser's dev tools:");
  writeFileSync(clientFile, fixed.replace(readsAnonKey, `'${serviceRoleKey}'`));
  console.log(`     export const supabase = createClient('https://demo-project.supabase.co', '${redact(serviceRoleKey)}');`);
  console.log(bold('   $ vite build'));
  const blocked = viteBuild();
  console.log(indent(blocked.output));
  console.log(bold(`   exit code: ${blocked.status} ${blocked.status === 0 ? '(the build passed: it should have been blocked)' : '(non-zero: the build is blocked and nothing ships)'}`));
  if (blocked.status === 0) problems.push('the build with the service_role key passed');
  if (!/spillproof blocked this build[\s\S]*\[supabase\.service-role-key\][\s\S]*src\/lib\/supabase\.js:\d+:\d+/.test(blocked.output)) {
    problems.push('the blocked build did not name the rule and src/lib/supabase.js');
  }
  for (const file of distLeaks()) problems.push(`the blocked build left ${file} with the key`);

  console.log(bold('\n2. The fix: the browser gets the publishable anon key; the service_role key moves to the server.'));
  writeFileSync(clientFile, fixed);
  writeFileSync(path.join(app, '.env.local'), [
    '# Client: the VITE_ prefix inlines it into the bundle; the anon key is public by design.',
    `VITE_SUPABASE_ANON_KEY=${anonKey}`,
    '# Server only (no VITE_ prefix): read by server/delete-account.js, never bundled.',
    `SUPABASE_SERVICE_ROLE_KEY=${serviceRoleKey}`,
    '',
  ].join('\n'));
  console.log(`     src/lib/supabase.js: createClient('https://demo-project.supabase.co', ${readsAnonKey})`);
  console.log(`     .env.local:          VITE_SUPABASE_ANON_KEY=${redact(anonKey)}`);
  console.log(`                          SUPABASE_SERVICE_ROLE_KEY=${redact(serviceRoleKey)}  (used by server/delete-account.js)`);
  console.log(bold('   $ vite build'));
  const passed = viteBuild();
  console.log(indent(passed.output));
  console.log(bold(`   exit code: ${passed.status} ${passed.status === 0 ? '(the build ships; spillproof lists the anon key as information)' : '(the fixed build failed)'}`));
  if (passed.status !== 0) problems.push('the fixed build failed');
  if (!/no secrets in this build's output[\s\S]*\[supabase\.anon-key\]/.test(passed.output)) problems.push('the fixed build did not list the anon key as information');
  for (const file of distLeaks()) problems.push(`the fixed build's ${file} carries the service_role key`);
} catch (error) {
  problems.push(`the demo could not run: ${error.message}`);
} finally {
  rmSync(app, { recursive: true, force: true });
}

if (problems.length > 0) {
  console.log(bold(`\n== the Vite demo did not behave as expected: ${problems.join('; ')} ==`));
  process.exit(1);
}
console.log(bold('\n== Vite demo as expected: blocked with the service_role key, passing after the fix =='));
