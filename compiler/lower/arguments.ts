import type { ArgumentNode } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { suggestion } from '../diagnostics/suggest.js';
import type { ArgumentEntry } from './program.js';

/**
 * Values baked in at compile time (`compile --set name=value`): a map, a record, or the raw
 * `name=value` strings of the command line (later entries win).
 */
export type BakedSets = ReadonlyMap<string, string> | Readonly<Record<string, string>> | readonly string[];

/** Normalise `sets` into a map, reporting malformed `name=value` strings. */
export function readSets(sets: BakedSets | undefined, diagnostics: Diagnostic[]): Map<string, string> {
  const out = new Map<string, string>();
  if (sets === undefined) return out;
  if (sets instanceof Map) {
    for (const [k, v] of sets as ReadonlyMap<string, string>) out.set(k, v);
  } else if (Array.isArray(sets)) {
    for (const entry of sets as readonly string[]) {
      const eq = entry.indexOf('=');
      if (eq <= 0) diagnostics.push(diagnostic('SIP5006', undefined, { entry }));
      else out.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } else {
    for (const [k, v] of Object.entries(sets as Readonly<Record<string, string>>)) out.set(k, v);
  }
  return out;
}

/** What `--set NAME=...` may say for a secret: an environment variable or an absolute file, read at run time. */
export const SECRET_REFERENCE = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/[^\n]+)$/;

/**
 * The argument table, in declaration order. A baked value becomes the default (and the
 * argument stops being required: its value is given); it must name a declared argument and
 * be one of its choices.
 */
export function lowerArguments(
  args: readonly ArgumentNode[],
  sets: ReadonlyMap<string, string>,
  diagnostics: Diagnostic[],
): ArgumentEntry[] {
  const declared = new Map(args.map((a) => [a.name.value, a]));
  for (const [name, value] of sets) {
    const arg = declared.get(name);
    if (arg === undefined) {
      const names = [...declared.keys()];
      diagnostics.push(
        diagnostic('SIP5001', undefined, {
          name,
          suggestion: suggestion(name, names),
          known: names.length > 0 ? names.join(', ') : '(none)',
        }),
      );
    } else if (arg.secret) {
      // a secret is never written into the program: only where to read it at run time
      if (!SECRET_REFERENCE.test(value)) diagnostics.push(diagnostic('SIP5007', undefined, { name }));
    } else if (arg.choices !== undefined && !arg.choices.some((c) => c.value === value)) {
      diagnostics.push(diagnostic('SIP5002', undefined, { name, value, choices: arg.choices.map((c) => c.value).join(', ') }));
    }
    if (value.includes('\0')) diagnostics.push(diagnostic('SIP5005', undefined, { what: `--set ${name}` }));
  }
  return args.map((a) => {
    const baked = sets.get(a.name.value);
    return {
      name: a.name.value,
      variable: a.shellVariable,
      description: a.description?.value ?? '',
      default: baked ?? a.default?.value,
      required: baked === undefined && a.required,
      hidden: a.hidden,
      secret: a.secret,
      choices: a.choices?.map((c) => c.value),
      baked: baked !== undefined,
    };
  });
}
