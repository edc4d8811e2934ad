// The folder SARIF URIs are relative to: the repository root (the nearest folder with a
// .git entry), which is what GitHub code scanning resolves %SRCROOT% to; else the cwd.

import { existsSync } from 'node:fs';
import path from 'node:path';

export function findSourceRoot(cwd) {
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(cwd);
  }
}
