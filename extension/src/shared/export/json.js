// The page's report as JSON: what the popup shows, redacted values and fingerprints only.
// Stable keys (added, never renamed), like the CLI's JSON report.

export function reportToJson(report, { version, exportedAt = new Date() }) {
  return {
    version: 1,
    tool: { name: 'spillproof-extension', version },
    exported_at: exportedAt.toISOString(),
    page: {
      url: report.url,
      title: report.title,
      mode: report.mode,
      status: report.status,
      started_at: new Date(report.startedAt).toISOString(),
      finished_at: report.finishedAt ? new Date(report.finishedAt).toISOString() : null,
    },
    summary: { ...report.counts, omitted_findings: report.omittedExposures },
    findings: report.exposures.map((e) => ({
      rule_id: e.rule_id,
      provider: e.provider,
      title: e.title,
      severity: e.severity,
      verdict: e.verdict,
      verdict_reason: e.verdict_reason,
      redacted: e.redacted,
      fingerprint: e.fingerprint,
      description: e.description,
      remediation: e.remediation,
      occurrences: e.locationCount,
      locations: e.locations.map((p) => ({
        where: p.where,
        url: p.url,
        label: p.label,
        line: p.line,
        column: p.column,
        column_utf16: p.columnUtf16,
        source: p.source,
        decoded: p.decoded,
        note: p.note,
      })),
    })),
    skipped: report.skipped,
    stats: report.stats,
    budget: report.budget,
  };
}
