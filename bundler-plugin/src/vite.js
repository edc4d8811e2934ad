// spillproof/vite: the vite plugin (see README "Bundler plugins").
import { spillproof } from './plugin/index.js';

export default spillproof.vite;
