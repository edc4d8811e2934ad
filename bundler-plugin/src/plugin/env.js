// Environment awareness, shared by every bundler. Adapters describe what their bundler
// does with the environment (which variables reach the client, what `define` inlines);
// this file decides (a) which client-exposed variables hold a secret, checked before
// bundling, and (b) which server-only values must be searched for in the emitted output.
// Raw values stay in memory: everything returned for display is a name, a redacted form
// or a fingerprint.

import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';

/** Names with these prefixes are inlined into client code by Next.js and Create React App. */
export const CONVENTION_PREFIXES = ['NEXT_PUBLIC_', 'REACT_APP_'];

/** The files Vite reads (and that Next.js and most dotenv setups read), lowest priority first. */
export const envFileNames = (mode) => ['.env', '.env.local', ...(mode ? [`.env.${mode}`, `.env.${mode}.local`] : [])];

/** Variables defined in the project's .env files: name → { value, file } (later files win, like Vite). */
export function readEnvFiles(dir, mode) {
  const found = new Map();
  for (const name of envFileNames(mode)) {
    const file = path.join(dir, name);
    let text;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const [key, value] of Object.entries(parseEnv(text))) found.set(key, { value, file, line: lineOf(text, key) });
  }
  return found;
}

function lineOf(text, key) {
  const lines = text.split(/\r?\n/);
  const index = lines.findIndex((line) => new RegExp(`^\\s*(?:export\\s+)?${key}\\s*=`).test(line));
  return index === -1 ? undefined : index + 1;
}

const ENV_KEY = /^(process\.env|import\.meta\.env)\.([A-Za-z_$][\w$]*)$/;

/**
 * Flattens a `define` table (Vite/esbuild: key → code string; webpack/Rspack DefinePlugin:
 * nested objects allowed) into entries `{ key, name, value }`: `name` is the environment
 * variable the key stands for (`process.env.NAME`, `import.meta.env.NAME`, or a property of
 * a whole `process.env` object), `value` the literal it inlines (JSON-decoded when it is
 * a JSON string).
 */
export function defineEntries(table, prefix = '') {
  const entries = [];
  for (const [rawKey, code] of Object.entries(table ?? {})) {
    const key = prefix ? `${prefix}.${rawKey}` : rawKey;
    if (code !== null && typeof code === 'object' && !Array.isArray(code) && !isRuntimeValue(code)) {
      entries.push(...defineEntries(code, key));
      continue;
    }
    const text = typeof code === 'string' ? code : isRuntimeValue(code) ? undefined : JSON.stringify(code);
    if (text === undefined) continue;
    const literal = decode(text);
    if ((key === 'process.env' || key === 'import.meta.env') && literal && typeof literal === 'object') {
      for (const [name, value] of Object.entries(literal)) {
        if (typeof value === 'string') entries.push({ key: `${key}.${name}`, name, value });
      }
      continue;
    }
    const name = ENV_KEY.exec(key)?.[2];
    entries.push({ key, name, value: typeof literal === 'string' ? literal : text });
  }
  return entries;
}

// webpack's DefinePlugin.runtimeValue(...) objects: computed at build time, not inspectable here.
const isRuntimeValue = (code) => code && typeof code === 'object' && typeof code.fn === 'function';

function decode(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * What an adapter knows about its bundler's environment.
 * @typedef {object} EnvContext
 * @property {Map<string, { value: string, file?: string, line?: number }>} vars every known variable (files and process.env)
 * @property {string[]} publicPrefixes names with these prefixes reach the client
 * @property {string} exposedAs how client code reads them (`import.meta.env` or `process.env`)
 * @property {Array<{ key: string, name?: string, value: string }>} defines what `define` inlines
 * @property {string} root project root, for display
 */

/** Everything that reaches the client's code: public-prefixed variables and `define` entries. */
export function clientExposures(ctx) {
  const exposures = [];
  for (const [name, { value, file, line }] of ctx.vars) {
    const prefix = ctx.publicPrefixes.find((p) => name.startsWith(p));
    if (!prefix || !value) continue;
    exposures.push({ name, value, prefix, via: `${ctx.exposedAs}.${name}`, why: `the ${prefix} prefix exposes it to the browser`, file, line });
  }
  for (const { key, name, value } of ctx.defines) {
    if (!value) continue;
    const known = name ? ctx.vars.get(name) : undefined;
    exposures.push({ name: name ?? key, value, via: key, why: `\`define\` inlines ${key} into the client bundle`, file: known?.value === value ? known.file : undefined, line: known?.value === value ? known.line : undefined });
  }
  const seen = new Set();
  return exposures.filter((e) => {
    const id = `${e.name}\0${e.value}`;
    return seen.has(id) ? false : (seen.add(id), true);
  });
}

// Names that say "credential" (also used by the MCP server's check_env); PWD/OLDPWD are
// folders, npm_* are npm's own settings.
export const CREDENTIAL_NAME = /KEY|SECRET|TOKEN|PASSWORD|PASSWD|PRIVATE|CREDENTIAL|AUTH|DSN|SALT|SIGNING|WEBHOOK|DATABASE_URL|CONNECTION_STRING/i;
const NOT_CREDENTIALS = /^(npm_|PWD$|OLDPWD$|SSH_AUTH_SOCK$|XAUTHORITY$|GPG_AGENT_INFO$)/i;
/** Words that configure (modes, flags, log levels): values, but never credentials. */
export const PLAIN_SETTING_WORDS = Object.freeze(['true', 'false', 'yes', 'no', 'on', 'off', 'null', 'undefined', 'none',
  'development', 'production', 'staging', 'preview', 'test', 'testing', 'local', 'debug', 'info', 'warn', 'warning', 'error', 'enabled', 'disabled']);
const COMMON_VALUE = new RegExp(`^(${PLAIN_SETTING_WORDS.join('|')})$`, 'i');
const PATH_LIKE = /^(\/|\.{1,2}[\\/]|~[\\/]|[A-Za-z]:[\\/]|\\\\)/;
const PLAIN_URL = /^[a-z][a-z\d+.-]*:\/\/[^\s/@?#]+(\/[^\s?#]*)?\/?$/i;
export const MIN_VALUE_LENGTH = 12;

/** A plain setting word (`production`, `true`, `debug`, …): configuration, never a credential. */
export function isPlainSetting(value) {
  return typeof value === 'string' && COMMON_VALUE.test(value);
}

/** Could `value` be a secret worth searching for? `credentialName`: the variable's name says so. */
export function isSearchableValue(value, credentialName) {
  if (typeof value !== 'string' || value.length < MIN_VALUE_LENGTH) return false;
  if (COMMON_VALUE.test(value) || PATH_LIKE.test(value) || /^[\d\s.:_+-]+$/.test(value)) return false;
  if (credentialName) return true;
  // Any other variable from a .env file: only values that look machine-made (no spaces,
  // letters and digits mixed), and not a plain public URL.
  return !/\s/.test(value) && /\d/.test(value) && /[A-Za-z]/.test(value) && !PLAIN_URL.test(value);
}

/**
 * Server-only values to search the output for: variables without a public prefix, from
 * the .env files, named in `define`, or with a credential-like name in process.env.
 * A value that a client-exposed variable also holds is public anyway and is left out.
 */
export function serverOnlyValues(ctx, { processEnv = process.env } = {}) {
  const isPublic = (name) => ctx.publicPrefixes.some((p) => name.startsWith(p));
  const publicValues = new Set([...ctx.vars].filter(([name]) => isPublic(name)).map(([, v]) => v.value));
  const definedNames = new Set(ctx.defines.map((d) => d.name).filter(Boolean));
  const candidates = new Map();
  const consider = (name, value, file, line) => {
    if (isPublic(name) || NOT_CREDENTIALS.test(name) || publicValues.has(value)) return;
    const credentialName = CREDENTIAL_NAME.test(name);
    if (!isSearchableValue(value, credentialName || definedNames.has(name))) return;
    if (!candidates.has(value)) candidates.set(value, { name, value, file, line });
  };
  for (const [name, { value, file, line }] of ctx.vars) {
    if (file || definedNames.has(name) || CREDENTIAL_NAME.test(name)) consider(name, value, file, line);
  }
  for (const { name, value } of ctx.defines) if (name && !ctx.vars.has(name)) consider(name, value);
  for (const [name, value] of Object.entries(processEnv)) {
    if (!ctx.vars.has(name) && CREDENTIAL_NAME.test(name)) consider(name, value);
  }
  return [...candidates.values()];
}

/** Every place `value` (or its JS/JSON-escaped form) occurs in `text`: UTF-16 index ranges. */
export function findValue(text, value) {
  const forms = new Set([value, JSON.stringify(value).slice(1, -1)]);
  const hits = [];
  for (const form of forms) {
    for (let at = text.indexOf(form); at !== -1; at = text.indexOf(form, at + form.length)) hits.push({ start: at, end: at + form.length });
  }
  return hits.sort((a, b) => a.start - b.start);
}

/**
 * A stable id for an inlined server value, so it can be allowed like any finding.
 * Not the core's fingerprint (that one is PBKDF2 over rule + value and has no JS twin):
 * SHA-256 of "env:NAME:value", first 16 hex digits.
 */
export function envFingerprint(name, value) {
  return createHash('sha256').update(`env:${name}:${value}`).digest('hex').slice(0, 16);
}

/** A short prefix only: the value has no known shape, so its end says as much as its start. */
export function redactValue(value) {
  return `${value.slice(0, Math.min(4, Math.floor(value.length / 8)))}…`;
}
