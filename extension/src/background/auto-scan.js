// The opt-in auto-scan and the per-site deny list. Auto-scan registers the content script
// for every http(s) page, which needs host permissions the user grants from the popup at
// the moment they turn it on (optional_host_permissions); without them nothing is
// registered and only the click on the toolbar button scans (activeTab).

import { ext } from '../shared/browser-api.js';
import { AUTO_SCAN_ORIGINS, DEFAULT_SETTINGS, SETTINGS_KEY } from '../shared/storage-keys.js';
const SCRIPT_ID = 'spillproof-auto-scan';

export async function loadSettings() {
  const stored = (await ext.storage.local.get(SETTINGS_KEY))[SETTINGS_KEY];
  return { ...DEFAULT_SETTINGS, ...stored };
}

export async function saveSettings(settings) {
  await ext.storage.local.set({ [SETTINGS_KEY]: { autoScan: settings.autoScan, deniedHosts: settings.deniedHosts } });
}

export const hasAutoScanPermission = () => ext.permissions.contains({ origins: [...AUTO_SCAN_ORIGINS] });

export const isDenied = (settings, host) => settings.deniedHosts.includes(host);

/** Auto-scan is on only when the user turned it on and the permission is still granted. */
export async function autoScanActive(settings) {
  return settings.autoScan && (await hasAutoScanPermission());
}

/** Makes the registered content script match the settings (idempotent). */
export async function applySettings(settings) {
  const active = await autoScanActive(settings);
  const registered = await ext.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (!active) {
    if (registered.length > 0) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return;
  }
  const script = {
    id: SCRIPT_ID,
    matches: [...AUTO_SCAN_ORIGINS],
    js: ['content/collect.js'],
    runAt: 'document_idle',
    allFrames: false,
    persistAcrossSessions: true,
  };
  const excludeMatches = settings.deniedHosts.map((host) => `*://${host}/*`);
  if (excludeMatches.length > 0) script.excludeMatches = excludeMatches;
  if (registered.length > 0) await ext.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
  await ext.scripting.registerContentScripts([script]);
}
