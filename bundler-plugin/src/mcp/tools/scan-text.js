// scan_text: scan a snippet before it is written (a component, a config, a .env line).

import { scanAssets } from '../../scan.js';
import { buildReport } from '../../report/json.js';
import { projectContext } from '../../explain/index.js';
import { ScanTextInput, ScanTextOutput } from '../schemas.js';
import { errorResult, scanResult, scanStructure } from '../results.js';

const MAX_FINDINGS = 50;

export const scanTextTool = {
  name: 'scan_text',
  config: {
    title: 'Check a snippet for secrets before writing it',
    description: [
      'Scans text you are about to write (code, config, HTML, a .env line) for API keys and secrets.',
      'Give the filename it will have (e.g. "src/lib/supabase.ts") so it is read the right way.',
      'Findings carry a verdict (secret / review / publishable), a redacted value, a fingerprint for explain_finding and a one-line fix.',
      'The text is scanned in memory and never stored or echoed. Read-only; nothing leaves the machine.',
    ].join(' '),
    inputSchema: ScanTextInput,
    outputSchema: ScanTextOutput,
    annotations: { title: 'Scan a snippet for secrets', readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  },
  /** @param {import('../session.js').Session} session */
  handler: (session) => async ({ text, filename, kind, fail_on: failOn }) => {
    let engine;
    try {
      engine = await session.engine();
    } catch (error) {
      return errorResult(`Cannot scan: ${error.message}`);
    }
    const file = filename ?? 'snippet.js';
    const bytes = new TextEncoder().encode(text);
    // scanAssets passes no kind; wrap the engine so an explicit kind still applies.
    const kindEngine = kind ? { scan: (origin, content) => engine.scan(origin, content, kind), ready: () => engine.ready() } : engine;
    const result = await scanAssets(kindEngine, [{ file, size: bytes.length, read: () => bytes }]);
    const report = buildReport(result, { failOn });
    const ctx = projectContext(session.cwd);
    for (const finding of report.findings) session.remember(finding, { projectDir: session.cwd });
    return scanResult(report, ctx, scanStructure(report, ctx, MAX_FINDINGS));
  },
};
