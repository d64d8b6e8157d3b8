/**
 * The one place where data becomes shell words.
 *
 * Every data value that reaches the emitted bash program (package names, versions, argument
 * values, paths, messages) passes through `shq`, and every spliced identifier through
 * `shName`. Script bodies go into single-quoted strings (sh.ts `literal`), or base64 in quoted
 * here-docs whose delimiter comes from `heredocDelimiter`. Nothing else in the compiler builds
 * shell syntax out of data.
 *
 * `shq(value)` returns ONE bash word that evaluates to exactly `value`, byte for byte (the
 * value's UTF-8 encoding), under any locale (LANG=C or UTF-8), in argument and assignment
 * positions, as a `[[ == ]]` / `case` pattern (it matches literally) and as a part of a larger
 * word (`--opt=<word>`). It is not for use inside double quotes, after a `$`, as the right side
 * of `[[ =~ ]]` (a bare `1.8` is a regex there: compare through a variable) or in a here-doc.
 * The style is chosen for a reviewer, in this order:
 *
 *   1. bare          `[A-Za-z0-9_@%+=:,./-]+`, unless it is a reserved word (`if`, `done`…),
 *                    looks like an assignment (`a=b`, `a+=b`) or starts with `=` (`x==b`
 *                    is shellcheck error SC1097)                       nginx  1.8  /opt/x
 *                    In the 'assignment' context (the word follows `NAME=`) a word starting
 *                    with a letter or `_` is never bare: shellcheck reads `x=make` as a
 *                    mistyped command (SC2209) and `x=java-8` as arithmetic when `java` is a
 *                    variable (SC2100). The `q` template helper detects the context.
 *   2. `''`          the empty string
 *   3. '…'           no `'`, `$`, backtick, `‘’`, no escaped character (below), not ending
 *                    in `\`                                       'a b'  '*.txt'  '“x”'
 *   4. "…"           otherwise, when there is no escaped character, no `!` and none of
 *                    `“”″‶`; `\ $ `` "` are backslash-escaped     "it's"  "\$(touch x)"
 *   5. $'…'          otherwise (ANSI-C quoting, bash 2+): `\\`, `\'`, `\a \b \e \f \n \r \t \v`,
 *                    and `\xNN` for each UTF-8 byte of the other escaped characters. Other
 *                    non-ASCII characters stay raw UTF-8 (bytes ≥ 0x80 never look like `'` or
 *                    `\`, so bash reads them the same in every locale); `\u`/`\U` (locale
 *                    dependent) and octal `\NNN` (variable length) are never emitted.
 *
 * Escaped characters (fixed table, not Unicode properties, so the output does not change with
 * the Node/ICU version): C0 controls, DEL, C1 controls, NBSP, soft hyphen, the Unicode spaces,
 * zero-width and bidirectional formatting characters, line/paragraph separators, BOM,
 * interlinear annotations and tag characters. They are invisible or misleading in a review
 * (Trojan-Source style) and some (`\r`) are mangled by editors and tools.
 *
 * Shellcheck decision: a single-quoted literal containing `$` or a backtick trips SC2016
 * (info), one ending in a backslash trips SC1003 (info), Unicode single quotes `‘’` inside
 * single quotes trip SC1112 and Unicode double quotes `“”″‶` inside double quotes SC1111
 * (warnings). Instead of `# shellcheck disable` directives (which a template helper cannot
 * place on the line before), the style is chosen so none of them applies: those strings move
 * to rule 4 or 5, whose forms shellcheck accepts. Every word `shq` produces is clean under
 * `shellcheck --enable=all --severity=style` as an argument, and as an assignment value when
 * quoted in the 'assignment' context (the test suite checks both on a fuzz corpus).
 * `!` is kept out of double quotes so the word means the same even with history expansion on.
 *
 * NUL cannot be held by bash and lone UTF-16 surrogates have no UTF-8 encoding: both throw.
 */

const BARE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const ASSIGNMENT_LIKE = /^(?:[A-Za-z_][A-Za-z0-9_]*\+?)?=/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const ASSIGNMENT_PREFIX = /(?:^|[\s;&|(!])[A-Za-z_][A-Za-z0-9_]*(?:\[[^\]]*\])?\+?=$/;

/** Bash reserved words made only of letters: quoted so they can never act as keywords. */
const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'case', 'coproc', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in',
  'select', 'then', 'time', 'until', 'while',
]);

/** Characters written as escapes inside `$'…'` (see the file header). */
const ESCAPED =
  /[\u0000-\u001f\u007f-\u00a0\u00ad\u1680\u180e\u2000-\u200f\u2028-\u202f\u205f-\u2064\u2066-\u206f\u3000\ufeff\ufff9-\ufffb\u{e0000}-\u{e007f}]/u;
const ESCAPED_ALL = new RegExp(ESCAPED.source, 'gu');
const LONE_SURROGATE = /[\ud800-\udfff]/u;

const NAMED_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\x1b': '\\e', '\f': '\\f',
  '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v',
};

/** Where a word goes: an ordinary word, or the value of an assignment (`NAME=<word>`). */
export type QuoteContext = 'word' | 'assignment';

/** True when `code` ends with `NAME=`, `NAME+=` or `NAME[i]=`: the next word is an assignment value. */
export function endsWithAssignment(code: string): boolean {
  return ASSIGNMENT_PREFIX.test(code);
}

/** Returns one bash word that evaluates to exactly `value` (rules in the file header). */
export function shq(value: string, context: QuoteContext = 'word'): string {
  if (typeof value !== 'string') {
    throw new TypeError(`shq: expected a string, got ${describe(value)}`);
  }
  if (value === '') return "''";
  const nul = value.indexOf('\0');
  if (nul !== -1) {
    throw new Error(
      `shq: cannot quote a value containing a NUL character (at index ${nul}); ` +
        `bash strings cannot hold NUL bytes: ${preview(value)}`,
    );
  }
  const surrogate = LONE_SURROGATE.exec(value);
  if (surrogate) {
    throw new Error(
      `shq: cannot quote a value containing a lone UTF-16 surrogate (at index ` +
        `${surrogate.index}); it has no UTF-8 encoding: ${preview(value)}`,
    );
  }
  if (
    BARE.test(value) &&
    !ASSIGNMENT_LIKE.test(value) &&
    !RESERVED_WORDS.has(value) &&
    !(context === 'assignment' && /^[A-Za-z_]/.test(value))
  ) {
    return value;
  }
  if (ESCAPED.test(value)) return ansiC(value);
  if (!/['$`\u2018\u2019]/.test(value) && !value.endsWith('\\')) return `'${value}'`;
  if (!/[!\u201c\u201d\u2033\u2036]/.test(value)) return `"${value.replace(/[\\$`"]/g, '\\$&')}"`;
  return ansiC(value);
}

/**
 * One word for a POSIX shell (sh, dash, a login shell over SSH), where bash's `$'…'` does not
 * exist: bare when it holds only `[A-Za-z0-9_.,:/=@%+-]`, else single-quoted with each `'` as
 * `'\''`. For command lines this tool hands to a shell it does not choose (not the program).
 */
export function shqPosix(text: string): string {
  return /^[A-Za-z0-9_.,:/=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;
}

/** Validates a shell identifier (variable or function name) and returns it unchanged. */
export function shName(name: string): string {
  if (typeof name !== 'string' || !IDENTIFIER.test(name)) {
    throw new Error(
      `shName: ${describe(name)} is not a valid shell identifier ` +
        `(expected a letter or _ followed by letters, digits or _)`,
    );
  }
  return name;
}

/**
 * Returns a here-doc delimiter for `body`: `base`, else `base_1`, `base_2`, … — the first that
 * does not occur anywhere in `body` (a substring test, stricter than bash's whole-line rule, so
 * `\r\n` endings, `<<-` tab stripping and trailing blanks cannot make a body line match).
 * Deterministic: the same body always gets the same delimiter. Use it quoted: `<<'DELIM'`.
 */
export function heredocDelimiter(body: string, base = 'SIP_EOF'): string {
  if (!IDENTIFIER.test(base)) {
    throw new Error(`heredocDelimiter: base ${describe(base)} is not a shell identifier`);
  }
  if (!body.includes(base)) return base;
  for (let n = 1; ; n += 1) {
    const candidate = `${base}_${n}`;
    if (!body.includes(candidate)) return candidate;
  }
}

function ansiC(value: string): string {
  const inner = value
    .replace(/[\\']/g, '\\$&')
    .replace(ESCAPED_ALL, (ch) => NAMED_ESCAPES[ch] ?? hexBytes(ch));
  return `$'${inner}'`;
}

function hexBytes(ch: string): string {
  let out = '';
  for (const byte of Buffer.from(ch, 'utf8')) out += `\\x${byte.toString(16).padStart(2, '0')}`;
  return out;
}

function preview(value: string): string {
  const json = JSON.stringify(value);
  return json.length > 80 ? `${json.slice(0, 77)}…` : json;
}

function describe(value: unknown): string {
  return typeof value === 'string' ? preview(value) : `${typeof value} ${String(value)}`;
}
