// The recipes of the README's "AI coding tools, pre-commit and CI" section, taken from the
// README itself (each fenced block follows a `<!-- recipe: NAME -->` marker) and run:
// the pre-commit hook in a real git repository, every MCP client configuration started
// with the real MCP client, and the GitHub Actions scan step producing schema-valid SARIF.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Client } from '@modelcontextprotocol/client';
import { StdioClientTransport } from '@modelcontextprotocol/client/stdio';
import { parse as parseToml } from 'smol-toml';

import { stripeSecretKey } from '../../tests/support/fake-keys.js';
import { validateSarif } from './support/sarif-schema.js';

const root = path.resolve(fileURLToPath(import.meta.url), '../../..');
const readme = readFileSync(path.join(root, 'README.md'), 'utf8');

/** The fenced block right after `<!-- recipe: name -->` in the README. */
function recipe(name) {
  const match = new RegExp(`<!-- recipe: ${name} -->\\n\`\`\`(\\w+)\\n([\\s\\S]*?)\\n\`\`\``).exec(readme);
  assert.ok(match, `the README has no recipe ${name}`);
  return match[2];
}

const created = [];
after(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

/** A project folder with spillproof installed (node_modules is the workspace's). */
function project(files = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'spillproof-recipe-'));
  created.push(dir);
  symlinkSync(path.join(root, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

test('the README pre-commit hook rejects a commit that adds a secret and lets a clean one through', () => {
  const secret = stripeSecretKey();
  const dir = project({ '.gitignore': 'node_modules\n', 'src/app.js': 'export const pay = () => fetch("/api/checkout");\n' });
  const git = (...args) => spawnSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.test', ...args], { cwd: dir, encoding: 'utf8' });
  git('init', '-q');
  const hook = path.join(dir, '.git/hooks/pre-commit');
  writeFileSync(hook, `${recipe('pre-commit')}\n`);
  chmodSync(hook, 0o755);

  writeFileSync(path.join(dir, 'src/stripe.js'), `export const stripe = Stripe("${secret}");\n`);
  git('add', '.');
  const rejected = git('commit', '-q', '-m', 'add payments');
  assert.notEqual(rejected.status, 0, 'the commit went through');
  const output = rejected.stdout + rejected.stderr;
  assert.match(output, /BLOCK secret\/critical stripe\.live-secret-key src\/stripe\.js:1:\d+/);
  assert.ok(!output.includes(secret), 'the hook printed the secret');
  assert.notEqual(git('rev-parse', '--verify', 'HEAD').status, 0, 'no commit was made');

  writeFileSync(path.join(dir, 'src/stripe.js'), 'export const stripe = Stripe(import.meta.env.VITE_STRIPE_PUBLISHABLE_KEY);\n');
  git('add', '.');
  const accepted = git('commit', '-q', '-m', 'add payments');
  assert.equal(accepted.status, 0, accepted.stdout + accepted.stderr);
  assert.equal(git('rev-list', '--count', 'HEAD').stdout.trim(), '1');
});

/** Starts a server the way an MCP client config says and lists its tools. */
async function startFromConfig({ command, args }, cwd) {
  const client = new Client({ name: 'recipe-test', version: '1.0.0' });
  await client.connect(new StdioClientTransport({ command, args, cwd, stderr: 'pipe' }));
  return client;
}

test('every MCP client configuration in the README starts the server', async () => {
  const secret = stripeSecretKey();
  const workspace = project({ 'dist/app.js': `k="${secret}"` });
  const claude = /^claude mcp add spillproof -- (\S+) (.+)$/.exec(recipe('claude-code'));
  assert.ok(claude, recipe('claude-code'));
  const configs = {
    'claude-code': { command: claude[1], args: claude[2].split(' ') },
    'mcp-servers-json': JSON.parse(recipe('mcp-servers-json')).mcpServers.spillproof,
    'codex-toml': parseToml(recipe('codex-toml')).mcp_servers.spillproof,
  };
  // VS Code substitutes ${workspaceFolder} before starting the server.
  const vscode = JSON.parse(recipe('vscode-mcp-json')).servers.spillproof;
  assert.equal(vscode.type, 'stdio');
  configs['vscode-mcp-json'] = { command: vscode.command, args: vscode.args.map((a) => a.replace('${workspaceFolder}', workspace)) };

  for (const [name, config] of Object.entries(configs)) {
    // Clients start servers in the project (VS Code passes it as --root instead).
    const cwd = name === 'vscode-mcp-json' ? root : workspace;
    const client = await startFromConfig(config, cwd);
    try {
      const { tools } = await client.listTools();
      assert.deepEqual(tools.map((t) => t.name).sort(), ['check_env', 'explain_finding', 'scan_paths', 'scan_text'], name);
      const scan = await client.callTool({ name: 'scan_paths', arguments: { paths: ['dist'] } });
      assert.equal(scan.structuredContent.status, 'fail', `${name}: ${scan.content[0].text}`);
      assert.ok(!JSON.stringify(scan).includes(secret));
    } finally {
      await client.close();
    }
  }
});

test('the README GitHub Actions job: its scan step writes schema-valid SARIF that the upload step reads, and fails the job', () => {
  const workflow = recipe('github-actions');
  const scanStep = /run: (npx spillproof scan (\S+) --format sarif --output (\S+))/.exec(workflow);
  assert.ok(scanStep, 'the workflow runs a SARIF scan');
  const [, command, scanned, sarifFile] = scanStep;
  assert.match(workflow, new RegExp(`uses: github/codeql-action/upload-sarif@v\\d+\\n\\s+with:\\n\\s+sarif_file: ${sarifFile.replace('.', '\\.')}`));
  assert.match(workflow, /if: \$\{\{ !cancelled\(\) \}\}\n\s+uses: github\/codeql-action\/upload-sarif/, 'the upload runs after a failing scan');
  assert.match(workflow, /security-events: write/);

  const secret = stripeSecretKey();
  const dir = project({ [`${scanned}/assets/index.js`]: `Stripe("${secret}")`, [`${scanned}/index.html`]: '<!doctype html><script src="/assets/index.js"></script>' });
  const r = spawnSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8' });
  assert.equal(r.status, 1, 'the step fails the job when a secret would ship');
  const sarif = JSON.parse(readFileSync(path.join(dir, sarifFile), 'utf8'));
  assert.ok(validateSarif(sarif), JSON.stringify(validateSarif.errors?.slice(0, 5)));
  assert.deepEqual(sarif.runs[0].results.map((x) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri]), [['stripe.live-secret-key', `${scanned}/assets/index.js`]]);
  assert.ok(!readFileSync(path.join(dir, sarifFile), 'utf8').includes(secret));
});
