// One name for the WebExtension API: Firefox's `browser`, else Chromium's `chrome`. Both
// return promises in Manifest V3, so every caller can `await` the same calls.
export const ext = globalThis.browser ?? globalThis.chrome;
