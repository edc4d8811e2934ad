// "Who to tell": fetches a site's /.well-known/security.txt (RFC 9116) when the user asks,
// and reads its fields. Only that one URL on the page's own origin is requested.

const MAX_BYTES = 32 * 1024;
const TIMEOUT_MS = 10000;
const LINK_SCHEMES = new Set(['mailto:', 'https:', 'tel:']);
const FIELDS = new Map([
  ['contact', 'contacts'], ['policy', 'policies'], ['encryption', 'encryption'], ['acknowledgments', 'acknowledgments'],
  ['preferred-languages', 'preferredLanguages'], ['canonical', 'canonical'], ['hiring', 'hiring'], ['expires', 'expires'],
]);

/** A value safe to make a link of (never `javascript:` or `data:`), else null. */
export function linkFor(value) {
  try {
    const url = new URL(value);
    return LINK_SCHEMES.has(url.protocol) ? url.href : null;
  } catch {
    return null;
  }
}

/** Reads the fields of a security.txt; a PGP-signed file is read from its signed part. */
export function parseSecurityTxt(text, now = Date.now()) {
  let body = text.replace(/^\uFEFF/, '');
  const signed = body.includes('-----BEGIN PGP SIGNED MESSAGE-----');
  if (signed) {
    const start = body.indexOf('\n\n', body.indexOf('-----BEGIN PGP SIGNED MESSAGE-----'));
    const end = body.indexOf('-----BEGIN PGP SIGNATURE-----');
    body = body.slice(start === -1 ? 0 : start + 2, end === -1 ? undefined : end)
      .split('\n').map((line) => (line.startsWith('- ') ? line.slice(2) : line)).join('\n');
  }
  const result = { signed, contacts: [], policies: [], encryption: [], acknowledgments: [], preferredLanguages: [], canonical: [], hiring: [], expires: [] };
  for (const rawLine of body.split(/\r?\n/)) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const field = FIELDS.get(line.slice(0, colon).trim().toLowerCase());
    const value = line.slice(colon + 1).trim().slice(0, 500);
    if (field && value && result[field].length < 20) result[field].push(value);
  }
  const expires = result.expires[0] ? Date.parse(result.expires[0]) : NaN;
  return {
    signed,
    contacts: result.contacts.map((value) => ({ value, href: linkFor(value) })),
    policies: result.policies.map((value) => ({ value, href: linkFor(value) })),
    encryption: result.encryption.map((value) => ({ value, href: linkFor(value) })),
    acknowledgments: result.acknowledgments,
    preferredLanguages: result.preferredLanguages.join(', '),
    canonical: result.canonical,
    hiring: result.hiring,
    expires: result.expires[0] ?? null,
    expired: Number.isFinite(expires) ? expires < now : false,
  };
}

/** Fetches and reads `origin`'s security.txt. Never throws: `found: false` with a reason. */
export async function fetchSecurityTxt(origin) {
  const url = `${origin}/.well-known/security.txt`;
  let response;
  try {
    response = await fetch(url, { cache: 'no-cache', credentials: 'omit', redirect: 'follow', referrerPolicy: 'no-referrer', signal: AbortSignal.timeout(TIMEOUT_MS) });
  } catch {
    return { url, found: false, reason: 'the site did not answer' };
  }
  if (!response.ok) return { url, found: false, reason: `the site answered ${response.status}` };
  const type = response.headers.get('content-type') ?? '';
  if (!type.startsWith('text/plain')) {
    response.body?.cancel().catch(() => {});
    return { url, found: false, reason: `not a security.txt (served as ${type.split(';')[0] || 'no type'})` };
  }
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (bytes.length > MAX_BYTES) return { url, found: false, reason: 'larger than 32 KB: not read' };
  const parsed = parseSecurityTxt(new TextDecoder().decode(bytes));
  if (parsed.contacts.length === 0) return { url, found: false, reason: 'the file names no Contact' };
  return { url, found: true, ...parsed };
}
