// The spillproof Rollup plugin in real Rollup 4 builds.
import { bundlerSuite } from './support/suite.js';
import { rollup } from './support/bundlers.js';

bundlerSuite(rollup, { seesDefine: false, rootIsCwd: true });
