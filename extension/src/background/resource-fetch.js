// Fetches one resource the page itself loaded (a script or the source map it names),
// preferring the browser's cache, with a size cap and a timeout. Never a URL the page did
// not reference: callers pass only script URLs from the page and maps those scripts name.

/** A fetched resource, or `error` (a short reason) when it could not be read. */
export async function fetchResource(url, { maxBytes, timeoutMs }) {
  let response;
  try {
    response = await fetch(url, {
      cache: 'force-cache',
      credentials: 'include',
      redirect: 'follow',
      referrerPolicy: 'no-referrer',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { error: error?.name === 'TimeoutError' ? `no response within ${timeoutMs / 1000} s` : 'could not be fetched (network error, or no access to this origin: it may be cross-origin without CORS, or outside the permission you granted)', code: 'fetch-failed' };
  }
  if (!response.ok) return { error: `the server answered ${response.status}`, code: 'fetch-failed' };
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.body?.cancel().catch(() => {});
    return { error: `${formatBytes(declared)}, over the ${formatBytes(maxBytes)} limit per resource`, code: 'too-large', bytes: declared };
  }
  const chunks = [];
  let size = 0;
  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > maxBytes) {
        reader.cancel().catch(() => {});
        return { error: `over the ${formatBytes(maxBytes)} limit per resource`, code: 'too-large', bytes: size };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { error: error?.name === 'TimeoutError' ? `not complete within ${timeoutMs / 1000} s` : 'the download broke off', code: 'fetch-failed' };
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { bytes, url: response.url || url, sourceMapHeader: response.headers.get('sourcemap') ?? response.headers.get('x-sourcemap') };
}

export function formatBytes(bytes) {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} B`;
}
