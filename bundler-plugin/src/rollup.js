// spillproof/rollup: the rollup plugin (see README "Bundler plugins").
import { spillproof } from './plugin/index.js';

export default spillproof.rollup;
