// The helper that runs the plugins' Wasm engines: a child process (or a worker thread)
// started by engine-host.js. Each message is one call `{ id, task }` answered by
// `{ id, result }`. A task names its configuration; the engine for a configuration is
// created by the first task that names it and kept for the helper's life, so a helper that
// was replaced (after a crash) rebuilds what it needs from the next task alone. Errors go
// back as data, `{ error: { name, message } }`, because a thrown ConfigError or
// EngineCrashedError would lose its name on the way back.
//
// Between calls, the first engine created is warmed up (see runWarmUp): the helper is
// started early, so it is usually idle while the bundler bundles.

import { parentPort } from 'node:worker_threads';
import { Engine, warmUpSample } from '@spillproof/engine';

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

// One pass over every kind of statement in the sample is what compiles the code and the
// regexes; more of it changed nothing measurable with Liftoff only (5 KB to 300 KB: the
// same first scan of a 2 MB bundle).
const WARM_UP_CHARS = 20_000;
// Slices start at one statement and double: the first ones carry the first-time work
// (the JWT rules' regexes alone take ~115 ms cold), so a call is never kept waiting behind
// more than one statement's worth of it.
const FIRST_SLICE_CHARS = 256;
const LAST_SLICE_CHARS = 8_192;

/** What the warm-up has done: `state` is 'idle', 'running', 'done', or 'stopped' (by a scan). */
const warmUp = { state: 'idle', chars: 0, total: 0 };
/** A scan was asked for: the build is waiting, warming up would only take CPU from it. */
let scanAsked = false;

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * Scans warmUpSample() with `engine` in slices, yielding to the message loop between them
 * (setImmediate runs after pending messages), so that the first real scan finds the Wasm
 * code compiled and the common rules' regexes built. Stops for good at the first scan call.
 * The reports are dropped: the sample holds no finding (a test checks it) and nothing of it
 * leaves this process.
 */
async function runWarmUp(engine) {
  if (warmUp.state !== 'idle' || scanAsked) return;
  warmUp.state = 'running';
  const sample = warmUpSample(WARM_UP_CHARS);
  warmUp.total = sample.length;
  let size = FIRST_SLICE_CHARS;
  while (warmUp.chars < sample.length) {
    await nextTurn();
    if (scanAsked) break;
    // Whole statements: a slice cut inside a string would take the lexer's fallback path.
    const cut = sample.lastIndexOf(';', warmUp.chars + size) + 1;
    const end = warmUp.chars + size >= sample.length ? sample.length : cut > warmUp.chars ? cut : warmUp.chars + size;
    try {
      engine.scan('warm-up.js', sample.slice(warmUp.chars, end), 'js');
    } catch {
      break; // a crashed engine restarts itself; warming up is not worth a second try
    }
    warmUp.chars = end;
    size = Math.min(size * 2, LAST_SLICE_CHARS);
  }
  warmUp.state = warmUp.chars >= sample.length ? 'done' : 'stopped';
}

/**
 * @param {{ op: 'prepare'|'scan'|'ready'|'warm-up-state', key: string, config: object|undefined,
 *   origin?: string, content?: Uint8Array|string, kind?: string, sourceMap?: Uint8Array|string }} task
 */
async function run({ op, key, config, origin, content, kind, sourceMap }) {
  try {
    if (op === 'warm-up-state') return { value: { ...warmUp } };
    const engine = await engineFor(key, config);
    if (op === 'scan') return { value: engine.scan(origin, content, kind, sourceMap === undefined ? undefined : { sourceMap }) };
    if (op === 'ready') await engine.ready();
    if (op === 'prepare') runWarmUp(engine);
    return { value: null };
  } catch (error) {
    return { error: { name: error?.name ?? 'Error', message: error?.message ?? String(error) } };
  }
}

/** Answers one call; a scan call ends the warm-up before anything else is awaited. */
async function answer({ id, task }) {
  if (task.op === 'scan') scanAsked = true;
  return { id, result: await run(task) };
}

if (parentPort) {
  parentPort.on('message', async (message) => parentPort.postMessage(await answer(message)));
} else if (process.send) {
  process.on('message', async (message) => {
    const reply = await answer(message);
    if (process.connected) process.send(reply);
  });
  // The build process is gone: so is the reason to exist.
  process.on('disconnect', () => process.exit(0));
}
