// Turns what the content script collected into units the engine scans: one per inline
// script or JSON payload, one synthetic document for every meta/data-* attribute, one for
// the visible text, one for the script URLs (keys ride in query strings: `?key=AIza…`).
// External scripts become fetch tasks (see page-scan.js).

/** What the reader sees as the place of a finding: no query string (it may hold a key). */
export function displayUrl(raw) {
  try {
    const url = new URL(raw);
    return `${url.origin}${url.pathname}${url.search ? '?…' : ''}`;
  } catch {
    return '(invalid URL)';
  }
}

const ENGINE_KIND = { 'inline-script': 'js', 'json-script': 'json', 'text-script': 'html' };
const WHERE_LABEL = { 'inline-script': 'inline script', 'json-script': 'JSON payload script', 'text-script': 'script block' };

/** An inline item (script, JSON payload, template) as a unit. */
export function inlineUnit(item, pageUrl) {
  return {
    where: item.kind,
    kind: ENGINE_KIND[item.kind],
    url: displayUrl(pageUrl),
    label: `${WHERE_LABEL[item.kind]} ${item.index} ${item.label}`.trim(),
    content: item.text,
  };
}

const escapeAttribute = (value) => value
  .replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;')
  .replaceAll('\r', '&#13;').replaceAll('\n', '&#10;');
const safeAttributeName = (name) => (/^[a-z][a-z0-9_.:-]*$/i.test(name) ? name : 'data-x');

/**
 * Every collected attribute as one line of a synthetic HTML document, so one engine call
 * reads them all (HTML-aware: entities decoded, data-* and meta content read as values)
 * and a finding's line says which attribute it came from.
 */
export function attributesUnit(item, pageUrl) {
  const lines = item.entries.map(({ element, name, value }) => {
    const tag = element.startsWith('<meta') ? 'meta' : 'div';
    return `<${tag} ${safeAttributeName(name)}="${escapeAttribute(value)}">`;
  });
  return {
    where: 'attribute',
    kind: 'html',
    url: displayUrl(pageUrl),
    label: 'attributes',
    content: lines.join('\n'),
    lineLabels: item.entries.map(({ element, name }) => `${name} of ${element}`),
  };
}

export function visibleTextUnit(item, pageUrl) {
  return { where: 'visible-text', kind: 'text', url: displayUrl(pageUrl), label: 'visible text', content: item.text };
}

/** The URLs of the page's scripts, one per line: a finding's line names its URL. */
export function scriptUrlsUnit(urls) {
  return {
    where: 'script-url',
    kind: 'text',
    url: null,
    label: 'in the URL of a script',
    content: urls.join('\n'),
    lineUrls: urls.map(displayUrl),
  };
}
