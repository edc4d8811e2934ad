// spillproof/rspack: the rspack plugin (see README "Bundler plugins").
import { spillproof } from './plugin/index.js';

export default spillproof.rspack;
