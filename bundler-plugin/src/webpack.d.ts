import type { spillproof } from './index.js';

export type { SpillproofOptions } from './index.js';
declare const plugin: typeof spillproof.webpack;
export default plugin;
