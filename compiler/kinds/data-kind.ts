import type { CustomNode, PlainValue } from '../ast/nodes.js';
import type { KindDefinition, KindRule, KindRuntimeFile, PlanApi } from './kind.js';
import type { JsonSchema } from '../schema/definitions.js';
import type { Severity } from '../diagnostics/catalogue.js';
import type { PlanEnv, PlanNode } from '../plan/types.js';

/** The parts of a data kind: a kind whose node is its checked value, handed to its template. */
export interface DataKindParts {
  readonly name: string;
  readonly description: string;
  readonly schema: JsonSchema;
  readonly template: string;
  readonly runtimeFunctions?: readonly string[];
  readonly runtime?: readonly KindRuntimeFile[];
  /** Progress and plan text of a node (default: the kind's name). */
  label?(value: PlainValue): string;
  /** The value as the template sees it (`value` in the step), default: the plain data. */
  data?(value: PlainValue): unknown;
  readonly rules?: readonly KindRule[];
  readonly diagnostics?: Readonly<Record<string, { readonly severity: Severity; readonly message: string }>>;
  plan?(node: CustomNode, env: PlanEnv, api: PlanApi): PlanNode;
}

/**
 * The usual shape of a plugin kind: the node keeps the value (scalars as source text), the
 * step carries `data(value)` for the template, `label(value)` for the progress line.
 */
export function dataKind(parts: DataKindParts): KindDefinition {
  const label = (v: PlainValue): string => parts.label?.(v) ?? parts.name;
  return {
    name: parts.name,
    description: parts.description,
    schema: parts.schema,
    build: (value, api) => api.custom(value),
    // every text of the value reaches the program: bash-safe-text checks them all
    texts: function* (node) {
      const n = node as CustomNode;
      for (const [text, key] of scalars(n.value, parts.name)) yield [{ value: text, loc: n.keyLoc }, `a value of ${key}`];
    },
    lower: (node, api) => {
      const value = (node as CustomNode).value;
      return api.custom(label(value), parts.data ? parts.data(value) : value);
    },
    template: parts.template,
    runtimeFunctions: parts.runtimeFunctions ?? [],
    ...(parts.runtime ? { runtime: parts.runtime } : {}),
    ...(parts.rules ? { kindRules: parts.rules } : {}),
    ...(parts.diagnostics ? { diagnostics: parts.diagnostics } : {}),
    plan: parts.plan ? (node, env, api) => parts.plan!(node as CustomNode, env, api) : (node, _env, api) => api.leaf(label((node as CustomNode).value)),
  };
}

/** Every string in a plain value, with the key it is under. */
function* scalars(value: PlainValue, key: string): Generator<[string, string]> {
  if (typeof value === 'string') yield [value, `'${key}'`];
  else if (Array.isArray(value)) for (const v of value as readonly PlainValue[]) yield* scalars(v, key);
  else if (value !== null) for (const [k, v] of Object.entries(value)) yield* scalars(v, k);
}
