// The background's one Engine (the Rust core in Wasm), created on first use and kept for
// the service worker's life. The build copies @spillproof/engine's portable `engine.js` and
// the .wasm into ../engine/ and writes ../engine/glue-factory.js there, because a service
// worker may not call import().

import { Engine } from '../engine/engine.js';
import { createGlue } from '../engine/glue-factory.js';
import { ext } from '../shared/browser-api.js';

const WASM_PATH = 'engine/spillproof_engine_bg.wasm';

let engine = null;

/** @returns {Promise<Engine>} */
export function getEngine() {
  engine ??= Engine.create({ wasmSource: ext.runtime.getURL(WASM_PATH), loadGlue: createGlue })
    .catch((error) => {
      engine = null;
      throw error;
    });
  return engine;
}
