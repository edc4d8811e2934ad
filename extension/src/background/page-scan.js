// One page's scan: takes what the content script collected, fetches the external scripts
// the page loaded (and the source maps they name), runs each through the engine within the
// page budget, and keeps one report of redacted exposures (one per distinct key, with every
// place it was seen) plus everything skipped and why.

import { EngineCrashedError } from '../engine/engine.js';
import { PAGE_BUDGET, REPORT_LIMITS } from './budget.js';
import { fetchResource, formatBytes } from './resource-fetch.js';
import { attributesUnit, displayUrl, inlineUnit, scriptUrlsUnit, visibleTextUnit } from './scan-units.js';
import { Scrubber } from './scrubber.js';
import { sourceMapReference } from './source-map-ref.js';
import { compareExposures, countsAsExposure } from '../shared/verdicts.js';

const encoder = new TextEncoder();
const nextTask = () => new Promise((resolve) => setTimeout(resolve, 0));

/** The engine's notes assume a build folder; here the map was fetched from the server. */
const DEPLOYED_MAP_NOTE = 'found in the source map’s sourcesContent: this map is served publicly, so anyone can read the original source';

export class PageScan {
  #getEngine;
  #onChange;
  #budget;
  #exposures = new Map();
  #queue = [];
  #fetches = [];
  #inFlight = 0;
  #draining = false;
  #seenUrls = new Set();
  #scrubber = new Scrubber();
  #cancelled = false;
  #pageUrl;
  #rawTitle;
  #pageQueued = false;

  /**
   * @param {object} options
   * @param {number} options.tabId
   * @param {string} options.token the content script's per-document token
   * @param {string|undefined} options.documentId Chromium's id of the document, when known
   * @param {string} options.pageUrl
   * @param {'click'|'auto'} options.mode
   * @param {() => Promise<import('../engine/engine.js').Engine>} options.getEngine
   * @param {(scan: PageScan) => void} options.onChange called after every step
   * @param {object} [options.restoreFrom] a stored report of this document (service worker restarted)
   */
  constructor({ tabId, token, documentId, pageUrl, title, mode, getEngine, onChange, budget = PAGE_BUDGET, restoreFrom }) {
    this.#getEngine = getEngine;
    this.#onChange = onChange;
    this.#budget = budget;
    this.#pageUrl = pageUrl;
    this.#rawTitle = title;
    this.tabId = tabId;
    this.token = token;
    this.documentId = documentId;
    const url = new URL(pageUrl);
    this.report = restoreFrom ?? {
      version: 1,
      tabId,
      token,
      url: displayUrl(pageUrl),
      origin: url.origin,
      host: url.hostname,
      title: '',
      mode,
      status: 'scanning',
      startedAt: Date.now(),
      finishedAt: null,
      counts: { secret: 0, review: 0, publishable: 0 },
      exposures: [],
      omittedExposures: 0,
      skipped: [],
      omittedSkipped: 0,
      stats: { units: 0, scripts: 0, sourceMaps: 0, bytes: 0, jsAwareBytes: 0, rawOnlyBytes: 0, scanMs: 0, slowestUnitMs: 0 },
      budget: { maxBytes: budget.maxBytes, jsAwareBytes: budget.jsAwareBytes, maxScanMs: budget.maxScanMs, exceeded: false },
    };
    for (const exposure of this.report.exposures) this.#exposures.set(keyOf(exposure), exposure);
  }

  /** Stops writing: a newer scan of the tab replaced this one. */
  cancel() {
    this.#cancelled = true;
    this.#scrubber.forget();
  }

  get cancelled() {
    return this.#cancelled;
  }

  /** Queues validated items from the content script (the first batch or later additions). */
  add(items, omitted = []) {
    if (this.#cancelled) return;
    const urls = [];
    if (this.#rawTitle !== undefined && !this.#pageQueued) {
      // The title and address are shown in the popup: scan them first, show them scrubbed.
      this.#pageQueued = true;
      this.#queue.unshift({ where: 'page', kind: 'text', url: this.report.url, label: 'page title and address', content: `${this.#rawTitle}\n${this.#pageUrl}`, lineLabels: ['page title', 'page address'] });
    }
    for (const item of items) {
      if (item.kind === 'script-src') {
        if (this.#seenUrls.has(item.url)) continue;
        this.#seenUrls.add(item.url);
        urls.push(item.url);
      } else if (item.kind === 'attributes') {
        this.#queue.push(attributesUnit(item, this.#pageUrl));
      } else if (item.kind === 'visible-text') {
        this.#queue.push(visibleTextUnit(item, this.#pageUrl));
      } else {
        this.#queue.push(inlineUnit(item, this.#pageUrl));
      }
    }
    // The URLs are scanned before any of them is fetched, so a key in a URL is known (and
    // scrubbed) before that URL could appear in a fetch error or a place.
    if (urls.length > 0) {
      const afterPage = this.#queue.findIndex((unit) => unit.where === 'page') + 1;
      this.#queue.splice(afterPage, 0, { ...scriptUrlsUnit(urls), fetchAfter: urls });
    }
    for (const { kind, reason, count, bytes } of omitted) {
      this.#skip({ url: this.report.url, label: `${count} × ${kind}`, code: 'collection-limit', reason, bytes, incomplete: true });
    }
    this.report.status = 'scanning';
    this.report.finishedAt = null;
    this.#pump();
  }

  /** Starts fetches up to the concurrency limit and the scan loop if idle. */
  #pump() {
    while (this.#inFlight < this.#budget.fetchConcurrency && this.#fetches.length > 0) {
      const url = this.#fetches.shift();
      this.#inFlight += 1;
      this.#fetchScript(url)
        .catch((error) => this.#skip({ url: displayUrl(url), label: 'script', code: 'fetch-failed', reason: String(error?.message ?? error), incomplete: true }))
        .finally(() => {
          this.#inFlight -= 1;
          this.#pump();
        });
    }
    if (!this.#draining) this.#drain();
  }

  /** Bytes fetched but not yet scanned: counted so fetches stop once the budget is spoken for. */
  #reservedBytes = 0;

  #bytesLeft() {
    return this.#budget.maxBytes - this.report.stats.bytes;
  }

  #overTime() {
    return this.report.stats.scanMs >= this.#budget.maxScanMs;
  }

  async #fetchScript(url) {
    const shown = displayUrl(url);
    if (this.#cancelled) return;
    if (this.#bytesLeft() - this.#reservedBytes <= 0 || this.#overTime()) {
      this.#overBudget(shown, 'script');
      return;
    }
    const limit = { maxBytes: this.#budget.maxResourceBytes, timeoutMs: this.#budget.fetchTimeoutMs };
    const script = await fetchResource(url, limit);
    if (this.#cancelled) return;
    if (script.error) {
      this.#skip({ url: shown, label: 'script', code: script.code, reason: script.error, bytes: script.bytes, incomplete: true });
      return;
    }
    this.report.stats.scripts += 1;
    const unit = { where: 'script', kind: 'js', url: displayUrl(script.url), label: 'script', content: script.bytes, reserved: script.bytes.length };
    this.#reservedBytes += unit.reserved;
    const reference = sourceMapReference(script.bytes, script.url, script.sourceMapHeader);
    if (reference?.url) {
      if (new URL(reference.url).origin !== new URL(script.url).origin) {
        // A script must not point the extension (which has the user's cookies) at another host.
        this.#skip({ url: displayUrl(reference.url), label: 'source map', code: 'cross-origin-map', reason: 'named by a script on another origin: not fetched', incomplete: true });
      } else if (this.#bytesLeft() - this.#reservedBytes <= 0) {
        this.#overBudget(displayUrl(reference.url), 'source map');
      } else {
        const map = await fetchResource(reference.url, limit);
        if (this.#cancelled) return;
        if (map.error) {
          this.#skip({ url: displayUrl(reference.url), label: 'source map', code: map.code, reason: map.error, bytes: map.bytes, incomplete: true });
        } else {
          this.report.stats.sourceMaps += 1;
          unit.sourceMap = map.bytes;
          this.#reservedBytes += map.bytes.length;
          this.#queue.push({ where: 'source-map', kind: 'source-map', url: displayUrl(map.url), label: 'source map', content: map.bytes, reserved: map.bytes.length });
        }
      }
    }
    this.#queue.unshift(unit);
    if (!this.#draining) this.#drain();
  }

  async #drain() {
    this.#draining = true;
    try {
      while (this.#queue.length > 0 && !this.#cancelled) {
        const unit = this.#queue.shift();
        try {
          await this.#scanUnit(unit);
        } catch (error) {
          // E.g. the engine could not start: say so on the unit rather than stall the scan.
          this.#skip({ url: unit.url ?? this.report.url, label: unit.label, code: 'scan-error', reason: `not scanned: ${error?.message ?? error}`, incomplete: true });
        }
        this.#changed();
        // Let messages, fetches and the popup's reads through between units.
        await nextTask();
      }
    } finally {
      this.#draining = false;
    }
    if (!this.#cancelled && this.#queue.length === 0 && this.#fetches.length === 0 && this.#inFlight === 0) {
      this.report.status = 'done';
      this.report.finishedAt = Date.now();
      // The scrubber stays (in memory) until the scan is replaced: later additions may
      // produce places that need it.
      this.#changed();
    }
  }

  async #scanUnit(unit) {
    try {
      await this.#scanUnitWithinBudget(unit);
    } finally {
      if (unit.fetchAfter) {
        this.#fetches.push(...unit.fetchAfter);
        this.#pump();
      }
    }
  }

  async #scanUnitWithinBudget(unit) {
    this.#reservedBytes -= unit.reserved ?? 0;
    const bytes = typeof unit.content === 'string' ? encoder.encode(unit.content) : unit.content;
    const { stats } = this.report;
    if (bytes.length > this.#bytesLeft() || this.#overTime()) {
      this.#overBudget(unit.url ?? this.report.url, unit.label, bytes.length);
      return;
    }
    // JS-aware reading within its share of the budget; raw text (every byte, ~10x faster) beyond.
    const jsAware = unit.kind !== 'text'
      && stats.jsAwareBytes + bytes.length <= this.#budget.jsAwareBytes
      && stats.scanMs < this.#budget.jsAwareMs;
    const kind = jsAware ? unit.kind : 'text';
    const engine = await this.#getEngine();
    const options = jsAware && unit.sourceMap ? { sourceMap: unit.sourceMap } : undefined;
    let result;
    const started = performance.now();
    try {
      result = this.#scanWith(engine, unit, bytes, kind, options);
    } catch (error) {
      if (!(error instanceof EngineCrashedError)) throw error;
      await engine.ready();
      try {
        result = this.#scanWith(engine, unit, bytes, kind, options);
      } catch (again) {
        if (!(again instanceof EngineCrashedError)) throw again;
        await engine.ready();
        this.#skip({ url: unit.url ?? this.report.url, label: unit.label, code: 'engine-crash', reason: 'the engine crashed twice on this input; it was restarted', bytes: bytes.length, incomplete: true });
        return;
      }
    }
    const elapsed = performance.now() - started;
    stats.scanMs += elapsed;
    stats.slowestUnitMs = Math.max(stats.slowestUnitMs, elapsed);
    stats.units += 1;
    stats.bytes += bytes.length;
    if (jsAware) stats.jsAwareBytes += bytes.length;
    else stats.rawOnlyBytes += bytes.length;
    if (!jsAware && unit.kind !== 'text') {
      this.report.budget.exceeded = true;
      this.#skip({ url: unit.url ?? this.report.url, label: unit.label, code: 'raw-only', reason: 'over the JS-aware budget: read as raw text only (split, escaped or encoded keys are not seen)', bytes: bytes.length, incomplete: false });
    }
    this.#scrubber.learn(bytes, result.findings);
    if (unit.where === 'page') {
      this.report.title = this.#scrubber.scrub(this.#rawTitle);
      this.report.url = this.#scrubber.scrub(this.report.url);
      this.#rawTitle = undefined;
    }
    for (const finding of result.findings) this.#record(finding, unit);
    for (const skipped of result.skipped) {
      this.#skip({ url: unit.url ?? this.report.url, label: unit.label, code: skipped.code, reason: skipped.reason, incomplete: skipped.incomplete });
    }
  }

  #scanWith(engine, unit, bytes, kind, options) {
    return engine.scan(unit.url ?? 'script-urls.txt', bytes, kind, options);
  }

  /** One finding → a place of its exposure (one exposure per rule + fingerprint). */
  #record(finding, unit) {
    const key = keyOf(finding);
    let exposure = this.#exposures.get(key);
    if (!exposure) {
      if (this.#exposures.size >= REPORT_LIMITS.exposures) {
        this.report.omittedExposures += 1;
        return;
      }
      exposure = {
        rule_id: finding.rule_id,
        provider: finding.provider,
        title: finding.title,
        severity: finding.severity,
        verdict: finding.verdict,
        verdict_reason: finding.verdict_reason,
        redacted: finding.redacted,
        fingerprint: finding.fingerprint,
        description: finding.description,
        remediation: finding.remediation,
        locations: [],
        locationCount: 0,
      };
      this.#exposures.set(key, exposure);
    }
    exposure.locationCount += 1;
    if (exposure.locations.length >= REPORT_LIMITS.locationsPerExposure) return;
    const { line, column, column_utf16: columnUtf16 } = finding.location;
    const place = { where: unit.where, url: unit.url, label: unit.label, line, column, columnUtf16 };
    // Synthetic units (one attribute or script URL per line): the line names the place.
    if (unit.lineLabels) place.label = unit.lineLabels[line - 1] ?? unit.label;
    if (unit.lineUrls) place.url = unit.lineUrls[line - 1] ?? null;
    if (unit.lineLabels || unit.lineUrls) {
      place.line = null;
      place.column = null;
      place.columnUtf16 = null;
    }
    const scrub = (text) => this.#scrubber.scrub(text);
    place.url = scrub(place.url);
    place.label = scrub(place.label);
    place.source = finding.source ? { file: scrub(finding.source.file), line: finding.source.line, column: finding.source.column } : null;
    place.decoded = finding.decoded;
    place.note = unit.where === 'source-map' && finding.note ? DEPLOYED_MAP_NOTE : finding.note;
    exposure.locations.push(place);
  }

  #overBudget(url, label, bytes) {
    this.report.budget.exceeded = true;
    const reason = this.#overTime()
      ? `the page's scan-time budget (${this.#budget.maxScanMs / 1000} s) is used up`
      : `the page's budget of ${formatBytes(this.#budget.maxBytes)} is used up`;
    this.#skip({ url, label, code: this.#overTime() ? 'budget-time' : 'budget-bytes', reason, bytes, incomplete: true });
  }

  #skip(entry) {
    if (this.report.skipped.length >= REPORT_LIMITS.skipped) {
      this.report.omittedSkipped += 1;
      return;
    }
    const clean = { ...entry, url: this.#scrubber.scrub(entry.url), label: this.#scrubber.scrub(entry.label) };
    if (clean.bytes === undefined) delete clean.bytes;
    this.report.skipped.push(clean);
  }

  /** Every page-derived string kept, cut of every key known so far (idempotent). */
  #scrubAll() {
    const scrub = (text) => this.#scrubber.scrub(text);
    this.report.url = scrub(this.report.url);
    for (const entry of this.report.skipped) {
      entry.url = scrub(entry.url);
      entry.label = scrub(entry.label);
    }
    for (const exposure of this.#exposures.values()) {
      for (const place of exposure.locations) {
        place.url = scrub(place.url);
        place.label = scrub(place.label);
        if (place.source) place.source.file = scrub(place.source.file);
      }
    }
  }

  #changed() {
    if (this.#cancelled) return;
    this.#scrubAll();
    const exposures = [...this.#exposures.values()].sort(compareExposures);
    this.report.exposures = exposures;
    const counts = { secret: 0, review: 0, publishable: 0 };
    for (const exposure of exposures) counts[exposure.verdict] += 1;
    this.report.counts = counts;
    this.report.updatedAt = Date.now();
    this.#onChange(this);
  }

  /** Distinct secrets and keys to review (what the badge counts). */
  get exposureCount() {
    return this.report.exposures.filter((e) => countsAsExposure(e.verdict)).length;
  }
}

const keyOf = (finding) => `${finding.rule_id}:${finding.fingerprint}`;
