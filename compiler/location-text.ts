import type { Location } from './ast/nodes.js';

/** `image.yaml:14:5`: a location as the program, the plan and messages show it. */
export function locationText(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}
