// `spillproof scan --staged`: the files of the next commit as git's index holds them (what
// `git commit` will record, not the working tree, which may differ), for a pre-commit hook.

import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const MAX_BUFFER = 512 * 1024 * 1024;

export class GitError extends Error {
  name = 'GitError';
}

/** @returns {Promise<{ assets: import('../scan.js').Asset[], skipped: import('../scan.js').SkippedEntry[] }>} */
export async function collectStaged(cwd, { maxFileBytes }) {
  let root;
  try {
    root = (await run('git', ['rev-parse', '--show-toplevel'], { cwd })).stdout.trim();
  } catch (error) {
    throw new GitError(`--staged needs a git repository: ${(error.stderr || error.message).trim()}`);
  }
  // Added, copied, modified, renamed: what the commit adds. -z keeps unusual names intact.
  const { stdout } = await run('git', ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z'], { cwd: root, maxBuffer: MAX_BUFFER });
  const names = stdout.split('\0').filter(Boolean);
  const assets = [];
  const skipped = [];
  for (const name of names) {
    const display = path.relative(cwd, path.join(root, name)) || name;
    let size;
    try {
      size = Number((await run('git', ['cat-file', '-s', `:${name}`], { cwd: root })).stdout.trim());
    } catch (error) {
      skipped.push({ file: display, code: 'unreadable', reason: `staged content cannot be read: ${(error.stderr || error.message).trim()}`, incomplete: true });
      continue;
    }
    assets.push({
      file: display,
      size,
      // Submodules and symlinks are staged as gitlinks/paths; `git show` gives their text form.
      read: async () => (await run('git', ['show', `:${name}`], { cwd: root, encoding: 'buffer', maxBuffer: Math.max(maxFileBytes + 1, 1024) })).stdout,
    });
  }
  return { assets, skipped };
}
