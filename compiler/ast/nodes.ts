/**
 * The manifest AST: readonly, discriminated on `kind`, a location on every node.
 *
 * Every value-like scalar (names, versions, defaults, choices, case keys,
 * argument_set values) is kept as its YAML source text (`1.8` stays "1.8"),
 * wrapped in a `Text` so that it carries its own location.
 */

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

export interface PackageSpec {
  readonly name: Text;
  readonly version?: Text;
  readonly loc: Location;
}

export interface PackageNode extends ValidatorBase {
  readonly kind: 'package';
  readonly packages: readonly PackageSpec[];
}

export interface ScriptNode extends ValidatorBase {
  readonly kind: 'script';
  /** The script path (or, with `inline`, just a label). */
  readonly name: Text;
  readonly inline?: Text;
  readonly envVars: readonly Text[];
  readonly output?: Text;
}

export interface CopyScriptNode extends ValidatorBase {
  readonly kind: 'copy_script';
  readonly name: Text;
  readonly inline?: Text;
}

export interface OsCaseBranch {
  /** Distro id, distro id with major version (`centos7`), or family (`redhat`). */
  readonly key: Text;
  readonly validators: readonly Validator[];
  readonly loc: Location;
}

export interface OsCaseNode extends ValidatorBase {
  readonly kind: 'os_case';
  readonly branches: readonly OsCaseBranch[];
}

export interface ArgumentCaseBranch {
  readonly value: Text;
  readonly validators: readonly Validator[];
  readonly loc: Location;
}

export interface ArgumentCaseNode extends ValidatorBase {
  readonly kind: 'argument_case';
  readonly argumentName: Text;
  readonly cases: readonly ArgumentCaseBranch[];
}

export interface ArgumentSetNode extends ValidatorBase {
  readonly kind: 'argument_set';
  readonly argumentName: Text;
  readonly value: Text;
}

export interface AllNode extends ValidatorBase {
  readonly kind: 'all';
  readonly validators: readonly Validator[];
}

export interface AnyNode extends ValidatorBase {
  readonly kind: 'any';
  readonly validators: readonly Validator[];
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
