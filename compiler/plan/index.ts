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
 * alternative may have left (failed alternatives are rolled back at run time). Each kind
 * plans its own nodes (KindDefinition.plan): the flow kinds' rules live in compiler/kinds/.
 */
import { resolveArgumentValues } from '../argument-values.js';
import type { Manifest, Validator } from '../ast/nodes.js';
import type { PlanApi } from '../kinds/kind.js';
import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { locationText } from '../location-text.js';
import { osMatches, planDistro, type PlanDistro } from './distro.js';
import { exactly, type Env, type Plan, type PlanArgument, type PlanNode } from './types.js';

export { planDistro, osMatches, type PlanDistro } from './distro.js';
export { formatPlan } from './format.js';
export type { Plan, PlanArgument, PlanNode, PlanStatus } from './types.js';

export interface PlanOptions {
  /** The distro id, as `--distro` (`centos7`, `ubuntu`, `rocky`). */
  readonly distro: string;
  /** os-release `ID_LIKE` words, to place an unknown id in a family. */
  readonly idLike?: string;
  /** Argument values as on the program's command line (manifest spelling). */
  readonly args?: ReadonlyMap<string, string> | Readonly<Record<string, string>>;
  /** The validator kinds the manifest was parsed with (default: the built-in ones). */
  readonly kinds?: KindRegistry;
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
  const validators = new Planner(distro, options.kinds ?? builtinKinds()).list(manifest.validators, env);
  return { distro, arguments: planArgs, problems, validators };
}

class Planner {
  constructor(
    private readonly distro: PlanDistro,
    private readonly kinds: KindRegistry,
  ) {}

  /** Plan a list run in order (an `all`), updating env. */
  list(nodes: readonly Validator[], env: Env): PlanNode[] {
    return nodes.map((n) => this.node(n, env));
  }

  /** One validator, through its kind's `plan` (default: a leaf labelled with the kind's name). */
  node(node: Validator, env: Env): PlanNode {
    const def = this.kinds.of(node);
    const kind = node.kind === 'custom' ? node.customKind : node.kind;
    const api: PlanApi = {
      distro: this.distro,
      leaf: (label, note = '') => ({ kind, path: node.path, location: locationText(node.loc), label, status: 'runs', note, children: [] }),
      location: locationText,
      list: (nodes, e) => this.list(nodes, e),
      node: (n, e) => this.node(n, e),
      osMatches: (key) => osMatches(key, this.distro),
    };
    return def.plan !== undefined ? def.plan(node, env, api) : api.leaf(kind);
  }
}
