/**
 * Data shown as text to a person (a comment in the emitted program, a plan line on a
 * terminal): one line, printable. Control, format and other invisible characters (which could
 * end a comment, drive a terminal or hide text from a reviewer) become `\u{…}` escapes.
 */
export function printable(value: string): string {
  return value.replace(
    /[^\x20-\x7e\u00a1-\u00ac\u00ae-\u02ff\u0370-\u1fff\u2010-\u2027\u2030-\u205e\u2070-\u2fff\u3001-\ud7ff\uf900-\ufefe\uff00-\ufff8]/gu,
    (ch) => `\\u{${ch.codePointAt(0)!.toString(16)}}`,
  );
}
