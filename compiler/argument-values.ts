/**
 * Argument values given as on the program's command line (`--java-distro X` or
 * `--java_distro X`), checked against the manifest's declarations as the program itself
 * would check them (unknown names, required arguments, choices). `plan` and `run` use it, so
 * a bad value is refused before anything is planned or an appliance is started.
 */
import type { ArgumentNode, Manifest } from './ast/nodes.js';
import { flagSpellings } from './names.js';

export interface ArgumentValues {
  /** Values given, by declared argument name. */
  readonly given: ReadonlyMap<string, string>;
  /** Each argument's effective value (given, else default), in declaration order. */
  readonly effective: readonly { readonly argument: ArgumentNode; readonly value: string | undefined; readonly source: 'command line' | 'default' | 'unset' }[];
  /** Problems the program would report before running anything (its exit 2). */
  readonly problems: readonly string[];
}

/** Check `given` (flag spelling -> value; later entries win) against the manifest's arguments; `defaults` replace the manifest's defaults (baked values). */
export function resolveArgumentValues(
  manifest: Manifest,
  given: Iterable<readonly [string, string]>,
  defaults: ReadonlyMap<string, string> = new Map(),
): ArgumentValues {
  const problems: string[] = [];
  const declared = new Set(manifest.arguments.map((a) => a.name.value));
  const flags = new Map<string, string>();
  for (const a of manifest.arguments) for (const f of flagSpellings(a.name.value)) flags.set(f, a.name.value);
  const values = new Map<string, string>();
  for (const [name, value] of given) {
    const target = declared.has(name) ? name : flags.get(name);
    if (target === undefined) problems.push(`unknown argument --${name}`);
    else values.set(target, value);
  }
  const effective = manifest.arguments.map((argument) => {
    const name = argument.name.value;
    const cli = values.get(name);
    const value = cli ?? defaults.get(name) ?? argument.default?.value;
    const source = cli !== undefined ? ('command line' as const) : value !== undefined ? ('default' as const) : ('unset' as const);
    if (value === undefined && argument.required) problems.push(`missing required argument --${name}`);
    if (value !== undefined && argument.choices !== undefined && !argument.choices.some((c) => c.value === value)) {
      const shown = argument.secret ? 'a value (not shown: the argument is secret)' : `value '${value}'`;
      problems.push(`invalid ${shown} for --${name}; choices: ${argument.choices.map((c) => c.value).join(', ')}`);
    }
    return { argument, value, source };
  });
  return { given: values, effective, problems };
}
