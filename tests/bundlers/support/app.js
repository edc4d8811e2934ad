// Fixture apps, written to a fresh temp folder per test because their keys are generated
// at test time (no fake key is committed). The app is the shape AI app builders generate:
// an entry that imports a Supabase-like client, a payments module and an AI helper that
// reads an environment variable.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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

/** The workspace's node_modules, where npm hoists react, react-dom and the bundlers. */
export const NODE_MODULES = path.resolve(path.dirname(createRequire(import.meta.url).resolve('react/package.json')), '..');

/** The line of the React app's src/lib/supabase.js that holds the key passed to createClient. */
export const REACT_SUPABASE_KEY_LINE = 15;

/**
 * A React app (JSX, react + react-dom bundled from node_modules), the shape Lovable, Bolt
 * and v0 generate: src/main.jsx renders <App />, which loads rows through a Supabase-like
 * client in src/lib/supabase.js. Builders need `jsx: true` (entry src/main.jsx, the JSX
 * transform, node_modules resolution). The fixture folder is in the temp dir, so it gets a
 * `node_modules` symlink to the workspace's (removing the folder removes the link only).
 * @param {string} name names the folder
 * @param {{ supabaseKey?: string }} [parts] the key passed to createClient (default: a publishable anon key)
 */
export function makeReactApp(name, { supabaseKey = supabaseJwt('anon') } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), `spillproof-react-${name}-`));
  created.push(dir);
  symlinkSync(NODE_MODULES, path.join(dir, 'node_modules'), 'dir');
  const write = (file, content) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), content);
  };
  write('index.html', '<!doctype html>\n<html><head><title>React fixture</title></head>\n<body><div id="root"></div><script type="module" src="/src/main.jsx"></script></body></html>\n');
  write('src/main.jsx', [
    "import { StrictMode } from 'react';",
    "import { createRoot } from 'react-dom/client';",
    "import { App } from './App.jsx';",
    '',
    "createRoot(document.getElementById('root')).render(<StrictMode><App /></StrictMode>);",
    '',
  ].join('\n'));
  write('src/App.jsx', [
    "import { useEffect, useState } from 'react';",
    "import { supabase } from './lib/supabase.js';",
    '',
    'export function App() {',
    '  const [todos, setTodos] = useState([]);',
    '  useEffect(() => {',
    "    supabase.from('todos').select('id,title').then(({ data }) => setTodos(data ?? []));",
    '  }, []);',
    '  return (',
    '    <main>',
    '      <h1>Fixture todos</h1>',
    '      <ul>{todos.map((todo) => <li key={todo.id}>{todo.title}</li>)}</ul>',
    '    </main>',
    '  );',
    '}',
    '',
  ].join('\n'));
  write('src/lib/supabase.js', [
    '// A Supabase-like client (the shape of createClient in @supabase/supabase-js): the',
    '// browser sends the key with every request, so whatever it unlocks, visitors get.',
    'function createClient(url, key) {',
    '  const headers = { apikey: key, Authorization: `Bearer ${key}` };',
    '  return {',
    '    from: (table) => ({',
    '      select: async (columns) => {',
    '        const response = await fetch(`${url}/rest/v1/${table}?select=${columns}`, { headers });',
    '        return { data: await response.json() };',
    '      },',
    '    }),',
    '  };',
    '}',
    '',
    `export const supabase = createClient('https://${randomChars(20).toLowerCase()}.supabase.co', '${supabaseKey}');`,
    '',
  ].join('\n'));
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
