// Every option of the bundler plugins and its default, in one place. `resolveOptions`
// checks what the user passed and fills in the rest; a bad option fails the build at
// once with a message naming the option (a typo must never turn the gate off silently).

import { DEFAULT_FAIL_ON, isValidThreshold } from '../policy.js';

export const DEFAULTS = Object.freeze({
  /** Findings with verdict `secret` or `review` at or above this severity block; `none` never blocks. */
  failOn: DEFAULT_FAIL_ON,
  /** `error` fails the build; `warn` only warns (the report still says what would have failed). */
  mode: 'error',
  /** Globs on emitted file names (relative to the output folder), matched with picomatch. */
  include: ['**'],
  exclude: [],
  /** Fingerprints of findings that are known and accepted (from a report or a build message). */
  allow: [],
  /** A previous JSON report (`spillproof scan --format json`): its findings are not reported as new. */
  baseline: undefined,
  /** The CLI's config file (TOML or JSON). Default: spillproof.toml / spillproof.config.json in the project root. */
  config: undefined,
  /** Write the report here: SARIF when the name ends in `.sarif`, JSON otherwise. */
  report: undefined,
  /** Scan emitted `.map` files too (they often carry the original source). */
  scanSourceMaps: true,
  /** Check the bundler's environment variables (client-exposed secrets, inlined server values). */
  env: true,
});

const MODES = ['error', 'warn'];

export class OptionsError extends Error {
  name = 'OptionsError';
}

const asArray = (value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

/** @param {Partial<typeof DEFAULTS>} [raw] */
export function resolveOptions(raw = {}) {
  if (raw === null || typeof raw !== 'object') throw new OptionsError(`options must be an object (got ${raw === null ? 'null' : typeof raw})`);
  const unknown = Object.keys(raw).filter((key) => !(key in DEFAULTS));
  if (unknown.length) throw new OptionsError(`unknown option${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known: ${Object.keys(DEFAULTS).join(', ')}`);
  const options = { ...DEFAULTS };
  for (const [key, value] of Object.entries(raw)) if (value !== undefined) options[key] = value;

  if (!isValidThreshold(options.failOn)) throw new OptionsError(`failOn must be one of critical, high, medium, low, info, none (got ${JSON.stringify(options.failOn)})`);
  if (!MODES.includes(options.mode)) throw new OptionsError(`mode must be "error" or "warn" (got ${JSON.stringify(options.mode)})`);
  for (const key of ['include', 'exclude', 'allow']) {
    options[key] = asArray(options[key]);
    if (!options[key].every((item) => typeof item === 'string' && item.length > 0)) throw new OptionsError(`${key} must be a string or an array of non-empty strings`);
  }
  options.allow = options.allow.map((fp) => fp.trim().toLowerCase());
  for (const key of ['baseline', 'config', 'report']) {
    if (options[key] !== undefined && (typeof options[key] !== 'string' || !options[key])) throw new OptionsError(`${key} must be a file path`);
  }
  for (const key of ['scanSourceMaps', 'env']) {
    if (typeof options[key] !== 'boolean') throw new OptionsError(`${key} must be true or false`);
  }
  return options;
}
