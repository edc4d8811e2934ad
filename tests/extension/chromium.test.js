// The built extension in real headless Chromium against a local test site with fake keys
// planted in every place the extension reads. The toolbar button is clicked for real (CDP
// Extensions.triggerAction: opens the popup and grants activeTab like a user's click).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { allStoredText, badgeOf, buildExtension, hexColour, inWorker, launchWithExtension, waitForReport } from './support/browser.js';
import { allPlantedValues, startTestSite } from './support/test-site.js';
import { stripeSecretKey } from '../support/fake-keys.js';

const ARTIFACTS = join(dirname(fileURLToPath(import.meta.url)), 'artifacts');
const RED = '#c5221f';

let build;
let site;
let browser;
/** Every request any page or the service worker made: { url, fromWorker }. */
const requests = [];

const redactedOf = (value) => `${value.slice(0, 8)}…${value.slice(-4)}`;

/** Every raw planted value, and its middle (what redaction always hides), must be absent. */
function assertNoRawValue(text, where) {
  for (const value of allPlantedValues(site)) {
    assert.ok(!text.includes(value), `${where} holds a raw planted value (${redactedOf(value)})`);
    assert.ok(!text.includes(value.slice(8, -4)), `${where} holds the hidden middle of ${redactedOf(value)}`);
  }
}

async function openReportPage(tabId) {
  const page = await browser.context.newPage();
  await page.setViewportSize({ width: 900, height: 1400 });
  await page.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${tabId}`);
  await page.waitForSelector('article.finding');
  return page;
}

/** Scans `path` with a click on the toolbar button; resolves with the page and its finished report. */
async function clickAndScan(path, until = () => true) {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}${path}`);
  await browser.clickAction(page);
  const report = await waitForReport(browser, `${site.origin}${path}`, (r) => r.status === 'done' && until(r), { what: `the scan of ${path}` });
  return { page, report };
}

before(async () => {
  mkdirSync(ARTIFACTS, { recursive: true });
  build = buildExtension();
  site = await startTestSite();
  browser = await launchWithExtension(build.chromium);
  browser.context.on('request', (request) => requests.push({ url: request.url(), fromWorker: request.serviceWorker() !== null }));
});

after(async () => {
  await browser?.close();
  await site?.close();
  build?.remove();
});

let planted;

test('a click scans the page: the badge counts every planted secret and key to review, in red', async () => {
  const late = site.keys.secrets.lateScript.value;
  planted = await clickAndScan('/planted/', (r) => r.exposures.some((e) => e.redacted === redactedOf(late)));
  const { report } = planted;
  const expectedSecrets = Object.keys(site.keys.secrets).length;
  assert.deepEqual(report.counts, { secret: expectedSecrets, review: 1, publishable: 2 });
  const badge = await badgeOf(browser, report.tabId);
  assert.equal(badge.text, String(expectedSecrets + 1), 'publishable keys are not counted');
  assert.equal(hexColour(badge.colour), RED);
  assert.match(badge.title, new RegExp(`${expectedSecrets} secrets, 1 to review, 2 publishable`));
});

test('every planted key is found with its verdict and place (original source through the map)', () => {
  const { report } = planted;
  const byRedacted = new Map(report.exposures.map((e) => [e.redacted, e]));
  const groups = [['secret', site.keys.secrets], ['review', site.keys.review], ['publishable', site.keys.publishable]];
  for (const [verdict, keys] of groups) {
    for (const [name, key] of Object.entries(keys)) {
      const exposure = byRedacted.get(redactedOf(key.value));
      assert.ok(exposure, `${name} (${key.rule}) was not found`);
      assert.equal(exposure.rule_id, key.rule, name);
      assert.equal(exposure.verdict, verdict, name);
      assert.ok(exposure.locations.some((p) => p.where === key.where), `${name}: seen in ${exposure.locations.map((p) => p.where)}`);
      if (key.source) assert.ok(exposure.locations.some((p) => p.source?.file === key.source), `${name}: original file ${key.source}`);
      if (key.decoded) assert.ok(exposure.locations.some((p) => p.decoded.includes(key.decoded)), `${name}: read through ${key.decoded}`);
    }
  }
  const app = byRedacted.get(redactedOf(site.keys.secrets.externalScript.value));
  const inBundle = app.locations.find((p) => p.where === 'script');
  assert.equal(inBundle.url, `${site.origin}/planted/assets/app.js`);
  assert.deepEqual([inBundle.line, inBundle.source.line], [1, 3], 'app.js:1 → src/config.ts:3');
  const late = byRedacted.get(redactedOf(site.keys.secrets.lateScript.value));
  assert.equal(late.locations[0].url, `${site.origin}/planted/assets/late.js`);
});

test('the popup lists every planted secret with its verdict and place (screenshot in artifacts/)', async () => {
  const page = await openReportPage(planted.report.tabId);
  const cards = await page.$$eval('article.finding', (nodes) => nodes.map((n) => ({
    verdict: n.closest('[data-verdict]').dataset.verdict,
    redacted: n.querySelector('.redacted').textContent,
    places: [...n.querySelectorAll('.place')].map((p) => p.textContent),
  })));
  const expectPlace = {
    inlineScript: /127\.0\.0\.1:\d+\/planted\/ › inline script 1 <script>:2:\d+$/,
    inlineSplit: /inline script 1 <script>:3:\d+ · split with \+/,
    externalScript: /\/planted\/assets\/app\.js:1:\d+ → src\/config\.ts:3:\d+/,
    sourceMapOnly: /\/planted\/assets\/app\.js\.map:1:\d+ → src\/admin\.ts:2:\d+/,
    nextData: /\/planted\/ › JSON payload script \d+ <script#__NEXT_DATA__> type=application\/json:1:\d+/,
    ldJson: /type=application\/ld\+json/,
    dataAttribute: /\/planted\/ › data-config of <div#app>$/,
    visibleText: /\/planted\/ › visible text:\d+:\d+$/,
    lateScript: /\/planted\/assets\/late\.js:1:\d+/,
    metaTag: /\/planted\/ › content of <meta name=google-maps-key>$/,
  };
  for (const [verdict, keys] of [['secret', site.keys.secrets], ['review', site.keys.review], ['publishable', site.keys.publishable]]) {
    for (const [name, key] of Object.entries(keys)) {
      const card = cards.find((c) => c.redacted === redactedOf(key.value));
      assert.ok(card, `no card for ${name}`);
      assert.equal(card.verdict, verdict, name);
      if (expectPlace[name]) assert.ok(card.places.some((p) => expectPlace[name].test(p)), `${name}: ${card.places.join(' | ')}`);
    }
  }
  assert.equal(await page.$eval('details[data-verdict="publishable"]', (d) => d.open), false, 'publishable keys are listed apart, collapsed');
  assert.match(await page.textContent('.summary'), /9 secrets, 1 to review exposed/);
  await page.screenshot({ path: join(ARTIFACTS, 'popup-planted-page.png'), fullPage: true });
  assertNoRawValue(await page.content(), 'the popup DOM');
  await page.close();
});

test('storage and every export hold redacted values only; SARIF is 2.1.0 with fingerprints', async () => {
  assertNoRawValue(await allStoredText(browser), 'extension storage');
  const page = await openReportPage(planted.report.tabId);
  const exported = {};
  for (const [button, name] of [['#export-json', 'json'], ['#export-sarif', 'sarif'], ['#export-markdown', 'md']]) {
    const [download] = await Promise.all([page.waitForEvent('download'), page.click(button)]);
    const path = join(ARTIFACTS, `planted-page.${name}`);
    await download.saveAs(path);
    exported[name] = readFileSync(path, 'utf8');
    assertNoRawValue(exported[name], `the ${name} export`);
  }
  const json = JSON.parse(exported.json);
  assert.equal(json.findings.length, 12);
  const sarif = JSON.parse(exported.sarif);
  assert.equal(sarif.version, '2.1.0');
  const results = sarif.runs[0].results;
  assert.equal(results.length, 12);
  assert.ok(results.every((r) => /^[0-9a-f]{16}$/.test(r.partialFingerprints['spillproof/v1'])));
  assert.ok(results.every((r) => sarif.runs[0].tool.driver.rules[r.ruleIndex].id === r.ruleId));
  assert.match(exported.md, /^# Exposed credentials on 127\.0\.0\.1/);
  assert.ok(exported.md.includes(redactedOf(site.keys.secrets.externalScript.value)));
  assert.ok(!exported.md.includes(redactedOf(site.keys.publishable.inlineStripe.value)), 'publishable keys are not in the disclosure');
  await page.close();
});

test('"who to tell" fetches security.txt on demand and lists its contacts as safe links', async () => {
  assert.ok(!site.requests.some((r) => r.path === '/.well-known/security.txt'), 'not fetched before the user asks');
  const page = await openReportPage(planted.report.tabId);
  await page.click('#who-to-tell');
  await page.waitForSelector('#contacts h3');
  const links = await page.$$eval('#contacts a', (as) => as.map((a) => a.getAttribute('href')));
  assert.deepEqual(links.slice(0, 2), ['mailto:security@acme.test', 'https://acme.test/report']);
  assert.ok(links.every((href) => !href.startsWith('javascript:')), 'a javascript: contact is never a link');
  assert.match(await page.textContent('#contacts'), /javascript:alert\(1\)/);
  assert.equal(site.requests.filter((r) => r.path === '/.well-known/security.txt').length, 1);
  await page.close();
});

test('scripts the page adds after the scan are scanned as they arrive', async () => {
  const added = site.keys.secrets.inlineScript.value.replace(/.{4}$/, 'Zz9Q');
  await planted.page.evaluate((secret) => {
    const script = document.createElement('script');
    script.textContent = `window.lazyChunk = { token: "${secret}" };`;
    document.head.append(script);
  }, added);
  const report = await waitForReport(browser, `${site.origin}/planted/`, (r) => r.status === 'done' && r.exposures.some((e) => e.redacted === redactedOf(added)), { what: 'the added script' });
  const badge = await badgeOf(browser, report.tabId);
  assert.equal(badge.text, String(Object.keys(site.keys.secrets).length + 2));
});

test('a hostile page cannot add or remove findings', async () => {
  const { page, report } = await clickAndScan('/hostile/');
  assert.equal(report.counts.secret, 1);
  const before = JSON.stringify(report.exposures);
  // A well-formed message carrying a key the engine would report, were it ever accepted.
  const forgedKey = stripeSecretKey();
  const forged = (type, token) => ({ type, token, title: 'x', items: [{ kind: 'inline-script', index: 1, label: '', text: `k="${forgedKey}"` }], omitted: [] });
  const pageReach = await page.evaluate(({ material, additions }) => {
    // Everything a page can do: post to its window, dispatch DOM events, erase its script.
    window.postMessage(material, '*');
    window.postMessage(additions, '*');
    document.dispatchEvent(new CustomEvent('spillproof', { detail: material }));
    window.dispatchEvent(new MessageEvent('message', { data: additions }));
    document.getElementById('planted').remove();
    document.body.textContent = '';
    return typeof globalThis.chrome?.runtime?.sendMessage;
  }, { material: forged('page-material', '0'.repeat(32)), additions: forged('page-additions', '0'.repeat(32)) });
  assert.equal(pageReach, 'undefined', 'a web page has no runtime channel to the extension');

  // Our own extension page is trusted for commands only, never as a source of page material.
  const reportPage = await openReportPage(report.tabId);
  const answer = await reportPage.evaluate((message) => chrome.runtime.sendMessage(message), forged('page-material', report.token));
  assert.deepEqual(answer, { error: 'unknown command' });
  await reportPage.close();

  await new Promise((resolve) => setTimeout(resolve, 1500));
  const after = await waitForReport(browser, `${site.origin}/hostile/`, () => true);
  assert.equal(JSON.stringify(after.exposures), before, 'findings unchanged');
  assert.equal((await badgeOf(browser, report.tabId)).text, '1');
  await page.close();
});

test('a page with 20 MB of scripts finishes within its budget, says what it skipped, and stays responsive', async (t) => {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}/huge/`);
  const started = Date.now();
  await browser.clickAction(page);
  let slowest = 0;
  let done = false;
  const probe = (async () => {
    while (!done) {
      const t = performance.now();
      await page.evaluate(() => document.title);
      slowest = Math.max(slowest, performance.now() - t);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  })();
  let report;
  try {
    report = await waitForReport(browser, `${site.origin}/huge/`, (r) => r.status === 'done', { timeoutMs: 60000, what: 'the 20 MB page' });
  } finally {
    done = true;
    await probe;
  }
  const elapsed = Date.now() - started;
  assert.ok(report.budget.exceeded);
  assert.ok(report.stats.bytes <= report.budget.maxBytes, `${report.stats.bytes} bytes scanned`);
  assert.ok(report.stats.bytes >= 8 * 1024 * 1024, 'most of the page was scanned');
  const overBudget = report.skipped.filter((s) => s.code === 'budget-bytes' && s.incomplete);
  assert.ok(overBudget.length >= 1, 'what the budget left out is listed');
  assert.ok(report.stats.scripts + overBudget.length >= 10);
  assert.ok(slowest < 1000, `the page answered within ${slowest.toFixed(0)} ms during the scan`);
  assert.equal(report.counts.secret, 1, 'the key in the page itself is found');
  const popup = await openReportPage(report.tabId);
  assert.match(await popup.textContent('[data-skipped="incomplete"] summary'), /Not scanned \(\d+\): the page is over its budget/);
  assert.match(await popup.textContent('.budget'), /larger than the scan budget/);
  await popup.close();
  await page.close();
  t.diagnostic(`20 MB page: done in ${elapsed} ms, engine ${report.stats.scanMs.toFixed(0)} ms, slowest page round trip ${slowest.toFixed(0)} ms`);
});

test('the extension requested nothing but the test site, and only what the page loaded', () => {
  const foreign = requests.filter(({ url }) => /^(https?|wss?|ftp):/.test(url) && !url.startsWith(`${site.origin}/`));
  assert.deepEqual(foreign, []);
  const other = requests.filter(({ url }) => !/^(https?):/.test(url) && !url.startsWith(`chrome-extension://${browser.extensionId}/`) && !/^(data|blob):/.test(url));
  assert.deepEqual(other, []);
  assert.ok(requests.some((r) => r.fromWorker && r.url.endsWith('/planted/assets/app.js.map')), 'the watch sees the service worker’s requests');
  const served = new Set(site.requests.map((r) => r.path));
  const expected = /^\/(planted\/(assets\/(app\.js(\.map)?|late\.js))?|hostile\/|huge\/(chunk-\d+\.js)?|\.well-known\/security\.txt|favicon\.ico)$/;
  assert.deepEqual([...served].filter((path) => !expected.test(path)), [], 'no probing of paths the page did not load');
});

test('a denied site is forgotten and not scanned again until allowed', async () => {
  const page = await openReportPage(planted.report.tabId);
  await page.click('#deny-site');
  await page.waitForSelector('text=Spillproof is off for 127.0.0.1');
  assert.equal(await inWorker(browser, (key) => chrome.storage.session.get(key).then((s) => s[key] ?? null), `report:${planted.report.tabId}`), null);
  assert.equal((await badgeOf(browser, planted.report.tabId)).text, '');
  await browser.clickAction(planted.page);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.equal(await inWorker(browser, (key) => chrome.storage.session.get(key).then((s) => s[key] ?? null), `report:${planted.report.tabId}`), null);
  await page.click('text=Scan 127.0.0.1 again');
  const settings = await inWorker(browser, () => chrome.storage.local.get('settings'));
  assert.deepEqual(settings.settings.deniedHosts, []);
  const again = await waitForReport(browser, `${site.origin}/planted/`, (r) => r.status === 'done' && r.counts.secret >= 9, { what: 'the scan after allowing the site' });
  assert.equal(again.tabId, planted.report.tabId);
  await page.close();
});
