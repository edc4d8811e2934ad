// Renders one page's report: status and budget, secrets and keys to review grouped by
// verdict and severity, publishable keys apart and collapsed, and what was skipped.

import { decodedText, placeText } from '../shared/export/places.js';
import { SEVERITIES, VERDICT_LABELS } from '../shared/verdicts.js';
import { el } from './dom.js';

const formatBytes = (bytes) => (bytes >= 1024 * 1024 ? `${(bytes / (1024 * 1024)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`);

export function statusText(report) {
  const { stats } = report;
  const scanned = `${stats.scripts} script${stats.scripts === 1 ? '' : 's'}${stats.sourceMaps ? `, ${stats.sourceMaps} source map${stats.sourceMaps === 1 ? '' : 's'}` : ''}, ${formatBytes(stats.bytes)}`;
  if (report.status === 'scanning') return `Scanning… ${scanned} so far`;
  if (report.status === 'interrupted') return `Scan interrupted (the browser stopped the extension's worker): ${scanned}. Scan again for a full result.`;
  const time = report.finishedAt ? ` in ${((report.finishedAt - report.startedAt) / 1000).toFixed(1)} s (engine ${Math.round(stats.scanMs)} ms)` : '';
  return `Scanned ${scanned}${time}.`;
}

function summaryLine(report) {
  const { secret, review, publishable } = report.counts;
  if (secret + review === 0) {
    return el('p', { class: 'summary clean', text: `No secrets found.${publishable ? ` ${publishable} publishable key${publishable === 1 ? '' : 's'} (public by design).` : ''}` });
  }
  const parts = [];
  if (secret) parts.push(`${secret} secret${secret === 1 ? '' : 's'}`);
  if (review) parts.push(`${review} to review`);
  return el('p', { class: `summary ${secret ? 'has-secret' : 'has-review'}`, text: `${parts.join(', ')} exposed on this page.` });
}

function placeItem(place) {
  const decoded = decodedText(place.decoded);
  return el('li', { class: 'place' }, [
    el('span', { class: 'where', text: placeText(place) }),
    decoded ? el('span', { class: 'decoded', text: ` · ${decoded}` }) : null,
    place.note ? el('div', { class: 'note', text: place.note }) : null,
  ]);
}

function exposureCard(exposure) {
  const more = exposure.locationCount - exposure.locations.length;
  return el('article', { class: `finding verdict-${exposure.verdict} severity-${exposure.severity}`, attrs: { 'data-rule': exposure.rule_id, 'data-fingerprint': exposure.fingerprint } }, [
    el('header', {}, [
      el('span', { class: 'severity', text: exposure.severity }),
      el('h3', { text: exposure.title }),
    ]),
    el('p', { class: 'meta' }, [
      el('span', { class: 'provider', text: exposure.provider }),
      ' · ',
      el('code', { class: 'rule', text: exposure.rule_id }),
    ]),
    el('p', { class: 'value' }, [
      el('code', { class: 'redacted', text: exposure.redacted }),
      el('span', { class: 'fingerprint', text: `fingerprint ${exposure.fingerprint}` }),
    ]),
    el('p', { class: 'reason', text: exposure.verdict_reason }),
    el('ul', { class: 'places' }, [
      ...exposure.locations.map(placeItem),
      more > 0 ? el('li', { class: 'place more', text: `and ${more} more place${more === 1 ? '' : 's'}` }) : null,
    ]),
    el('details', { class: 'why' }, [
      el('summary', { text: 'Why it matters · how to fix' }),
      el('p', { text: exposure.description }),
      el('p', {}, [el('strong', { text: 'Fix: ' }), exposure.remediation]),
    ]),
  ]);
}

function verdictGroup(verdict, exposures) {
  const inGroup = exposures.filter((e) => e.verdict === verdict);
  if (inGroup.length === 0) return null;
  const bySeverity = SEVERITIES.map((severity) => inGroup.filter((e) => e.severity === severity)).filter((g) => g.length > 0);
  const cards = bySeverity.flatMap((group) => group.map(exposureCard));
  if (verdict === 'publishable') {
    return el('details', { class: 'group publishable', attrs: { 'data-verdict': verdict } }, [
      el('summary', { text: `${VERDICT_LABELS.publishable} (${inGroup.length}): meant to be public, nothing to do` }),
      ...cards,
    ]);
  }
  return el('section', { class: `group ${verdict}`, attrs: { 'data-verdict': verdict } }, [
    el('h2', { text: `${VERDICT_LABELS[verdict]} (${inGroup.length})` }),
    ...cards,
  ]);
}

function skippedSection(report) {
  const notScanned = report.skipped.filter((s) => s.incomplete);
  const degraded = report.skipped.filter((s) => !s.incomplete);
  const item = (s) => el('li', {}, [
    el('span', { class: 'where', text: `${s.url ?? ''} (${s.label})` }),
    el('span', { class: 'reason', text: ` ${s.reason}${s.bytes ? ` · ${formatBytes(s.bytes)}` : ''}` }),
  ]);
  const sections = [];
  if (notScanned.length > 0 || report.omittedSkipped > 0) {
    sections.push(el('details', { class: 'skipped incomplete', attrs: { 'data-skipped': 'incomplete' } }, [
      el('summary', { text: `Not scanned (${notScanned.length + report.omittedSkipped})${report.budget.exceeded ? ': the page is over its budget' : ''}` }),
      el('ul', {}, notScanned.map(item)),
      report.omittedSkipped > 0 ? el('p', { text: `and ${report.omittedSkipped} more` }) : null,
    ]));
  }
  if (degraded.length > 0) {
    sections.push(el('details', { class: 'skipped degraded', attrs: { 'data-skipped': 'degraded' } }, [
      el('summary', { text: `Read as raw text only (${degraded.length})` }),
      el('ul', {}, degraded.map(item)),
    ]));
  }
  return sections;
}

/** Replaces `container`'s content with the report. */
export function renderReport(container, report) {
  const children = [summaryLine(report)];
  if (report.budget.exceeded) {
    children.push(el('p', { class: 'budget', text: `This page is larger than the scan budget (${formatBytes(report.budget.maxBytes)}, ${report.budget.maxScanMs / 1000} s of engine time, JS-aware reading for the first ${formatBytes(report.budget.jsAwareBytes)}): what was left out is listed below.` }));
  }
  for (const verdict of ['secret', 'review', 'publishable']) children.push(verdictGroup(verdict, report.exposures));
  if (report.omittedExposures > 0) children.push(el('p', { class: 'budget', text: `${report.omittedExposures} more findings not kept (over 500 on one page).` }));
  children.push(...skippedSection(report));
  container.replaceChildren(...children.filter(Boolean));
}
