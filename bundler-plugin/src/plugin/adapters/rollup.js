// Rollup and Vite: the final chunks and assets arrive in `generateBundle`, before anything
// is written, so `this.error` there leaves no output. Vite also copies `public/` into the
// output folder earlier (at renderStart), so the Vite half scans those files too and
// removes the copies when it blocks.

import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { defineEntries, readEnvFiles } from '../env.js';
import { displayPath, listFiles, mergeEnv } from './shared.js';

/** Turns Rollup's output bundle into the Gate's assets. */
export function bundleAssets(bundle, outDir, root) {
  return Object.values(bundle).map((item) => {
    const content = item.type === 'chunk' ? item.code : item.source;
    const mapAsset = bundle[`${item.fileName}.map`];
    const map = item.type === 'chunk' && item.map ? () => item.map : mapAsset ? () => String(mapAsset.source) : undefined;
    return {
      name: item.fileName,
      file: displayPath(root, path.join(outDir, item.fileName)),
      size: typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength,
      read: () => content,
      map,
      mapFile: path.join(outDir, `${item.fileName}.map`),
      inputs: () => item.type === 'chunk' ? item.moduleIds ?? Object.keys(item.modules) : item.originalFileNames?.map((f) => path.resolve(root, f)) ?? [],
    };
  });
}

/** Reports an outcome through a Rollup plugin context. */
function conclude(context, outcome) {
  if (outcome.blocked) context.error(outcome.message);
  else if (outcome.level === 'warn') context.warn(outcome.message);
  else context.info?.(outcome.message);
}

function outputDir(outputOptions, root) {
  if (outputOptions.dir) return path.resolve(root, outputOptions.dir);
  if (outputOptions.file) return path.dirname(path.resolve(root, outputOptions.file));
  return root;
}

export function rollupHooks(gate, state) {
  return {
    // The first hook of a Rollup build: the engine compiles while Rollup bundles.
    options() {
      gate.prepare(state.root);
      return null;
    },
    async generateBundle(outputOptions, bundle) {
      const assets = bundleAssets(bundle, outputDir(outputOptions, state.root), state.root);
      conclude(this, await gate.checkOutput(state.root, assets));
    },
  };
}

export function viteHooks(gate, state) {
  let config;
  return {
    apply: 'build',
    enforce: 'post',
    configResolved(resolved) {
      config = resolved;
      state.root = resolved.root;
      state.skip = resolved.build.ssr ? 'server (SSR) build' : null;
      if (!state.skip) gate.prepare(resolved.root);
      state.env = async () => {
        const { loadEnv } = await import('vite');
        const envDir = resolved.envDir === false ? undefined : resolved.envDir ?? resolved.root;
        const loaded = envDir ? loadEnv(resolved.mode, envDir, '') : { ...process.env };
        const prefixes = [resolved.envPrefix ?? 'VITE_'].flat();
        return {
          vars: mergeEnv(envDir ? readEnvFiles(envDir, resolved.mode) : new Map(), loaded),
          publicPrefixes: prefixes,
          exposedAs: 'import.meta.env',
          defines: defineEntries(resolved.define),
          root: resolved.root,
        };
      };
    },
    async generateBundle(outputOptions, bundle) {
      // Vite 6+ builds several environments with one plugin: only the browser's matters.
      if (state.skip || this.environment?.config?.consumer === 'server') return;
      const outDir = outputDir(outputOptions, state.root);
      const assets = bundleAssets(bundle, outDir, state.root);
      const publicFiles = config.build.copyPublicDir && config.publicDir ? await listFiles(config.publicDir) : [];
      for (const name of publicFiles.filter((f) => !bundle[f])) {
        const source = path.join(config.publicDir, name);
        assets.push({ name, file: displayPath(state.root, path.join(outDir, name)), read: () => readFile(source), inputs: () => [source] });
      }
      const outcome = await gate.checkOutput(state.root, assets);
      if (outcome.blocked && config.build.write) {
        // The bundle is never written after this.error; the public copies already are.
        await Promise.all(publicFiles.map((name) => rm(path.join(outDir, name), { force: true })));
      }
      conclude(this, outcome);
    },
  };
}
