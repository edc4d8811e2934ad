// Reads the user's config file (TOML or JSON) into the engine's config shape. The same
// file serves the CLI and, later, the bundler plugins' `config` option.

import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';

export const DEFAULT_CONFIG_FILES = ['spillproof.toml', 'spillproof.config.json'];

export class ConfigFileError extends Error {
  name = 'ConfigFileError';
}

/** Loads `file`, or the first default config file in `cwd`, or nothing. */
export async function loadConfig(file, cwd) {
  const found = file ? path.resolve(cwd, file) : DEFAULT_CONFIG_FILES.map((f) => path.join(cwd, f)).find(existsSync);
  if (!found) return { config: undefined, file: undefined };
  let text;
  try {
    text = await readFile(found, 'utf8');
  } catch (error) {
    throw new ConfigFileError(`cannot read config file ${found}: ${error.code ?? error.message}`);
  }
  try {
    const config = found.endsWith('.json') ? JSON.parse(text) : parseToml(text);
    return { config, file: found };
  } catch (error) {
    throw new ConfigFileError(`config file ${found} is not valid ${found.endsWith('.json') ? 'JSON' : 'TOML'}: ${error.message}`);
  }
}
