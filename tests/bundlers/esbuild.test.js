// The spillproof esbuild plugin in real esbuild 0.28 builds.
import { bundlerSuite } from './support/suite.js';
import { esbuild } from './support/bundlers.js';

bundlerSuite(esbuild);
