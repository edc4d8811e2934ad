// One `build(dir, options)` per bundler, through its JS API, awaited to the end. Each
// returns { ok, error, logs, outDir }: `error` is the failure text the bundler reports,
// `logs` everything it (and the plugin) logged, so a test can check both for messages
// and for leaks. `define` takes raw values (each builder JSON-encodes them, as configs do).
// `jsx: true` builds the React app (support/app.js makeReactApp): entry src/main.jsx, the
// automatic JSX runtime through each bundler's usual transform (Vite's and esbuild's own
// esbuild, esbuild-loader for webpack, builtin:swc-loader for Rspack, rollup-plugin-esbuild
// plus node-resolve and commonjs for Rollup), react bundled in its production build.
// `plugin: null` builds without spillproof (the overhead benchmark's baseline).

import { createRequire } from 'node:module';
import path from 'node:path';

const encode = (define = {}) => Object.fromEntries(Object.entries(define).map(([k, v]) => [k, JSON.stringify(v)]));
const entryOf = (jsx) => (jsx ? 'src/main.jsx' : 'src/main.js');
/** [the spillproof plugin from `entry`], or [] when `options` is null (not even imported then). */
const spillproofPlugins = async (entry, options) => (options === null ? [] : [(await import(entry)).default(options)]);
/** React picks its build from process.env.NODE_ENV, which the bundler must inline. */
const PRODUCTION = { 'process.env.NODE_ENV': 'production' };

export const vite = {
  name: 'vite',
  clientPrefix: 'VITE_',
  clientRead: (name) => `import.meta.env.${name}`,
  async build(dir, { plugin = {}, define, sourcemap = false, mode = 'production', jsx = false, build: extra = {} } = {}) {
    const [{ build }, spillproof] = await Promise.all([import('vite'), spillproofPlugins('spillproof/vite', plugin)]);
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
      await build({
        root: dir, configFile: false, mode, logLevel: 'info', customLogger: logger, define: encode(define),
        // Vite 7 compiles .jsx with esbuild; @vitejs/plugin-react adds Fast Refresh, which a build does not need.
        esbuild: jsx ? { jsx: 'automatic' } : undefined,
        plugins: spillproof,
        build: { outDir, sourcemap, ...extra },
      });
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
  async build(dir, { plugin = {}, define = {}, sourcemap = false, jsx = false } = {}) {
    const [{ rollup: bundle }, spillproof, react] = await Promise.all([import('rollup'), spillproofPlugins('spillproof/rollup', plugin), jsx ? rollupReactPlugins() : []]);
    const outDir = path.join(dir, 'dist');
    const logs = [];
    // What @rollup/plugin-replace does: inline process.env.X at build time.
    // (null when nothing is replaced, so Rollup keeps the original source in the map).
    const replace = {
      name: 'replace',
      transform(code) {
        const replaced = Object.entries(encode(jsx ? { ...PRODUCTION, ...define } : define)).reduce((c, [k, v]) => c.replaceAll(k, v), code);
        return replaced === code ? null : { code: replaced, map: null };
      },
    };
    let result;
    try {
      result = await bundle({ input: path.join(dir, entryOf(jsx)), plugins: [replace, ...react, ...spillproof], onLog: (level, log) => logs.push(`${level}: ${log.message}`) });
      await result.write({ dir: outDir, sourcemap });
      return { ok: true, error: '', logs: logs.join('\n'), outDir };
    } catch (error) {
      return { ok: false, error: String(error.message), logs: `${logs.join('\n')}\n${error.stack}`, outDir };
    } finally {
      await result?.close();
    }
  },
};

/** What a Rollup React app adds: node_modules resolution, CommonJS (react is CJS) and the JSX transform. */
async function rollupReactPlugins() {
  const [{ nodeResolve }, { default: commonjs }, { default: esbuild }] = await Promise.all([
    import('@rollup/plugin-node-resolve'), import('@rollup/plugin-commonjs'), import('rollup-plugin-esbuild'),
  ]);
  return [nodeResolve({ browser: true }), commonjs(), esbuild({ jsx: 'automatic' })];
}

/** webpack and Rspack share the config shape and the stats API; `jsxRule` is each one's JSX loader rule. */
function webpackLike(name, jsxRule, load) {
  return {
    name,
    clientPrefix: 'NEXT_PUBLIC_',
    clientRead: (v) => `process.env.${v}`,
    async build(dir, { plugin = {}, define, sourcemap = false, mode = 'production', jsx = false } = {}) {
      const [{ bundler, DefinePlugin }, spillproof] = await Promise.all([load(), spillproofPlugins(`spillproof/${name}`, plugin)]);
      const outDir = path.join(dir, 'dist');
      const compiler = bundler({
        context: dir,
        mode,
        entry: `./${entryOf(jsx)}`,
        module: { rules: jsx ? [jsxRule] : [] },
        output: { path: outDir, filename: 'assets/[name].[contenthash:8].js', clean: true },
        devtool: sourcemap ? 'source-map' : false,
        plugins: [...(define ? [new DefinePlugin(encode(define))] : []), ...spillproof],
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

// Loaders are resolved from here: the fixture folders live in the temp dir.
const resolve = createRequire(import.meta.url).resolve;

export const webpack = webpackLike('webpack', {
  test: /\.jsx$/,
  loader: resolve('esbuild-loader'),
  options: { jsx: 'automatic' },
}, async () => {
  const { default: wp } = await import('webpack');
  return { bundler: wp, DefinePlugin: wp.DefinePlugin };
});

export const rspack = webpackLike('rspack', {
  test: /\.jsx$/,
  loader: 'builtin:swc-loader',
  options: { jsc: { parser: { syntax: 'ecmascript', jsx: true }, transform: { react: { runtime: 'automatic' } } } },
}, async () => {
  const { rspack: rs } = await import('@rspack/core');
  return { bundler: rs, DefinePlugin: rs.DefinePlugin };
});

export const esbuild = {
  name: 'esbuild',
  clientPrefix: 'NEXT_PUBLIC_',
  clientRead: (name) => `process.env.${name}`,
  async build(dir, { plugin = {}, define, sourcemap = false, write = true, logLevel = 'silent', jsx = false, minify = false } = {}) {
    const [{ build }, spillproof] = await Promise.all([import('esbuild'), spillproofPlugins('spillproof/esbuild', plugin)]);
    const outDir = path.join(dir, 'dist');
    const logs = [];
    // The plugin prints its info block to stderr when esbuild's logLevel asks for info.
    const write$ = process.stderr.write;
    process.stderr.write = (chunk, ...rest) => (logs.push(String(chunk)), typeof rest.at(-1) === 'function' && rest.at(-1)(), true);
    try {
      const result = await build({
        absWorkingDir: dir, entryPoints: [entryOf(jsx)], bundle: true, outdir: 'dist', write, sourcemap, logLevel, minify,
        define: encode(jsx ? { ...PRODUCTION, ...define } : define),
        jsx: jsx ? 'automatic' : undefined,
        plugins: spillproof,
      });
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
