// check_env: which variables of a .env file the framework inlines into client code, and
// which of those hold a secret. Answers by name: values never leave this function, not
// even redacted.

import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseEnv } from 'node:util';

import { CREDENTIAL_NAME, clientExposures, isSearchableValue } from '../../plugin/env.js';
import { toReportFinding } from '../../report/json.js';
import { ALL_PUBLIC_PREFIXES, FRAMEWORKS, projectContext } from '../../explain/index.js';
import { CheckEnvInput, CheckEnvOutput } from '../schemas.js';
import { errorResult } from '../results.js';

const MAX_LISTED = 100;
const STATUS_ORDER = { secret: 0, review: 1, publishable: 2 };

export const checkEnvTool = {
  name: 'check_env',
  config: {
    title: 'Check which .env variables reach the browser',
    description: [
      'Reads a .env file and tells which variables the framework inlines into client code (VITE_, NEXT_PUBLIC_, REACT_APP_,',
      'PUBLIC_, EXPO_PUBLIC_, NUXT_PUBLIC_, GATSBY_, VUE_APP_ … per framework, detected from package.json unless given),',
      'and which of those hold a secret (exposed_secrets: rename them without the prefix and use them server-side only).',
      'Answers by variable name and fingerprint: values are never returned. Read-only.',
    ].join(' '),
    inputSchema: CheckEnvInput,
    outputSchema: CheckEnvOutput,
    annotations: { title: 'Check .env exposure', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  /** @param {import('../session.js').Session} session */
  handler: (session) => async ({ env_file: envFile, framework }) => {
    const file = path.resolve(session.cwd, envFile);
    let text;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      return errorResult(`Cannot read ${envFile}: ${error.code ?? error.message}. Nothing was checked.`);
    }
    let engine;
    try {
      engine = await session.engine();
    } catch (error) {
      return errorResult(`Cannot check: ${error.message}`);
    }
    const parsed = parseEnv(text);
    const vars = new Map(Object.entries(parsed).map(([name, value]) => [name, { value, file: envFile, line: lineOf(text, name) }]));
    const projectDir = path.dirname(file);
    const ctx = projectContext(projectDir, framework);
    const fw = ctx.framework ? FRAMEWORKS[ctx.framework] : undefined;
    const publicPrefixes = fw?.publicPrefixes ?? ALL_PUBLIC_PREFIXES;
    const exposures = clientExposures({ vars, publicPrefixes, exposedAs: 'client code', defines: [], root: projectDir });

    const exposed = [];
    for (const { name, value, prefix, line } of exposures) {
      // Scanned with its name, as it appears in the file: rules use the name as context.
      const report = engine.scan(path.basename(file), `${name}=${JSON.stringify(value)}\n`, 'text');
      const finding = report.findings.sort((a, b) => STATUS_ORDER[a.verdict] - STATUS_ORDER[b.verdict])[0];
      if (finding) {
        const reportFinding = { ...toReportFinding({ file: envFile, ...finding }, 'high'), line: line ?? 1, redacted: null };
        session.remember(reportFinding, { projectDir, variable: name });
      }
      const status = finding?.verdict ?? (CREDENTIAL_NAME.test(name) && isSearchableValue(value, true) ? 'credential-name' : 'plain');
      exposed.push({ name, line: line ?? null, prefix, status, rule_id: finding?.rule_id ?? null, fingerprint: finding?.fingerprint ?? null });
    }
    exposed.sort((a, b) => rank(a.status) - rank(b.status) || a.name.localeCompare(b.name));
    const isPublic = (name) => publicPrefixes.some((p) => name.startsWith(p));
    const serverOnly = [...vars.keys()].filter((name) => !isPublic(name)).sort();
    const exposedSecrets = exposed.filter((v) => v.status === 'secret').map((v) => v.name);
    const structured = {
      status: exposedSecrets.length ? 'fail' : 'pass',
      env_file: envFile,
      framework: ctx.framework,
      framework_source: fw ? ctx.frameworkSource : 'unknown: every known public prefix counted',
      public_prefixes: publicPrefixes,
      variables_total: vars.size,
      client_exposed: exposed.slice(0, MAX_LISTED),
      client_exposed_total: exposed.length,
      exposed_secrets: exposedSecrets,
      needs_review: exposed.filter((v) => v.status === 'review' || v.status === 'credential-name').map((v) => v.name),
      server_only: serverOnly.slice(0, MAX_LISTED),
      server_only_total: serverOnly.length,
    };
    return { content: [{ type: 'text', text: summarize(structured) }], structuredContent: structured };
  },
};

const rank = (status) => ({ secret: 0, review: 1, 'credential-name': 2, publishable: 3, plain: 4 })[status];

function summarize(s) {
  const lines = [`check_env ${s.status.toUpperCase()}: ${s.env_file}, framework=${s.framework ?? 'unknown'}, public prefixes ${s.public_prefixes.join(' ')}; ${s.client_exposed_total} of ${s.variables_total} variables reach the browser`];
  for (const v of s.client_exposed) lines.push(`${v.status.toUpperCase()} ${v.name}${v.line ? ` (line ${v.line})` : ''}${v.rule_id ? ` ${v.rule_id} fp=${v.fingerprint}` : ''}`);
  if (s.exposed_secrets.length) lines.push(`Fix: rename ${s.exposed_secrets.join(', ')} without the public prefix, read them only in server code, rotate them if a build was deployed; explain_finding with the fp gives the code.`);
  return lines.join('\n');
}

function lineOf(text, key) {
  const index = text.split(/\r?\n/).findIndex((line) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(line));
  return index === -1 ? undefined : index + 1;
}
