#!/usr/bin/env node
// How long the extension's background takes to scan a page with 5 MB of JavaScript, in
// real headless Chromium (target: ≤ 300 ms of engine time). Real shipped bundles from the
// benchmark corpus (`make corpus`) when present, else generated minified-looking code.
// Prints the engine time of the first scan (a fresh service worker: cold Wasm code) and of
// later scans (warm), the wall time from the click to the finished report, and zip sizes.
//
//   node tests/extension/bench-scan.mjs [--mb 5] [--runs 3]
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { buildExtension, launchWithExtension, waitForReport } from './support/browser.js';
import { filler, startTestSite } from './support/test-site.js';

const { values } = parseArgs({ options: { mb: { type: 'string', default: '5' }, runs: { type: 'string', default: '3' } } });
const targetBytes = Number(values.mb) * 1024 * 1024;
const CORPUS = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'corpus');

function corpusChunks() {
  if (!existsSync(CORPUS)) return null;
  const files = readdirSync(CORPUS, { recursive: true }).map((name) => join(CORPUS, name))
    .filter((path) => path.endsWith('.js') && statSync(path).isFile()).sort();
  const chunks = [];
  let total = 0;
  for (const path of files) {
    const bytes = readFileSync(path);
    if (total + bytes.length > targetBytes) continue;
    chunks.push(bytes);
    total += bytes.length;
  }
  return total > targetBytes * 0.9 ? chunks : null;
}

const chunks = corpusChunks() ?? Array.from({ length: 5 }, (_, i) => Buffer.from(filler(targetBytes / 5, i)));
const total = chunks.reduce((sum, c) => sum + c.length, 0);
const build = buildExtension();
const site = await startTestSite({ benchChunks: chunks });
const browser = await launchWithExtension(build.chromium);
try {
  const page = await browser.context.newPage();
  await page.goto(`${site.origin}/bench/`);
  const url = `${site.origin}/bench/`;
  console.log(`page: ${chunks.length} scripts, ${(total / 1024 / 1024).toFixed(2)} MB of JS (${corpusChunks() ? 'real bundles from .cache/corpus' : 'generated'})`);
  for (let run = 1; run <= Number(values.runs); run += 1) {
    const before = Date.now();
    const previous = run === 1 ? null : await waitForReport(browser, url, () => true);
    if (run === 1) {
      await browser.clickAction(page);
    } else {
      // Scan again, as the popup's button does (activeTab still holds for this document).
      const popup = await browser.context.newPage();
      await popup.goto(`chrome-extension://${browser.extensionId}/popup/popup.html?tab=${previous.tabId}`);
      await popup.click('#rescan');
      await popup.close();
    }
    const report = await waitForReport(browser, url, (r) => r.status === 'done' && r.startedAt >= before && r.stats.scripts === chunks.length, { timeoutMs: 60000 });
    const { stats } = report;
    console.log(`run ${run}${run === 1 ? ' (cold worker)' : ''}: engine ${stats.scanMs.toFixed(0)} ms for ${(stats.bytes / 1024 / 1024).toFixed(2)} MB `
      + `(${(stats.bytes / 1024 / 1024 / (stats.scanMs / 1000)).toFixed(0)} MB/s; JS-aware ${(stats.jsAwareBytes / 1024 / 1024).toFixed(2)} MB, `
      + `slowest script ${stats.slowestUnitMs.toFixed(0)} ms); click to finished report ${report.finishedAt - report.startedAt} ms; findings ${report.exposures.length}`);
  }
  for (const name of readdirSync(build.out).filter((n) => n.endsWith('.zip'))) {
    console.log(`zip: ${name} ${(statSync(join(build.out, name)).size / 1024).toFixed(0)} KB`);
  }
} finally {
  await browser.close();
  await site.close();
  build.remove();
}
