/**
 * ShCode: bash text trusted to be code, the only thing the templates' helpers splice raw.
 *
 * It is produced only by the constructors in this file: `word`/`words` (quoted data),
 * `heredoc` (a quoted here-doc carrying a body byte for byte), `literal` (a single-quoted
 * string carrying a script body byte for byte), and `trustedCode` for text
 * that is code by origin (the runtime library files, rendered templates) — never pass data
 * to `trustedCode`. The templates (compiler/emit/helpers.ts) are the one way program text
 * is built; functions that splice shell accept `ShCode`, so a raw string is a type error
 * instead of an injection.
 */
import { heredocDelimiter, shq, type QuoteContext } from './quote.js';

const TRUSTED: unique symbol = Symbol('ShCode');

/** Bash text trusted to be code (see the file header for where it may come from). */
export class ShCode {
  readonly #text: string;

  /** Not for use outside this module: the token is not exported. */
  constructor(token: typeof TRUSTED, text: string) {
    if (token !== TRUSTED) throw new TypeError('ShCode is created only by compiler/emit/sh.ts');
    this.#text = text;
  }

  toString(): string {
    return this.#text;
  }

  get text(): string {
    return this.#text;
  }
}

export function isShCode(value: unknown): value is ShCode {
  return value instanceof ShCode;
}

/** One quoted word for `value`; see `shq` for `context`. */
export function word(value: string | number, context: QuoteContext = 'word'): ShCode {
  return new ShCode(TRUSTED, renderScalar(value, 0, context));
}

/** Quoted words for each value, separated by single spaces. */
export function words(values: readonly (string | number)[]): ShCode {
  return new ShCode(TRUSTED, values.map((v, i) => renderScalar(v, i)).join(' '));
}

/**
 * Text that is bash code by origin (a runtime library file, a rendered template, a constant in
 * our source). The name is loud on purpose: data must never come through here.
 */
export function trustedCode(text: string): ShCode {
  if (typeof text !== 'string') throw new TypeError(`trustedCode: expected a string, got ${typeof text}`);
  return new ShCode(TRUSTED, text);
}

/**
 * A quoted here-doc carrying `body` byte for byte: `<<'DELIM'`, newline, body, `DELIM`. It
 * must end its line (`cat >"$f" ${heredoc(text)}` then a newline). A here-doc always ends in a
 * newline, so a non-empty body without a final `\n` cannot be carried exactly and is refused:
 * the caller decides (store the body with the newline added and strip it, or use another path).
 */
export function heredoc(body: string, base = 'SIP_EOF'): ShCode {
  if (typeof body !== 'string') throw new TypeError(`heredoc: expected a string body, got ${typeof body}`);
  if (body.includes('\0')) throw new Error('heredoc: a here-doc body cannot contain NUL bytes');
  if (body !== '' && !body.endsWith('\n')) {
    throw new Error('heredoc: the body must be empty or end with a newline to be carried byte for byte');
  }
  const delimiter = heredocDelimiter(body, base);
  return new ShCode(TRUSTED, `<<'${delimiter}'\n${body}${delimiter}`);
}

/**
 * A single-quoted bash literal carrying `body` byte for byte, over as many lines as the body
 * has: `'…'`, each `'` written `'\''`. For script bodies, written with `printf '%s'`: unlike
 * a here-doc read into a variable (bash reads a here-doc smaller than a pipe buffer from a
 * pipe, one byte a system call), it costs no I/O at all, and it carries a body without a
 * final newline as it is. Every character but NUL is literal between single quotes.
 * shellcheck reads the body as a string: `$` and backticks (SC2016), a backslash before a
 * quote (SC1003) and the Unicode quotes `‘’` (SC1112) are the body's own; the template puts
 * the directive that says so on the line before.
 */
export function literal(body: string): ShCode {
  if (typeof body !== 'string') throw new TypeError(`literal: expected a string body, got ${typeof body}`);
  if (body.includes('\0')) throw new Error('literal: a bash string cannot contain NUL bytes');
  return new ShCode(TRUSTED, `'${body.replace(/'/g, `'\\''`)}'`);
}

function renderScalar(value: string | number, index: number, context: QuoteContext = 'word'): string {
  if (typeof value === 'string') return shq(value, context);
  if (typeof value === 'number' && Number.isFinite(value)) return shq(String(value), context);
  throw new TypeError(
    `a shell word (#${index}) is ${value === null ? 'null' : typeof value} ` +
      `(${String(value)}); expected a string or a finite number`,
  );
}
