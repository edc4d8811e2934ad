// The spillproof webpack plugin in real webpack 5 builds.
import { bundlerSuite } from './support/suite.js';
import { webpack } from './support/bundlers.js';

bundlerSuite(webpack);
