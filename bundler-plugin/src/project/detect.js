// What kind of front-end project a folder is: its framework, its bundler config files and
// the backends it talks to, read from package.json and the files next to it (never by
// running anything). `spillproof init` edits what this finds; explanations, `--format
// agent` fixes and the MCP server's `check_env` adapt their advice to it.

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Frameworks and bundlers by the package that gives them away. Order matters: a
 * meta-framework comes before the bundler it runs on (SvelteKit before Vite).
 */
const FRAMEWORK_PACKAGES = [
  ['next', 'next'],
  ['nuxt', 'nuxt'],
  ['@sveltejs/kit', 'sveltekit'],
  ['astro', 'astro'],
  ['@react-router/dev', 'remix'],
  ['@remix-run/dev', 'remix'],
  ['expo', 'expo'],
  ['gatsby', 'gatsby'],
  ['react-scripts', 'cra'],
  ['@vue/cli-service', 'vue-cli'],
  ['vite', 'vite'],
  ['@rspack/cli', 'rspack'],
  ['@rspack/core', 'rspack'],
  ['webpack', 'webpack'],
  ['rollup', 'rollup'],
  ['esbuild', 'esbuild'],
];

/** Config files each bundler reads by default, in its own lookup order. */
export const CONFIG_FILES = {
  vite: ['vite.config.js', 'vite.config.mjs', 'vite.config.ts', 'vite.config.cjs', 'vite.config.mts', 'vite.config.cts'],
  rollup: ['rollup.config.js', 'rollup.config.mjs', 'rollup.config.cjs', 'rollup.config.ts'],
  webpack: ['webpack.config.js', 'webpack.config.cjs', 'webpack.config.mjs', 'webpack.config.ts'],
  rspack: ['rspack.config.js', 'rspack.config.mjs', 'rspack.config.cjs', 'rspack.config.ts'],
};

/** Where esbuild users usually keep the script that calls esbuild's JS API. */
const ESBUILD_SCRIPT_CANDIDATES = ['esbuild.config.mjs', 'esbuild.config.js', 'esbuild.config.cjs', 'build.mjs', 'build.js', 'build.cjs', 'scripts/build.mjs', 'scripts/build.js', 'scripts/build.cjs'];

/** Backends whose own fix (Edge Functions, Cloud Functions) is the natural server side. */
const BACKEND_PACKAGES = {
  supabase: ['@supabase/supabase-js', '@supabase/ssr'],
  firebase: ['firebase', 'firebase-admin'],
};

export class ProjectError extends Error {
  name = 'ProjectError';
}

/**
 * Reads `<dir>/package.json`. `null` when there is none; a ProjectError when it exists
 * but is not a JSON object (a project we must not guess about).
 */
export function readPackageJson(dir) {
  const file = path.join(dir, 'package.json');
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw new ProjectError(`cannot read ${file}: ${error.code ?? error.message}`);
  }
  let json;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new ProjectError(`${file} is not valid JSON: ${error.message}`);
  }
  if (!json || typeof json !== 'object' || Array.isArray(json)) throw new ProjectError(`${file} is not a JSON object`);
  return { file, text, json };
}

/** The nearest folder at or above `start` that holds a package.json (or null). */
export function findProjectDir(start) {
  let dir = path.resolve(start);
  for (;;) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return null;
    dir = parent;
  }
}

const dependencyNames = (json) => new Set([
  ...Object.keys(json?.dependencies ?? {}),
  ...Object.keys(json?.devDependencies ?? {}),
  ...Object.keys(json?.peerDependencies ?? {}),
]);

/**
 * @typedef {object} Project
 * @property {string} dir
 * @property {string | null} framework  next | nuxt | sveltekit | astro | remix | expo | gatsby | cra | vue-cli | vite | rspack | webpack | rollup | esbuild, or null
 * @property {string} frameworkSource  how it was found: `package.json (next)`, or `none`
 * @property {Record<string, string[]>} configs  bundler → its config files in `dir`
 * @property {string[]} esbuildScripts  files that call esbuild's JS API
 * @property {string[]} backends  supabase | firebase
 * @property {'npm' | 'pnpm' | 'yarn' | 'yarn-berry' | 'bun'} packageManager
 * @property {{ file: string, text: string, json: object } | null} packageJson
 */

/** @returns {Project} */
export function detectProject(dir) {
  const packageJson = readPackageJson(dir);
  const deps = dependencyNames(packageJson?.json);
  const match = FRAMEWORK_PACKAGES.find(([pkg]) => deps.has(pkg));
  const configs = {};
  for (const [bundler, names] of Object.entries(CONFIG_FILES)) {
    const found = names.filter((name) => existsSync(path.join(dir, name)));
    if (found.length) configs[bundler] = found;
  }
  let framework = match?.[1] ?? null;
  let frameworkSource = match ? `package.json (${match[0]})` : 'none';
  if (!framework) {
    // No package.json dependency, but a config file says which bundler it is.
    const bundler = Object.keys(configs)[0];
    if (bundler) {
      framework = bundler;
      frameworkSource = configs[bundler][0];
    }
  }
  return {
    dir,
    framework,
    frameworkSource,
    configs,
    esbuildScripts: findEsbuildScripts(dir, packageJson?.json),
    backends: Object.entries(BACKEND_PACKAGES).filter(([, pkgs]) => pkgs.some((p) => deps.has(p))).map(([name]) => name),
    packageManager: detectPackageManager(dir, packageJson?.json),
    packageJson,
  };
}

/** Scripts run as `node <file>` from package.json, plus the usual names, that import esbuild. */
function findEsbuildScripts(dir, json) {
  const candidates = new Set(ESBUILD_SCRIPT_CANDIDATES);
  for (const command of Object.values(json?.scripts ?? {})) {
    if (typeof command !== 'string') continue;
    for (const [, file] of command.matchAll(/(?:^|[\s;&|])node\s+(?:--\S+\s+)*([\w./-]+\.[cm]?[jt]s)\b/g)) candidates.add(path.normalize(file));
  }
  const found = [];
  for (const file of candidates) {
    let text;
    try {
      text = readFileSync(path.join(dir, file), 'utf8');
    } catch {
      continue;
    }
    if (/\bfrom\s+['"]esbuild['"]|require\(\s*['"]esbuild['"]\s*\)|import\(\s*['"]esbuild['"]\s*\)/.test(text)) found.push(file.split(path.sep).join('/'));
  }
  return found.sort();
}

function detectPackageManager(dir, json) {
  const declared = typeof json?.packageManager === 'string' ? json.packageManager.split('@')[0] : undefined;
  if (declared === 'pnpm' || declared === 'bun') return declared;
  if (declared === 'yarn') return /^yarn@1\./.test(json.packageManager) ? 'yarn' : 'yarn-berry';
  if (existsSync(path.join(dir, 'pnpm-lock.yaml'))) return 'pnpm';
  if (existsSync(path.join(dir, 'bun.lockb')) || existsSync(path.join(dir, 'bun.lock'))) return 'bun';
  if (existsSync(path.join(dir, '.yarnrc.yml'))) return 'yarn-berry';
  if (existsSync(path.join(dir, 'yarn.lock'))) return 'yarn';
  return 'npm';
}
