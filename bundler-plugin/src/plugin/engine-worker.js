// The helper that runs the plugins' Wasm engines: a child process (or a worker thread)
// started by engine-host.js. Each message is one call `{ id, task }` answered by
// `{ id, result }`. A task names its configuration; the engine for a configuration is
// created by the first task that names it and kept for the helper's life, so a helper that
// was replaced (after a crash) rebuilds what it needs from the next task alone. Errors go
// back as data, `{ error: { name, message } }`, because a thrown ConfigError or
// EngineCrashedError would lose its name on the way back.

import { parentPort } from 'node:worker_threads';
import { Engine } from '@spillproof/engine';

/** config key → Promise<Engine> */
const engines = new Map();

function engineFor(key, config) {
  let engine = engines.get(key);
  if (!engine) {
    engine = Engine.create({ config });
    engine.catch(() => engines.delete(key)); // a failed configuration is not kept
    engines.set(key, engine);
  }
  return engine;
}

/**
 * @param {{ op: 'prepare'|'scan'|'ready', key: string, config: object|undefined,
 *   origin?: string, content?: Uint8Array|string, kind?: string, sourceMap?: Uint8Array|string }} task
 */
async function run({ op, key, config, origin, content, kind, sourceMap }) {
  try {
    const engine = await engineFor(key, config);
    if (op === 'scan') return { value: engine.scan(origin, content, kind, sourceMap === undefined ? undefined : { sourceMap }) };
    if (op === 'ready') await engine.ready();
    return { value: null };
  } catch (error) {
    return { error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } };
  }
}

if (parentPort) {
  parentPort.on('message', async ({ id, task }) => parentPort.postMessage({ id, result: await run(task) }));
} else if (process.send) {
  process.on('message', async ({ id, task }) => {
    const result = await run(task);
    if (process.connected) process.send({ id, result });
  });
  // The build process is gone: so is the reason to exist.
  process.on('disconnect', () => process.exit(0));
}
