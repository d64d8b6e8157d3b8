import type {
  ArgumentNode,
  ArgumentSetNode,
  Location,
  Manifest,
  ScriptNode,
  Text,
  Validator,
  ValidatorKind,
} from '../ast/nodes.js';
import { allValidators } from '../ast/walk.js';
import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import type { DataArgs, RelatedInfo } from '../diagnostics/diagnostic.js';
import type { KindRegistry } from '../kinds/registry.js';
import type { Resources } from '../resources/resolve.js';

export { isReserved, isShellIdentifier, RESERVED_NAMES, shellVariableOf } from '../names.js';

/** A place where the program gives a name a value: an `argument_set` or a script's `output`. */
export interface Production {
  readonly name: Text;
  readonly via: 'argument_set' | 'output';
  readonly node: ArgumentSetNode | ScriptNode;
  /** Program-order (pre-order) index of the producing validator. */
  readonly index: number;
  /** The value, for `argument_set`. */
  readonly value?: Text;
}

export type NodeOfKind<K extends ValidatorKind> = Extract<Validator, { kind: K }>;

/** Facts about a manifest that several rules need, computed once per check. */
export interface ManifestFacts {
  readonly manifest: Manifest;
  readonly resources: Resources;
  /** The validator kinds the manifest was parsed with. */
  readonly kinds: KindRegistry;
  /** Declared arguments, in declaration order (duplicates included, as the parser gave them). */
  readonly arguments: readonly ArgumentNode[];
  /** The first declaration of each argument name. */
  readonly argumentsByName: ReadonlyMap<string, ArgumentNode>;
  /** Every validator, nested ones included, in program order (pre-order). */
  readonly validators: readonly Validator[];
  /** Every `argument_set` and `output`, in program order. */
  readonly productions: readonly Production[];
  ofKind<K extends ValidatorKind>(kind: K): readonly NodeOfKind<K>[];
  indexOf(node: Validator): number;
  isDeclared(name: string): boolean;
  /** Productions of `name` that come before `node` in program order (anywhere earlier in the walk). */
  productionsBefore(name: string, node: Validator): readonly Production[];
  /** Declared, or produced somewhere earlier in program order. */
  isKnownBefore(name: string, node: Validator): boolean;
  /** Declared names, then names produced before `node`: candidates for "did you mean". */
  namesKnownBefore(node: Validator): readonly string[];
}

export interface RuleContext extends ManifestFacts {
  report<C extends DiagnosticCode>(code: C, loc: Location, ...rest: DataArgs<C, [related?: readonly RelatedInfo[]]>): void;
}

export function computeFacts(manifest: Manifest, resources: Resources, kinds: KindRegistry): ManifestFacts {
  const validators = allValidators(manifest.validators, kinds);
  const index = new Map<Validator, number>(validators.map((v, i) => [v, i]));
  const byKind = new Map<ValidatorKind, Validator[]>();
  const productions: Production[] = [];
  validators.forEach((v, i) => {
    let list = byKind.get(v.kind);
    if (list === undefined) byKind.set(v.kind, (list = []));
    list.push(v);
    if (v.kind === 'argument_set') productions.push({ name: v.argumentName, via: 'argument_set', node: v, index: i, value: v.value });
    if (v.kind === 'script' && v.output !== undefined) productions.push({ name: v.output, via: 'output', node: v, index: i });
  });
  const argumentsByName = new Map<string, ArgumentNode>();
  for (const a of manifest.arguments) if (!argumentsByName.has(a.name.value)) argumentsByName.set(a.name.value, a);

  const indexOf = (node: Validator): number => {
    const i = index.get(node);
    if (i === undefined) throw new Error(`validator at ${node.path} is not part of this manifest`);
    return i;
  };
  const productionsBefore = (name: string, node: Validator): readonly Production[] => {
    const at = indexOf(node);
    return productions.filter((p) => p.index < at && p.name.value === name);
  };

  return {
    manifest,
    resources,
    kinds,
    arguments: manifest.arguments,
    argumentsByName,
    validators,
    productions,
    ofKind: <K extends ValidatorKind>(kind: K) => (byKind.get(kind) ?? []) as readonly Validator[] as readonly NodeOfKind<K>[],
    indexOf,
    isDeclared: (name) => argumentsByName.has(name),
    productionsBefore,
    isKnownBefore: (name, node) => argumentsByName.has(name) || productionsBefore(name, node).length > 0,
    namesKnownBefore: (node) => {
      const at = indexOf(node);
      const names = new Set(argumentsByName.keys());
      for (const p of productions) if (p.index < at) names.add(p.name.value);
      return [...names];
    },
  };
}

/** Choices for messages: `'a', 'b', 'c'` (deduplicated, in order). */
export function formatChoices(choices: readonly Text[]): string {
  if (choices.length === 0) return '(none: the choices list is empty)';
  return [...new Set(choices.map((c) => c.value))].map((v) => `'${v}'`).join(', ');
}
