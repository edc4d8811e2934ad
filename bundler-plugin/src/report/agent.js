// `--format agent`: the report for an AI coding tool. Token-efficient: a status line, then
// one line per finding with where it is, the redacted value, the fingerprint and the fix
// for this project's framework; publishable keys folded into one line; what could not be
// scanned. Never a raw secret (findings only carry the redacted form).

import { shortFix } from '../explain/index.js';

/** Beyond this many finding lines the rest is counted, not listed (the JSON report has all). */
export const MAX_AGENT_LINES = 100;

const VERDICT_ORDER = { secret: 0, review: 1, publishable: 2 };
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/**
 * @param {object} report the JSON report (report/json.js)
 * @param {import('../explain/index.js').FixContext} ctx
 */
export function formatAgent(report, ctx) {
  const { summary, stats } = report;
  const lines = [];
  const status = summary.blocking > 0 ? 'FAIL' : report.complete ? 'PASS' : 'INCOMPLETE';
  const framework = ctx.framework ? ` framework=${ctx.framework}${ctx.backends.length ? `+${ctx.backends.join('+')}` : ''}` : '';
  lines.push(`spillproof ${status}: blocking=${summary.blocking} secret=${summary.secret} review=${summary.review} publishable=${summary.publishable} fail_on=${summary.fail_on} files=${stats.files}${framework}`);

  const loud = report.findings
    .filter((f) => f.verdict !== 'publishable')
    .sort((a, b) => Number(b.blocking) - Number(a.blocking) || VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);
  for (const f of loud.slice(0, MAX_AGENT_LINES)) {
    const where = `${f.file}:${f.line}:${f.column}${f.source ? ` (src ${f.source.file}:${f.source.line}:${f.source.column})` : ''}`;
    const tag = `${f.blocking ? 'BLOCK' : 'WARN'} ${f.verdict}/${f.severity}`;
    lines.push(`${tag} ${f.rule_id} ${where} ${f.redacted} fp=${f.fingerprint} | fix: ${shortFix(f, ctx)}`);
  }
  if (loud.length > MAX_AGENT_LINES) lines.push(`… ${loud.length - MAX_AGENT_LINES} more findings not listed (use --format json)`);

  const publishable = new Map();
  for (const f of report.findings.filter((x) => x.verdict === 'publishable')) publishable.set(f.rule_id, (publishable.get(f.rule_id) ?? 0) + 1);
  if (publishable.size) lines.push(`OK publishable (public by design, no action): ${[...publishable].map(([id, n]) => (n > 1 ? `${id}×${n}` : id)).join(', ')}`);

  const incomplete = report.skipped.filter((s) => s.incomplete);
  for (const s of incomplete.slice(0, 20)) lines.push(`NOT-SCANNED ${s.file}: ${s.reason}`);
  if (incomplete.length > 20) lines.push(`… ${incomplete.length - 20} more files not scanned`);
  if (!report.complete) lines.push('The scan is incomplete: do not treat this as clean.');
  if (loud.length) lines.push('Details and code for a fix: spillproof MCP tool explain_finding with the fp, or --format json.');
  return `${lines.join('\n')}\n`;
}
