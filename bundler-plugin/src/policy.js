// Which findings fail a build or a CLI run: one definition for every entry point.

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'];
export const DEFAULT_FAIL_ON = 'high';

/** Publishable keys never block; secrets and keys to review block at or above the threshold. */
export function isBlocking(finding, failOn = DEFAULT_FAIL_ON) {
  if (failOn === 'none' || finding.verdict === 'publishable') return false;
  return SEVERITIES.indexOf(finding.severity) >= SEVERITIES.indexOf(failOn);
}

export function isValidThreshold(value) {
  return value === 'none' || SEVERITIES.includes(value);
}
