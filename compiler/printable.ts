/**
 * Data shown as text to a person (a diagnostic, a comment in the emitted program, a plan line
 * on a terminal): one line, printable. Newline, CR and tab become `\n`, `\r`, `\t`; other
 * control characters `\xNN`; format and other invisible characters (which could end a
 * comment, drive a terminal, or hide text from a reviewer: bidi controls, zero-width spaces)
 * become `\u{…}`. Letters of every script stay as they are.
 */
export function printable(value: string): string {
  return value.replace(
    /[^\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u0370-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2fff\u3001-\ud7ff\uf900-\ufefe\uff00-\ufff8]/gu,
    (ch) => {
      const named: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };
      const code = ch.codePointAt(0)!;
      if (named[ch] !== undefined) return named[ch];
      if (code < 0x20 || code === 0x7f) return `\\x${code.toString(16).padStart(2, '0')}`;
      return `\\u{${code.toString(16)}}`;
    },
  );
}
