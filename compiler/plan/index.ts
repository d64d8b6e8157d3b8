/**
 * `plan --distro ID [args]`: which validators the emitted program would run on that distro with
 * those argument values, without running anything (partial evaluation of the manifest).
 *
 * What is known at plan time: the distro (so every os_case is decided), the declared
 * arguments (command line, then default), and every argument_set, propagated in program order.
 * What is not: a script's `output` (its value exists only at run time) and which alternative
 * of an `any` will pass. So an argument holds a set of possible values, plus "set at run
 * time" and "may be unset" flags; an argument_case on it shows each case that may run as
 * "depends". An `any` shows all its alternatives; after it, an argument holds the values any
 * alternative may have left (failed alternatives are rolled back at run time).
 */
import { resolveArgumentValues } from '../argument-values.js';
import type { Manifest, Validator } from '../ast/nodes.js';
import { locationText } from '../lower/index.js';
import { osMatches, planDistro, type PlanDistro } from './distro.js';

export { planDistro, osMatches, type PlanDistro } from './distro.js';
export { formatPlan } from './format.js';

export interface PlanOptions {
  /** The distro id, as `--distro` (`centos7`, `ubuntu`, `rocky`). */
  readonly distro: string;
  /** os-release `ID_LIKE` words, to place an unknown id in a family. */
  readonly idLike?: string;
  /** Argument values as on the program's command line (manifest spelling). */
  readonly args?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
}

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
interface Value {
  readonly known: ReadonlySet<string>;
  /** Set by a script's output: any value. */
  readonly runtime: boolean;
  /** It may have no value. */
  readonly unset: boolean;
}

type Env = Map<string, Value>;

const UNSET: Value = { known: new Set(), runtime: false, unset: true };

function exactly(value: string): Value {
  return { known: new Set([value]), runtime: false, unset: false };
}

/** The environment after one of several paths ran (whichever it was). */
function merge(envs: readonly Env[]): Env {
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

function describe(v: Value): string {
  const parts = [...v.known].map((k) => `'${k}'`);
  if (v.runtime) parts.push('a run-time value');
  if (v.unset) parts.push('unset');
  return parts.length === 1 ? parts[0]! : `one of ${parts.join(', ')}`;
}

function argsMap(args: PlanOptions['args']): Map<string, string> {
  if (args === undefined) return new Map();
  return args instanceof Map ? new Map(args) : new Map(Object.entries(args as Readonly<Record<string, string>>));
}

/** Partially evaluate `manifest` for a distro and argument values. */
export function planManifest(manifest: Manifest, options: PlanOptions): Plan {
  const distro = planDistro(options.distro, options.idLike);
  const resolved = resolveArgumentValues(manifest, argsMap(options.args));
  const env: Env = new Map();
  const planArgs: PlanArgument[] = resolved.effective.map(({ argument, value, source }) => {
    if (value !== undefined) env.set(argument.name.value, exactly(value));
    return { name: argument.name.value, value, source, ...(argument.secret ? { secret: true } : {}) };
  });
  const problems = resolved.problems;
  const validators = new Planner(distro).list(manifest.validators, env);
  return { distro, arguments: planArgs, problems, validators };
}

class Planner {
  constructor(private readonly distro: PlanDistro) {}

  /** Plan a list run in order (an `all`), updating env. */
  list(nodes: readonly Validator[], env: Env): PlanNode[] {
    return nodes.map((n) => this.node(n, env));
  }

  private leaf(node: Validator, label: string, note = ''): PlanNode {
    return { kind: node.kind === 'custom' ? node.customKind : node.kind, path: node.path, location: locationText(node.loc), label, status: 'runs', note, children: [] };
  }

  private node(node: Validator, env: Env): PlanNode {
    switch (node.kind) {
      case 'package':
        return this.leaf(node, node.packages.map((p) => (p.version ? `${p.name.value} (${p.version.value})` : p.name.value)).join(' '));
      case 'script': {
        if (node.output !== undefined) env.set(node.output.value, { known: new Set(), runtime: true, unset: false });
        return this.leaf(node, node.name.value, node.output ? `stores its output in ${node.output.value}` : '');
      }
      case 'copy_script':
        return this.leaf(node, node.name.value);
      case 'argument_set':
        env.set(node.argumentName.value, exactly(node.value.value));
        return this.leaf(node, `${node.argumentName.value}=${node.value.value}`);
      case 'custom':
        return this.leaf(node, node.customKind);
      case 'all':
        return { ...this.leaf(node, ''), children: this.list(node.validators, env) };
      case 'any': {
        const start = new Map(env);
        const outcomes: Env[] = [];
        const children = node.validators.map((child, i) => {
          const branchEnv = new Map(start);
          const planned = this.node(child, branchEnv);
          outcomes.push(branchEnv);
          return { ...planned, status: 'alternative' as const, note: joinNotes(`alternative ${i + 1} of ${node.validators.length}`, planned.note) };
        });
        replace(env, outcomes.length > 0 ? merge(outcomes) : start);
        return { ...this.leaf(node, '', 'the first alternative that passes wins'), children };
      }
      case 'os_case': {
        let matched: string | undefined;
        const children = node.branches.map((b, i): PlanNode => {
          const base = { kind: 'branch', path: `${node.path}[${i}].${b.key.value}`, location: locationText(b.loc), label: b.key.value };
          if (matched === undefined && osMatches(b.key.value, this.distro)) {
            matched = b.key.value;
            return { ...base, status: 'runs', note: `matches ${this.distro.id}`, children: this.list(b.validators, env) };
          }
          const why = matched !== undefined ? `'${matched}' matched first` : `does not match ${this.distro.id}`;
          return { ...base, status: 'not-selected', note: joinNotes(why, count(b.validators.length)), children: [] };
        });
        const note = matched === undefined ? 'nothing matches: not selected' : '';
        return { ...this.leaf(node, node.branches.map((b) => b.key.value).join(' | '), note), children };
      }
      case 'argument_case': {
        const name = node.argumentName.value;
        const value = env.get(name) ?? UNSET;
        const definite = !value.runtime && !value.unset && value.known.size === 1;
        const current = definite ? [...value.known][0]! : undefined;
        if (!value.runtime && value.known.size === 0) {
          return { ...this.leaf(node, name, `'${name}' is not set: the program fails here`), status: 'fails' };
        }
        const start = new Map(env);
        const outcomes: Env[] = [];
        let selected = false;
        const children = node.cases.map((c): PlanNode => {
          const key = c.value.value;
          const base = { kind: 'branch', path: `${node.path}.cases.${key}`, location: locationText(c.loc), label: key };
          if (definite) {
            if (key === current) {
              selected = true;
              return { ...base, status: 'runs', note: '', children: this.list(c.validators, env) };
            }
            return { ...base, status: 'not-selected', note: count(c.validators.length), children: [] };
          }
          if (value.runtime || value.known.has(key)) {
            const branchEnv = new Map(start);
            branchEnv.set(name, exactly(key));
            const planned = this.list(c.validators, branchEnv);
            outcomes.push(branchEnv);
            return { ...base, status: 'depends', note: `if ${name} is '${key}'`, children: planned };
          }
          return { ...base, status: 'not-selected', note: count(c.validators.length), children: [] };
        });
        let note: string;
        if (definite) {
          note = selected ? `${name} is '${current}'` : `${name} is '${current}': no case matches, not selected`;
        } else {
          outcomes.push(start); // no case matched
          replace(env, merge(outcomes));
          note = value.runtime ? `depends on the run-time value of ${name}` : `${name} is ${describe(value)}`;
        }
        return { ...this.leaf(node, `${name}`, note), children };
      }
    }
  }
}

function replace(env: Env, next: Env): void {
  env.clear();
  for (const [k, v] of next) env.set(k, v);
}

function count(n: number): string {
  return `${n} validator${n === 1 ? '' : 's'}`;
}

function joinNotes(...notes: string[]): string {
  return notes.filter((n) => n !== '').join('; ');
}
