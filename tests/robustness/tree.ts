/** What a folder holds, for comparing folders byte for byte in the robustness tests. */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * Every entry under `root` that is not a folder (relative path → `describe(entry, path)`); by
 * default a regular file's SHA-256, "link" for a symbolic link (never followed) and "fifo" for a
 * named pipe (never opened). Empty when `root` does not exist.
 */
export function treeContents(root: string, describe: (entry: Dirent, path: string) => string = hashOf): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(relative(root, p), describe(e, p));
    }
  };
  if (existsSync(root)) walk(root);
  return out;
}

function hashOf(entry: Dirent, path: string): string {
  if (entry.isSymbolicLink()) return 'link';
  if (entry.isFIFO()) return 'fifo';
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
