// Spillproof's background (a module service worker in Chromium, background scripts in
// Firefox): owns the one engine, every page scan, the reports and the badge. Listeners are
// registered synchronously at the top level, as MV3 requires for a woken service worker.
//
// Who may do what:
// - the popup (our extension page) asks to scan a tab, toggles auto-scan and the deny list,
//   and fetches security.txt on demand;
// - our content script sends what a page holds, only into a scan the user armed (a click)
//   or that auto-scan allows, and only for its own tab and document;
// - a web page can reach none of this: it has no channel to the background at all.

import { ext } from '../shared/browser-api.js';
import { applySettings, autoScanActive, isDenied, loadSettings, saveSettings } from './auto-scan.js';
import { clearBadge, showReportOnBadge } from './badge.js';
import { getEngine } from './engine.js';
import { isOwnContentScript, isOwnExtensionPage, parseCommand, parseContentMessage } from './messages.js';
import { PageScan } from './page-scan.js';
import { deleteReport, loadReport, markInterruptedScans, saveReport } from './report-store.js';
import { fetchSecurityTxt } from './security-txt.js';

const EXTENSION_ORIGIN = ext.runtime.getURL('');
/** A click arms its tab for the next page-material message for this long. */
const ARM_TTL_MS = 30000;

/** tabId → the running or finished PageScan of its current document. */
const scans = new Map();
/** tabId → when the user asked to scan it (the content script was just injected). */
const armed = new Map();

function startScan(tabId, message, sender, mode) {
  scans.get(tabId)?.cancel();
  const scan = new PageScan({
    tabId,
    token: message.token,
    documentId: sender.documentId,
    pageUrl: sender.url,
    title: message.title,
    mode,
    getEngine,
    onChange: reportChanged,
  });
  scans.set(tabId, scan);
  scan.add(message.items, message.omitted);
}

function reportChanged(scan) {
  if (scans.get(scan.tabId) !== scan) return;
  const final = scan.report.status !== 'scanning';
  saveReport(scan.report, { now: final });
  showReportOnBadge(scan.tabId, scan.report);
}

/** The scan a follow-up message belongs to, restored from storage if the worker restarted. */
async function scanOf(tabId, token, sender) {
  const live = scans.get(tabId);
  if (live) return live.token === token && (!live.documentId || live.documentId === sender.documentId) ? live : null;
  const stored = await loadReport(tabId);
  if (!stored || stored.token !== token) return null;
  const scan = new PageScan({ tabId, token, documentId: sender.documentId, pageUrl: sender.url, mode: stored.mode, getEngine, onChange: reportChanged, restoreFrom: stored });
  scans.set(tabId, scan);
  return scan;
}

async function onContentMessage(raw, sender) {
  const parsed = parseContentMessage(raw);
  if (parsed.error) return;
  const { message } = parsed;
  const tabId = sender.tab.id;
  const settings = await loadSettings();
  if (isDenied(settings, new URL(sender.url).hostname)) return;

  if (message.type === 'page-additions') {
    const scan = await scanOf(tabId, message.token, sender);
    scan?.add(message.items, message.omitted);
    return;
  }
  const armedAt = armed.get(tabId);
  if (armedAt !== undefined && Date.now() - armedAt < ARM_TTL_MS) {
    armed.delete(tabId);
    startScan(tabId, message, sender, 'click');
    return;
  }
  // Not asked for by a click: only auto-scan may start a scan, once per document.
  if (scans.get(tabId)?.token === message.token) return;
  if (await autoScanActive(settings)) startScan(tabId, message, sender, 'auto');
}

/** Popup: scan the tab (activeTab was granted by the click that opened the popup). */
async function scanTab({ tabId, force }) {
  const tab = await ext.tabs.get(tabId);
  const settings = await loadSettings();
  let host = null;
  try {
    host = new URL(tab.url ?? '').hostname;
  } catch {
    // No URL: we have no access to this tab (not the one the user clicked on).
  }
  if (host && isDenied(settings, host)) return { state: 'denied', host };
  if (!force) {
    const current = await collectorToken(tabId);
    const scan = scans.get(tabId) ?? (current ? await loadReport(tabId) : null);
    if (current && scan?.token === current) return { state: 'scanned' };
  }
  armed.set(tabId, Date.now());
  try {
    await ext.scripting.executeScript({ target: { tabId, frameIds: [0] }, files: ['content/collect.js'] });
  } catch (error) {
    armed.delete(tabId);
    return { state: 'no-access', reason: String(error?.message ?? error) };
  }
  return { state: 'scanning' };
}

/** The token of the collector already running in the tab's page, if any. */
async function collectorToken(tabId) {
  try {
    const [result] = await ext.scripting.executeScript({ target: { tabId, frameIds: [0] }, func: () => globalThis.__spillproofCollector?.token ?? null });
    return result?.result ?? null;
  } catch {
    return null;
  }
}

async function onCommand(message) {
  switch (message.type) {
    case 'scan-tab':
      return scanTab(message);
    case 'security-txt': {
      const report = scans.get(message.tabId)?.report ?? await loadReport(message.tabId);
      if (!report) return { found: false, reason: 'scan the page first' };
      return fetchSecurityTxt(report.origin);
    }
    case 'set-auto-scan': {
      const settings = await loadSettings();
      settings.autoScan = message.enabled;
      await saveSettings(settings);
      await applySettings(settings);
      return { autoScan: await autoScanActive(settings) };
    }
    case 'set-site-denied': {
      const settings = await loadSettings();
      const hosts = new Set(settings.deniedHosts);
      if (message.denied) hosts.add(message.host);
      else hosts.delete(message.host);
      settings.deniedHosts = [...hosts].sort();
      await saveSettings(settings);
      await applySettings(settings);
      if (message.denied) await forgetHost(message.host);
      return { deniedHosts: settings.deniedHosts };
    }
    default:
      return { error: 'unknown command' };
  }
}

/** Denying a site also drops what was found on it. */
async function forgetHost(host) {
  for (const [tabId, scan] of scans) {
    if (scan.report.host !== host) continue;
    scan.cancel();
    scans.delete(tabId);
    await deleteReport(tabId);
    await clearBadge(tabId, 'Spillproof is off for this site');
  }
}

ext.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (isOwnExtensionPage(sender, ext.runtime.id, EXTENSION_ORIGIN)) {
    const parsed = parseCommand(message);
    if (parsed.error) {
      sendResponse({ error: parsed.error });
      return false;
    }
    onCommand(parsed.message).then(sendResponse, (error) => sendResponse({ error: String(error?.message ?? error) }));
    return true;
  }
  if (isOwnContentScript(sender, ext.runtime.id)) {
    onContentMessage(message, sender).catch(() => {});
  }
  // Anything else is ignored without an answer.
  return false;
});

ext.tabs.onRemoved.addListener((tabId) => {
  scans.get(tabId)?.cancel();
  scans.delete(tabId);
  armed.delete(tabId);
  deleteReport(tabId);
});

// Granted or withdrawn (from the popup, or the browser's own extension settings): the
// registered content script follows, so auto-scan is never on without its permission.
ext.permissions.onAdded.addListener(async () => {
  await applySettings(await loadSettings());
});
ext.permissions.onRemoved.addListener(async () => {
  await applySettings(await loadSettings());
});

ext.runtime.onInstalled.addListener(async () => {
  await applySettings(await loadSettings());
});

// storage.session is for extension pages only: content scripts (in pages) never read it.
ext.storage.session.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' }).catch(() => {});
markInterruptedScans().catch(() => {});
