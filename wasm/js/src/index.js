// @spillproof/engine: the only code that loads the Spillproof Wasm module.
//
// Every caller (CLI, bundler plugins, browser extension) goes through one `Engine`
// class. Every call into Wasm goes through `#call`, which turns a Wasm trap (a panic,
// a stack overflow, running out of memory) into an `EngineCrashedError` and rebuilds
// the instance, because a trapped instance is unusable for every later call.

const GLUE_URL = new URL('../dist/spillproof_engine.js', import.meta.url);
const WASM_URL = new URL('../dist/spillproof_engine_bg.wasm', import.meta.url);

/** The configuration could not be compiled (bad rule, unknown rule id, bad field). */
export class ConfigError extends Error {
  name = 'ConfigError';
}

/** The Wasm instance trapped; the engine rebuilt itself and the call can be retried. */
export class EngineCrashedError extends Error {
  name = 'EngineCrashedError';
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node;

/** Compiles the module once per process; instances are cheap to make from it. */
let compiledModule;
async function compileModule(wasmSource) {
  if (wasmSource instanceof WebAssembly.Module) return wasmSource;
  if (wasmSource === undefined && compiledModule) return compiledModule;
  let bytes;
  if (wasmSource instanceof Uint8Array || wasmSource instanceof ArrayBuffer) {
    bytes = wasmSource;
  } else if (isNode && (wasmSource === undefined || String(wasmSource).startsWith('file:'))) {
    const { readFile } = await import('node:fs/promises');
    bytes = await readFile(wasmSource ?? WASM_URL);
  } else {
    const response = await fetch(wasmSource ?? WASM_URL);
    if (!response.ok) throw new Error(`could not load the Spillproof engine (${response.status} ${response.url})`);
    bytes = await response.arrayBuffer();
  }
  const module = await WebAssembly.compile(bytes);
  if (wasmSource === undefined) compiledModule = module;
  return module;
}

/**
 * A fresh copy of the wasm-bindgen glue: its module-level state is one instance, so every
 * (re)build needs a new copy. The default imports the glue again under a new URL; callers
 * where `import()` is not allowed (an MV3 service worker) pass `loadGlue` instead, e.g. the
 * `createGlue` of a module made by `glue-factory.js`.
 */
let glueGeneration = 0;
function importFreshGlue() {
  glueGeneration += 1;
  return import(`${GLUE_URL.href}?instance=${glueGeneration}`);
}

async function instantiate(module, loadGlue) {
  const glue = await loadGlue();
  if (typeof glue?.initSync !== 'function' || typeof glue.WasmScanner !== 'function') {
    throw new TypeError('loadGlue must return the wasm-bindgen glue of the Spillproof engine (initSync, WasmScanner)');
  }
  glue.initSync({ module });
  return glue;
}

function toBytes(content) {
  return typeof content === 'string' ? new TextEncoder().encode(content) : content;
}

function isTrap(error) {
  return error instanceof WebAssembly.RuntimeError || error instanceof RangeError;
}

export class Engine {
  #module;
  #config;
  #loadGlue;
  #glue;
  #scanner;

  /**
   * Loads the Wasm engine and compiles the rules.
   * @param {{config?: object, wasmSource?: string|URL|Uint8Array|WebAssembly.Module,
   *   loadGlue?: () => object|Promise<object>}} [options] `loadGlue`: returns a fresh copy
   *   of the wasm-bindgen glue on every call (default: a fresh `import()` of it)
   */
  static async create({ config, wasmSource, loadGlue } = {}) {
    const engine = new Engine(await compileModule(wasmSource), config, loadGlue);
    await engine.#rebuild();
    return engine;
  }

  constructor(module, config, loadGlue) {
    this.#module = module;
    this.#config = config ?? undefined;
    this.#loadGlue = loadGlue ?? importFreshGlue;
  }

  async #rebuild() {
    this.#glue = await instantiate(this.#module, this.#loadGlue);
    try {
      this.#scanner = new this.#glue.WasmScanner(this.#config);
    } catch (error) {
      if (isTrap(error)) throw error;
      throw new ConfigError(error.message);
    }
  }

  /** After a trap the instance is replaced; synchronous callers wait on this. */
  #rebuilding = null;

  #call(what, fn) {
    if (this.#rebuilding) throw new EngineCrashedError(`the engine is restarting after a crash; retry ${what}`);
    try {
      return fn(this.#scanner);
    } catch (error) {
      if (!isTrap(error)) throw error;
      this.#rebuilding = this.#rebuild().finally(() => { this.#rebuilding = null; });
      throw new EngineCrashedError(`the Wasm engine crashed during ${what} (${error.message}); it has been restarted`, { cause: error });
    }
  }

  /** Resolves once a restart after a crash (if any) has finished. */
  async ready() {
    if (this.#rebuilding) await this.#rebuilding;
  }

  /**
   * Scans one input.
   * @param {string} origin file path or URL (also used to detect the kind)
   * @param {Uint8Array|string} content
   * @param {string} [kind] js | html | css | json | source-map | text | binary
   * @param {{sourceMap?: Uint8Array|string}} [options] `sourceMap`: the generated file's
   *   `.map`, so findings also give their original position (`finding.source`)
   */
  scan(origin, content, kind, options) {
    const bytes = toBytes(content);
    const sourceMap = options?.sourceMap;
    const map = sourceMap === undefined || sourceMap === null ? undefined : toBytes(sourceMap);
    return this.#call(`the scan of ${origin}`, (scanner) => scanner.scan(origin, bytes, kind ?? undefined, map));
  }

  /** The rules the engine runs. */
  rules() {
    return this.#call('listing rules', (scanner) => scanner.rules());
  }

  /** Test hook: makes the Wasm instance really trap (a Rust panic), as a crash would. */
  crashForTesting() {
    return this.#call('a forced crash', (scanner) => scanner.crashForTesting());
  }
}
