// How a place of an exposure reads in text: a fetched file as `URL:line:col`; something in
// the page as `page › inline script 2:3:14` (or `page › data-key of <div#app>` when a line
// means nothing); then the original file through the source map.

export function placeText(place) {
  const at = place.line ? `:${place.line}:${place.column}` : '';
  const original = place.source ? ` → ${place.source.file}:${place.source.line}:${place.source.column}` : '';
  // A fetched file: its own URL, line and column.
  if (place.where === 'script' || place.where === 'source-map') return `${place.url}${at}${original}`;
  // Something inside the page (inline script, attribute, text): the page, then what and where in it.
  if (place.url) return `${place.url} › ${place.label}${at}${original}`;
  return `${place.label}${at}${original}`;
}

const DECODINGS = {
  json: 'JSON-escaped',
  'html-entities': 'HTML entities',
  escapes: 'JS escapes',
  concatenation: 'split with +',
  base64: 'base64',
};

/** "split with +, base64" for a decoded finding; '' when it was verbatim. */
export const decodedText = (decoded) => decoded.map((d) => DECODINGS[d] ?? d).join(', ');
