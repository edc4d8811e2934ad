// One `build(dir, options)` per bundler, through its JS API, awaited to the end. Each
// returns { ok, error, logs, outDir }: `error` is the failure text the bundler reports,
// `logs` everything it (and the plugin) logged, so a test can check both for messages
// and for leaks. `define` takes raw values (each builder JSON-encodes them, as configs do).

import path from 'node:path';

const encode = (define = {}) => Object.fromEntries(Object.entries(define).map(([k, v]) => [k, JSON.stringify(v)]));

export const vite = {
  name: 'vite',
  clientPrefix: 'VITE_',
  clientRead: (name) => `import.meta.env.${name}`,
  async build(dir, { plugin = {}, define, sourcemap = false, mode = 'production', build: extra = {} } = {}) {
    const [{ build }, { default: spillproof }] = await Promise.all([import('vite'), import('spillproof/vite')]);
    const outDir = path.join(dir, 'dist');
    const logs = [];
    const logger = {
      hasWarned: false,
      info: (m) => logs.push(m),
      warn: (m) => { logger.hasWarned = true; logs.push(m); },
      warnOnce: (m) => logs.push(m),
      error: (m) => logs.push(m),
      clearScreen() {},
      hasErrorLogged: () => false,
    };
    try {
      await build({ root: dir, configFile: false, mode, logLevel: 'info', customLogger: logger, define: encode(define), plugins: [spillproof(plugin)], build: { outDir, sourcemap, ...extra } });
      return { ok: true, error: '', logs: logs.join('\n'), outDir };
    } catch (error) {
      return { ok: false, error: String(error.message), logs: `${logs.join('\n')}\n${error.stack}`, outDir };
    }
  },
};

export const rollup = {
  name: 'rollup',
  clientPrefix: 'REACT_APP_',
  clientRead: (name) => `process.env.${name}`,
  async build(dir, { plugin = {}, define = {}, sourcemap = false } = {}) {
    const [{ rollup: bundle }, { default: spillproof }] = await Promise.all([import('rollup'), import('spillproof/rollup')]);
    const outDir = path.join(dir, 'dist');
    const logs = [];
    // What @rollup/plugin-replace does: inline process.env.X at build time.
    // (null when nothing is replaced, so Rollup keeps the original source in the map).
    const replace = {
      name: 'replace',
      transform(code) {
        const replaced = Object.entries(encode(define)).reduce((c, [k, v]) => c.replaceAll(k, v), code);
        return replaced === code ? null : { code: replaced, map: null };
      },
    };
    let result;
    try {
      result = await bundle({ input: path.join(dir, 'src/main.js'), plugins: [replace, spillproof(plugin)], onLog: (level, log) => logs.push(`${level}: ${log.message}`) });
      await result.write({ dir: outDir, sourcemap });
      return { ok: true, error: '', logs: logs.join('\n'), outDir };
    } catch (error) {
      return { ok: false, error: String(error.message), logs: `${logs.join('\n')}\n${error.stack}`, outDir };
    } finally {
      await result?.close();
    }
  },
};

/** webpack and Rspack share the config shape and the stats API. */
function webpackLike(name, load) {
  return {
    name,
    clientPrefix: 'NEXT_PUBLIC_',
    clientRead: (v) => `process.env.${v}`,
    async build(dir, { plugin = {}, define, sourcemap = false, mode = 'production' } = {}) {
      const { bundler, DefinePlugin, spillproof } = await load();
      const outDir = path.join(dir, 'dist');
      const compiler = bundler({
        context: dir,
        mode,
        entry: './src/main.js',
        output: { path: outDir, filename: 'assets/[name].[contenthash:8].js', clean: true },
        devtool: sourcemap ? 'source-map' : false,
        plugins: [...(define ? [new DefinePlugin(encode(define))] : []), spillproof(plugin)],
        infrastructureLogging: { level: 'none' },
        performance: { hints: false },
      });
      try {
        const stats = await new Promise((resolve, reject) => compiler.run((err, s) => (err ? reject(err) : resolve(s))));
        const text = stats.toString({ all: false, errors: true, warnings: true, logging: 'info', colors: false });
        return { ok: !stats.hasErrors(), error: stats.hasErrors() ? text : '', logs: text, outDir };
      } catch (error) {
        return { ok: false, error: String(error.message), logs: String(error.stack), outDir };
      } finally {
        await new Promise((resolve) => compiler.close(resolve));
      }
    },
  };
}

export const webpack = webpackLike('webpack', async () => {
  const [{ default: wp }, { default: spillproof }] = await Promise.all([import('webpack'), import('spillproof/webpack')]);
  return { bundler: wp, DefinePlugin: wp.DefinePlugin, spillproof };
});

export const rspack = webpackLike('rspack', async () => {
  const [{ rspack: rs }, { default: spillproof }] = await Promise.all([import('@rspack/core'), import('spillproof/rspack')]);
  return { bundler: rs, DefinePlugin: rs.DefinePlugin, spillproof };
});

export const esbuild = {
  name: 'esbuild',
  clientPrefix: 'NEXT_PUBLIC_',
  clientRead: (name) => `process.env.${name}`,
  async build(dir, { plugin = {}, define, sourcemap = false, write = true, logLevel = 'silent' } = {}) {
    const [{ build }, { default: spillproof }] = await Promise.all([import('esbuild'), import('spillproof/esbuild')]);
    const outDir = path.join(dir, 'dist');
    const logs = [];
    // The plugin prints its info block to stderr when esbuild's logLevel asks for info.
    const write$ = process.stderr.write;
    process.stderr.write = (chunk, ...rest) => (logs.push(String(chunk)), typeof rest.at(-1) === 'function' && rest.at(-1)(), true);
    try {
      const result = await build({ absWorkingDir: dir, entryPoints: ['src/main.js'], bundle: true, outdir: 'dist', write, define: encode(define), sourcemap, logLevel, plugins: [spillproof(plugin)] });
      logs.push(...result.warnings.map((w) => w.text));
      return { ok: true, error: '', logs: logs.join('\n'), outDir, outputFiles: result.outputFiles };
    } catch (error) {
      const text = error.errors?.map((e) => e.text).join('\n') ?? String(error.message);
      return { ok: false, error: text, logs: `${logs.join('\n')}\n${error.stack}`, outDir };
    } finally {
      process.stderr.write = write$;
    }
  },
};
