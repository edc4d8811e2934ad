// Input and output schemas of the MCP tools (zod; the SDK advertises them as JSON Schema
// in tools/list and checks every structuredContent against its output schema). The
// finding shape is the JSON report's, trimmed to what an agent acts on: never a value,
// only the redacted form and the fingerprint.

import * as z from 'zod';

import { SEVERITIES } from '../policy.js';
import { FRAMEWORK_IDS } from '../explain/index.js';

export const Severity = z.enum(SEVERITIES);
export const FailOn = z.enum([...SEVERITIES, 'none']);
export const Verdict = z.enum(['secret', 'review', 'publishable']);
export const FrameworkId = z.enum(FRAMEWORK_IDS);
export const Fingerprint = z.string().regex(/^[0-9a-f]{16}$/, 'a 16-digit hex fingerprint from a scan');

export const Finding = z.object({
  rule_id: z.string(),
  title: z.string(),
  provider: z.string(),
  severity: Severity,
  verdict: Verdict,
  blocking: z.boolean().describe('at or above fail_on and not publishable: this must not ship'),
  file: z.string(),
  line: z.number().int(),
  column: z.number().int(),
  source: z.object({ file: z.string(), line: z.number().int(), column: z.number().int() }).nullable()
    .describe('the position in the original source, when a source map gives it'),
  redacted: z.string().describe('a redacted form: never the full value'),
  fingerprint: Fingerprint,
  why: z.string(),
  fix: z.string().describe('the fix in one line; explain_finding gives steps and code'),
});

export const NotScanned = z.object({ file: z.string(), code: z.string(), reason: z.string() });

export const Summary = z.object({
  blocking: z.number().int(),
  secret: z.number().int(),
  review: z.number().int(),
  publishable: z.number().int(),
  fail_on: FailOn,
  suppressed: z.number().int().describe('dropped by the allowlist of spillproof.toml'),
});

const scanOutput = {
  status: z.enum(['pass', 'fail', 'incomplete']).describe('fail: something must not ship; incomplete: not everything was read, never treat as clean'),
  complete: z.boolean(),
  summary: Summary,
  findings: z.array(Finding).describe('most serious first, capped at max_findings'),
  findings_total: z.number().int(),
  findings_truncated: z.boolean(),
  framework: z.string().nullable().describe('the framework the fixes are written for'),
};

export const ScanPathsInput = z.object({
  paths: z.array(z.string().min(1)).min(1).max(100)
    .describe('files or folders, e.g. ["dist"] after a build or ["src"]; relative to the server\'s working directory (see cwd in the result) or absolute'),
  fail_on: FailOn.default('high').describe('severity at or above which secrets and keys to review block'),
  max_findings: z.number().int().min(1).max(500).default(50).describe('how many findings to list; totals are always given'),
});

export const ScanPathsOutput = z.object({
  ...scanOutput,
  cwd: z.string().describe('relative paths were resolved from here'),
  not_scanned: z.array(NotScanned).describe('files that could not be read or were too large (capped at 50)'),
  not_scanned_total: z.number().int(),
  stats: z.object({ files: z.number().int(), bytes: z.number().int(), duration_ms: z.number().int() }),
});

export const ScanTextInput = z.object({
  text: z.string().max(8 * 1024 * 1024).describe('code or config you are about to write'),
  filename: z.string().max(500).optional().describe('e.g. "src/lib/supabase.ts": decides how it is read (JS, HTML, JSON, .env)'),
  kind: z.enum(['js', 'html', 'css', 'json', 'source-map', 'text']).optional().describe('overrides the kind the filename implies'),
  fail_on: FailOn.default('high'),
});

export const ScanTextOutput = z.object(scanOutput);

export const CheckEnvInput = z.object({
  env_file: z.string().min(1).describe('path to a .env file (.env, .env.local, .env.production, …)'),
  framework: FrameworkId.optional().describe('default: detected from the nearest package.json'),
});

export const EnvVariable = z.object({
  name: z.string(),
  line: z.number().int().nullable(),
  prefix: z.string().describe('the prefix that makes the framework inline it into client code'),
  status: z.enum(['secret', 'review', 'publishable', 'credential-name', 'plain'])
    .describe('secret/review/publishable: what the value is; credential-name: no known key shape but a name like *_KEY/*_SECRET/*_TOKEN; plain: nothing found'),
  rule_id: z.string().nullable(),
  fingerprint: Fingerprint.nullable().describe('pass to explain_finding'),
});

export const CheckEnvOutput = z.object({
  status: z.enum(['pass', 'fail']).describe('fail: a client-exposed variable holds a secret'),
  env_file: z.string(),
  framework: z.string().nullable(),
  framework_source: z.string(),
  public_prefixes: z.array(z.string()),
  variables_total: z.number().int(),
  client_exposed: z.array(EnvVariable).describe('capped at 100'),
  client_exposed_total: z.number().int(),
  exposed_secrets: z.array(z.string()).describe('names of client-exposed variables that hold a secret: rename and move them server-side'),
  needs_review: z.array(z.string()).describe('client-exposed names that look like credentials or hold keys to review'),
  server_only: z.array(z.string()).describe('names without a public prefix (capped at 100): these stay on the server'),
  server_only_total: z.number().int(),
});

export const ExplainInput = z.object({
  fingerprint: Fingerprint.optional().describe('from scan_paths, scan_text or check_env in this session'),
  rule_id: z.string().optional().describe('a rule id, e.g. "openai.project-key", when you have no fingerprint'),
  framework: FrameworkId.optional().describe('default: the framework detected for the scanned project, or from project_dir'),
  project_dir: z.string().optional().describe('the project folder for framework detection (default: the scanned one, or the server\'s cwd)'),
});

export const ExplainOutput = z.object({
  rule_id: z.string(),
  title: z.string(),
  provider: z.string(),
  severity: Severity,
  verdict: Verdict,
  must_not_ship: z.boolean(),
  what_it_unlocks: z.string(),
  why: z.string(),
  framework: z.object({ id: z.string().nullable(), name: z.string(), source: z.string() }),
  fix: z.object({
    summary: z.string(),
    steps: z.array(z.string()),
    files: z.array(z.object({ path: z.string(), language: z.string(), code: z.string() })).describe('code to add (placeholders: callX, doPrivilegedWork)'),
  }),
  rotate: z.string().nullable(),
  remediation: z.string().describe("the rule's own remediation text"),
  references: z.array(z.string()),
  finding: z.object({ file: z.string(), line: z.number().int(), column: z.number().int(), redacted: z.string().nullable(), variable: z.string().nullable() }).nullable(),
});
