/** A key as a YAML path segment: bare when it is a simple word, else JSON-quoted (`["1.8"]`-style keys stay readable). */
export function pathKey(key: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(key) ? key : JSON.stringify(key);
}
