/**
 * Compact emission (`compile --compact`): a runtime library file without its comment lines
 * and blank lines, so the program carries only what it runs and bash parses less. Kept:
 * every code line byte for byte (trailing comments included: a `#` inside a word or string
 * cannot be told apart from a comment without parsing bash), and `# shellcheck` directives,
 * which apply to the command that follows them. The runtime files hold no here-documents or
 * multi-line strings (test/emit/compact.test.ts checks that each compacted file defines the
 * same functions, as bash prints them, as the original).
 */
const cache = new Map<string, string>();

/** The runtime text with comment-only lines (but shellcheck directives) and blank lines dropped. */
export function compactRuntimeText(text: string): string {
  const hit = cache.get(text);
  if (hit !== undefined) return hit;
  const kept = text.split('\n').filter((line) => {
    const t = line.trim();
    if (t === '') return false;
    if (!t.startsWith('#')) return true;
    return /^#\s*shellcheck\s/.test(t);
  });
  const out = kept.join('\n');
  cache.set(text, out);
  return out;
}
