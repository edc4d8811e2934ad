// The stable JSON report (version 1), documented in the README. Reporters and tools
// (baselines, the MCP server, CI) read this shape; add keys, never rename or remove.

import { isBlocking } from '../policy.js';

export const REPORT_VERSION = 1;

/** Flattens one engine finding (plus its file) into the report's finding shape. */
export function toReportFinding(finding, failOn) {
  const { location } = finding;
  return {
    rule_id: finding.rule_id,
    provider: finding.provider,
    title: finding.title,
    severity: finding.severity,
    verdict: finding.verdict,
    verdict_reason: finding.verdict_reason,
    blocking: isBlocking(finding, failOn),
    file: finding.file,
    line: location.line,
    column: location.column,
    end_line: location.end_line,
    end_column: location.end_column,
    column_utf16: location.column_utf16,
    end_column_utf16: location.end_column_utf16,
    offset: location.start,
    end_offset: location.end,
    redacted: finding.redacted,
    fingerprint: finding.fingerprint,
    source: finding.source ?? null,
    decoded: finding.decoded ?? [],
    note: finding.note ?? null,
    description: finding.description,
    remediation: finding.remediation,
  };
}

export function buildReport(result, { failOn }) {
  const findings = result.findings.map((f) => toReportFinding(f, failOn));
  const count = (verdict) => findings.filter((f) => f.verdict === verdict).length;
  return {
    version: REPORT_VERSION,
    complete: !result.skipped.some((s) => s.incomplete),
    summary: {
      blocking: findings.filter((f) => f.blocking).length,
      secret: count('secret'),
      review: count('review'),
      publishable: count('publishable'),
      fail_on: failOn,
      baselined: result.baselined ?? 0,
      suppressed: result.suppressed ?? 0,
    },
    findings,
    skipped: result.skipped.map(({ file, code, reason, incomplete }) => ({ file, code, reason, incomplete })),
    stats: result.stats,
  };
}

export function formatJson(report) {
  return `${JSON.stringify(report, null, 2)}\n`;
}
