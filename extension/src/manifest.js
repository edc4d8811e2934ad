// The manifest for each browser, from one description. Chromium runs the background as a
// module service worker; Firefox as background scripts (its MV3 form), with a gecko id and
// the data-collection declaration (none: nothing leaves the browser).

import { AUTO_SCAN_ORIGINS } from './shared/storage-keys.js';

export function manifestFor(browser, { version }) {
  const manifest = {
    manifest_version: 3,
    name: 'Spillproof',
    version,
    description: 'Flags API keys and secrets exposed in the pages you load. Scans locally and sends nothing anywhere.',
    // activeTab: read the page you click on; scripting: run the collector there; storage:
    // findings in session memory, settings locally. Host access only if you turn on auto-scan.
    permissions: ['activeTab', 'scripting', 'storage'],
    optional_host_permissions: [...AUTO_SCAN_ORIGINS],
    action: {
      default_popup: 'popup/popup.html',
      default_title: 'Spillproof: scan this page',
      default_icon: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png' },
    },
    icons: { 16: 'icons/icon-16.png', 32: 'icons/icon-32.png', 48: 'icons/icon-48.png', 128: 'icons/icon-128.png' },
    // The engine is WebAssembly: 'wasm-unsafe-eval' lets it compile, in extension pages
    // only. No 'unsafe-eval', no remote code: every script ships in the package.
    content_security_policy: { extension_pages: "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'" },
  };
  if (browser === 'chromium') {
    manifest.background = { service_worker: 'background/main.js', type: 'module' };
    manifest.minimum_chrome_version = '121';
  } else if (browser === 'firefox') {
    manifest.background = { scripts: ['background/main.js'], type: 'module' };
    manifest.browser_specific_settings = {
      gecko: {
        id: 'spillproof@spillproof.dev',
        strict_min_version: '140.0',
        data_collection_permissions: { required: ['none'] },
      },
      // data_collection_permissions needs Firefox for Android 142.
      gecko_android: { strict_min_version: '142.0' },
    };
  } else {
    throw new Error(`unknown browser ${browser}: chromium or firefox`);
  }
  return manifest;
}
