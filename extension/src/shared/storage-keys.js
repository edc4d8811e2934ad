// Where things live. Findings are per tab in `storage.session` (memory only, cleared when
// the browser closes, readable by extension pages only); settings in `storage.local`.

export const reportKey = (tabId) => `report:${tabId}`;
export const isReportKey = (key) => /^report:\d+$/.test(key);
export const SETTINGS_KEY = 'settings';

export const DEFAULT_SETTINGS = Object.freeze({ autoScan: false, deniedHosts: [] });

/** What auto-scan asks for (optional_host_permissions in the manifest). */
export const AUTO_SCAN_ORIGINS = Object.freeze(['http://*/*', 'https://*/*']);
