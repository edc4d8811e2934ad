// How verdicts and severities are ordered, named and coloured, shared by the badge, the
// popup and the exports so they never disagree.

export const VERDICTS = ['secret', 'review', 'publishable'];
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];

export const VERDICT_LABELS = {
  secret: 'Secrets',
  review: 'To review',
  publishable: 'Publishable by design',
};

/** Badge background per worst verdict on the page; `none` when nothing needs attention. */
export const BADGE_COLOURS = {
  secret: '#c5221f',
  review: '#b06000',
  none: '#5f6368',
};

/** Secrets and keys to review count; publishable keys are listed but never counted. */
export const countsAsExposure = (verdict) => verdict === 'secret' || verdict === 'review';

export function worstVerdict(exposures) {
  let worst = null;
  for (const { verdict } of exposures) {
    if (!countsAsExposure(verdict)) continue;
    if (worst === null || VERDICTS.indexOf(verdict) < VERDICTS.indexOf(worst)) worst = verdict;
  }
  return worst;
}

/** Worst first: verdict, then severity, then provider name. */
export function compareExposures(a, b) {
  return VERDICTS.indexOf(a.verdict) - VERDICTS.indexOf(b.verdict)
    || SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity)
    || a.provider.localeCompare(b.provider)
    || a.rule_id.localeCompare(b.rule_id);
}
