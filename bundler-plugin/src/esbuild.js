// spillproof/esbuild: the esbuild plugin (see README "Bundler plugins").
import { spillproof } from './plugin/index.js';

export default spillproof.esbuild;
