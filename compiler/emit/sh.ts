/**
 * Safe construction of bash text from TypeScript (the ajv `_` template idea, for bash).
 *
 *   sh`apt-get install -y ${names}`        // every interpolated string is shq-quoted
 *   sh`${ident(fn)}() { ${body}; }`        // ShCode (here `ident(...)`, `body`) splices raw
 *
 * `ShCode` is text that is trusted to be bash code. It is produced only by the constructors in
 * this file: `sh` (literal template parts are code written in our source; interpolations are
 * quoted), `ident` (a validated identifier), `word`/`words` (quoted data), `joinCode`,
 * `heredoc`, and `trustedCode` for text that is code by origin (the runtime library files,
 * rendered templates) — never pass data to `trustedCode`. Functions that emit shell accept
 * `ShCode`, so handing them a raw string is a type error instead of an injection.
 *
 * Literal template parts are taken raw (like String.raw): `sh`printf '%s\n' ${x}`` keeps the
 * backslash, as shell code wants. An interpolation is a whole word or a word part
 * (`--opt=${v}`); it must not follow a `$` or sit inside quotes written in the template. A
 * value right after `NAME=` is quoted in the 'assignment' context (see quote.ts), and an
 * array there is refused (an assignment takes one word).
 */
import { endsWithAssignment, heredocDelimiter, shName, shq, type QuoteContext } from './quote.js';

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

/** A value that may be interpolated into `sh`: data (quoted) or ShCode (raw); arrays join with spaces. */
export type ShValue = string | number | ShCode | readonly (string | number | ShCode)[];

export function isShCode(value: unknown): value is ShCode {
  return value instanceof ShCode;
}

/** Tagged template: literal parts are code, interpolated data is quoted, ShCode splices raw. */
export function sh(strings: TemplateStringsArray, ...values: ShValue[]): ShCode {
  let out = strings.raw[0] ?? '';
  values.forEach((value, i) => {
    out += render(value, i, endsWithAssignment(out) ? 'assignment' : 'word') + (strings.raw[i + 1] ?? '');
  });
  return new ShCode(TRUSTED, out);
}

/** A validated shell identifier, to splice as a variable or function name. */
export function ident(name: string): ShCode {
  return new ShCode(TRUSTED, shName(name));
}

/** One quoted word for `value` (same as interpolating it into `sh`); see `shq` for `context`. */
export function word(value: string | number, context: QuoteContext = 'word'): ShCode {
  return new ShCode(TRUSTED, renderScalar(value, 0, context));
}

/** Quoted words for each value, separated by single spaces. */
export function words(values: readonly (string | number)[]): ShCode {
  return new ShCode(TRUSTED, values.map((v, i) => renderScalar(v, i)).join(' '));
}

/** Joins code fragments; the separator is code too (default: newline). */
export function joinCode(parts: readonly ShCode[], separator: ShCode = new ShCode(TRUSTED, '\n')): ShCode {
  for (const part of [...parts, separator]) {
    if (!isShCode(part)) throw new TypeError(`joinCode: expected ShCode, got ${typeof part}`);
  }
  return new ShCode(TRUSTED, parts.map(String).join(separator.text));
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

function render(value: ShValue, index: number, context: QuoteContext): string {
  if (isShCode(value)) return value.text;
  if (Array.isArray(value)) {
    if (context === 'assignment') {
      throw new TypeError(`sh: interpolation #${index} is an array right after NAME=; an assignment takes one word`);
    }
    return (value as readonly (string | number | ShCode)[])
      .map((v) => (isShCode(v) ? v.text : renderScalar(v, index, 'word')))
      .join(' ');
  }
  return renderScalar(value as string | number, index, context);
}

function renderScalar(value: string | number, index: number, context: QuoteContext = 'word'): string {
  if (typeof value === 'string') return shq(value, context);
  if (typeof value === 'number' && Number.isFinite(value)) return shq(String(value), context);
  throw new TypeError(
    `sh: interpolation #${index} is ${value === null ? 'null' : typeof value} ` +
      `(${String(value)}); expected a string, a finite number, ShCode or an array of them`,
  );
}
