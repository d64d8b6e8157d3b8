import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../package-root.js';

/** The partial of a built-in kind: `compiler/kinds/<kind>/template.hbs` of the package. */
export function kindTemplate(kind: string): string {
  return readFileSync(join(packageRoot(), 'compiler', 'kinds', kind, 'template.hbs'), 'utf8');
}
