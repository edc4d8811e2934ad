// The built extension in real headless Debian Chromium through playwright-core (no browser
// download: /usr/bin/chromium), and the helpers the tests share: clicking the toolbar
// button for real (CDP Extensions.triggerAction, which grants activeTab exactly like a
// click), reading storage and the badge from the service worker, waiting for a scan.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM = '/usr/bin/chromium';

/** Builds the extension into a fresh temp folder (tests never race on extension/dist/). */
export function buildExtension() {
  const out = mkdtempSync(join(tmpdir(), 'spillproof-ext-build-'));
  execFileSync(process.execPath, [join(REPO, 'extension', 'build.mjs'), '--out', out], { stdio: 'pipe' });
  return { out, chromium: join(out, 'chromium'), firefox: join(out, 'firefox'), remove: () => rmSync(out, { recursive: true, force: true }) };
}

export async function launchWithExtension(extensionDir) {
  const profile = mkdtempSync(join(tmpdir(), 'spillproof-ext-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    acceptDownloads: true,
    args: [
      `--disable-extensions-except=${extensionDir}`,
      `--load-extension=${extensionDir}`,
      // Lets CDP's Extensions.triggerAction click the toolbar button.
      '--enable-unsafe-extension-debugging',
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-default-apps', '--disable-domain-reliability', '--no-pings',
    ],
  });
  const serviceWorker = context.serviceWorkers()[0] ?? await context.waitForEvent('serviceworker');
  const extensionId = new URL(serviceWorker.url()).host;
  const browserSession = await context.browser().newBrowserCDPSession();

  return {
    context,
    extensionId,
    /** The current service worker (the browser may restart it). */
    worker: () => context.serviceWorkers().find((w) => w.url().startsWith(`chrome-extension://${extensionId}/`)) ?? serviceWorker,

    /** Clicks the toolbar button on the tab showing `page` (opens the real popup, grants activeTab). */
    async clickAction(page) {
      // The popup scans the active tab of the window, as after a real click.
      await page.bringToFront();
      const { targetInfos } = await browserSession.send('Target.getTargets', { filter: [{ type: 'tab' }] });
      const tab = targetInfos.find((t) => t.url === page.url());
      if (!tab) throw new Error(`no tab target shows ${page.url()}`);
      await browserSession.send('Extensions.triggerAction', { id: extensionId, targetId: tab.targetId });
    },

    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Runs `fn` in the service worker (retrying once if the worker was just restarted). */
export async function inWorker(browser, fn, arg) {
  try {
    return await browser.worker().evaluate(fn, arg);
  } catch (error) {
    if (!/Target closed|destroyed|has been closed/i.test(error.message)) throw error;
    return browser.worker().evaluate(fn, arg);
  }
}

/** The stored report of the tab whose report URL is `url` (as the extension shows it). */
export function findReport(browser, url) {
  return inWorker(browser, async (shown) => {
    const all = await chrome.storage.session.get(null);
    return Object.values(all).find((r) => r?.url === shown) ?? null;
  }, url);
}

export async function waitForReport(browser, url, predicate, { timeoutMs = 30000, what = 'the report' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let last = null;
  while (Date.now() < deadline) {
    last = await findReport(browser, url);
    if (last && predicate(last)) return last;
    await new Promise((resolve) => setTimeout(resolve, 150));
  }
  throw new Error(`timed out waiting for ${what}; last report: ${last ? JSON.stringify({ status: last.status, counts: last.counts, skipped: last.skipped.length }) : 'none'}`);
}

export function badgeOf(browser, tabId) {
  return inWorker(browser, async (id) => ({
    text: await chrome.action.getBadgeText({ tabId: id }),
    colour: await chrome.action.getBadgeBackgroundColor({ tabId: id }),
    title: await chrome.action.getTitle({ tabId: id }),
  }), tabId);
}

/** Everything the extension stores, as one string (to grep for raw secrets). */
export function allStoredText(browser) {
  return inWorker(browser, async () => JSON.stringify([
    await chrome.storage.session.get(null),
    await chrome.storage.local.get(null),
  ]));
}

export const hexColour = ([r, g, b]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;
