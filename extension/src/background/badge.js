// The toolbar badge of a tab: the number of distinct secrets and keys to review on the
// page, coloured by the worst verdict; publishable keys are never counted.

import { ext } from '../shared/browser-api.js';
import { BADGE_COLOURS, countsAsExposure, worstVerdict } from '../shared/verdicts.js';

export async function showReportOnBadge(tabId, report) {
  const count = report.exposures.filter((e) => countsAsExposure(e.verdict)).length;
  const worst = worstVerdict(report.exposures);
  const scanning = report.status === 'scanning';
  const text = count > 0 ? (count > 99 ? '99+' : String(count)) : scanning ? '…' : '';
  const { secret, review, publishable } = report.counts;
  const title = scanning && count === 0
    ? 'Spillproof: scanning this page…'
    : `Spillproof: ${secret} secret${secret === 1 ? '' : 's'}, ${review} to review, ${publishable} publishable${scanning ? ' (scanning…)' : ''}`;
  await Promise.all([
    ext.action.setBadgeText({ tabId, text }),
    ext.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOURS[worst ?? 'none'] }),
    ext.action.setBadgeTextColor?.({ tabId, color: '#ffffff' }),
    ext.action.setTitle({ tabId, title }),
  ]).catch(() => {
    // The tab closed meanwhile: nothing to show.
  });
}

export async function clearBadge(tabId, title = 'Spillproof: scan this page') {
  await Promise.all([
    ext.action.setBadgeText({ tabId, text: '' }),
    ext.action.setTitle({ tabId, title }),
  ]).catch(() => {});
}
