// SARIF 2.1.0 for code scanning: one `rule` per rule id with help text, one `result` per
// finding with a redacted message (never the secret) and the fingerprint as a
// partialFingerprint so alerts stay stable across rebuilds.

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

export function buildSarif(report, { version }) {
  const rules = new Map();
  for (const f of report.findings) {
    if (rules.has(f.rule_id)) continue;
    rules.set(f.rule_id, {
      id: f.rule_id,
      name: f.rule_id.replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase()),
      shortDescription: { text: f.title },
      fullDescription: { text: f.description },
      help: { text: `Fix: ${f.remediation}`, markdown: `**Fix:** ${f.remediation}` },
      defaultConfiguration: { level: f.verdict === 'publishable' ? 'note' : LEVEL[f.severity] },
      properties: { tags: ['security', 'secret', f.verdict], 'security-severity': SECURITY_SEVERITY[f.severity], provider: f.provider },
    });
  }
  const ruleIndex = new Map([...rules.keys()].map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'spillproof', version, rules: [...rules.values()] } },
      columnKind: 'utf16CodeUnits',
      results: report.findings.map((f) => ({
        ruleId: f.rule_id,
        ruleIndex: ruleIndex.get(f.rule_id),
        level: f.verdict === 'publishable' ? 'note' : LEVEL[f.severity],
        message: { text: `${f.title} (${f.verdict}): ${f.redacted}. ${f.verdict_reason}.` },
        locations: [{
          physicalLocation: {
            artifactLocation: { uri: f.file.split('\\').join('/') },
            region: { startLine: f.line, startColumn: f.column_utf16, endLine: f.end_line, endColumn: f.end_column_utf16 },
          },
        }],
        partialFingerprints: { 'spillproof/v1': f.fingerprint },
        properties: { verdict: f.verdict, severity: f.severity, redacted: f.redacted },
      })),
      invocations: [{
        executionSuccessful: report.complete,
        toolExecutionNotifications: report.skipped.filter((s) => s.incomplete).map((s) => ({
          level: 'warning',
          message: { text: `not scanned: ${s.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: s.file.split('\\').join('/') } } }],
        })),
      }],
    }],
  };
}
