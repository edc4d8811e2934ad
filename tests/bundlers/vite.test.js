// The spillproof vite plugin in real Vite 7 builds.
import { bundlerSuite } from './support/suite.js';
import { vite } from './support/bundlers.js';

bundlerSuite(vite);
