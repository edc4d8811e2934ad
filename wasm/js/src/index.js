// @spillproof/engine: the only code that loads the Spillproof Wasm module.
//
// Every caller (CLI, bundler plugins, browser extension) goes through one `Engine` class
// (`engine.js`). This entry adds the defaults: the .wasm next to the package (read from disk
// in Node, fetched elsewhere), compiled once per process, and a fresh import() of the
// wasm-bindgen glue per Wasm instance. Callers that cannot import() (an MV3 service worker)
// pass `wasmSource` and `loadGlue` to `engine.js` directly.

import { Engine as PortableEngine, compileWasm } from './engine.js';

export { ConfigError, EngineCrashedError } from './engine.js';
export { warmUpSample } from './warm-up.js';

const GLUE_URL = new URL('../dist/spillproof_engine.js', import.meta.url);
const WASM_URL = new URL('../dist/spillproof_engine_bg.wasm', import.meta.url);

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

async function readWasm(url) {
  const { readFile } = await import('node:fs/promises');
  return readFile(url);
}

/** Compiles the packaged module once per process; instances are cheap to make from it. */
let compiledModule;
async function moduleFrom(wasmSource) {
  if (wasmSource === undefined) {
    compiledModule ??= compileWasm(isNode ? await readWasm(WASM_URL) : WASM_URL).catch((error) => {
      compiledModule = undefined;
      throw error;
    });
    return compiledModule;
  }
  if (isNode && (typeof wasmSource === 'string' || wasmSource instanceof URL) && String(wasmSource).startsWith('file:')) {
    return compileWasm(await readWasm(wasmSource));
  }
  return compileWasm(wasmSource);
}

/** A fresh copy of the wasm-bindgen glue: its module-level state is one instance. */
let glueGeneration = 0;
function importFreshGlue() {
  glueGeneration += 1;
  return import(`${GLUE_URL.href}?instance=${glueGeneration}`);
}

export class Engine extends PortableEngine {
  /**
   * Loads the Wasm engine and compiles the rules.
   * @param {{config?: object, wasmSource?: string|URL|Uint8Array|WebAssembly.Module,
   *   loadGlue?: () => object|Promise<object>}} [options] `loadGlue`: returns a fresh copy
   *   of the wasm-bindgen glue on every call (default: a fresh `import()` of it)
   */
  static async create({ config, wasmSource, loadGlue } = {}) {
    return super.create({ config, wasmSource: await moduleFrom(wasmSource), loadGlue: loadGlue ?? importFreshGlue });
  }
}
