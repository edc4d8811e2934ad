// The spillproof rspack plugin in real Rspack 2 builds.
import { bundlerSuite } from './support/suite.js';
import { rspack } from './support/bundlers.js';

bundlerSuite(rspack);
