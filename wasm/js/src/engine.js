// The Engine itself, independent of where it runs: it is given the compiled Wasm (or bytes,
// or a URL to fetch) and a function that returns a fresh copy of the wasm-bindgen glue.
// `index.js` adds the defaults (find the .wasm next to the package, import() the glue);
// an MV3 service worker, where import() is not allowed, uses this module directly with the
// glue factory made by `glue-factory.js`. No import() here, so extension linters accept it.
//
// Every call into Wasm goes through `#call`, which turns a Wasm trap (a panic, a stack
// overflow, running out of memory) into an `EngineCrashedError` and rebuilds the instance,
// because a trapped instance is unusable for every later call.

/** The configuration could not be compiled (bad rule, unknown rule id, bad field). */
export class ConfigError extends Error {
  name = 'ConfigError';
}

/** The Wasm instance trapped; the engine rebuilt itself and the call can be retried. */
export class EngineCrashedError extends Error {
  name = 'EngineCrashedError';
}

/** A WebAssembly.Module from a module, bytes, or a URL to fetch. */
export async function compileWasm(wasmSource) {
  if (wasmSource instanceof WebAssembly.Module) return wasmSource;
  if (wasmSource instanceof Uint8Array || wasmSource instanceof ArrayBuffer) return WebAssembly.compile(wasmSource);
  if (typeof wasmSource === 'string' || wasmSource instanceof URL) {
    const response = await fetch(wasmSource);
    if (!response.ok) throw new Error(`could not load the Spillproof engine (${response.status} ${response.url})`);
    return WebAssembly.compile(await response.arrayBuffer());
  }
  throw new TypeError('wasmSource must be a WebAssembly.Module, bytes, or a URL');
}

/** A fresh copy of the glue (its module-level state is one instance), bound to a new instance. */
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
   * @param {{config?: object, wasmSource: string|URL|Uint8Array|ArrayBuffer|WebAssembly.Module,
   *   loadGlue: () => object|Promise<object>}} options `loadGlue` returns a fresh copy of the
   *   wasm-bindgen glue on every call (one per Wasm instance)
   */
  static async create({ config, wasmSource, loadGlue } = {}) {
    if (typeof loadGlue !== 'function') throw new TypeError('Engine.create needs loadGlue (or use @spillproof/engine, which has defaults)');
    const engine = new this(await compileWasm(wasmSource), config, loadGlue);
    await engine.#rebuild();
    return engine;
  }

  constructor(module, config, loadGlue) {
    this.#module = module;
    this.#config = config ?? undefined;
    this.#loadGlue = loadGlue;
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
