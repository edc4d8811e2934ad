// `spillproof` command line: `scan` a folder of built assets (or the staged files of a
// commit), list `rules`, serve `mcp` to AI coding tools, `init` a project.
//
// Exit codes (documented in the README):
//   0  nothing at or above --fail-on, and everything was scanned
//   1  findings at or above --fail-on
//   2  usage or configuration error, or a scan that could not complete (never 0 then)

import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Engine, ConfigError } from '@spillproof/engine';

import { collectFiles } from './collect-files.js';
import { collectStaged, GitError } from './collect-staged.js';
import { findSourceRoot } from './source-root.js';
import { loadConfig, ConfigFileError } from '../config.js';
import { scanAssets } from '../scan.js';
import { loadBaseline, applyBaseline, BaselineError } from '../baseline.js';
import { DEFAULT_FAIL_ON, isValidThreshold } from '../policy.js';
import { buildReport, formatJson } from '../report/json.js';
import { formatText } from '../report/text.js';
import { buildSarif } from '../report/sarif.js';
import { formatAgent } from '../report/agent.js';
import { projectContext } from '../explain/index.js';
import { DEFAULT_MAX_FILE_BYTES } from '../scan.js';

export const EXIT = { CLEAN: 0, FINDINGS: 1, ERROR: 2 };

const VERSION = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version;

const HELP = `spillproof ${VERSION}: find secrets in front-end build output before it ships

Usage:
  spillproof scan [PATH...] [--format text|json|sarif|agent] [--fail-on SEVERITY] [--config FILE]
                  [--baseline REPORT.json] [--output FILE] [--staged]
  spillproof rules [--format text|json]
  spillproof init [--dry-run]
  spillproof mcp [--root DIR]
  spillproof --help | --version

scan      Scans files and folders (default: .). Skips node_modules and .git unless named.
          --format    text (default), json (stable, see README), sarif (2.1.0, for GitHub
                      code scanning) or agent (one line per finding with its fix, for AI tools)
          --staged    scans the files staged for the next commit, as git will record them
          --fail-on   critical | high (default) | medium | low | info | none:
                      exit 1 when a secret or key to review at or above it is found
                          (publishable keys never fail)
          --config    TOML or JSON config (default: ./spillproof.toml or ./spillproof.config.json)
          --baseline  a previous JSON report: its findings are accepted, only new ones are reported
          --output    write the report to FILE instead of stdout
rules     Lists the detection rules.
init      Adds the bundler plugin to this project's Vite/webpack/Rollup/Rspack config or
          esbuild script (Next.js: a post-build scan) and a check:secrets script.
mcp       Serves the Model Context Protocol on stdio for AI coding tools (read-only tools
          scan_paths, scan_text, check_env, explain_finding). Relative paths and
          spillproof.toml are read from --root (default: the current folder).

Exit codes: 0 clean, 1 findings at or above --fail-on, 2 usage error or incomplete scan.
`;

export async function main(argv, { stdout, stderr, cwd }) {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    stdout.write(HELP);
    return command === undefined ? EXIT.ERROR : EXIT.CLEAN;
  }
  if (command === '--version' || command === '-V') {
    stdout.write(`${VERSION}\n`);
    return EXIT.CLEAN;
  }
  // Nothing may be written to stdout on this path but protocol messages.
  if (command === 'mcp') {
    let root;
    try {
      ({ values: { root } } = parseArgs({ args: rest, options: { root: { type: 'string' } } }));
    } catch (error) {
      stderr.write(`spillproof mcp: ${error.message}\n`);
      return EXIT.ERROR;
    }
    const { startMcpServer } = await import('../mcp/server.js');
    startMcpServer({ cwd: root ? path.resolve(cwd, root) : cwd, version: VERSION, stderr });
    return EXIT.CLEAN;
  }
  if (command === 'init') {
    const { runInit } = await import('../init/index.js');
    return runInit(rest, { stdout, stderr, cwd, version: VERSION });
  }
  const usage = (message) => {
    stderr.write(`spillproof: ${message}\nRun \`spillproof --help\` for usage.\n`);
    return EXIT.ERROR;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      options: {
        format: { type: 'string', default: 'text' },
        'fail-on': { type: 'string', default: DEFAULT_FAIL_ON },
        config: { type: 'string' },
        baseline: { type: 'string' },
        output: { type: 'string', short: 'o' },
        staged: { type: 'boolean' },
        color: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usage(error.message);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    stdout.write(HELP);
    return EXIT.CLEAN;
  }
  const write = async (text) => {
    if (values.output) {
      const { writeFile } = await import('node:fs/promises');
      await writeFile(values.output, text);
    } else {
      stdout.write(text);
    }
  };

  if (command === 'rules') {
    if (!['text', 'json'].includes(values.format)) return usage(`unknown format for rules: ${values.format}`);
    const engine = await Engine.create();
    const rules = engine.rules();
    if (values.format === 'json') {
      await write(`${JSON.stringify(rules.map(({ id, provider, verdict, severity, title, family }) => ({ id, provider, verdict, severity, title, family })), null, 2)}\n`);
    } else {
      const width = Math.max(...rules.map((r) => r.id.length));
      const lines = rules.map((r) => `${r.id.padEnd(width)}  ${r.verdict.padEnd(11)}  ${r.severity.padEnd(8)}  ${r.provider}: ${r.title}`);
      const providers = new Set(rules.map((r) => r.provider)).size;
      await write(`${lines.join('\n')}\n${rules.length} rules, ${providers} providers\n`);
    }
    return EXIT.CLEAN;
  }

  if (command !== 'scan') return usage(`unknown command: ${command}`);
  if (!['text', 'json', 'sarif', 'agent'].includes(values.format)) return usage(`unknown format: ${values.format}`);
  if (values.staged && positionals.length) return usage('--staged scans the staged files: give no paths with it');
  if (!isValidThreshold(values['fail-on'])) return usage(`--fail-on must be one of critical, high, medium, low, info, none (got ${values['fail-on']})`);

  let engine;
  let baseline;
  try {
    const { config } = await loadConfig(values.config, cwd);
    engine = await Engine.create({ config });
    if (values.baseline) baseline = await loadBaseline(path.resolve(cwd, values.baseline));
  } catch (error) {
    if (error instanceof ConfigError || error instanceof ConfigFileError || error instanceof BaselineError) return usage(error.message);
    throw error;
  }

  let collected;
  try {
    collected = values.staged
      ? await collectStaged(cwd, { maxFileBytes: DEFAULT_MAX_FILE_BYTES })
      : await collectFiles(positionals.length ? positionals : ['.'], cwd);
  } catch (error) {
    if (error instanceof GitError) return usage(error.message);
    throw error;
  }
  const { assets, skipped: unreadable } = collected;
  const result = await scanAssets(engine, assets);
  result.skipped.unshift(...unreadable);
  ({ findings: result.findings, baselined: result.baselined } = applyBaseline(result.findings, baseline));
  const failOn = values['fail-on'];
  const report = buildReport(result, { failOn });

  if (values.format === 'json') await write(formatJson(report));
  else if (values.format === 'sarif') {
    const sarif = buildSarif(report, { version: VERSION, cwd, srcRoot: findSourceRoot(cwd), rules: engine.rules(), sourcesRelativeTo: 'file' });
    await write(`${JSON.stringify(sarif, null, 2)}\n`);
  } else if (values.format === 'agent') await write(formatAgent(report, projectContext(cwd)));
  else await write(formatText(report, { color: values.color ?? (!values.output && stdout.isTTY === true && !process.env.NO_COLOR) }));

  if (report.summary.blocking > 0) return EXIT.FINDINGS;
  if (!report.complete) return EXIT.ERROR;
  return EXIT.CLEAN;
}
