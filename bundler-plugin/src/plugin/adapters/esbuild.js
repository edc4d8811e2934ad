// esbuild: `metafile = true` names every output and the inputs behind it; `onEnd` gets the
// files in memory (write: false) or on disk (write: true, already written) and fails the
// build by *returning* errors. With write: true a blocked build deletes what it wrote.

import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';

import { defineEntries } from '../env.js';
import { displayPath, processEnvContext } from './shared.js';

export function esbuildSetup(build, gate, state) {
  const options = build.initialOptions;
  options.metafile = true;
  const root = options.absWorkingDir ?? process.cwd();
  state.root = root;
  state.skip = options.platform === 'node' ? 'server build (platform node)' : null;
  state.env = () => processEnvContext(root, process.env.NODE_ENV, defineEntries(options.define));
  if (!state.skip) gate.prepare(root);
  const outBase = options.outdir ? path.resolve(root, options.outdir) : options.outfile ? path.dirname(path.resolve(root, options.outfile)) : root;

  build.onEnd(async (result) => {
    if (state.skip || result.errors.length > 0 || !result.metafile) return undefined;
    const inMemory = new Map((result.outputFiles ?? []).map((f) => [path.resolve(f.path), f.contents]));
    const outputs = Object.keys(result.metafile.outputs).map((rel) => path.resolve(root, rel));
    const content = (abs) => inMemory.get(abs) ?? readFile(abs);
    const assets = outputs.map((abs) => {
      const rel = path.relative(root, abs).split(path.sep).join('/');
      const mapFile = `${abs}.map`;
      return {
        name: path.relative(outBase, abs).split(path.sep).join('/'),
        file: displayPath(root, abs),
        read: () => content(abs),
        map: outputs.includes(mapFile) ? () => (inMemory.get(mapFile) ? Buffer.from(inMemory.get(mapFile)).toString('utf8') : readFileSyncSafe(mapFile)) : undefined,
        mapFile,
        inputs: () => Object.keys(result.metafile.outputs[rel]?.inputs ?? {}).map((input) => path.resolve(root, input)),
      };
    });
    // The map is read synchronously by provenance; load on-disk maps up front.
    const diskMaps = new Map();
    await Promise.all(assets.filter((a) => a.map && !inMemory.has(a.mapFile)).map(async (a) => diskMaps.set(a.mapFile, await readFile(a.mapFile, 'utf8').catch(() => undefined))));
    function readFileSyncSafe(file) {
      return diskMaps.get(file);
    }

    const outcome = await gate.checkOutput(root, assets);
    if (outcome.blocked) {
      if (options.write !== false) await Promise.all(outputs.map((abs) => rm(abs, { force: true })));
      if (result.outputFiles) result.outputFiles.length = 0;
      return { errors: [{ text: outcome.message }] };
    }
    if (outcome.level === 'warn') return { warnings: [{ text: outcome.message }] };
    if (['info', 'debug', 'verbose'].includes(options.logLevel)) process.stderr.write(`${outcome.message}\n`);
    return undefined;
  });
}
