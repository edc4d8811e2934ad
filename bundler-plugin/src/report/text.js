// Human output: findings grouped by file, most serious first, each with why it matters
// and how to fix it; publishable keys listed quietly; one summary line. Colour only on a
// TTY (and never when NO_COLOR is set).

import { styleText } from 'node:util';

const VERDICT_ORDER = { secret: 0, review: 1, publishable: 2 };
const SEVERITY_ORDER = { critical: 0, high: 1, medium: 2, low: 3, info: 4 };

export function formatText(report, { color = false } = {}) {
  const paint = (style, text) => (color ? styleText(style, text) : text);
  const lines = [];
  const { summary, stats } = report;
  const loud = report.findings.filter((f) => f.verdict !== 'publishable');
  const quiet = report.findings.filter((f) => f.verdict === 'publishable');

  const byFile = groupBy(sorted(loud), (f) => f.file);
  for (const [file, findings] of byFile) {
    lines.push(paint('bold', file));
    for (const f of findings) {
      const badge = f.blocking ? paint(['red', 'bold'], `${f.severity.toUpperCase()} ${f.verdict}`) : paint('yellow', `${f.severity} ${f.verdict}`);
      lines.push(`  ${f.file}:${f.line}:${f.column}${origin(f)}  ${badge}  ${paint('cyan', f.rule_id)}  ${f.redacted}  ${paint('dim', `fp:${f.fingerprint}`)}`);
      lines.push(`    ${f.title}: ${f.verdict_reason}`);
      if (f.decoded?.length) lines.push(`    found after decoding: ${f.decoded.join(' → ')}`);
      if (f.note) lines.push(`    note: ${f.note}`);
      lines.push(`    why: ${f.description}`);
      lines.push(`    fix: ${f.remediation}`);
    }
    lines.push('');
  }

  if (quiet.length > 0) {
    lines.push(paint('dim', `Publishable keys (meant to be public; not failing): ${quiet.length}`));
    for (const f of sorted(quiet)) {
      lines.push(paint('dim', `  ${f.file}:${f.line}:${f.column}${origin(f)}  ${f.rule_id}  ${f.redacted}  (${f.verdict_reason})`));
    }
    lines.push('');
  }

  for (const s of report.skipped.filter((s) => s.incomplete)) {
    lines.push(paint('yellow', `not scanned: ${s.file}: ${s.reason}`));
  }
  const binary = report.skipped.filter((s) => !s.incomplete).length;
  const hidden = [
    summary.baselined ? `${summary.baselined} in the baseline` : '',
    summary.suppressed ? `${summary.suppressed} allowlisted` : '',
  ].filter(Boolean);
  if (hidden.length) lines.push(paint('dim', `not shown: ${hidden.join(', ')}`));

  const mb = (stats.bytes / 1e6).toFixed(2);
  const counts = `${summary.secret} secret, ${summary.review} to review, ${summary.publishable} publishable`;
  const scope = `${stats.files} file${stats.files === 1 ? '' : 's'} (${mb} MB${binary ? `, ${binary} binary skipped` : ''}) in ${stats.duration_ms} ms`;
  if (summary.blocking > 0) {
    lines.push(paint(['red', 'bold'], `✖ ${summary.blocking} finding${summary.blocking === 1 ? '' : 's'} at or above "${summary.fail_on}" must not ship: ${counts}; ${scope}`));
  } else if (!report.complete) {
    lines.push(paint(['yellow', 'bold'], `! scan incomplete (see "not scanned" above): ${counts}; ${scope}`));
  } else {
    lines.push(paint('green', `✔ nothing at or above "${summary.fail_on}": ${counts}; ${scope}`));
  }
  return `${lines.join('\n')}\n`;
}

/** ` ← src/config.ts:5:24`: where the secret is in the developer's own source, when known. */
function origin(f) {
  return f.source ? ` ← ${f.source.file}:${f.source.line}:${f.source.column}` : '';
}

function sorted(findings) {
  return [...findings].sort((a, b) =>
    VERDICT_ORDER[a.verdict] - VERDICT_ORDER[b.verdict] ||
    SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] ||
    a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
}

function groupBy(items, key) {
  const groups = new Map();
  for (const item of items) {
    const k = key(item);
    if (!groups.has(k)) groups.set(k, []);
    groups.get(k).push(item);
  }
  return groups;
}
