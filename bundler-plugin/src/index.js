// spillproof: the unplugin instance (`.vite`, `.rollup`, `.webpack`, `.esbuild`, `.rspack`).
export { spillproof as default, spillproof, unpluginFactory, DEFAULTS, SpillproofError } from './plugin/index.js';
