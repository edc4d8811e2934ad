// spillproof/webpack: the webpack plugin (see README "Bundler plugins").
import { spillproof } from './plugin/index.js';

export default spillproof.webpack;
