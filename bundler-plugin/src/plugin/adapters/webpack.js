// webpack and Rspack (same API): the final assets are in the compilation at the
// processAssets REPORT stage, after minification, source maps and copied files. A
// blocked build deletes every asset from the compilation before it is pushed as an
// error, so nothing is written even where webpack emits despite errors (development
// mode, `emitOnErrors`).

import path from 'node:path';

import { defineEntries } from '../env.js';
import { displayPath, PLUGIN_NAME, processEnvContext } from './shared.js';

const isServerTarget = (target) => [target].flat().some((t) => typeof t === 'string' && /^(async-)?node|^electron-main/.test(t));

/** What DefinePlugin / EnvironmentPlugin instances in the config will inline. */
function definitions(compiler) {
  const entries = [];
  for (const plugin of compiler.options.plugins ?? []) {
    if (!plugin || typeof plugin !== 'object') continue;
    const kind = plugin.constructor?.name;
    if (kind === 'DefinePlugin') entries.push(...defineEntries(plugin.definitions ?? plugin._args?.[0]));
    if (kind === 'EnvironmentPlugin') {
      const keys = Array.isArray(plugin.keys) ? plugin.keys : [];
      for (const key of keys) {
        const value = process.env[key] ?? plugin.defaultValues?.[key];
        if (typeof value === 'string') entries.push({ key: `process.env.${key}`, name: key, value });
      }
    }
  }
  return entries;
}

/** The source files of the modules that went into `name` (falls back to every dependency). */
function moduleFiles(compilation, name) {
  const files = new Set();
  const visit = (module) => {
    if (module?.resource) files.add(module.resource.split('?')[0]);
    for (const inner of module?.modules ?? []) visit(inner);
  };
  const graph = compilation.chunkGraph;
  for (const chunk of compilation.chunks ?? []) {
    if (!chunk.files?.has?.(name)) continue;
    try {
      const modules = graph.getChunkModulesIterable?.(chunk) ?? graph.getChunkModules?.(chunk) ?? [];
      for (const module of modules) visit(module);
    } catch {
      // older or partial chunk graph APIs: use the dependencies below
    }
  }
  if (files.size === 0) for (const file of compilation.fileDependencies ?? []) files.add(file);
  return [...files].sort((a, b) => Number(a.includes('node_modules')) - Number(b.includes('node_modules')));
}

export function webpackAdapter(compiler, gate, state) {
  const { Compilation, WebpackError } = compiler.webpack ?? compiler.rspack;
  state.root = compiler.options.context ?? process.cwd();
  state.skip = isServerTarget(compiler.options.target) ? `server build (target ${compiler.options.target})` : null;
  const mode = compiler.options.mode ?? process.env.NODE_ENV;
  state.env = () => processEnvContext(state.root, mode, definitions(compiler));
  if (!state.skip) gate.prepare(state.root);

  compiler.hooks.thisCompilation.tap(PLUGIN_NAME, (compilation) => {
    compilation.hooks.processAssets.tapPromise({ name: PLUGIN_NAME, stage: Compilation.PROCESS_ASSETS_STAGE_REPORT }, async () => {
      if (state.skip) return;
      const outDir = compilation.outputOptions.path ?? state.root;
      const assets = compilation.getAssets().map(({ name, source }) => {
        const mapName = `${name}.map`;
        return {
          name,
          file: displayPath(state.root, path.join(outDir, name)),
          size: source.size(),
          read: () => source.buffer?.() ?? source.source(),
          map: compilation.getAsset(mapName) ? () => String(compilation.getAsset(mapName).source.source()) : undefined,
          mapFile: path.join(outDir, mapName),
          inputs: () => moduleFiles(compilation, name),
        };
      });
      const outcome = await gate.checkOutput(state.root, assets);
      const error = (message) => Object.assign(new WebpackError(message), { name: 'SpillproofError', hideStack: true });
      if (outcome.blocked) {
        for (const { name } of compilation.getAssets()) compilation.deleteAsset(name);
        compilation.errors.push(error(outcome.message));
      } else if (outcome.level === 'warn') {
        compilation.warnings.push(error(outcome.message));
      } else {
        compilation.getLogger(PLUGIN_NAME).info(outcome.message);
      }
    });
  });
}
