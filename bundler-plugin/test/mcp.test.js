// The real MCP server (`node bin/spillproof.js mcp`) over stdio, driven by the MCP SDK's
// real Client and StdioClientTransport: tools and their schemas in both protocol eras,
// scans of folders with planted fake secrets, framework-specific explanations, isError for
// what could not be read, and every message the server sent checked for the raw secrets.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { SUPPORTED_PROTOCOL_VERSIONS } from '@modelcontextprotocol/server';

import { openaiProjectKey, stripePublishableKey, stripeSecretKey, supabaseJwt } from '../../tests/support/fake-keys.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const bin = path.join(root, 'bundler-plugin/bin/spillproof.js');

const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

function project(files) {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-mcp-'));
  created.push(dir);
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

/**
 * A connected client whose transport records every JSON-RPC message in both directions
 * (`traffic`), the server's stderr, and any transport error (a non-JSON line on stdout
 * would be one).
 */
async function connect({ cwd, modern = false }) {
  const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'mcp'], cwd, stderr: 'pipe' });
  const traffic = [];
  const errors = [];
  let stderr = '';
  transport.stderr.on('data', (chunk) => { stderr += chunk; });
  const send = transport.send.bind(transport);
  transport.send = (message, options) => {
    traffic.push({ from: 'client', message });
    return send(message, options);
  };
  for (const [name, record] of [['onmessage', (m) => traffic.push({ from: 'server', message: m })], ['onerror', (e) => errors.push(e)]]) {
    let handler;
    Object.defineProperty(transport, name, {
      configurable: true,
      set(h) { handler = h; },
      get() { return handler && ((value, extra) => { record(value); return handler(value, extra); }); },
    });
  }
  const client = new Client({ name: 'spillproof-test', version: '1.0.0' }, modern ? { versionNegotiation: { mode: { pin: '2026-07-28' } } } : {});
  await client.connect(transport);
  return { client, traffic, errors, stderr: () => stderr };
}

const serverSaid = (traffic) => traffic.filter((t) => t.from === 'server').map((t) => JSON.stringify(t.message)).join('\n');

test('the server lists four read-only tools with input and output schemas, in the 2025 and the 2026-07-28 protocol', async () => {
  for (const modern of [false, true]) {
    const { client, errors } = await connect({ cwd: root, modern });
    try {
      const version = client.getNegotiatedProtocolVersion();
      if (modern) assert.equal(version, '2026-07-28');
      else assert.ok(SUPPORTED_PROTOCOL_VERSIONS.includes(version), version);
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['check_env', 'explain_finding', 'scan_paths', 'scan_text']);
      for (const tool of tools) {
        assert.equal(tool.annotations?.readOnlyHint, true, tool.name);
        assert.equal(tool.annotations?.destructiveHint, false, tool.name);
        assert.equal(tool.annotations?.openWorldHint, false, tool.name);
        assert.equal(tool.inputSchema.type, 'object', tool.name);
        assert.equal(tool.outputSchema?.type, 'object', `${tool.name} declares an output schema`);
        assert.ok(tool.description.length > 80, tool.name);
      }
      const scanPaths = tools.find((t) => t.name === 'scan_paths');
      assert.deepEqual(scanPaths.inputSchema.required, ['paths']);
      assert.ok(scanPaths.outputSchema.properties.findings && scanPaths.outputSchema.properties.findings_total);
      assert.deepEqual(errors, []);
    } finally {
      await client.close();
    }
  }
});

test('scan_paths, scan_text, check_env and explain_finding: structured, redacted, framework-specific, never a raw secret', async () => {
  const openai = openaiProjectKey();
  const serviceRole = supabaseJwt('service_role');
  const stripe = stripeSecretKey();
  const publishable = stripePublishableKey();
  const envOpenai = openaiProjectKey();
  const envService = supabaseJwt('service_role');
  // A Next.js app whose client chunk carries two server keys and a publishable one.
  const next = project({
    'package.json': JSON.stringify({ dependencies: { next: '^15.0.0', react: '^19.0.0' }, devDependencies: { typescript: '^5.0.0' } }),
    '.next/static/chunks/app/page-3fa9c1.js': `const ai=new OpenAI({apiKey:"${openai}"});const db=createClient(u,"${serviceRole}");const pk="${publishable}";`,
    '.next/static/chunks/pay-7d41e0.js': `stripe("${stripe}")`,
  });
  // A Vite SPA on Supabase with a .env that exposes an OpenAI key through VITE_.
  const vite = project({
    'package.json': JSON.stringify({ dependencies: { '@supabase/supabase-js': '^2.0.0' }, devDependencies: { vite: '^7.0.0' } }),
    'dist/assets/index.js': `fetch(u,{headers:{Authorization:"Bearer ${openai}"}})`,
    '.env': `VITE_OPENAI_API_KEY=${envOpenai}\nVITE_SUPABASE_ANON_KEY=${supabaseJwt('anon')}\nSUPABASE_SERVICE_ROLE_KEY=${envService}\nVITE_APP_TITLE=Todo list\n`,
  });
  const planted = [openai, serviceRole, stripe, envOpenai, envService];

  const { client, traffic, errors, stderr } = await connect({ cwd: next });
  try {
    // scan_paths on the build output, relative to the server's cwd.
    const scan = await client.callTool({ name: 'scan_paths', arguments: { paths: ['.next/static'] } });
    assert.equal(scan.isError, undefined, scan.content[0].text);
    const s = scan.structuredContent;
    assert.equal(s.status, 'fail');
    assert.equal(s.complete, true);
    assert.equal(s.framework, 'next');
    assert.equal(s.summary.blocking, 3);
    assert.equal(s.summary.publishable, 1);
    assert.equal(s.findings_total, 4);
    assert.deepEqual(s.findings.filter((f) => f.blocking).map((f) => f.rule_id).sort(), ['openai.project-key', 'stripe.live-secret-key', 'supabase.service-role-key']);
    for (const f of s.findings) {
      assert.match(f.fingerprint, /^[0-9a-f]{16}$/);
      assert.match(f.redacted, /…/);
      assert.ok(f.fix.length > 10, f.fix);
    }
    const openaiFinding = s.findings.find((f) => f.rule_id === 'openai.project-key');
    assert.equal(openaiFinding.file, '.next/static/chunks/app/page-3fa9c1.js');
    assert.match(openaiFinding.fix, /Route Handler \(app\/api\/openai\/route\.ts\)/);
    assert.match(scan.content[0].text, /^spillproof FAIL: blocking=3/);

    // Capped lists keep their totals.
    const capped = (await client.callTool({ name: 'scan_paths', arguments: { paths: ['.next/static'], max_findings: 1 } })).structuredContent;
    assert.equal(capped.findings.length, 1);
    assert.equal(capped.findings_total, 4);
    assert.equal(capped.findings_truncated, true);
    assert.equal(capped.findings[0].blocking, true, 'the most serious come first');

    // explain_finding by fingerprint: a Next.js Route Handler that reads a server-only variable.
    const explained = await client.callTool({ name: 'explain_finding', arguments: { fingerprint: openaiFinding.fingerprint } });
    const e = explained.structuredContent;
    assert.equal(e.rule_id, 'openai.project-key');
    assert.equal(e.must_not_ship, true);
    assert.equal(e.framework.id, 'next');
    assert.match(e.what_it_unlocks, /OpenAI/);
    assert.match(e.rotate, /Rotate or revoke it in the OpenAI dashboard/);
    assert.equal(e.fix.files[0].path, 'app/api/openai/route.ts');
    assert.match(e.fix.files[0].code, /process\.env\.OPENAI_API_KEY/);
    assert.match(e.fix.files[0].code, /export async function POST\(request: Request\)/);
    assert.deepEqual(e.finding, { file: '.next/static/chunks/app/page-3fa9c1.js', line: 1, column: openaiFinding.column, redacted: openaiFinding.redacted, variable: null });
    assert.ok(e.references.length > 0);
    assert.match(explained.content[0].text, /```typescript\n/);

    // The service_role key in a project without Supabase's client library: still an Edge Function or route.
    const role = s.findings.find((f) => f.rule_id === 'supabase.service-role-key');
    const roleFix = (await client.callTool({ name: 'explain_finding', arguments: { fingerprint: role.fingerprint } })).structuredContent;
    assert.match(roleFix.fix.summary, /Route Handler/);

    // A Vite SPA on Supabase (absolute path): the fix is a Supabase Edge Function.
    const spa = (await client.callTool({ name: 'scan_paths', arguments: { paths: [path.join(vite, 'dist')] } })).structuredContent;
    assert.equal(spa.framework, 'vite');
    const spaFix = (await client.callTool({ name: 'explain_finding', arguments: { fingerprint: spa.findings[0].fingerprint } })).structuredContent;
    assert.equal(spaFix.framework.id, 'vite');
    assert.equal(spaFix.fix.files[0].path, 'supabase/functions/openai/index.ts');
    assert.match(spaFix.fix.files[0].code, /Deno\.env\.get\('OPENAI_API_KEY'\)/);
    assert.ok(spaFix.fix.steps.some((step) => step.includes("supabase.functions.invoke('openai'")));

    // The same Vite project without Supabase would get a dev proxy and a server route.
    const proxied = (await client.callTool({ name: 'explain_finding', arguments: { rule_id: 'openai.project-key', framework: 'vite', project_dir: next } })).structuredContent;
    assert.deepEqual(proxied.fix.files.map((f) => f.path), ['api/openai.ts', 'vite.config.ts']);
    assert.match(proxied.fix.files[1].code, /server: \{ proxy: \{ '\/api'/);
    assert.equal(proxied.finding, null);

    // check_env: by name only.
    const env = await client.callTool({ name: 'check_env', arguments: { env_file: path.join(vite, '.env') } });
    const c = env.structuredContent;
    assert.equal(c.status, 'fail');
    assert.equal(c.framework, 'vite');
    assert.deepEqual(c.public_prefixes, ['VITE_']);
    assert.deepEqual(c.exposed_secrets, ['VITE_OPENAI_API_KEY']);
    assert.deepEqual(c.server_only, ['SUPABASE_SERVICE_ROLE_KEY']);
    assert.equal(c.variables_total, 4);
    assert.deepEqual(c.client_exposed.map((v) => [v.name, v.status]), [['VITE_OPENAI_API_KEY', 'secret'], ['VITE_SUPABASE_ANON_KEY', 'publishable'], ['VITE_APP_TITLE', 'plain']]);
    const exposedVar = c.client_exposed[0];
    assert.equal(exposedVar.line, 1);
    const envFix = (await client.callTool({ name: 'explain_finding', arguments: { fingerprint: exposedVar.fingerprint } })).structuredContent;
    assert.match(envFix.why, /VITE_OPENAI_API_KEY has the VITE_ prefix, so Vite inlines its value/);
    assert.ok(envFix.fix.steps.some((step) => step.startsWith('Rename VITE_OPENAI_API_KEY to OPENAI_API_KEY')));
    assert.equal(envFix.finding.redacted, null, 'check_env findings carry no value, not even redacted');

    // scan_text: a snippet the agent is about to write.
    const snippet = await client.callTool({ name: 'scan_text', arguments: { text: `export const stripe = Stripe("${stripe}");`, filename: 'src/lib/pay.ts' } });
    assert.equal(snippet.structuredContent.status, 'fail');
    assert.equal(snippet.structuredContent.findings[0].file, 'src/lib/pay.ts');
    const fine = await client.callTool({ name: 'scan_text', arguments: { text: `const stripe = Stripe("${publishable}");` } });
    assert.equal(fine.structuredContent.status, 'pass');
    assert.match(fine.content[0].text, /OK publishable/);

    // Whatever cannot be read is an error, never "clean".
    const missing = await client.callTool({ name: 'scan_paths', arguments: { paths: ['no-such-folder'] } });
    assert.equal(missing.isError, true);
    assert.equal(missing.structuredContent.status, 'incomplete');
    assert.deepEqual(missing.structuredContent.not_scanned.map((n) => [n.file, n.code]), [['no-such-folder', 'unreadable']]);
    assert.match(missing.content[0].text, /do not treat this as clean/);
    const partly = await client.callTool({ name: 'scan_paths', arguments: { paths: ['.next/static', 'no-such-folder'] } });
    assert.equal(partly.isError, true, 'findings plus an unreadable path is still an incomplete scan');
    assert.equal((await client.callTool({ name: 'check_env', arguments: { env_file: '.env.missing' } })).isError, true);
    const unknown = await client.callTool({ name: 'explain_finding', arguments: { fingerprint: '0123456789abcdef' } });
    assert.equal(unknown.isError, true);
    assert.match(unknown.content[0].text, /Unknown fingerprint/);
    assert.equal((await client.callTool({ name: 'explain_finding', arguments: {} })).isError, true);

    // Nothing the server said, and nothing on its stderr, holds a planted value.
    const said = serverSaid(traffic);
    assert.ok(said.length > 5000, 'the traffic was recorded');
    for (const secret of planted) {
      assert.ok(!said.includes(secret), `a server message holds ${secret.slice(0, 8)}…`);
      assert.ok(!said.includes(secret.slice(0, 16)), 'a server message holds a long prefix of a secret');
      assert.ok(!stderr().includes(secret));
    }
    // The client sent a secret only where the agent passed it itself: the scan_text snippet.
    const clientSaid = traffic.filter((t) => t.from === 'client' && t.message.params?.name !== 'scan_text').map((t) => JSON.stringify(t.message)).join('\n');
    for (const secret of planted) assert.ok(!clientSaid.includes(secret));
    assert.deepEqual(errors, [], 'every line the server wrote to stdout was a protocol message');
  } finally {
    await client.close();
  }
});

test('stdout carries protocol messages only, and the server exits when stdin closes', async () => {
  const secret = stripeSecretKey();
  const dir = project({ 'dist/app.js': `k="${secret}"` });
  const child = spawn(process.execPath, [bin, 'mcp', '--root', dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const answered = new Promise((resolve) => {
    child.stdout.on('data', (d) => {
      stdout += d;
      if (stdout.includes('"id":3')) resolve();
    });
  });
  const send = (message) => child.stdin.write(`${JSON.stringify({ jsonrpc: '2.0', ...message })}\n`);
  send({ id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'raw', version: '1' } } });
  send({ method: 'notifications/initialized' });
  send({ id: 2, method: 'tools/list' });
  send({ id: 3, method: 'tools/call', params: { name: 'scan_paths', arguments: { paths: ['dist'] } } });
  await answered;
  child.stdin.end();
  const code = await new Promise((resolve) => child.on('exit', resolve));
  assert.equal(code, 0, stderr);
  const lines = stdout.split('\n').filter(Boolean);
  assert.ok(lines.length >= 3);
  for (const line of lines) {
    const message = JSON.parse(line);
    assert.equal(message.jsonrpc, '2.0', line.slice(0, 80));
  }
  const result = lines.map((l) => JSON.parse(l)).find((m) => m.id === 3).result;
  assert.equal(result.structuredContent.findings[0].rule_id, 'stripe.live-secret-key');
  assert.ok(!stdout.includes(secret) && !stderr.includes(secret));
});
