// The one unplugin factory behind spillproof/vite, /rollup, /webpack, /esbuild and /rspack.
// Shared work (engine, env checks, provenance, policy, messages, report) lives in the
// Gate; each bundler only contributes an adapter that says where its final emitted assets
// are, what its environment looks like, and how it fails a build.

import { createUnplugin } from 'unplugin';

import { resolveOptions } from './options.js';
import { Gate } from './gate.js';
import { startEngineHost } from './engine-host.js';
import { processEnvContext } from './adapters/shared.js';
import { rollupHooks, viteHooks } from './adapters/rollup.js';
import { webpackAdapter } from './adapters/webpack.js';
import { esbuildSetup } from './adapters/esbuild.js';

export { DEFAULTS } from './options.js';
export { SpillproofError } from './gate.js';

/** @type {import('unplugin').UnpluginFactory<import('../index.js').SpillproofOptions | undefined>} */
export const unpluginFactory = (rawOptions) => {
  const gate = new Gate(resolveOptions(rawOptions));
  // The engine's helper process starts loading the Wasm module now; the rules compile as
  // soon as the adapter knows the project root (and so the config file): during bundling.
  startEngineHost();
  // Filled in by the adapter of whichever bundler runs the plugin.
  const state = { root: process.cwd(), skip: null, env: undefined };
  state.env = () => processEnvContext(state.root, process.env.NODE_ENV, []);
  return {
    name: 'spillproof',
    // Before any module is loaded: a client-exposed variable holding a secret stops here.
    async buildStart() {
      if (state.skip || this?.environment?.config?.consumer === 'server') return;
      await gate.checkEnvironment(state.root, gate.options.env ? await state.env() : undefined);
    },
    rollup: rollupHooks(gate, state),
    vite: viteHooks(gate, state),
    webpack: (compiler) => webpackAdapter(compiler, gate, state),
    rspack: (compiler) => webpackAdapter(compiler, gate, state),
    esbuild: { setup: (build) => esbuildSetup(build, gate, state) },
  };
};

export const spillproof = /* #__PURE__ */ createUnplugin(unpluginFactory);
export default spillproof;
