// A draft of a responsible-disclosure report for the site owner, in Markdown: what was
// found (redacted, with fingerprints so the owner can match their own keys), where, what it
// unlocks, how to fix it. Secrets and keys to review only; publishable keys are mentioned
// in one line. The researcher edits it before sending; it never holds a full key.

import { SEVERITIES, VERDICTS } from '../verdicts.js';
import { decodedText, placeText } from './places.js';

/** Markdown special characters in page-derived text are escaped so they show as written. */
const md = (text) => String(text ?? '').replace(/([\\`*_{}[\]<>()#+!|])/g, '\\$1');
const code = (text) => `\`${String(text).replaceAll('`', "'")}\``;

export function reportToMarkdown(report, { version, now = new Date() }) {
  const exposures = report.exposures.filter((e) => e.verdict !== 'publishable');
  const publishable = report.exposures.length - exposures.length;
  const host = report.host;
  const lines = [
    `# Exposed credentials on ${md(host)}`,
    '',
    `Hello ${md(host)} security team,`,
    '',
    `While visiting ${md(report.url)} on ${now.toISOString().slice(0, 10)}, I noticed that the page delivers`,
    `${exposures.length === 1 ? 'a credential' : `${exposures.length} credentials`} to every visitor's browser. Anyone who opens the page can read`,
    `${exposures.length === 1 ? 'it' : 'them'} from its scripts. I did not use ${exposures.length === 1 ? 'it' : 'them'}; the values below are shortened, and the`,
    'fingerprints let you match them against your own keys.',
    '',
    '## Findings',
    '',
  ];
  const ordered = [...exposures].sort((a, b) => VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict)
    || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity));
  ordered.forEach((e, i) => {
    lines.push(`### ${i + 1}. ${md(e.title)} (${e.severity}${e.verdict === 'review' ? ', needs review' : ''})`, '');
    lines.push(`- Provider: ${md(e.provider)}`);
    lines.push(`- Value: ${code(e.redacted)} (fingerprint ${code(e.fingerprint)}, rule ${code(e.rule_id)})`);
    lines.push(`- Why: ${md(e.verdict_reason)}`);
    lines.push('- Where:');
    for (const place of e.locations) {
      const decoded = decodedText(place.decoded);
      lines.push(`  - ${code(placeText(place))}${decoded ? ` (${decoded})` : ''}`);
    }
    if (e.locationCount > e.locations.length) lines.push(`  - and ${e.locationCount - e.locations.length} more places`);
    lines.push(`- Impact: ${md(e.description)}`);
    lines.push(`- Suggested fix: ${md(e.remediation)}`, '');
  });
  if (exposures.length === 0) lines.push('_No secrets or keys to review were found on this page._', '');
  if (publishable > 0) {
    lines.push(`The page also carries ${publishable} publishable key${publishable === 1 ? '' : 's'} (meant to be public, such as Stripe pk_live_ keys); they need no action.`, '');
  }
  lines.push(
    '## Suggested next steps',
    '',
    '1. Revoke or rotate each key above; removing it from the page does not help once it has been served.',
    '2. Check the provider\'s logs for use of the key since it was first deployed.',
    '3. Move the calls that need it to your server, and keep only publishable keys in client code.',
    '',
    `_Found with the Spillproof browser extension ${md(version)}, which reads what the page already delivered and sends nothing anywhere._`,
    '',
  );
  return lines.join('\n');
}
