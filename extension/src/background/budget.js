// The per-page budget that keeps a huge page from costing the browser much. Everything it
// leaves out is listed in the report as skipped (with the reason), never dropped silently.

const MiB = 1024 * 1024;

export const PAGE_BUDGET = Object.freeze({
  /** Bytes scanned per page (scripts, maps, inline material). Beyond it: skipped, listed. */
  maxBytes: 16 * MiB,
  /** Bytes read JS-aware (strings split by `+`, escapes, base64, JSON.parse, maps) per page;
   * beyond it a resource is scanned as raw text only (every byte, at ~10x the speed). */
  jsAwareBytes: 8 * MiB,
  /** Engine time per page after which JS-aware reading stops (raw text only from then on). */
  jsAwareMs: 1500,
  /** Engine time per page after which scanning stops: the rest is skipped, listed. */
  maxScanMs: 5000,
  /** One fetched script or source map larger than this is skipped, listed. */
  maxResourceBytes: 12 * MiB,
  /** Per fetch. */
  fetchTimeoutMs: 15000,
  /** Fetches in flight at once. */
  fetchConcurrency: 4,
});

/** What one report may hold in `storage.session` (10 MB for every tab together in Chromium). */
export const REPORT_LIMITS = Object.freeze({
  exposures: 500,
  locationsPerExposure: 20,
  skipped: 300,
});
