// Baselines: a previous JSON report (version 1) whose findings are known and accepted, so
// only new findings are reported. Matched by rule id + fingerprint, which do not depend on
// file names, lines or chunk hashes, so a baseline survives rebuilds.

import { readFile } from 'node:fs/promises';

export class BaselineError extends Error {
  name = 'BaselineError';
}

const key = (finding) => `${finding.rule_id}:${finding.fingerprint}`;

/** Reads a JSON report and returns the set of finding keys it holds. */
export async function loadBaseline(file) {
  let report;
  try {
    report = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new BaselineError(`baseline ${file} cannot be read as a JSON report: ${error.code ?? error.message}`);
  }
  if (report?.version !== 1 || !Array.isArray(report.findings)) {
    throw new BaselineError(`baseline ${file} is not a Spillproof JSON report (version 1): write one with \`spillproof scan --format json\``);
  }
  return new Set(report.findings.map(key));
}

/** Splits findings into those not in the baseline and a count of those that are. */
export function applyBaseline(findings, baseline) {
  if (!baseline || baseline.size === 0) return { findings, baselined: 0 };
  const fresh = findings.filter((f) => !baseline.has(key(f)));
  return { findings: fresh, baselined: findings.length - fresh.length };
}
