// The background's parts in Node, exactly as shipped (imported from a fresh build): message
// validation, the page scan with the real Wasm engine (through the generated glue factory)
// and real fetches from the test site, budgets, scrubbing, security.txt and the exports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

import { buildExtension } from './support/browser.js';
import { allPlantedValues, startTestSite } from './support/test-site.js';
import { stripePublishableKey, stripeSecretKey, supabaseSecretKey } from '../support/fake-keys.js';

let build;
let site;
let shipped;
let Engine;
let EngineCrashedError;
let createGlue;
let wasm;

const load = (path) => import(pathToFileURL(join(build.chromium, path)).href);

before(async () => {
  build = buildExtension();
  site = await startTestSite({ hugeChunks: 0 });
  ({ Engine, EngineCrashedError } = await load('engine/engine.js'));
  ({ createGlue } = await load('engine/glue-factory.js'));
  wasm = readFileSync(join(build.chromium, 'engine', 'spillproof_engine_bg.wasm'));
  shipped = {
    messages: await load('background/messages.js'),
    pageScan: await load('background/page-scan.js'),
    budget: await load('background/budget.js'),
    securityTxt: await load('background/security-txt.js'),
    sourceMapRef: await load('background/source-map-ref.js'),
    json: await load('shared/export/json.js'),
    sarif: await load('shared/export/sarif.js'),
    markdown: await load('shared/export/markdown.js'),
  };
});
after(async () => {
  await site?.close();
  build?.remove();
});

const newEngine = () => Engine.create({ wasmSource: wasm, loadGlue: createGlue });

/** Runs a PageScan over `items` to the end; resolves with its report. */
async function scanPage(items, { pageUrl = `${site.origin}/planted/`, title = 'Test page', budget, omitted = [] } = {}) {
  const engine = await newEngine();
  return new Promise((resolve) => {
    const scan = new shipped.pageScan.PageScan({
      tabId: 7, token: 'a'.repeat(32), pageUrl, title, mode: 'click', getEngine: async () => engine,
      budget: budget ? { ...shipped.budget.PAGE_BUDGET, ...budget } : undefined,
      onChange: (s) => {
        if (s.report.status === 'done') resolve(structuredClone(s.report));
      },
    });
    scan.add(items, omitted);
  });
}

test('the glue factory gives each engine its own Wasm instance; a crash rebuilds only that one', async () => {
  const [crashing, bystander] = await Promise.all([newEngine(), newEngine()]);
  const text = `k="${supabaseSecretKey()}"`;
  assert.throws(() => crashing.crashForTesting(), EngineCrashedError);
  assert.equal(bystander.scan('a.js', text).findings.length, 1, 'the other instance is untouched');
  await crashing.ready();
  assert.equal(crashing.scan('a.js', text).findings.length, 1, 'the crashed one was rebuilt');
  await assert.rejects(Engine.create({ wasmSource: wasm }), /loadGlue/);
});

test('content messages: well-formed ones pass; unknown keys, kinds, tokens and oversized ones do not', () => {
  const { parseContentMessage, MESSAGE_LIMITS } = shipped.messages;
  const good = { type: 'page-material', token: 'f'.repeat(32), title: 't', items: [
    { kind: 'script-src', url: 'https://a.test/x.js' },
    { kind: 'inline-script', index: 1, label: '<script>', text: 'x' },
    { kind: 'attributes', entries: [{ element: '<div>', name: 'data-x', value: 'y' }] },
    { kind: 'visible-text', text: 'hello' },
  ], omitted: [{ kind: 'visible-text', reason: 'r', count: 1, bytes: 3 }] };
  assert.ok(parseContentMessage(good).message);
  const bad = {
    'extra key': { ...good, findings: [] },
    'unknown type': { ...good, type: 'add-finding' },
    'bad token': { ...good, token: 'nope' },
    'unknown item kind': { ...good, items: [{ kind: 'finding', redacted: 'x' }] },
    'extra item key': { ...good, items: [{ kind: 'script-src', url: 'https://a.test/x.js', verdict: 'secret' }] },
    'javascript: URL': { ...good, items: [{ kind: 'script-src', url: 'javascript:alert(1)' }] },
    'oversized text': { ...good, items: [{ kind: 'visible-text', text: 'x'.repeat(MESSAGE_LIMITS.itemText + 1) }] },
    'too many items': { ...good, items: Array.from({ length: MESSAGE_LIMITS.items + 1 }, () => ({ kind: 'script-src', url: 'https://a.test/x.js' })) },
    'additions with attributes': { type: 'page-additions', token: good.token, items: [good.items[2]], omitted: [] },
    'not an object': 'page-material',
    'prototype games': JSON.parse('{"type":"page-material","token":"ffffffffffffffffffffffffffffffff","title":"t","items":[],"omitted":[],"__proto__":{"x":1}}'),
  };
  for (const [name, message] of Object.entries(bad)) assert.ok(parseContentMessage(message).error, name);
  const total = { ...good, items: Array.from({ length: 7 }, (_, i) => ({ kind: 'inline-script', index: i, label: '', text: 'x'.repeat(MESSAGE_LIMITS.itemText) })) };
  assert.equal(parseContentMessage(total).error, 'message too large');
});

test('senders: only our content script in a tab\'s top frame, and our own pages for commands', () => {
  const { isOwnContentScript, isOwnExtensionPage, parseCommand } = shipped.messages;
  const id = 'abcdefghijklmnop';
  const fromPage = { id, tab: { id: 3 }, frameId: 0, url: 'https://shop.test/' };
  assert.ok(isOwnContentScript(fromPage, id));
  assert.ok(!isOwnContentScript({ ...fromPage, id: 'other-extension' }, id));
  assert.ok(!isOwnContentScript({ ...fromPage, frameId: 2 }, id), 'iframes are not scanned');
  assert.ok(!isOwnContentScript({ ...fromPage, tab: undefined }, id));
  assert.ok(!isOwnContentScript({ ...fromPage, url: 'chrome-extension://abcdefghijklmnop/popup/popup.html' }, id));
  const origin = `chrome-extension://${id}/`;
  assert.ok(isOwnExtensionPage({ id, url: `${origin}popup/popup.html` }, id, origin));
  assert.ok(!isOwnExtensionPage(fromPage, id, origin), 'a content script cannot send commands');
  assert.ok(parseCommand({ type: 'scan-tab', tabId: 3 }).message);
  assert.ok(parseCommand({ type: 'set-site-denied', host: 'shop.test', denied: true }).message);
  assert.ok(parseCommand({ type: 'set-site-denied', host: '*://evil/*', denied: true }).error);
  assert.ok(parseCommand({ type: 'scan-tab', tabId: -1 }).error);
  assert.ok(parseCommand({ type: 'page-material' }).error);
  assert.ok(parseCommand({ type: 'toString' }).error);
});

test('a page scan fetches the page\'s scripts and maps, finds every key once per value, and keeps no raw value', async () => {
  const { secrets, publishable } = site.keys;
  const split = secrets.inlineSplit.value;
  const report = await scanPage([
    { kind: 'inline-script', index: 1, label: '<script>', text: `a="${secrets.inlineScript.value}";b="${split.slice(0, 9)}"+"${split.slice(9)}";c="${publishable.inlineStripe.value}"` },
    { kind: 'script-src', url: `${site.origin}/planted/assets/app.js` },
    { kind: 'attributes', entries: [{ element: '<div#app>', name: 'data-config', value: JSON.stringify({ key: secrets.dataAttribute.value }) }] },
    { kind: 'visible-text', text: `Your key: ${secrets.visibleText.value}` },
  ]);
  const rules = report.exposures.map((e) => [e.rule_id, e.verdict]).sort();
  assert.deepEqual(rules, [
    ['openai.project-key', 'secret'], ['openai.project-key', 'secret'],
    ['stripe.live-secret-key', 'secret'], ['stripe.live-secret-key', 'secret'],
    ['stripe.publishable-key', 'publishable'],
    ['supabase.secret-key', 'secret'], ['supabase.secret-key', 'secret'],
  ].sort());
  const bundled = report.exposures.find((e) => e.locations.some((p) => p.where === 'script'));
  assert.equal(bundled.locationCount, 2, 'the bundle and the map\'s sourcesContent: one exposure, two places');
  assert.deepEqual(bundled.locations.map((p) => p.source?.file), ['src/config.ts', 'src/config.ts']);
  assert.match(bundled.locations.find((p) => p.where === 'source-map').note, /served publicly/);
  assert.deepEqual(report.counts, { secret: 6, review: 0, publishable: 1 });
  assert.equal(report.stats.scripts, 1);
  assert.equal(report.stats.sourceMaps, 1);
  const text = JSON.stringify(report);
  for (const value of allPlantedValues(site)) assert.ok(!text.includes(value.slice(8, -4)), 'raw value in the report');
});

test('page-derived labels and URLs are scrubbed of any key found in them', async () => {
  const secret = stripeSecretKey();
  const report = await scanPage([
    { kind: 'inline-script', index: 1, label: `<script#${secret}>`, text: `k="${secret}"` },
    { kind: 'script-src', url: `${site.origin}/missing/${secret}/x.js?key=${secret}` },
  ], { title: `Dashboard ${secret}`, pageUrl: `${site.origin}/planted/${secret}/` });
  const text = JSON.stringify(report);
  assert.ok(!text.includes(secret), 'a raw key survived in a label, URL or the title');
  assert.ok(text.includes(`${secret.slice(0, 8)}…`));
  assert.match(report.title, /^Dashboard sk_live_…/);
  const missing = report.skipped.find((s) => s.code === 'fetch-failed');
  assert.match(missing.reason, /404/);
  assert.ok(missing.url.endsWith('/x.js?…'), 'query strings are never kept');
});

test('over the budget: JS-aware reading stops first (raw text only), then scanning stops, and both are listed', async () => {
  const secret = stripeSecretKey();
  const big = `var pad="${'x'.repeat(40_000)}";k="${secret}";`;
  const items = Array.from({ length: 6 }, (_, i) => ({ kind: 'inline-script', index: i + 1, label: '<script>', text: big }));
  const report = await scanPage(items, { budget: { jsAwareBytes: 100_000, maxBytes: 170_000 } });
  assert.equal(report.budget.exceeded, true);
  assert.ok(report.stats.jsAwareBytes <= 100_000 && report.stats.rawOnlyBytes > 0);
  assert.ok(report.stats.bytes <= 170_000);
  assert.ok(report.skipped.some((s) => s.code === 'raw-only' && !s.incomplete));
  assert.ok(report.skipped.some((s) => s.code === 'budget-bytes' && s.incomplete));
  assert.equal(report.exposures.length, 1, 'the same key everywhere is one exposure');
  assert.ok(report.exposures[0].locationCount >= 3);
});

test('when the engine cannot start, the scan still ends and lists every part as not scanned', async () => {
  const report = await new Promise((resolve) => {
    const scan = new shipped.pageScan.PageScan({
      tabId: 8, token: 'b'.repeat(32), pageUrl: `${site.origin}/planted/`, title: 't', mode: 'click',
      getEngine: async () => { throw new Error('CompileError: blocked by CSP'); },
      onChange: (s) => s.report.status === 'done' && resolve(structuredClone(s.report)),
    });
    scan.add([{ kind: 'inline-script', index: 1, label: '<script>', text: 'x=1' }, { kind: 'visible-text', text: 'hello' }]);
  });
  assert.deepEqual(report.skipped.map((s) => [s.code, s.incomplete]), [['scan-error', true], ['scan-error', true], ['scan-error', true]]);
  assert.match(report.skipped[0].reason, /blocked by CSP/);
});

test('what the content script left out is listed as not scanned', async () => {
  const report = await scanPage([{ kind: 'visible-text', text: 'hello' }], { omitted: [{ kind: 'attributes', reason: 'over the per-page attribute limit', count: 12 }] });
  assert.deepEqual(report.skipped.map((s) => [s.code, s.label, s.incomplete]), [['collection-limit', '12 × attributes', true]]);
});

test('source map references: header first, last comment, inline maps left to the engine', () => {
  const { sourceMapReference } = shipped.sourceMapRef;
  const bytes = (text) => new TextEncoder().encode(text);
  const base = 'https://cdn.test/js/app.js';
  assert.deepEqual(sourceMapReference(bytes('a();\n//# sourceMappingURL=app.js.map\n'), base, null), { url: 'https://cdn.test/js/app.js.map' });
  assert.deepEqual(sourceMapReference(bytes('a();\n/*# sourceMappingURL=../maps/a.map */'), base, null), { url: 'https://cdn.test/maps/a.map' });
  assert.deepEqual(sourceMapReference(bytes('a();'), base, '/m/app.map'), { url: 'https://cdn.test/m/app.map' });
  assert.deepEqual(sourceMapReference(bytes('a();\n//# sourceMappingURL=data:application/json;base64,e30='), base, null), { inline: true });
  assert.equal(sourceMapReference(bytes('a();\n//# sourceMappingURL=javascript:alert(1)'), base, null), null);
  assert.equal(sourceMapReference(bytes('var s="//# sourceMappingURL=x.map";\nmore();'), base, null), null, 'only a trailing comment counts');
});

test('security.txt: fields, signed files, expiry, and only safe links', () => {
  const { parseSecurityTxt, linkFor } = shipped.securityTxt;
  const signed = [
    '-----BEGIN PGP SIGNED MESSAGE-----', 'Hash: SHA512', '',
    'contact: mailto:sec@shop.test', 'Contact: https://shop.test/vdp', 'Contact: javascript:alert(1)',
    '- Policy: https://shop.test/policy', 'Expires: 2001-01-01T00:00:00Z', '# a comment: Contact: nope', 'Preferred-Languages: en, de',
    '-----BEGIN PGP SIGNATURE-----', 'abc', '-----END PGP SIGNATURE-----',
  ].join('\n');
  const parsed = parseSecurityTxt(signed);
  assert.equal(parsed.signed, true);
  assert.deepEqual(parsed.contacts.map((c) => [c.value, c.href]), [
    ['mailto:sec@shop.test', 'mailto:sec@shop.test'], ['https://shop.test/vdp', 'https://shop.test/vdp'], ['javascript:alert(1)', null],
  ]);
  assert.deepEqual(parsed.policies.map((p) => p.value), ['https://shop.test/policy']);
  assert.equal(parsed.expired, true);
  assert.equal(parsed.preferredLanguages, 'en, de');
  assert.equal(linkFor('data:text/html,x'), null);
  assert.equal(linkFor('http://plain.test/'), null, 'plain http is shown, not linked');
});

test('exports: JSON and SARIF 2.1.0 carry redacted values and fingerprints; the disclosure draft escapes page text', async () => {
  const secret = supabaseSecretKey();
  const report = await scanPage([
    { kind: 'inline-script', index: 1, label: '<script#x>', text: `k="${secret}";p="${stripePublishableKey()}"` },
  ], { pageUrl: `${site.origin}/[a](javascript:alert(1))/`, title: '<img src=x onerror=alert(1)>' });
  const json = shipped.json.reportToJson(report, { version: '1.2.3' });
  assert.equal(json.findings.length, 2);
  assert.equal(json.tool.version, '1.2.3');
  const sarif = shipped.sarif.reportToSarif(report, { version: '1.2.3' });
  assert.equal(sarif.version, '2.1.0');
  assert.deepEqual(sarif.runs[0].results.map((r) => r.level).sort(), ['error', 'note']);
  const markdown = shipped.markdown.reportToMarkdown(report, { version: '1.2.3', now: new Date('2026-02-03T00:00:00Z') });
  assert.match(markdown, /on 2026-02-03/);
  const outsideCode = markdown.replace(/`[^`\n]*`/g, '');
  assert.ok(!outsideCode.includes('](javascript:') && !outsideCode.includes('<img'), 'page-derived text cannot become a Markdown link or HTML');
  assert.match(markdown, /1 publishable key/);
  for (const text of [JSON.stringify(json), JSON.stringify(sarif), markdown]) assert.ok(!text.includes(secret));
  assert.ok(markdown.includes(`${secret.slice(0, 8)}…${secret.slice(-4)}`));
});
