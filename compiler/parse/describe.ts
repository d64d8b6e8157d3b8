import type { PlainValue } from '../ast/nodes.js';

/** How a value is named in messages: "a mapping", "a list", "the text 'x'", "nothing". */
export function describeValue(v: PlainValue | undefined): string {
  if (v === null || v === undefined) return 'nothing (an empty value)';
  if (typeof v === 'string') return `the text '${printable(v.length > 40 ? v.slice(0, 37) + '...' : v)}'`;
  if (Array.isArray(v)) return v.length === 0 ? 'an empty list' : 'a list';
  const keys = Object.keys(v);
  return keys.length === 0 ? 'an empty mapping' : `a mapping with ${keys.length === 1 ? 'the key' : 'keys'} ${keys.slice(0, 4).map((k) => `'${printable(k)}'`).join(', ')}`;
}

/**
 * A value from the manifest as it may appear inside a one-line message: control characters
 * (a newline in a quoted package name, a tab...) are shown escaped, so that a message stays
 * on its `file:line:col:` line and cannot move the terminal's cursor.
 */
export function printable(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, (c) => {
    const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
    return named[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`;
  });
}

export function isMapping(v: PlainValue | undefined): v is { readonly [key: string]: PlainValue } {
  return v !== null && v !== undefined && typeof v === 'object' && !Array.isArray(v);
}
