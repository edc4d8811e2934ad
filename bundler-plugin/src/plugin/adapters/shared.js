// Small helpers the adapters share: display paths, the environment as seen by bundlers
// that read process.env (webpack, Rspack, esbuild, Rollup), and a folder walk.

import { readdir } from 'node:fs/promises';
import path from 'node:path';

import { CONVENTION_PREFIXES, readEnvFiles } from '../env.js';

export const PLUGIN_NAME = 'spillproof';

/** `file` relative to `root` with forward slashes, or absolute when outside it. */
export function displayPath(root, file) {
  const relative = path.relative(root, file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative.split(path.sep).join('/') : file;
}

/**
 * process.env plus the project's .env files (process.env wins, as with dotenv), each
 * variable attributed to the file that set it when the value comes from one.
 */
export function mergeEnv(fileVars, processEnv = process.env) {
  const vars = new Map();
  for (const [name, value] of Object.entries(processEnv)) if (typeof value === 'string') vars.set(name, { value });
  for (const [name, entry] of fileVars) {
    const current = vars.get(name);
    if (!current || current.value === entry.value) vars.set(name, entry);
  }
  return vars;
}

/** The environment of a bundler that inlines `process.env.*` through define tables. */
export function processEnvContext(root, mode, defines) {
  return {
    vars: mergeEnv(readEnvFiles(root, mode)),
    publicPrefixes: CONVENTION_PREFIXES,
    exposedAs: 'process.env',
    defines,
    root,
  };
}

/** Every file under `dir` (relative paths, forward slashes); none when it does not exist. */
export async function listFiles(dir) {
  let entries;
  try {
    entries = await readdir(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name)).split(path.sep).join('/'))
    .sort();
}
