// Fixture apps, written to a fresh temp folder per test because their keys are generated
// at test time (no fake key is committed). The app is the shape AI app builders generate:
// an entry that imports a Supabase-like client, a payments module and an AI helper that
// reads an environment variable.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { randomChars, supabaseJwt, stripePublishableKey } from '../../support/fake-keys.js';

// A 1x1 PNG: an emitted binary asset the plugin must skip and count.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==', 'base64');

// Every fixture folder holds fake keys: remove them all when the test process ends.
const created = [];
process.once('exit', () => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/**
 * @param {string} name what the app is for, e.g. 'hard-coded-service-role-key' (names the folder)
 * @param {object} parts
 * @param {string} [parts.supabaseKey] the key passed to createClient (default: a publishable anon key)
 * @param {string} [parts.stripeKey] the key in the payments module (default: pk_live_)
 * @param {string} [parts.aiKeyRead] the expression the AI helper reads its key from
 * @param {Record<string, string>} [parts.files] extra files (.env, public/…)
 */
export function makeApp(name, { supabaseKey = supabaseJwt('anon'), stripeKey = stripePublishableKey(), aiKeyRead = '"none"', files = {} } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `spillproof-${name}-`));
  created.push(dir);
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  write('index.html', '<!doctype html>\n<html><head><title>Fixture</title></head>\n<body><div id="app"></div><script type="module" src="/src/main.js"></script></body></html>\n');
  write('src/main.js', [
    "import { supabase } from './lib/supabase.js';",
    "import { checkout } from './lib/payments.js';",
    "import { ask } from './lib/ai.js';",
    '',
    "document.querySelector('#app').textContent = JSON.stringify({ supabase, checkout: checkout(), ask: String(ask) });",
    '',
  ].join('\n'));
  write('src/lib/supabase.js', [
    '// A Supabase-like client: the second argument is the key the browser sends.',
    'function createClient(url, key) {',
    "  return { url, key, from: (table) => fetch(`${url}/rest/v1/${table}`, { headers: { apikey: key } }) };",
    '}',
    '',
    `export const supabase = createClient('https://${randomChars(20).toLowerCase()}.supabase.co', '${supabaseKey}');`,
    '',
  ].join('\n'));
  write('src/lib/payments.js', `export function checkout() {\n  return { key: '${stripeKey}', mode: 'payment' };\n}\n`);
  write('src/lib/ai.js', [
    'export async function ask(prompt) {',
    "  const response = await fetch('https://api.example.test/v1/chat', {",
    "    method: 'POST',",
    // A header no rule has a keyword for: only the env-value search can catch an inlined key here.
    `    headers: { 'x-client-credential': ${aiKeyRead} },`,
    '    body: JSON.stringify({ prompt }),',
    '  });',
    '  return response.json();',
    '}',
    '',
  ].join('\n'));
  write('public/robots.txt', 'User-agent: *\nAllow: /\n');
  write('public/logo.png', PNG);
  for (const [file, content] of Object.entries(files)) write(file, content);
  return dir;
}

/** Every file under `dir` (relative paths); [] when it does not exist. */
export function listFiles(dir) {
  try {
    return readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)));
  } catch {
    return [];
  }
}

/** Files under `dir` whose bytes contain `needle`. */
export function filesContaining(dir, needle) {
  return listFiles(dir).filter((f) => readFileSync(path.join(dir, f)).includes(needle));
}
