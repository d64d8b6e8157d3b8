import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The directory of the sahara-image-pack package (holding `runtime/` and `templates/`),
 * found by walking up from this module: the same answer from the sources (`compiler/lower/`)
 * and from the build (`dist/compiler/lower/`).
 */
export function packageRoot(): string {
  if (cached !== undefined) return cached;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && existsSync(join(dir, 'runtime'))) {
      try {
        const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name?: unknown }).name;
        if (name === 'sahara-image-pack') return (cached = dir);
      } catch {
        // not ours; keep walking
      }
    }
    const up = dirname(dir);
    if (up === dir) throw new Error('sahara-image-pack: cannot find the package directory (runtime/, templates/)');
    dir = up;
  }
}
