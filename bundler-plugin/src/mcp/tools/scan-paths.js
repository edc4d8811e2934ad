// scan_paths: scan files and folders (a build's dist/, or src/) like `spillproof scan`.

import path from 'node:path';

import { collectFiles } from '../../cli/collect-files.js';
import { scanAssets } from '../../scan.js';
import { buildReport } from '../../report/json.js';
import { projectContext } from '../../explain/index.js';
import { ScanPathsInput, ScanPathsOutput } from '../schemas.js';
import { errorResult, scanResult, scanStructure } from '../results.js';

/** More files than this is almost certainly the wrong folder (a home directory, /). */
export const MAX_FILES = 50_000;
const MAX_NOT_SCANNED = 50;

export const scanPathsTool = {
  name: 'scan_paths',
  config: {
    title: 'Scan files for secrets that would ship',
    description: [
      'Scans files and folders (recursively; node_modules and .git skipped unless named) for API keys and secrets,',
      'e.g. the build output (dist/, build/, .next/static) before deploying, or src/.',
      'Each finding says whether the key is a secret (must not ship), a key to review, or publishable by design,',
      'with a redacted value, a fingerprint for explain_finding, and a one-line fix for the project\'s framework.',
      'isError is set when some file could not be read: such a scan is never "clean". Read-only; nothing leaves the machine.',
    ].join(' '),
    inputSchema: ScanPathsInput,
    outputSchema: ScanPathsOutput,
    annotations: { title: 'Scan files for secrets', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  /** @param {import('../session.js').Session} session */
  handler: (session) => async ({ paths, fail_on: failOn, max_findings: maxFindings }) => {
    let engine;
    try {
      engine = await session.engine();
    } catch (error) {
      return errorResult(`Cannot scan: ${error.message}`);
    }
    const { assets, skipped: unreadable } = await collectFiles(paths, session.cwd);
    if (assets.length > MAX_FILES) {
      return errorResult(`Not scanned: the paths hold ${assets.length} files (more than ${MAX_FILES}). Pass the build output (e.g. dist) or src instead.`);
    }
    const result = await scanAssets(engine, assets);
    result.skipped.unshift(...unreadable);
    const report = buildReport(result, { failOn });
    const projectDir = path.resolve(session.cwd, paths[0]);
    const ctx = projectContext(projectDir);
    for (const finding of report.findings) session.remember(finding, { projectDir });
    const notScanned = report.skipped.filter((s) => s.incomplete);
    const structured = {
      ...scanStructure(report, ctx, maxFindings),
      cwd: session.cwd,
      not_scanned: notScanned.slice(0, MAX_NOT_SCANNED).map(({ file, code, reason }) => ({ file, code, reason })),
      not_scanned_total: notScanned.length,
      stats: report.stats,
    };
    return scanResult(report, ctx, structured);
  },
};
