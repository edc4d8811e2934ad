import type { UnpluginFactory, UnpluginInstance } from 'unplugin';

export type Severity = 'critical' | 'high' | 'medium' | 'low' | 'info';

/** Options of every spillproof bundler plugin. Defaults: `DEFAULTS` in src/plugin/options.js. */
export interface SpillproofOptions {
  /** Findings with verdict `secret` or `review` at or above this severity fail the build; `none` never fails. Default `'high'`. Publishable keys never fail. */
  failOn?: Severity | 'none';
  /** `'error'` (default) fails the build; `'warn'` only warns. */
  mode?: 'error' | 'warn';
  /** Globs (picomatch) on emitted file names, relative to the output folder. Default `['**']`. */
  include?: string | string[];
  /** Globs (picomatch) on emitted file names to leave out. Default `[]`. */
  exclude?: string | string[];
  /** Fingerprints of findings that are intended (printed in every message and report). */
  allow?: string | string[];
  /** A previous JSON report (`spillproof scan --format json`): its findings are not reported as new. */
  baseline?: string;
  /** The CLI's config file (TOML or JSON). Default: spillproof.toml or spillproof.config.json in the project root. */
  config?: string;
  /** Write the report to this file: SARIF 2.1.0 when it ends in `.sarif`, else the JSON report. */
  report?: string;
  /** Scan emitted `.map` files. Default `true`. */
  scanSourceMaps?: boolean;
  /** Check environment variables: client-exposed secrets before bundling, inlined server-only values after. Default `true`. */
  env?: boolean;
}

export declare const DEFAULTS: Readonly<Required<Omit<SpillproofOptions, 'baseline' | 'config' | 'report'>> & Pick<SpillproofOptions, 'baseline' | 'config' | 'report'>>;

/** Thrown (as the build error) when the build must stop; its message is the whole redacted block. */
export declare class SpillproofError extends Error {}

export declare const unpluginFactory: UnpluginFactory<SpillproofOptions | undefined>;
export declare const spillproof: UnpluginInstance<SpillproofOptions | undefined, false>;
export default spillproof;
