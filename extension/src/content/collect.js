// Spillproof's content script: collects what the page shipped (scripts, JSON payloads,
// meta and data-* attributes, visible text, script URLs) and posts it to the background,
// then keeps watching for scripts the page adds later (SPA navigation, lazy chunks).
//
// It never loads the engine and keeps no findings. It listens to nothing the page can send
// (no window 'message' listener, no DOM events): the page can only change its own DOM,
// which is exactly what gets scanned. A classic script (content scripts cannot be modules),
// injected on click by `scripting.executeScript` or registered for auto-scan.
(() => {
  const ext = globalThis.browser ?? globalThis.chrome;

  // Injected again into the same document (the user asked for a new scan): collect afresh
  // and keep the one observer. The isolated world's globals are invisible to the page.
  if (globalThis.__spillproofCollector) {
    globalThis.__spillproofCollector.collectAll();
    return;
  }

  // Caps keep a hostile or huge page from making messages unbounded; what they leave out
  // is reported (the `omitted` list), never dropped silently. The background re-checks all.
  const LIMITS = {
    inlineBytes: 8 * 1024 * 1024,
    itemBytes: 4 * 1024 * 1024,
    inlineItems: 2000,
    scriptUrls: 5000,
    attributes: 20000,
    attributeBytes: 4 * 1024 * 1024,
    visibleTextBytes: 1024 * 1024,
    additionsPerMessage: 200,
    additionsTotal: 5000,
  };
  const JSON_TYPES = new Set(['application/json', 'application/ld+json', 'importmap', 'speculationrules']);
  const JS_TYPES = new Set(['', 'text/javascript', 'application/javascript', 'module', 'text/ecmascript',
    'application/ecmascript', 'text/jscript', 'text/babel', 'text/jsx']);
  // import() chunks and modulepreload links; fetch()/XHR responses are data, not scripts.
  const SCRIPT_INITIATORS = new Set(['script', 'link', 'other']);
  const ADD_DEBOUNCE_MS = 250;

  // crypto.randomUUID() exists only in secure contexts; plain-http pages need a scan too.
  const token = [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join('');
  const seenScripts = new WeakSet();
  const seenUrls = new Set();
  let pending = [];
  let pendingOmitted = [];
  let additionsSent = 0;
  let flushTimer = 0;
  let inlineIndex = 0;

  const clip = (text, max) => (text.length > max ? text.slice(0, max) : text);
  const describeElement = (el) => {
    const id = el.id ? `#${clip(el.id, 40)}` : '';
    return `<${el.localName}${id}>`;
  };

  function scriptUrl(raw) {
    try {
      const url = new URL(raw, document.baseURI);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch {
      return null;
    }
  }

  /** One <script> element → an item, or null when it was seen already. */
  function scriptItem(script, budget) {
    if (seenScripts.has(script)) return null;
    seenScripts.add(script);
    const type = (script.getAttribute('type') ?? '').trim().toLowerCase();
    if (script.hasAttribute('src')) {
      const url = scriptUrl(script.getAttribute('src'));
      if (url === null) {
        budget.omitted.push({ kind: 'script-src', reason: 'not an http(s) URL (data:, blob: or invalid)', count: 1 });
        return null;
      }
      if (seenUrls.has(url)) return null;
      seenUrls.add(url);
      return { kind: 'script-src', url };
    }
    const text = script.text ?? '';
    if (text.trim() === '') return null;
    inlineIndex += 1;
    const isJson = JSON_TYPES.has(type) || script.id === '__NEXT_DATA__' || script.id === '__NUXT_DATA__';
    const kind = isJson ? 'json-script' : JS_TYPES.has(type) ? 'inline-script' : 'text-script';
    if (budget.inlineItems >= LIMITS.inlineItems || budget.inlineBytes + text.length > LIMITS.inlineBytes || text.length > LIMITS.itemBytes) {
      budget.omitted.push({ kind, reason: 'over the per-page collection limit', count: 1, bytes: text.length });
      return null;
    }
    budget.inlineItems += 1;
    budget.inlineBytes += text.length;
    return { kind, index: inlineIndex, label: `${describeElement(script)}${type ? ` type=${clip(type, 40)}` : ''}`, text };
  }

  /** Scripts loaded without a <script> element (import() chunks, workers' importScripts are not visible). */
  function loadedScriptUrls() {
    const urls = [];
    for (const entry of performance.getEntriesByType('resource')) {
      if (!SCRIPT_INITIATORS.has(entry.initiatorType)) continue;
      const url = scriptUrl(entry.name);
      if (url && /\.m?js$/i.test(new URL(url).pathname) && !seenUrls.has(url)) {
        seenUrls.add(url);
        urls.push({ kind: 'script-src', url });
      }
    }
    return urls;
  }

  function attributeItems(budget) {
    const entries = [];
    let bytes = 0;
    let omitted = 0;
    const push = (element, name, value) => {
      if (!value || value.length < 8) return;
      if (entries.length >= LIMITS.attributes || bytes + value.length > LIMITS.attributeBytes) {
        omitted += 1;
        return;
      }
      bytes += value.length;
      entries.push({ element, name: clip(name, 80), value });
    };
    for (const meta of document.querySelectorAll('meta[content]')) {
      const key = meta.getAttribute('name') ?? meta.getAttribute('property') ?? meta.getAttribute('http-equiv') ?? '';
      push(`<meta ${key ? `name=${clip(key, 60)}` : ''}>`.replace(' >', '>'), 'content', meta.getAttribute('content'));
    }
    for (const el of document.querySelectorAll('*')) {
      if (!el.hasAttributes()) continue;
      for (const attr of el.attributes) {
        if (attr.name.startsWith('data-')) push(describeElement(el), attr.name, attr.value);
      }
    }
    if (omitted > 0) budget.omitted.push({ kind: 'attributes', reason: 'over the per-page attribute limit', count: omitted });
    return entries.length > 0 ? [{ kind: 'attributes', entries }] : [];
  }

  function visibleText(budget) {
    const text = document.body?.innerText ?? '';
    if (text.trim() === '') return [];
    if (text.length > LIMITS.visibleTextBytes) {
      budget.omitted.push({ kind: 'visible-text', reason: 'visible text beyond the first MB', count: 1, bytes: text.length - LIMITS.visibleTextBytes });
    }
    return [{ kind: 'visible-text', text: clip(text, LIMITS.visibleTextBytes) }];
  }

  function send(message) {
    // The background may be restarting; a lost message is re-sent by the next scan request.
    ext.runtime.sendMessage(message).catch(() => {});
  }

  function collectAll() {
    const budget = { inlineItems: 0, inlineBytes: 0, omitted: [] };
    inlineIndex = 0;
    const items = [];
    // A new scan reads every script again: forget what earlier collections saw.
    seenUrls.clear();
    for (const script of document.querySelectorAll('script')) {
      seenScripts.delete(script);
      const item = scriptItem(script, budget);
      if (item) items.push(item);
    }
    items.push(...loadedScriptUrls());
    if (items.filter((i) => i.kind === 'script-src').length > LIMITS.scriptUrls) {
      const urls = items.filter((i) => i.kind === 'script-src');
      budget.omitted.push({ kind: 'script-src', reason: 'over the per-page script URL limit', count: urls.length - LIMITS.scriptUrls });
      const keep = new Set(urls.slice(0, LIMITS.scriptUrls));
      items.splice(0, items.length, ...items.filter((i) => i.kind !== 'script-src' || keep.has(i)));
    }
    items.push(...attributeItems(budget), ...visibleText(budget));
    send({ type: 'page-material', token, title: clip(document.title ?? '', 200), items, omitted: budget.omitted });
  }

  function flushAdditions() {
    flushTimer = 0;
    if (pending.length === 0 && pendingOmitted.length === 0) return;
    const items = pending.splice(0, LIMITS.additionsPerMessage);
    additionsSent += items.length;
    send({ type: 'page-additions', token, items, omitted: pendingOmitted.splice(0) });
    if (pending.length > 0) flushTimer = setTimeout(flushAdditions, ADD_DEBOUNCE_MS);
  }

  function queueAddition(item) {
    if (additionsSent + pending.length >= LIMITS.additionsTotal) {
      pendingOmitted.push({ kind: item.kind, reason: 'over the limit of scripts added after load', count: 1 });
    } else {
      pending.push(item);
    }
    if (!flushTimer) flushTimer = setTimeout(flushAdditions, ADD_DEBOUNCE_MS);
  }

  const additionBudget = { inlineItems: 0, inlineBytes: 0, omitted: pendingOmitted };
  const observer = new MutationObserver((records) => {
    for (const record of records) {
      for (const node of record.addedNodes) {
        const scripts = node.localName === 'script' ? [node] : node.querySelectorAll?.('script') ?? [];
        for (const script of scripts) {
          const item = scriptItem(script, additionBudget);
          if (item) queueAddition(item);
        }
      }
    }
  });
  observer.observe(document.documentElement, { childList: true, subtree: true });

  // Lazy chunks loaded by import() have no <script> element; the resource timeline has them.
  try {
    new PerformanceObserver(() => {
      for (const item of loadedScriptUrls()) queueAddition(item);
    }).observe({ type: 'resource' });
  } catch {
    // No PerformanceObserver for resources here: <script> elements are still observed.
  }

  // The background asks for the token to tell whether this document was scanned already.
  globalThis.__spillproofCollector = { collectAll, token };
  collectAll();
})();
