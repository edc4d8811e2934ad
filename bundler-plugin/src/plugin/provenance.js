// Where a finding in an emitted file came from: the original module and its line and
// column. First through the asset's source map (@jridgewell/trace-mapping), refined by
// looking for the value on the mapped line; without a map, by looking for the value (or
// the environment variable's name) in the modules the bundler says went into the file.

import { readFileSync } from 'node:fs';
import path from 'node:path';
import { TraceMap, originalPositionFor, sourceContentFor } from '@jridgewell/trace-mapping';

const MAX_INPUT_BYTES = 8 * 1024 * 1024;

/** 1-based line, column (Unicode characters) and UTF-16 column of a UTF-16 index in `text`. */
export function positionAt(text, index) {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  const before = text.slice(lineStart, index);
  return { line, column: [...before].length + 1, column_utf16: before.length + 1 };
}

/** The engine's Location shape for a UTF-16 range of `text` (byte offsets in UTF-8). */
export function locationOf(text, start, end) {
  const from = positionAt(text, start);
  const to = positionAt(text, end);
  const byteStart = Buffer.byteLength(text.slice(0, start));
  return {
    start: byteStart,
    end: byteStart + Buffer.byteLength(text.slice(start, end)),
    line: from.line, column: from.column, column_utf16: from.column_utf16,
    end_line: to.line, end_column: to.column, end_column_utf16: to.column_utf16,
  };
}

export class Provenance {
  #root;
  #texts = new Map();
  #maps = new Map();

  constructor(root) {
    this.#root = root;
  }

  /**
   * @param {{ map?: () => (object|string|undefined), mapFile?: string, inputs?: () => Iterable<string> }} asset
   * @param {{ line: number, column_utf16: number }} location where the value is in the emitted file
   * @param {{ value?: string, variable?: string }} needle the raw value (never shown) and/or an env variable's name
   * @returns {{ file: string, line: number, column: number } | null}
   */
  locate(asset, location, needle) {
    return this.#throughMap(asset, location, needle) ?? this.#throughInputs(asset, needle);
  }

  /**
   * A position the engine itself found: a finding inside a `.map` file's `sourcesContent`
   * comes with the `sources` entry as the map writes it (relative to the map's folder,
   * or a `webpack://` URL), made here relative to the project root like every other.
   * @param {{ file: string }} asset the emitted file the finding is in (root-relative)
   * @param {{ file: string, line: number, column: number } | null | undefined} source
   */
  fromEngine(asset, source) {
    if (!asset || !source?.file) return null;
    const file = /^[a-z][a-z\d+.-]*:/i.test(source.file)
      ? this.#sourcePath(source.file)
      : path.resolve(this.#root, path.dirname(asset.file), source.file);
    return file ? { file: this.#display(file), line: source.line, column: source.column } : null;
  }

  #throughMap(asset, location, needle) {
    const map = this.#traceMap(asset);
    if (!map) return null;
    let original;
    try {
      original = originalPositionFor(map, { line: location.line, column: location.column_utf16 - 1 });
    } catch {
      return null;
    }
    if (!original?.source) return null;
    const file = this.#sourcePath(original.source);
    if (!file) return null;
    const text = sourceContentFor(map, original.source) ?? this.#read(file);
    // The map points at the token (the string's quote, the `process.env.X` expression);
    // the value itself is usually right there: prefer its exact position on that line.
    const exact = text && this.#find(text, needle, original.line);
    if (exact) return { file: this.#display(file), ...exact };
    return { file: this.#display(file), line: original.line, column: original.column + 1 };
  }

  #throughInputs(asset, needle) {
    for (const input of asset.inputs?.() ?? []) {
      if (!input || input.includes('\0') || !path.isAbsolute(input)) continue;
      const text = this.#read(input);
      const exact = text && this.#find(text, needle);
      if (exact) return { file: this.#display(input), ...exact };
    }
    return null;
  }

  /** The value, else a reference to the variable; on `nearLine` if given, else the first. */
  #find(text, { value, variable }, nearLine) {
    const patterns = [];
    if (value) patterns.push((t, from) => ({ at: t.indexOf(value, from), length: value.length }));
    if (variable) {
      const reference = new RegExp(`\\benv(?:\\.${variable}\\b|\\[\\s*["'\`]${variable}["'\`]\\s*\\])`, 'g');
      patterns.push((t, from) => {
        reference.lastIndex = from;
        const m = reference.exec(t);
        return { at: m ? m.index : -1 };
      });
    }
    for (const next of patterns) {
      let best = null;
      for (let hit = next(text, 0); hit.at !== -1; hit = next(text, hit.at + 1)) {
        const position = positionAt(text, hit.at);
        if (nearLine === undefined) return { line: position.line, column: position.column };
        if (!best || Math.abs(position.line - nearLine) < Math.abs(best.line - nearLine)) best = position;
        if (position.line >= nearLine) break;
      }
      if (best && Math.abs(best.line - nearLine) <= 2) return { line: best.line, column: best.column };
    }
    return null;
  }

  #traceMap(asset) {
    if (!asset.map) return null;
    if (this.#maps.has(asset)) return this.#maps.get(asset);
    let traced = null;
    try {
      const raw = asset.map();
      // An object (Rollup's SourceMap) is read as is: TraceMap copies before it sorts, and a
      // JSON round trip of the benchmark's 12.7 MB map cost ~90 ms for nothing.
      if (raw) traced = new TraceMap(raw, asset.mapFile);
    } catch {
      traced = null; // a broken map only costs us the original position
    }
    this.#maps.set(asset, traced);
    return traced;
  }

  /** Absolute path of a map source: plain paths, file: URLs and webpack://namespace/./x. */
  #sourcePath(source) {
    let s = source;
    if (s.startsWith('webpack://')) {
      s = s.replace(/^webpack:\/\/[^/]*\//, '');
      if (s.startsWith('webpack/') || s.startsWith('(webpack)')) return null;
      return path.resolve(this.#root, s);
    }
    if (s.startsWith('file://')) return decodeURIComponent(new URL(s).pathname);
    if (/^[a-z][a-z\d+.-]*:/i.test(s)) return null;
    return path.resolve(this.#root, s);
  }

  #read(file) {
    if (!this.#texts.has(file)) {
      let text = null;
      try {
        const bytes = readFileSync(file);
        if (bytes.length <= MAX_INPUT_BYTES) text = bytes.toString('utf8');
      } catch {
        text = null;
      }
      this.#texts.set(file, text);
    }
    return this.#texts.get(file);
  }

  #display(file) {
    const relative = path.relative(this.#root, file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
  }
}
