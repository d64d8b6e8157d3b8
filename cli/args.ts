/** A small, strict option parser: `--name value`, `--name=value`, repeatable options, positionals. */

export interface OptionSpec {
  /** Takes a value (`--format json`); else a boolean flag. */
  readonly value?: boolean;
  readonly repeatable?: boolean;
  /** Another spelling (e.g. `-o` for `--output`). */
  readonly alias?: string;
}

export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Map<string, string[]>;
  /** Unknown `--x [value]` options, kept in order, when the command accepts them (plan's --ARG). */
  readonly extra: [string, string][];
}

export class UsageError extends Error {}

export function parseArgs(
  argv: readonly string[],
  spec: Readonly<Record<string, OptionSpec>>,
  opts: { allowExtra?: boolean } = {},
): ParsedArgs {
  const byAlias = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) {
    byAlias.set(`--${name}`, name);
    if (s.alias) byAlias.set(s.alias, name);
  }
  const positionals: string[] = [];
  const options = new Map<string, string[]>();
  const extra: [string, string][] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      positionals.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const name = byAlias.get(flag);
    if (name === undefined) {
      // plugin arguments, in the original's spelling: --name VALUE, and -x VALUE for one-letter names
      if (!opts.allowExtra || !(a.startsWith('--') || /^-[A-Za-z0-9]$/.test(flag))) throw new UsageError(`unknown option ${flag}`);
      const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (value === undefined) throw new UsageError(`option ${flag} needs a value`);
      extra.push([flag.replace(/^--?/, ''), value]);
      continue;
    }
    const s = spec[name]!;
    let value = 'true';
    if (s.value) {
      const v = eq > 0 ? a.slice(eq + 1) : argv[++i];
      if (v === undefined) throw new UsageError(`option ${flag} needs a value`);
      value = v;
    } else if (eq > 0) throw new UsageError(`option ${flag} takes no value`);
    const list = options.get(name) ?? [];
    if (list.length > 0 && !s.repeatable) throw new UsageError(`option ${flag} given twice`);
    list.push(value);
    options.set(name, list);
  }
  return { positionals, options, extra };
}

/** Options every command that reads a manifest takes. */
export const MANIFEST_OPTIONS = {
  'resource-root': { value: true, repeatable: true },
  'plugin-dir': { value: true, repeatable: true },
  'config-file': { value: true, repeatable: true },
  set: { value: true, repeatable: true },
  'max-errors': { value: true },
  'warnings-as-errors': {},
} as const satisfies Record<string, OptionSpec>;

/** `--max-errors N`: a positive integer (default 100). */
export function maxErrors(args: ParsedArgs): number {
  const v = one(args, 'max-errors');
  if (v === undefined) return 100;
  if (!/^[1-9][0-9]*$/.test(v)) throw new UsageError(`--max-errors wants a positive whole number, not '${v}'`);
  return Number(v);
}

export function one(args: ParsedArgs, name: string): string | undefined {
  return args.options.get(name)?.[0];
}

export function many(args: ParsedArgs, name: string): string[] {
  return args.options.get(name) ?? [];
}

/**
 * The manifest argument values given, in one spelling for check, compile, plan and run:
 * `--NAME VALUE` / `--NAME=VALUE` (the original's; `-x VALUE` for a one-letter name), or
 * `--set NAME=VALUE` (the same, for a name that an option of the command already takes).
 * `--set` values come after the others (they win).
 */
export function argumentValues(args: ParsedArgs): [string, string][] {
  const out: [string, string][] = [...args.extra];
  for (const s of many(args, 'set')) {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new UsageError(`--set wants NAME=VALUE, got '${s}'`);
    out.push([s.slice(0, eq), s.slice(eq + 1)]);
  }
  return out;
}
