// Finds the source map a script names: the `SourceMap` header or the last
// `//# sourceMappingURL=` comment. Inline `data:` maps are read by the engine itself.

const TAIL_BYTES = 4096;
const COMMENT = /\/[/*][#@]\s*sourceMappingURL=([^\s'"*]+)\s*(?:\*\/)?\s*$/;

/**
 * @param {Uint8Array} script
 * @param {string} scriptUrl the final URL of the script (after redirects)
 * @param {string|null} header the response's SourceMap / X-SourceMap header
 * @returns {{url: string}|{inline: true}|null}
 */
export function sourceMapReference(script, scriptUrl, header) {
  const tail = new TextDecoder().decode(script.subarray(Math.max(0, script.length - TAIL_BYTES)));
  const lines = tail.trimEnd().split('\n');
  const match = COMMENT.exec(lines[lines.length - 1] ?? '') ?? COMMENT.exec(lines[lines.length - 2] ?? '');
  const reference = header?.trim() || match?.[1];
  if (!reference) return null;
  if (reference.startsWith('data:')) return { inline: true };
  try {
    const url = new URL(reference, scriptUrl);
    return url.protocol === 'http:' || url.protocol === 'https:' ? { url: url.href } : null;
  } catch {
    return null;
  }
}
