// The page's report as SARIF 2.1.0, shaped like the CLI's (`spillproof scan --format
// sarif`): one rule per rule id with help text, one result per exposure with a redacted
// message, every place as a location (the original file as a related location), and the
// fingerprint as partialFingerprints["spillproof/v1"] so alerts stay stable.

const LEVEL = { critical: 'error', high: 'error', medium: 'warning', low: 'note', info: 'note' };
const SECURITY_SEVERITY = { critical: '9.5', high: '8.0', medium: '5.5', low: '3.0', info: '0.0' };

const levelOf = (e) => (e.verdict === 'publishable' ? 'note' : LEVEL[e.severity]);

function physical(place) {
  const location = { artifactLocation: { uri: place.url ?? place.label } };
  if (place.line) location.region = { startLine: place.line, startColumn: place.columnUtf16 ?? place.column };
  return location;
}

export function reportToSarif(report, { version }) {
  const rules = new Map();
  for (const e of report.exposures) {
    if (rules.has(e.rule_id)) continue;
    rules.set(e.rule_id, {
      id: e.rule_id,
      name: e.rule_id.replace(/[^A-Za-z0-9]+(.)/g, (_, c) => c.toUpperCase()),
      shortDescription: { text: e.title },
      fullDescription: { text: e.description },
      help: { text: `Fix: ${e.remediation}`, markdown: `**Fix:** ${e.remediation}` },
      defaultConfiguration: { level: levelOf(e) },
      properties: { tags: ['security', 'secret', e.verdict], 'security-severity': SECURITY_SEVERITY[e.severity], provider: e.provider },
    });
  }
  const ruleIndex = new Map([...rules.keys()].map((id, i) => [id, i]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'spillproof-extension', version, rules: [...rules.values()] } },
      columnKind: 'utf16CodeUnits',
      originalUriBaseIds: { PAGE: { uri: report.url } },
      results: report.exposures.map((e) => ({
        ruleId: e.rule_id,
        ruleIndex: ruleIndex.get(e.rule_id),
        level: levelOf(e),
        message: { text: `${e.title} (${e.verdict}): ${e.redacted}. ${e.verdict_reason}.` },
        locations: e.locations.map((place) => ({ physicalLocation: physical(place), message: { text: place.label } })),
        relatedLocations: e.locations.filter((p) => p.source).map((p, id) => ({
          id,
          message: { text: 'original source (through the source map)' },
          physicalLocation: { artifactLocation: { uri: p.source.file }, region: { startLine: p.source.line, startColumn: p.source.column } },
        })),
        partialFingerprints: { 'spillproof/v1': e.fingerprint },
        properties: { verdict: e.verdict, severity: e.severity, redacted: e.redacted, occurrences: e.locationCount },
      })),
      invocations: [{
        executionSuccessful: report.status === 'done',
        toolExecutionNotifications: report.skipped.filter((s) => s.incomplete).map((s) => ({
          level: 'warning',
          message: { text: `not scanned (${s.label}): ${s.reason}` },
          locations: [{ physicalLocation: { artifactLocation: { uri: s.url ?? report.url } } }],
        })),
      }],
    }],
  };
}
