export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';
export type Verdict = 'secret' | 'publishable' | 'review';
export type InputKind = 'js' | 'html' | 'css' | 'json' | 'source-map' | 'text' | 'binary';

export interface Location {
  start: number; end: number;
  line: number; column: number; column_utf16: number;
  end_line: number; end_column: number; end_column_utf16: number;
}

export interface Finding {
  rule_id: string; provider: string; title: string;
  severity: Severity; verdict: Verdict; verdict_reason: string;
  location: Location;
  /** Short prefix and suffix only: never the full secret. */
  redacted: string;
  /** Stable across rebuilds (rule + value); use it in allowlists. */
  fingerprint: string;
  description: string; remediation: string;
  /** Original position: through the file's source map, or the `sourcesContent` entry it was in. */
  source: SourceLocation | null;
  /** How the secret was read when it is not verbatim (outermost first); empty when verbatim. */
  decoded: Decoding[];
  /** A caveat about whether it ships (e.g. only if the source map is deployed). */
  note: string | null;
}

export interface SourceLocation { file: string; line: number; column: number }
export type Decoding = 'json' | 'html-entities' | 'escapes' | 'concatenation' | 'base64';

/** `incomplete: false` entries (e.g. `lexer-fallback`) say what was scanned as raw text only. */
export interface Skipped { file: string; code: string; reason: string; incomplete: boolean }

export interface Report {
  origin: string; kind: InputKind; bytes: number; scanned_bytes: number;
  findings: Finding[]; skipped: Skipped[];
}

export interface RuleInfo {
  id: string; family: string; provider: string; title: string;
  severity: Severity; verdict: Verdict; verdict_reason: string | null;
  description: string; remediation: string; references: string[];
}

export interface EngineConfig {
  rules?: object[];
  disable_rules?: string[];
  allow?: { fingerprints?: string[] };
  max_input_bytes?: number;
  /** JS/HTML/JSON/source-map-aware extraction on top of raw text (default true). */
  extract?: boolean;
}

export class ConfigError extends Error {}
export class EngineCrashedError extends Error {}

export class Engine {
  /**
   * `loadGlue` returns a fresh copy of the wasm-bindgen glue on every call (default: a fresh
   * `import()`); pass it where `import()` is not allowed, e.g. an MV3 service worker.
   */
  static create(options?: {
    config?: EngineConfig;
    wasmSource?: string | URL | Uint8Array | WebAssembly.Module;
    loadGlue?: () => object | Promise<object>;
  }): Promise<Engine>;
  scan(origin: string, content: Uint8Array | string, kind?: InputKind, options?: { sourceMap?: Uint8Array | string }): Report;
  rules(): RuleInfo[];
  ready(): Promise<void>;
}

/**
 * About `length` characters (default 300,000) of minified-JS-like code holding the rule
 * keywords common in library code and no finding, the same every time: scanned once after
 * start-up, it moves the engine's first-time work (code and regex compilation) out of the
 * first real scan.
 */
export function warmUpSample(length?: number): string;
