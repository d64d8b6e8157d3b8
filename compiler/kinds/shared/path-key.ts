/**
 * A key as a YAML path segment: bare when it is a simple word, else JSON-quoted (`["1.8"]`-style
 * keys stay readable), with "|" written `\u007c` (the same JSON string): a path never holds a
 * "|", the field separator of the program's package step rows.
 */
export function pathKey(key: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(key) ? key : JSON.stringify(key).replace(/\|/g, '\\u007c');
}
