// Reports live in `storage.session`: in memory, gone when the browser closes, readable by
// the extension's own pages only (never by content scripts). They hold redacted values and
// fingerprints only. Writes are coalesced so a page with many scripts does not write per script.

import { ext } from '../shared/browser-api.js';
import { isReportKey, reportKey } from '../shared/storage-keys.js';

const WRITE_DELAY_MS = 120;
const timers = new Map();
const latest = new Map();

function write(tabId) {
  const report = latest.get(tabId);
  latest.delete(tabId);
  if (!report) return Promise.resolve();
  // set() serialises its argument at call time, so later changes to `report` do not race it.
  return ext.storage.session.set({ [reportKey(tabId)]: report }).catch(() => {});
}

/** Saves a report soon (coalesced); `now` writes at once (status changes, the last write). */
export function saveReport(report, { now = false } = {}) {
  const { tabId } = report;
  latest.set(tabId, report);
  if (now) {
    clearTimeout(timers.get(tabId));
    timers.delete(tabId);
    return write(tabId);
  }
  if (!timers.has(tabId)) {
    timers.set(tabId, setTimeout(() => {
      timers.delete(tabId);
      write(tabId);
    }, WRITE_DELAY_MS));
  }
  return Promise.resolve();
}

export async function loadReport(tabId) {
  const key = reportKey(tabId);
  const stored = await ext.storage.session.get(key);
  return stored[key] ?? null;
}

export async function deleteReport(tabId) {
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
  latest.delete(tabId);
  await ext.storage.session.remove(reportKey(tabId));
}

/** After a service-worker restart: scans that were running cannot resume; say so. */
export async function markInterruptedScans() {
  const all = await ext.storage.session.get(null);
  const updates = {};
  for (const [key, report] of Object.entries(all)) {
    if (isReportKey(key) && report?.status === 'scanning') {
      updates[key] = { ...report, status: 'interrupted', finishedAt: Date.now() };
    }
  }
  if (Object.keys(updates).length > 0) await ext.storage.session.set(updates);
}
