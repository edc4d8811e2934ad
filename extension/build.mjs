#!/usr/bin/env node
// Builds the extension for Chromium and Firefox from src/:
//   dist/chromium/, dist/firefox/ (load unpacked) and dist/spillproof-<browser>-<version>.zip.
// No bundler: the sources are plain ES modules the browsers load as they are. The engine
// (@spillproof/engine: its JS wrapper and the .wasm) is copied into engine/, with a glue
// factory generated for the service worker (no import() there). Idempotent: each run
// rebuilds dist/ from scratch, and the zips are byte-for-byte reproducible.
//
//   node build.mjs [--browser chromium|firefox] [--out DIR]   (default: both, into dist/)

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { zipSync } from 'fflate';

import { manifestFor } from './src/manifest.js';

const HERE = dirname(fileURLToPath(import.meta.url));
const SRC = join(HERE, 'src');
const BROWSERS = ['chromium', 'firefox'];
/** Copied as they are; manifest.js is build-time only. */
const SOURCE_DIRS = ['background', 'content', 'popup', 'shared'];
const ICONS = ['icon-16.png', 'icon-32.png', 'icon-48.png', 'icon-128.png'];
/** A fixed date in every zip entry, so the same sources always give the same zip. */
const ZIP_MTIME = new Date('2026-01-01T00:00:00Z');

const ENGINE_SRC = dirname(fileURLToPath(import.meta.resolve('@spillproof/engine')));
const ENGINE_DIST = join(ENGINE_SRC, '..', 'dist');
const WASM = join(ENGINE_DIST, 'spillproof_engine_bg.wasm');
const GLUE = join(ENGINE_DIST, 'spillproof_engine.js');

function filesUnder(dir) {
  return readdirSync(dir, { recursive: true })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .sort();
}

async function buildFor(browser, version, dist) {
  const out = join(dist, browser);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const dir of SOURCE_DIRS) cpSync(join(SRC, dir), join(out, dir), { recursive: true });
  mkdirSync(join(out, 'icons'));
  for (const icon of ICONS) cpSync(join(SRC, 'icons', icon), join(out, 'icons', icon));

  // engine.js, not index.js: the portable Engine without the Node defaults' import().
  mkdirSync(join(out, 'engine'));
  cpSync(join(ENGINE_SRC, 'engine.js'), join(out, 'engine', 'engine.js'));
  cpSync(WASM, join(out, 'engine', 'spillproof_engine_bg.wasm'));
  const { glueFactorySource } = await import(new URL('glue-factory.js', import.meta.resolve('@spillproof/engine')));
  writeFileSync(join(out, 'engine', 'glue-factory.js'), glueFactorySource(readFileSync(GLUE, 'utf8')));

  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifestFor(browser, { version }), null, 2)}\n`);

  const entries = {};
  for (const path of filesUnder(out)) {
    entries[relative(out, path).split('\\').join('/')] = [readFileSync(path), { mtime: ZIP_MTIME }];
  }
  const zip = zipSync(entries, { level: 9 });
  const zipPath = join(dist, `spillproof-${browser}-${version}.zip`);
  writeFileSync(zipPath, zip);
  return { browser, dir: out, zip: zipPath, zipBytes: zip.length, files: Object.keys(entries).length };
}

async function main() {
  const { values } = parseArgs({ options: { browser: { type: 'string' }, out: { type: 'string' } } });
  const dist = resolve(values.out ?? join(HERE, 'dist'));
  const browsers = values.browser ? [values.browser] : BROWSERS;
  for (const browser of browsers) {
    if (!BROWSERS.includes(browser)) throw new Error(`--browser must be one of ${BROWSERS.join(', ')}`);
  }
  if (!existsSync(WASM) || !existsSync(GLUE)) {
    throw new Error(`the Wasm engine is not built (${relative(process.cwd(), WASM)} is missing): run \`make wasm\` first`);
  }
  const { version } = JSON.parse(readFileSync(join(HERE, 'package.json'), 'utf8'));
  mkdirSync(dist, { recursive: true });
  for (const browser of browsers) {
    for (const stale of readdirSync(dist).filter((name) => name.startsWith(`spillproof-${browser}-`) && name.endsWith('.zip'))) {
      rmSync(join(dist, stale));
    }
    const built = await buildFor(browser, version, dist);
    console.log(`extension: ${built.browser}: ${relative(process.cwd(), built.dir)}/ (${built.files} files), ${relative(process.cwd(), built.zip)} (${(built.zipBytes / 1024).toFixed(0)} KB)`);
  }
}

main().catch((error) => {
  console.error(`extension build failed: ${error.message}`);
  process.exit(1);
});
