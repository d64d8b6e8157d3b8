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

/**
 * The declared argument a command-line name means: the name itself, or one of its flag
 * spellings (`java-distro` for `java_distro`); undefined when none is declared.
 */
export function declaredArgument(args: readonly ArgumentNode[], given: string): ArgumentNode | undefined {
  return args.find((a) => a.name.value === given) ?? args.find((a) => flagSpellings(a.name.value).includes(given));
}

/** Check `given` (flag spelling -> value; later entries win) against the manifest's arguments; `defaults` replace the manifest's defaults (baked values). */
export function resolveArgumentValues(
  manifest: Manifest,
  given: Iterable<readonly [string, string]>,
  defaults: ReadonlyMap<string, string> = new Map(),
): ArgumentValues {
  const problems: string[] = [];
  const values = new Map<string, string>();
  for (const [name, value] of given) {
    const target = declaredArgument(manifest.arguments, name);
    if (target === undefined) problems.push(`unknown argument --${name}`);
    else values.set(target.name.value, value);
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
