/**
 * How manifest names map to the program: reserved names, shell variables, flag spellings.
 * One place, used by the parser, the checks, lowering and the planner alike.
 */

/** Names the program itself gives every script; no argument or assignment may take them. */
export const RESERVED_NAMES: readonly string[] = ['distro', 'test_only', 'reconcile'];

export function isReserved(name: string): boolean {
  return RESERVED_NAMES.includes(name);
}

const SHELL_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isShellIdentifier(s: string): boolean {
  return SHELL_IDENTIFIER.test(s);
}

/**
 * The shell variable of a name without `target_variable` (a declared argument, or a name
 * produced by `output` or `argument_set`): `-` turned into `_`.
 */
export function shellVariableOf(name: string): string {
  return name.replace(/-/g, '_');
}

/** The spellings the program accepts for an argument's flag: as written, with `_`, with `-`. */
export function flagSpellings(name: string): readonly string[] {
  return [...new Set([name, name.replace(/-/g, '_'), name.replace(/_/g, '-')])];
}
