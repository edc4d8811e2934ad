// Scans a set of assets with the engine and aggregates one result: the shape every
// reporter (text, JSON, SARIF) and every entry point (CLI, bundler plugins) shares.

/**
 * @typedef {{ file: string, read: () => Promise<Uint8Array> | Uint8Array, size?: number }} Asset
 * @typedef {{ file: string, code: string, reason: string, incomplete: boolean }} SkippedEntry
 */

export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024;

/**
 * @param {Pick<import('@spillproof/engine').Engine, 'scan' | 'ready'>} engine the Engine, or the
 *   plugins' engine in a helper process (plugin/engine-host.js), whose `scan` returns a promise
 * @param {Asset[]} assets
 * @param {{ maxFileBytes?: number }} [options]
 */
export async function scanAssets(engine, assets, { maxFileBytes = DEFAULT_MAX_FILE_BYTES } = {}) {
  const started = performance.now();
  const findings = [];
  const skipped = [];
  let bytes = 0;
  let files = 0;
  let suppressed = 0;
  for (const asset of assets) {
    if (asset.size !== undefined && asset.size > maxFileBytes) {
      skipped.push({ file: asset.file, code: 'too-large', reason: `${asset.size} bytes is over the ${maxFileBytes}-byte limit`, incomplete: true });
      continue;
    }
    let content;
    try {
      content = await asset.read();
    } catch (error) {
      skipped.push({ file: asset.file, code: 'unreadable', reason: `could not be read: ${error.code ?? error.message}`, incomplete: true });
      continue;
    }
    let report;
    try {
      report = await engine.scan(asset.file, content);
    } catch (error) {
      // A crashed engine restarts itself; the file stays unscanned and the scan incomplete.
      skipped.push({ file: asset.file, code: 'engine-error', reason: `${error.name}: ${error.message}`, incomplete: true });
      await engine.ready?.();
      continue;
    }
    files += 1;
    bytes += content.length;
    for (const finding of report.findings) findings.push({ file: asset.file, ...finding });
    for (const entry of report.skipped) skipped.push(entry);
    suppressed += report.suppressed ?? 0;
  }
  return { findings, skipped, suppressed, stats: { files, bytes, duration_ms: Math.round(performance.now() - started) } };
}
