import type { PlainValue } from '../ast/nodes.js';
import { printable } from '../printable.js';

export { printable };

/** How a value is named in messages: "a mapping", "a list", "the text 'x'", "nothing". */
export function describeValue(v: PlainValue | undefined): string {
  if (v === null || v === undefined) return 'nothing (an empty value)';
  if (typeof v === 'string') return `the text '${printable(v.length > 40 ? v.slice(0, 37) + '...' : v)}'`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  const keys = Object.keys(v);
  return keys.length === 0 ? 'an empty mapping' : `a mapping with ${keys.length === 1 ? 'the key' : 'keys'} ${keys.slice(0, 4).map((k) => `'${printable(k)}'`).join(', ')}`;
}

export function isMapping(v: PlainValue | undefined): v is { readonly [key: string]: PlainValue } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}
