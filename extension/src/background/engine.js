// The background's one Engine (the Rust core in Wasm), created on first use and kept for
// the service worker's life. The build copies @spillproof/engine's portable `engine.js` and
// the .wasm into ../engine/ and writes ../engine/glue-factory.js there, because a service
// worker may not call import().

import { Engine } from '../engine/engine.js';
import { createGlue } from '../engine/glue-factory.js';
import { ext } from '../shared/browser-api.js';

const WASM_PATH = 'engine/spillproof_engine_bg.wasm';

/**
 * Warm-up input: a fresh worker runs the Wasm from the baseline compiler until the browser
 * has optimised the hot functions; scanning ~300 KB of typical minified code right after
 * start-up gets there sooner (measured in Chromium 156, 5 MB of real bundles on a fresh
 * worker: ~320 ms of engine time without it, 190–240 ms with it; ~120 ms once warm).
 */
function warmUpInput() {
  const unit = 'function f(a,b){return a.map(function(c){return c*2+b}).filter(Boolean).join(",")}var o={k:"value",n:42,re:/ab+c/g,t:`x${1}`,s:"\\x41\\u0042"+"c"};JSON.parse(\'{"a":1}\');';
  return unit.repeat(Math.ceil(300_000 / unit.length));
}

let engine = null;

/** @returns {Promise<Engine>} */
export function getEngine() {
  engine ??= Engine.create({ wasmSource: ext.runtime.getURL(WASM_PATH), loadGlue: createGlue })
    .then((created) => {
      created.scan('warm-up.js', warmUpInput(), 'js');
      return created;
    })
    .catch((error) => {
      engine = null;
      throw error;
    });
  return engine;
}
