/**
 * The plan's data types and the value environment shared by the planner (index.ts), the
 * formatter (format.ts) and the kinds' `plan` functions (compiler/kinds/). No imports from
 * the rest of plan/, so plan/ has no import cycle.
 */
import type { PlanDistro } from './distro.js';

/**
 * runs: runs whenever its parent does. not-selected: an os_case/argument_case branch that does
 * not run. depends: a branch that runs or not depending on a value known only at run time.
 * fails: the program fails here (argument_case on an unset argument). alternative: one child
 * of an `any` (tried in order until one passes).
 */
export type PlanStatus = 'runs' | 'not-selected' | 'depends' | 'fails' | 'alternative';

export interface PlanNode {
  /** A validator kind, or `branch` for an os_case/argument_case entry. */
  readonly kind: string;
  readonly path: string;
  readonly location: string;
  readonly label: string;
  readonly status: PlanStatus;
  readonly note: string;
  readonly children: readonly PlanNode[];
}

export interface PlanArgument {
  readonly name: string;
  /** undefined: unset. */
  readonly value: string | undefined;
  readonly source: 'command line' | 'default' | 'unset';
  /** A secret argument: its value is not shown. */
  readonly secret?: boolean;
}

export interface Plan {
  readonly distro: PlanDistro;
  readonly arguments: readonly PlanArgument[];
  /** Problems the program itself would report before running anything (exit 2). */
  readonly problems: readonly string[];
  readonly validators: readonly PlanNode[];
}

/** The possible values of one name at one point of the program. */
export interface Value {
  readonly known: ReadonlySet<string>;
  /** Set by a script's output: any value. */
  readonly runtime: boolean;
  /** It may have no value. */
  readonly unset: boolean;
}

export type Env = Map<string, Value>;
/** The environment as kinds see it. */
export type PlanEnv = Env;

export const UNSET: Value = { known: new Set(), runtime: false, unset: true };

export function exactly(value: string): Value {
  return { known: new Set([value]), runtime: false, unset: false };
}

/** The environment after one of several paths ran (whichever it was). */
export function merge(envs: readonly Env[]): Env {
  const out: Env = new Map();
  const names = new Set(envs.flatMap((e) => [...e.keys()]));
  for (const name of names) {
    const known = new Set<string>();
    let runtime = false;
    let unset = false;
    for (const e of envs) {
      const v = e.get(name) ?? UNSET;
      for (const k of v.known) known.add(k);
      runtime ||= v.runtime;
      unset ||= v.unset;
    }
    out.set(name, { known, runtime, unset });
  }
  return out;
}

export function describe(v: Value): string {
  const parts = [...v.known].map((k) => `'${k}'`);
  if (v.runtime) parts.push('a run-time value');
  if (v.unset) parts.push('unset');
  return parts.length === 1 ? parts[0]! : `one of ${parts.join(', ')}`;
}


export function replace(env: Env, next: Env): void {
  env.clear();
  for (const [k, v] of next) env.set(k, v);
}

export function count(n: number): string {
  return `${n} validator${n === 1 ? '' : 's'}`;
}

export function joinNotes(...notes: string[]): string {
  return notes.filter((n) => n !== '').join('; ');
}
