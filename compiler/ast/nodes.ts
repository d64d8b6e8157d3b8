/**
 * The manifest AST: readonly, discriminated on `kind`, a location on every node.
 *
 * Every value-like scalar (names, versions, defaults, choices, case keys,
 * argument_set values) is kept as its YAML source text (`1.8` stays "1.8"),
 * wrapped in a `Text` so that it carries its own location.
 */
import type { PackageNode } from '../kinds/package/types.js';
import type { ScriptNode } from '../kinds/script/types.js';
import type { CopyScriptNode } from '../kinds/copy_script/types.js';
import type { OsCaseNode } from '../kinds/os_case/types.js';
import type { ArgumentCaseNode } from '../kinds/argument_case/types.js';
import type { ArgumentSetNode } from '../kinds/argument_set/types.js';
import type { AllNode } from '../kinds/all/types.js';
import type { AnyNode } from '../kinds/any/types.js';

// Each built-in kind's AST node types live with its definition (compiler/kinds/<kind>/types.ts).
export type { PackageSpec, PackageNode } from '../kinds/package/types.js';
export type { ScriptNode } from '../kinds/script/types.js';
export type { CopyScriptNode } from '../kinds/copy_script/types.js';
export type { OsCaseBranch, OsCaseNode } from '../kinds/os_case/types.js';
export type { ArgumentCaseBranch, ArgumentCaseNode } from '../kinds/argument_case/types.js';
export type { ArgumentSetNode } from '../kinds/argument_set/types.js';
export type { AllNode } from '../kinds/all/types.js';
export type { AnyNode } from '../kinds/any/types.js';

/** A position span in a source file. Lines and columns are 1-based. */
export interface Location {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** 0-based character offsets into the file's text. */
  readonly start: number;
  readonly end: number;
}

/** A scalar kept as source text, with where it came from. */
export interface Text {
  readonly value: string;
  readonly loc: Location;
}

export interface ArgumentNode {
  readonly kind: 'argument';
  readonly name: Text;
  readonly description?: Text;
  readonly default?: Text;
  readonly required: boolean;
  readonly hidden: boolean;
  /** `secret: true`: the value is given only at run time (environment, file), never baked. */
  readonly secret: boolean;
  readonly choices?: readonly Text[];
  readonly targetVariable?: Text;
  /** `target_variable` if given, else the name with `-` turned into `_`. */
  readonly shellVariable: string;
  readonly loc: Location;
}

/** Fields every validator node has. */
export interface ValidatorBase {
  readonly loc: Location;
  /** Location of the kind key (`package:` ...), where diagnostics about the whole validator point. */
  readonly keyLoc: Location;
  /** Stable YAML path, e.g. `validators[3].os_case[0].redhat[2].package`. */
  readonly path: string;
}

/** A validator of a kind registered by a plugin. `value` is the plain data (scalars as source text). */
export interface CustomNode extends ValidatorBase {
  readonly kind: 'custom';
  readonly customKind: string;
  readonly value: PlainValue;
}

export type Validator =
  | PackageNode
  | ScriptNode
  | CopyScriptNode
  | OsCaseNode
  | ArgumentCaseNode
  | ArgumentSetNode
  | AllNode
  | AnyNode
  | CustomNode;

export type ValidatorKind = Validator['kind'];

export interface Manifest {
  readonly kind: 'manifest';
  /** Path of the manifest file as given (used in locations). */
  readonly file: string;
  readonly arguments: readonly ArgumentNode[];
  readonly validators: readonly Validator[];
  readonly loc: Location;
}

/** Plain data as read from YAML with every scalar as its source text (null for an empty value). */
export type PlainValue = string | null | readonly PlainValue[] | { readonly [key: string]: PlainValue };
