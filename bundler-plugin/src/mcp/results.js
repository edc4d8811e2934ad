// Shared by the scan tools: a JSON report → the tool result (structuredContent for the
// agent's code, the compact `--format agent` text for its context window) and an error
// result that never says "clean". Every string here comes from a redacted report.

import { shortFix } from '../explain/index.js';
import { formatAgent } from '../report/agent.js';

const VERDICT_ORDER = { secret: 0, review: 1, publishable: 2 };
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

/** The structured part common to scan_paths and scan_text. */
export function scanStructure(report, ctx, maxFindings) {
  const ordered = [...report.findings].sort((a, b) =>
    Number(b.blocking) - Number(a.blocking) || VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.file.localeCompare(b.file) || a.line - b.line);
  const { summary } = report;
  return {
    status: summary.blocking > 0 ? 'fail' : report.complete ? 'pass' : 'incomplete',
    complete: report.complete,
    summary: {
      blocking: summary.blocking,
      secret: summary.secret,
      review: summary.review,
      publishable: summary.publishable,
      fail_on: summary.fail_on,
      suppressed: summary.suppressed,
    },
    findings: ordered.slice(0, maxFindings).map((f) => ({
      rule_id: f.rule_id,
      title: f.title,
      provider: f.provider,
      severity: f.severity,
      verdict: f.verdict,
      blocking: f.blocking,
      file: f.file,
      line: f.line,
      column: f.column,
      source: f.source ? { file: String(f.source.file), line: f.source.line, column: f.source.column } : null,
      redacted: f.redacted,
      fingerprint: f.fingerprint,
      why: f.verdict_reason,
      fix: shortFix(f, ctx),
    })),
    findings_total: ordered.length,
    findings_truncated: ordered.length > maxFindings,
    framework: ctx.framework,
  };
}

/** A tool result; `isError` when the scan could not read everything. */
export function scanResult(report, ctx, structured) {
  return {
    content: [{ type: 'text', text: formatAgent(report, ctx) }],
    structuredContent: structured,
    ...(report.complete ? {} : { isError: true }),
  };
}

/** A failed call: a message only (no structured content claims anything was scanned). */
export function errorResult(message) {
  return { content: [{ type: 'text', text: message }], isError: true };
}
