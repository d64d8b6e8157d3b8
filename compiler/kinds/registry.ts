/**
 * The kind registry: validator kinds by name, each with its owner (`built-in`, or the plugin
 * that registered it). Registries are immutable: `with` gives a new one, so caches keyed by a
 * registry (compiled schemas, renderers) stay valid. A later definition of a name replaces
 * the earlier one: that is how a plugin overrides a built-in kind.
 */
import type { Validator } from '../ast/nodes.js';
import { allKind } from './all/index.js';
import { anyKind } from './any/index.js';
import { argumentCaseKind } from './argument_case/index.js';
import { argumentSetKind } from './argument_set/index.js';
import { copyScriptKind } from './copy_script/index.js';
import type { KindDefinition } from './kind.js';
import { osCaseKind } from './os_case/index.js';
import { packageKind } from './package/index.js';
import { scriptKind } from './script/index.js';

export const BUILTIN_OWNER = 'built-in';

/** A kind as registered. */
export interface RegisteredKind {
  readonly definition: KindDefinition;
  /** `built-in` or the plugin's name; a plugin kind's diagnostic codes are `<owner>.<CODE>`. */
  readonly owner: string;
}

const KIND_NAME = /^[a-z][a-z0-9_]*$/;

export class KindRegistry {
  readonly #kinds: ReadonlyMap<string, RegisteredKind>;

  private constructor(kinds: ReadonlyMap<string, RegisteredKind>) {
    this.#kinds = kinds;
  }

  static empty(): KindRegistry {
    return new KindRegistry(new Map());
  }

  /** A registry with these definitions added (replacing kinds of the same name). Throws on a malformed definition. */
  with(definitions: readonly KindDefinition[], owner: string): KindRegistry {
    const next = new Map(this.#kinds);
    for (const d of definitions) {
      checkDefinition(d, owner);
      next.set(d.name, { definition: d, owner });
    }
    return new KindRegistry(next);
  }

  get(name: string): RegisteredKind | undefined {
    return this.#kinds.get(name);
  }

  has(name: string): boolean {
    return this.#kinds.has(name);
  }

  /** Kind names in registration order (built-ins first). */
  names(): string[] {
    return [...this.#kinds.keys()];
  }

  entries(): readonly RegisteredKind[] {
    return [...this.#kinds.values()];
  }

  /** The definition that handles a node: its custom kind's, or its built-in kind's. */
  of(node: Validator): KindDefinition {
    const name = node.kind === 'custom' ? node.customKind : node.kind;
    const k = this.#kinds.get(name);
    if (k === undefined) throw new Error(`no validator kind '${name}' in this registry`);
    return k.definition;
  }

  /** Nested validator lists of a node, in program order. */
  children(node: Validator): readonly (readonly Validator[])[] {
    const k = this.#kinds.get(node.kind === 'custom' ? node.customKind : node.kind);
    return k?.definition.children?.(node) ?? [];
  }
}

function checkDefinition(d: KindDefinition, owner: string): void {
  const where = `validator kind${typeof d?.name === 'string' ? ` '${d.name}'` : ''} of ${owner}`;
  if (d === null || typeof d !== 'object') throw new TypeError(`${where}: a definition must be an object`);
  if (typeof d.name !== 'string' || !KIND_NAME.test(d.name)) throw new TypeError(`${where}: name must match ${KIND_NAME.source}`);
  if (typeof d.build !== 'function' || typeof d.lower !== 'function') throw new TypeError(`${where}: build and lower must be functions`);
  if (typeof d.template !== 'string') throw new TypeError(`${where}: template must be a Handlebars source text`);
  if (d.schema === null || typeof d.schema !== 'object') throw new TypeError(`${where}: schema must be a JSON schema object`);
  if (d.stepLists !== undefined && typeof d.stepLists !== 'function') throw new TypeError(`${where}: stepLists must be a function`);
  if (!Array.isArray(d.runtimeFunctions) || d.runtimeFunctions.some((f) => typeof f !== 'string' || !/^sip_[A-Za-z0-9_]+$/.test(f))) {
    throw new TypeError(`${where}: runtimeFunctions must list sip_* function names`);
  }
  for (const f of d.runtime ?? []) {
    if (typeof f?.name !== 'string' || !/^[a-z0-9][a-z0-9-]*$/.test(f.name) || typeof f.text !== 'string') {
      throw new TypeError(`${where}: each runtime file needs a name (lower-case, digits, -) and a text`);
    }
  }
}

/** The eight built-in kinds, registered the way a plugin registers its own. */
export const BUILTIN_KIND_DEFINITIONS: readonly KindDefinition[] = [
  packageKind,
  scriptKind,
  copyScriptKind,
  osCaseKind,
  argumentCaseKind,
  argumentSetKind,
  allKind,
  anyKind,
];

let builtin: KindRegistry | undefined;

/** The registry of the built-in kinds (one instance per process). */
export function builtinKinds(): KindRegistry {
  return (builtin ??= KindRegistry.empty().with(BUILTIN_KIND_DEFINITIONS, BUILTIN_OWNER));
}

/** Whether `definition` is the built-in definition of its name (so its precompiled schema applies). */
export function isBuiltinDefinition(definition: KindDefinition): boolean {
  return BUILTIN_KIND_DEFINITIONS.includes(definition);
}
