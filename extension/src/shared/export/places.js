// How a place of an exposure reads in text: `URL:line:col` (or the element or label when a
// line means nothing, like an attribute), then the original file through the source map.

export function placeText(place) {
  const at = place.line ? `:${place.line}:${place.column}` : '';
  const where = place.url ? `${place.url}${at}` : place.label;
  const context = place.url && place.label && place.where !== 'script' ? ` (${place.label})` : '';
  const original = place.source ? ` → ${place.source.file}:${place.source.line}:${place.source.column}` : '';
  return `${where}${context}${original}`;
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
