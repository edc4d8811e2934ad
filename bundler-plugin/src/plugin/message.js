// The one block a build prints: what was found, where (emitted file and original module),
// why it matters, how to fix it, and how to allow it. Built from the JSON report, which
// holds redacted values only, so no raw secret can reach a log from here.

const RANK = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };
const VERDICT = { secret: 0, review: 1, publishable: 2 };

const allowSnippet = (fingerprints) => `spillproof({ allow: [${fingerprints.map((fp) => `'${fp}'`).join(', ')}] })`;

/**
 * @param {object} report the plugin's JSON report (findings carry `variable` and `phase`)
 * @param {{ mode: 'error'|'warn', phase: 'env'|'output', blocked: boolean, reportFile?: string }} context
 */
export function formatBlock(report, { mode, phase, blocked, reportFile }) {
  const loud = report.findings.filter((f) => f.verdict !== 'publishable');
  const quiet = report.findings.filter((f) => f.verdict === 'publishable');
  const blocking = loud.filter((f) => f.blocking);
  const incomplete = report.skipped.filter((s) => s.incomplete);
  const lines = [headline(report, { mode, phase, blocked, blocking, loud, incomplete })];

  for (const group of groups(loud)) lines.push('', ...entry(group));

  if (quiet.length > 0) {
    lines.push('', `Publishable keys (meant to be public; listed for information, never failing): ${groups(quiet).length}`);
    for (const [f, ...more] of groups(quiet)) {
      lines.push(`  ${f.title} [${f.rule_id}] ${f.redacted}  at ${where(f)}${more.length ? ` (+${more.length} more)` : ''}`);
    }
  }
  for (const s of incomplete) lines.push('', `Not scanned: ${s.file}: ${s.reason}. A file that cannot be scanned cannot be cleared.`);

  const fingerprints = [...new Set(blocking.map((f) => f.fingerprint))];
  if (fingerprints.length > 1) lines.push('', `To accept every finding above as intended: ${allowSnippet(fingerprints)}`);
  lines.push('', footer(report, { phase, reportFile }));
  return lines.join('\n');
}

function headline(report, { mode, phase, blocked, blocking, loud, incomplete }) {
  const n = new Set(blocking.map((f) => f.fingerprint)).size;
  const what = phase === 'env'
    ? `${n} client-exposed environment variable${n === 1 ? ' holds' : 's hold'} a secret`
    : `${n} secret${n === 1 ? '' : 's'} would ship to every visitor of this build`;
  if (blocked) {
    if (n === 0) return `spillproof blocked this build: the scan is incomplete (${incomplete.length} emitted file${incomplete.length === 1 ? '' : 's'} could not be scanned).`;
    return phase === 'env'
      ? `spillproof stopped this build before bundling: ${what}.`
      : `spillproof blocked this build: ${what}. Nothing was written for it.`;
  }
  if (n > 0) return `spillproof warning (mode: 'warn', the build goes on): ${what}.`;
  if (loud.length > 0) return `spillproof: ${loud.length} finding${loud.length === 1 ? '' : 's'} below failOn "${report.summary.fail_on}" (not failing); check ${loud.length === 1 ? 'it' : 'them'}:`;
  return `spillproof: no secrets in this build's output.`;
}

/** One entry per secret: the same value in a chunk and its source map is one finding. */
function groups(findings) {
  const byFingerprint = new Map();
  for (const f of [...findings].sort(order)) {
    if (!byFingerprint.has(f.fingerprint)) byFingerprint.set(f.fingerprint, []);
    byFingerprint.get(f.fingerprint).push(f);
  }
  return [...byFingerprint.values()];
}

function order(a, b) {
  return VERDICT[a.verdict] - VERDICT[b.verdict] || RANK[a.severity] - RANK[b.severity] ||
    Number(a.file.endsWith('.map')) - Number(b.file.endsWith('.map')) ||
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function where(f) {
  if (f.phase === 'env') {
    const declared = f.file === '(environment)' ? 'the process environment' : `${f.file}:${f.line}`;
    return `${declared} → ${f.exposed_as} (${f.exposure})`;
  }
  const emitted = `${f.file}:${f.line}:${f.column}`;
  const source = f.source ? `  ← ${f.source.file}:${f.source.line}:${f.source.column}` : '';
  const variable = f.variable ? ` (${f.exposed_as ?? `env ${f.variable}`})` : '';
  return `${emitted}${source}${variable}`;
}

function entry([f, ...more]) {
  const badge = `${f.severity.toUpperCase()} ${f.verdict}${f.blocking ? '' : ' (below failOn, not failing)'}`;
  const name = f.phase === 'env' ? `${f.variable} holds ${/^[aeiou]/i.test(f.title) ? 'an' : 'a'} ${f.title}` : f.title;
  const lines = [
    `  ${badge}  ${name}  [${f.rule_id}]  ${f.redacted}`,
    `    what:  ${f.verdict_reason}`,
    `    where: ${where(f)}`,
    ...more.map((m) => `           also ${where(m)}`),
    `    why:   ${f.description}`,
    `    fix:   ${f.remediation}`,
    `    allow: if it is meant to ship, allow this fingerprint: ${allowSnippet([f.fingerprint])}`,
  ];
  return lines;
}

function footer(report, { phase, reportFile }) {
  const parts = [];
  if (phase === 'output') {
    const { files, bytes, duration_ms: ms } = report.stats;
    const binary = report.skipped.filter((s) => s.code === 'binary').length;
    parts.push(`Scanned ${files} emitted file${files === 1 ? '' : 's'} (${(bytes / 1e6).toFixed(2)} MB${binary ? `, ${binary} binary skipped` : ''}) in ${ms} ms.`);
  } else {
    parts.push('Checked the client-exposed environment variables before bundling.');
  }
  const { baselined, suppressed } = report.summary;
  if (baselined) parts.push(`${baselined} finding${baselined === 1 ? '' : 's'} already in the baseline not shown.`);
  if (suppressed) parts.push(`${suppressed} allowlisted finding${suppressed === 1 ? '' : 's'} not shown.`);
  if (reportFile) parts.push(`Report: ${reportFile}`);
  return parts.join(' ');
}
