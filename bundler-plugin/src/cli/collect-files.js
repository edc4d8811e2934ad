// Turns the paths on the command line into the list of files to scan: folders are walked
// (skipping node_modules and .git unless the user named them), symlinked folders are not
// followed (no loops), and anything unreadable is reported, never silently dropped.

import { lstat, readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';

const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/** @returns {Promise<{ assets: import('../scan.js').Asset[], skipped: import('../scan.js').SkippedEntry[] }>} */
export async function collectFiles(paths, cwd) {
  const assets = [];
  const skipped = [];
  const display = (absolute) => {
    const relative = path.relative(cwd, absolute);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : absolute;
  };

  async function visit(absolute, named) {
    let info;
    try {
      info = named ? await stat(absolute) : await lstat(absolute);
    } catch (error) {
      skipped.push({ file: display(absolute), code: 'unreadable', reason: `cannot be read: ${error.code ?? error.message}`, incomplete: true });
      return;
    }
    if (info.isSymbolicLink()) {
      const target = await stat(absolute).catch(() => null);
      if (target?.isFile()) assets.push(asset(absolute, target.size));
      return;
    }
    if (info.isDirectory()) {
      if (!named && SKIPPED_FOLDERS.has(path.basename(absolute))) return;
      let entries;
      try {
        entries = await readdir(absolute);
      } catch (error) {
        skipped.push({ file: display(absolute), code: 'unreadable', reason: `folder cannot be listed: ${error.code ?? error.message}`, incomplete: true });
        return;
      }
      for (const entry of entries.sort()) await visit(path.join(absolute, entry), false);
      return;
    }
    if (info.isFile()) assets.push(asset(absolute, info.size));
  }

  function asset(absolute, size) {
    return { file: display(absolute), size, read: () => readFile(absolute) };
  }

  for (const p of paths) await visit(path.resolve(cwd, p), true);
  return { assets, skipped };
}
