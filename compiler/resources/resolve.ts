import { readFileSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, normalize, relative, sep } from 'node:path';

/** What a script path in a manifest resolves to, against the ordered resource roots. */
export type ResolvedScript =
  | { readonly kind: 'found'; readonly path: string; readonly file: string; readonly root: string; readonly bytes: Buffer }
  | { readonly kind: 'escapes'; readonly path: string }
  | { readonly kind: 'invalid'; readonly path: string }
  | { readonly kind: 'missing'; readonly path: string; readonly searched: readonly string[] }
  | { readonly kind: 'directory'; readonly path: string; readonly file: string }
  | { readonly kind: 'unreadable'; readonly path: string; readonly file: string; readonly reason: string };

/**
 * Script files, looked up in an ordered list of resource roots: the first root holding the
 * file wins. Paths are relative to a root; absolute paths and `..` that leave the root are
 * refused. Each path is read once and remembered, so checking and emitting share one read.
 */
export class Resources {
  private readonly cache = new Map<string, ResolvedScript>();

  constructor(readonly roots: readonly string[]) {}

  resolve(path: string): ResolvedScript {
    let r = this.cache.get(path);
    if (r === undefined) {
      r = this.lookup(path);
      this.cache.set(path, r);
    }
    return r;
  }

  private lookup(path: string): ResolvedScript {
    if (path === '' || path.includes('\0') || path.includes('\n')) return { kind: 'invalid', path };
    if (isAbsolute(path) || path.startsWith('~')) return { kind: 'escapes', path };
    const norm = normalize(path);
    if (norm === '..' || norm.startsWith('..' + sep) || norm === '.') return { kind: 'escapes', path };
    for (const root of this.roots) {
      const file = join(root, norm);
      let st;
      try {
        st = statSync(file);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'ENOENT' || code === 'ENOTDIR') continue;
        return { kind: 'unreadable', path, file, reason: (e as Error).message };
      }
      if (st.isDirectory()) return { kind: 'directory', path, file };
      // A symbolic link inside the root may point outside it: that escapes the root too.
      if (!inside(root, file)) return { kind: 'escapes', path };
      try {
        return { kind: 'found', path, file, root, bytes: readFileSync(file) };
      } catch (e) {
        return { kind: 'unreadable', path, file, reason: (e as Error).message };
      }
    }
    return { kind: 'missing', path, searched: this.roots };
  }
}

/** Whether `file`, with symbolic links resolved, is under `root` (also resolved). */
function inside(root: string, file: string): boolean {
  try {
    const rel = relative(realpathSync(root), realpathSync(file));
    return rel !== '' && !rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel);
  } catch {
    return true; // unreadable paths are reported when read
  }
}
