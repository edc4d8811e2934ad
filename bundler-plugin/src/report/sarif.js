// SARIF 2.1.0, shaped for GitHub code scanning (and read by any SARIF viewer):
// - one rule per rule id, with shortDescription, fullDescription, help (text and markdown),
//   helpUri, defaultConfiguration and properties.tags / precision / security-severity,
//   which GitHub uses for the alert's severity;
// - one result per finding, located at the developer's original source when a source map
//   or the emitted module list gives it (that file is in the repository, dist/ usually is
//   not), with the emitted file as a related location; URIs relative to the repository
//   root under uriBaseId %SRCROOT%;
// - partialFingerprints["spillproof/v1"] (rule + value, stable across rebuilds), so alerts
//   are not re-opened by new chunk hashes;
// - messages and region snippets carry the redacted value only;
// - at most MAX_RESULTS_PER_RUN results, the most serious first (GitHub displays 5,000 per
//   run and rejects more than 25,000), and at most MAX_TAGS tags per rule (GitHub shows 10);
//   what was left out is said in the run's notifications and properties.

import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const MAX_RESULTS_PER_RUN = 5000;
export const MAX_TAGS = 10;

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
// CVSS-like bands GitHub maps to critical (≥ 9.0), high (7.0–8.9), medium (4.0–6.9), low (0.1–3.9).
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '1.0' };
const VERDICT_ORDER = { secret: 0, review: 1, publishable: 2 };
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
// CWE-798: Use of Hard-coded Credentials; CWE-200: Exposure of Sensitive Information.
const CWE_TAGS = ['external/cwe/cwe-798', 'external/cwe/cwe-200'];

/**
 * @param {object} report the JSON report (report/json.js)
 * @param {object} options
 * @param {string} options.version spillproof's version
 * @param {string} [options.cwd] the folder the report's relative file paths start from
 * @param {string} [options.srcRoot] the repository root URIs are made relative to (with cwd)
 * @param {Array<{ id: string, references?: string[] }>} [options.rules] the engine's catalogue, for helpUri
 * @param {'root' | 'file'} [options.sourcesRelativeTo] what a finding's `source.file` is relative to:
 *   the project root like `file` (the plugins), or the emitted file's folder (the CLI, as in source maps)
 */
export function buildSarif(report, { version, cwd, srcRoot, rules: catalogue = [], sourcesRelativeTo = 'root' }) {
  const references = new Map(catalogue.map((r) => [r.id, r.references ?? []]));
  const locate = locator(cwd, srcRoot);

  const ordered = [...report.findings].sort((a, b) =>
    Number(b.blocking) - Number(a.blocking) || VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
  const included = ordered.slice(0, MAX_RESULTS_PER_RUN);
  const omitted = ordered.length - included.length;

  const rules = new Map();
  for (const f of included) if (!rules.has(f.rule_id)) rules.set(f.rule_id, ruleDescriptor(f, references.get(f.rule_id) ?? []));
  const ruleIndex = new Map([...rules.keys()].map((id, i) => [id, i]));

  const notifications = report.skipped.filter((s) => s.incomplete).slice(0, 1000).map((s) => ({
    level: 'error',
    message: { text: `not scanned: ${s.file}: ${s.reason}` },
    locations: [{ physicalLocation: { artifactLocation: locate(s.file) } }],
  }));
  if (omitted > 0) {
    notifications.push({ level: 'warning', message: { text: `${omitted} less serious results were left out: GitHub code scanning displays at most ${MAX_RESULTS_PER_RUN} results per run. The JSON report (--format json) has all ${ordered.length}.` } });
  }

  const run = {
    tool: {
      driver: {
        name: 'spillproof',
        informationUri: 'https://www.npmjs.com/package/spillproof',
        version,
        semanticVersion: version,
        rules: [...rules.values()],
      },
    },
    columnKind: 'utf16CodeUnits',
    results: included.map((f) => result(f, ruleIndex.get(f.rule_id), locate, sourcesRelativeTo)),
    invocations: [{ executionSuccessful: report.complete, toolExecutionNotifications: notifications }],
    properties: {
      complete: report.complete,
      summary: report.summary,
      resultsTotal: ordered.length,
      resultsOmitted: omitted,
    },
  };
  if (srcRoot) run.originalUriBaseIds = { '%SRCROOT%': { uri: `${pathToFileURL(srcRoot).href.replace(/\/?$/, '/')}` } };
  return { $schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0', runs: [run] };
}

function ruleDescriptor(f, references) {
  const secretish = f.verdict !== 'publishable';
  const tags = [...new Set([secretish ? 'security' : 'publishable-key', 'secret', `verdict/${f.verdict}`, ...(secretish ? CWE_TAGS : [])])].slice(0, MAX_TAGS);
  const allow = 'To accept an intended key, add its fingerprint to `[allow] fingerprints` in spillproof.toml.';
  const text = [
    `${f.title} (${f.provider}).`,
    `What it unlocks: ${f.description}`,
    secretish ? 'Why it must not ship: anything in a browser bundle, source map or public file can be read by every visitor.' : 'Publishable by design: it is meant to be public; no change is needed.',
    `Fix: ${f.remediation}`,
    allow,
  ].join('\n');
  const markdown = [
    `**${f.title}** (${f.provider})`,
    '',
    `**What it unlocks:** ${f.description}`,
    '',
    secretish ? '**Why it must not ship:** anything in a browser bundle, source map or public file can be read by every visitor.' : '**Publishable by design:** it is meant to be public; no change is needed.',
    '',
    `**Fix:** ${f.remediation}`,
    '',
    allow,
    ...(references.length ? ['', ...references.map((r) => `- ${r}`)] : []),
  ].join('\n');
  const descriptor = {
    id: f.rule_id,
    name: f.rule_id.replace(/(^|[^A-Za-z0-9]+)([A-Za-z0-9])/g, (_, __, c) => c.toUpperCase()),
    shortDescription: { text: f.title },
    fullDescription: { text: f.description },
    help: { text, markdown },
    defaultConfiguration: { level: secretish ? LEVEL[f.severity] : 'note' },
    properties: {
      tags,
      precision: f.verdict === 'secret' ? 'high' : 'medium',
      provider: f.provider,
      verdict: f.verdict,
    },
  };
  if (secretish) descriptor.properties['security-severity'] = SECURITY_SEVERITY[f.severity];
  if (references[0]) descriptor.helpUri = references[0];
  return descriptor;
}

function result(f, ruleIndex, locate, sourcesRelativeTo) {
  const emitted = {
    physicalLocation: {
      artifactLocation: locate(f.file),
      region: { startLine: f.line, startColumn: f.column_utf16, endLine: f.end_line, endColumn: f.end_column_utf16, snippet: { text: f.redacted } },
    },
  };
  const original = originalLocation(f, locate, sourcesRelativeTo);
  const where = original ? `${original.physicalLocation.artifactLocation.uri}:${f.source.line}, shipped in ${f.file}:${f.line}` : `${f.file}:${f.line}`;
  const message = f.verdict === 'publishable'
    ? `${f.title}: ${f.redacted} (publishable by design: ${f.verdict_reason}).`
    : `${f.title}: ${f.redacted} must not ship (${f.verdict}: ${f.verdict_reason}). Found in ${where}. Fix: ${f.remediation}`;
  return {
    ruleId: f.rule_id,
    ruleIndex,
    level: f.verdict === 'publishable' ? 'note' : LEVEL[f.severity],
    message: { text: message },
    locations: [original ?? emitted],
    ...(original ? { relatedLocations: [{ id: 1, message: { text: 'the emitted file that ships it' }, ...emitted }] } : {}),
    partialFingerprints: { 'spillproof/v1': f.fingerprint },
    properties: { verdict: f.verdict, severity: f.severity, blocking: f.blocking, redacted: f.redacted, decoded: f.decoded ?? [], ...(f.note ? { note: f.note } : {}) },
  };
}

/** The original source position as a location, when it is a plain relative or absolute path. */
function originalLocation(f, locate, sourcesRelativeTo) {
  const source = f.source;
  if (!source?.file || !source.line || /^[a-z][a-z0-9+.-]*:/i.test(source.file)) return null;
  const sourceFile = source.file.split('\\').join('/');
  const file = path.posix.isAbsolute(sourceFile) || sourcesRelativeTo === 'root' ? sourceFile : path.posix.join(path.posix.dirname(f.file.split('\\').join('/')), sourceFile);
  return {
    physicalLocation: {
      artifactLocation: locate(file),
      region: { startLine: source.line, ...(source.column ? { startColumn: source.column } : {}), snippet: { text: f.redacted } },
    },
  };
}

/**
 * file (relative to cwd, or absolute) → artifactLocation: relative to srcRoot under
 * %SRCROOT% when inside it, else an absolute file: URI. Segments are percent-encoded
 * (a space is not valid in a URI reference).
 */
function locator(cwd, srcRoot) {
  return (file) => {
    const posix = file.split('\\').join('/');
    if (!cwd || !srcRoot) {
      if (path.isAbsolute(file)) return { uri: pathToFileURL(file).href };
      return { uri: encodeSegments(path.posix.normalize(posix)), uriBaseId: '%SRCROOT%' };
    }
    const absolute = path.resolve(cwd, file);
    const relative = path.relative(srcRoot, absolute);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return { uri: pathToFileURL(absolute).href };
    return { uri: encodeSegments(relative.split(path.sep).join('/')), uriBaseId: '%SRCROOT%' };
  };
}

const encodeSegments = (relative) => relative.split('/').map(encodeURIComponent).join('/');
