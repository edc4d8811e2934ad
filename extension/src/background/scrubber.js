// Defence in depth for "never store or show a raw secret": the engine only returns redacted
// values, but page-derived strings we keep (URLs, labels, original file names, the title)
// could carry a key the engine just found. The scrubber learns each verbatim match while a
// page is scanned (in memory only, never persisted) and cuts it out of those strings.

const MIN_SECRET_LENGTH = 8;
const decoder = new TextDecoder();

export class Scrubber {
  #secrets = new Map();

  /** Remembers the matched text of each verbatim finding of one scanned unit (its bytes). */
  learn(bytes, findings) {
    for (const finding of findings) {
      if (finding.decoded.length > 0) continue;
      const { start, end } = finding.location;
      const raw = decoder.decode(bytes.subarray(start, end));
      if (raw.length >= MIN_SECRET_LENGTH) this.#secrets.set(raw, finding.redacted);
    }
  }

  /** The text with every learned secret replaced by its redacted form. */
  scrub(text) {
    if (typeof text !== 'string' || this.#secrets.size === 0) return text;
    let out = text;
    for (const [raw, redacted] of this.#secrets) {
      if (out.includes(raw)) out = out.replaceAll(raw, redacted);
    }
    return out;
  }

  forget() {
    this.#secrets.clear();
  }
}
