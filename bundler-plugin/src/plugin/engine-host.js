// Where the plugins' Wasm engine runs: in one helper process per build process, beside
// the bundler rather than on its thread, for two measured reasons.
// - Overlap: compiling the rules takes 0.3–0.6 s of CPU. On the bundler's thread that adds
//   straight to the build; in another process it runs while the bundler bundles (adapters
//   ask for the engine as soon as they know the project root), and only the scan of the
//   output is waited for.
// - Less CPU: V8 normally re-compiles hot Wasm functions with its optimizing compiler. For
//   the engine's run (compile ~340 regexes once, scan a few MB once) that re-compilation
//   costs more than it saves: 0.8–0.9 s of CPU for start-up plus a 2 MB scan, against
//   0.45 s with `--liftoff-only` (V8's baseline compiler only; for 18 MB of bundle and map,
//   1.1 s against 0.9 s). V8 flags are per process, so the engine gets a process of its
//   own and the bundler's own Wasm (esbuild-wasm, lightningcss-wasm…) is left alone.
// - Warm-up: once its engine is made, the helper scans a small built-in sample between
//   calls (engine-worker.js), so the first real scan finds the code compiled and the
//   common rules' regexes built: the scan of a 2 MB bundle the build waits for went from
//   ~250 ms to ~140 ms (load ~4 on 2 cores; ~210 to ~150 ms on a quiet one). With warm-up,
//   V8's optimizing tier was tried again: a warm scan is faster (~120 ms instead of ~140
//   when the warm-up has finished) but getting there costs ~0.4–0.6 s more CPU, taken from
//   the bundler (builds were slower overall), and `--no-liftoff` blocks the helper for
//   hundreds of ms on its first calls; Liftoff only stays.
// Every plugin instance with the same configuration shares one engine (a Vite build's
// environments, the many builds of a test run). The helper is started on first use, does
// not hold the build process open while idle, is replaced if it dies after it has worked,
// and inherits no environment variables: it only sees the bytes sent to it.
// Fallbacks, for runtimes where that process cannot start (no child processes, a Node
// without the flag, an executable that is not Node): a worker thread, then the calling
// thread. (A pool library was tried first: tinypool's child-process mode sends SIGTERM
// to the whole process group when its helper fails to spawn, and leaves the waiting
// tasks pending forever.)

import { fork } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { ConfigError, Engine, EngineCrashedError } from '@spillproof/engine';

const WORKER = new URL('./engine-worker.js', import.meta.url);
const ERRORS = { ConfigError, EngineCrashedError };

/** The helper could not run a call (it failed to start, or died during the call). */
class HostUnavailableError extends Error {
  name = 'HostUnavailableError';
}

/** One helper (a child process or a worker thread) and the calls waiting on it. */
class Helper {
  #channel;
  #pending = new Map();
  #next = 1;
  /** Has answered a call: it started, so a later death is repaired with a new one. */
  proven = false;
  dead = false;

  /** @param {'process'|'worker-thread'} kind */
  constructor(kind) {
    this.kind = kind;
    this.#channel = kind === 'process' ? childChannel() : threadChannel();
    this.#channel.onMessage(({ id, result }) => {
      const call = this.#pending.get(id);
      if (!call) return;
      this.#pending.delete(id);
      this.proven = true;
      if (this.#pending.size === 0) this.#channel.unref();
      call.resolve(result);
    });
    this.#channel.onEnd((reason) => this.#fail(reason));
    this.#channel.unref();
  }

  /** Sends one task; resolves with the helper's `{ value }` or `{ error }`. */
  call(task) {
    if (this.dead) return Promise.reject(new HostUnavailableError(`the engine's ${this.kind} has stopped`));
    const id = this.#next++;
    return new Promise((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      this.#channel.ref(); // the build waits for this answer
      try {
        this.#channel.send({ id, task });
      } catch (error) {
        this.#fail(error.message);
      }
    });
  }

  async stop() {
    this.dead = true;
    this.#channel.ref(); // whoever stops it waits for the end
    await this.#channel.stop();
  }

  #fail(reason) {
    if (this.dead && this.#pending.size === 0) return;
    this.dead = true;
    const error = new HostUnavailableError(`the engine's ${this.kind} ${reason}`);
    for (const call of this.#pending.values()) call.reject(error);
    this.#pending.clear();
    this.#channel.unref();
  }
}

/** A child process running engine-worker.js with V8's baseline Wasm compiler only. */
function childChannel() {
  const child = fork(WORKER, [], {
    execArgv: ['--liftoff-only'],
    // 'advanced': file contents cross as bytes, not as JSON arrays of numbers.
    serialization: 'advanced',
    // No stdio: nothing to print, and no pipe of the build's held open by the helper.
    stdio: ['ignore', 'ignore', 'ignore', 'ipc'],
    // None of the build's variables (Windows needs SystemRoot to start a process).
    env: process.platform === 'win32' && process.env.SystemRoot ? { SystemRoot: process.env.SystemRoot } : {},
  });
  const running = () => child.pid !== undefined && child.exitCode === null && child.signalCode === null;
  return {
    send: (message) => child.send(message),
    onMessage: (listener) => child.on('message', listener),
    onEnd: (listener) => {
      child.on('error', (error) => listener(`could not run (${error.code ?? error.message})`));
      child.on('exit', (code, signal) => listener(`exited (${signal ?? `code ${code}`})`));
    },
    ref: () => {
      child.ref();
      child.channel?.ref();
    },
    unref: () => {
      child.unref();
      child.channel?.unref();
    },
    stop: async () => {
      // Only a process that really runs is signalled: a child that never started has no
      // pid, and signalling it would reach the whole process group.
      if (!running()) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      await exited;
    },
  };
}

/** A worker thread running engine-worker.js (the process's own V8 flags apply). */
function threadChannel() {
  // No inherited flags: the build's own (--input-type, loaders, profilers) are not for it.
  const worker = new Worker(WORKER, { execArgv: [] });
  return {
    send: (message) => worker.postMessage(message),
    onMessage: (listener) => worker.on('message', listener),
    onEnd: (listener) => {
      worker.on('error', (error) => listener(`failed (${error.message})`));
      worker.on('exit', (code) => listener(`exited (code ${code})`));
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
    stop: async () => {
      await worker.terminate();
    },
  };
}

const KINDS = ['process', 'worker-thread'];
let kindIndex = 0;
let helper;
/** config key → Promise<engine> (a HostedEngine, or an in-thread Engine as the last resort) */
const engines = new Map();

/** The live helper, started if need be; undefined when no kind of helper can start here. */
function currentHelper() {
  if (helper?.dead) {
    // One that worked is replaced by the same kind; one that never started, by the next kind.
    if (!helper.proven) kindIndex += 1;
    helper = undefined;
  }
  while (!helper && kindIndex < KINDS.length) {
    try {
      helper = new Helper(KINDS[kindIndex]);
    } catch {
      kindIndex += 1;
    }
  }
  return helper;
}

/** Where engines run: 'process', 'worker-thread', or 'in-thread' when no helper can start. */
export function engineHostKind() {
  return KINDS[kindIndex] ?? 'in-thread';
}

/** Starts the helper (and its loading of the Wasm module) before an engine is asked for. */
export function startEngineHost() {
  currentHelper();
}

/** Stops the helper (engines are made again on next use); resolves once it has exited. */
export async function stopEngineHost() {
  const stopping = helper;
  helper = undefined;
  engines.clear();
  await stopping?.stop();
}

/**
 * The engine for `config`, shared by every caller with an equal configuration. Its `scan`
 * returns a promise; otherwise it is used like `@spillproof/engine`'s Engine.
 * @param {object|undefined} config the engine configuration (rules, allowlists, …)
 * @returns {Promise<{ scan: Function, ready: () => Promise<void> }>}
 */
export function engineFor(config) {
  const key = JSON.stringify(config ?? null);
  let engine = engines.get(key);
  if (!engine) {
    engine = createEngine(key, config);
    engine.catch(() => engines.delete(key)); // do not keep a failure
    engines.set(key, engine);
  }
  return engine;
}

async function createEngine(key, config) {
  const hosted = new HostedEngine(key, config);
  // Each failure either moves on to the next kind of helper or replaces a proven one once.
  for (let attempt = 0; attempt <= KINDS.length && currentHelper(); attempt += 1) {
    try {
      await hosted.call({ op: 'prepare' });
      return hosted;
    } catch (error) {
      if (!(error instanceof HostUnavailableError)) throw error;
    }
  }
  return Engine.create({ config });
}

/** An engine in the helper: every call is one task that carries the configuration. */
class HostedEngine {
  #key;
  #config;

  constructor(key, config) {
    this.#key = key;
    this.#config = config;
  }

  /** Like Engine#scan, but asynchronous; `content` is copied to the helper. */
  async scan(origin, content, kind, options) {
    try {
      return await this.call({ op: 'scan', origin, content, kind, sourceMap: options?.sourceMap ?? undefined });
    } catch (error) {
      if (!(error instanceof HostUnavailableError)) throw error;
      // This file stays unscanned (so the scan is incomplete); the next call gets a new helper.
      throw new EngineCrashedError(`${error.message} during the scan of ${origin}; it will be restarted`, { cause: error });
    }
  }

  /** Resolves once the engine has recovered from a crash (if any). */
  async ready() {
    await this.call({ op: 'ready' }).catch(() => {});
  }

  async call(task) {
    const target = currentHelper();
    if (!target) throw new HostUnavailableError('no engine helper can start here');
    const outcome = await target.call({ ...task, key: this.#key, config: this.#config });
    if (outcome.error) {
      const Type = ERRORS[outcome.error.name] ?? Error;
      throw Object.assign(new Type(outcome.error.message), { name: outcome.error.name });
    }
    return outcome.value;
  }
}
