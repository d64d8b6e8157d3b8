/**
 * A validator kind: everything the compiler knows about one key of a validator list
 * (`package:`, `script:`, a plugin's `file:`), in one definition. The compiler's phases ask
 * the kind registry (registry.ts) and never switch on kind names themselves:
 *
 *   parse   schema (ajv, on the value under the key), then build → an AST node
 *   check   texts (values that reach the program) and rules (the kind's own semantic checks)
 *   lower   lower → a program-plan step; runtimeFunctions (+ runtime: the kind's own bash files)
 *   emit    template: a Handlebars partial printing the step's body function
 *   plan    plan → how `plan --distro` shows the node (default: a leaf with its label)
 *
 * The eight built-in kinds (compiler/kinds/<kind>/) are definitions like any plugin's; a
 * plugin adds kinds or replaces a built-in one through `KindRegistry.register`
 * (compiler/plugins/kinds.ts loads a plugin's `kinds:` module).
 */
import type { CustomNode, Location, PlainValue, Text, Validator, ValidatorBase } from '../ast/nodes.js';
import type { Rule } from '../check/rule.js';
import type { Resources } from '../resources/resolve.js';
import type { JsonSchema } from '../schema/definitions.js';
import type { Branch, CustomStep, ScriptBody, Step } from '../lower/program.js';
import type { PlanEnv, PlanNode } from '../plan/types.js';
import type { DiagnosticData } from '../diagnostics/diagnostic.js';
import type { DiagnosticCode, Severity } from '../diagnostics/catalogue.js';
import type { BuildContext } from '../parse/context.js';

/** What `build` gets: the parse context, where the value is, and the node's common fields. */
export interface BuildApi {
  readonly ctx: BuildContext;
  /** JSON pointer of the value under the kind key. */
  readonly pointer: string;
  readonly base: ValidatorBase;
  /** Build a nested validator list (for kinds that hold validators). */
  validators(list: PlainValue, pointer: string, path: string): Validator[];
  /** A node of a kind without a built-in AST type: the kind's name and its data. */
  custom(value: PlainValue): CustomNode;
}

/** Fields every step has, filled in by the lowering. */
export interface StepBaseFields {
  readonly fn: string;
  readonly bodyFn: string;
  readonly location: string;
  readonly path: string;
}

/** What `lower` gets. A node reaching it has passed `check`: resources resolve, texts are clean. */
export interface LowerApi {
  readonly base: StepBaseFields;
  /** Index path of this node (`[3, 0, 2]`), for its children's function names. */
  readonly index: readonly number[];
  /** A location as the program shows it. */
  at(loc: Location): string;
  /** The shell variable a name is exported as. */
  variableOf(name: string): string;
  /** The node stores a value under `name` (`output`, `argument_set`): listed in SIP_NAME_VARS. */
  produce(name: string): void;
  /** A script body: the inline text, or the file found in the resource roots. */
  body(name: Text, inline: Text | undefined): ScriptBody;
  /** Lower child validators; their function names. */
  list(nodes: readonly Validator[], index: readonly number[]): string[];
  branch(key: Text, loc: Location, validators: readonly Validator[], index: readonly number[]): Branch;
  /** The program calls this runtime function (beyond the kind's `runtimeFunctions`). */
  use(fn: string): void;
  /** A problem only lowering can see (SIP5xxx); the step is then left out. */
  error(code: DiagnosticCode, loc: Location, data?: DiagnosticData): void;
  /** A step of a kind without a built-in step type: `value` is what its template reads. */
  custom(label: string, value: unknown): CustomStep;
}

/** What `plan` gets (compiler/plan). */
export interface PlanApi {
  readonly distro: { readonly id: string };
  /** The node as one line of the plan, with no children. */
  leaf(label: string, note?: string): PlanNode;
  location(loc: Location): string;
  /** Plan a list run in order (an `all`), updating env. */
  list(nodes: readonly Validator[], env: PlanEnv): PlanNode[];
  node(node: Validator, env: PlanEnv): PlanNode;
  /** Does an os_case key select the planned distro? */
  osMatches(key: string): boolean;
}

/** A rule of a plugin kind: reports codes of its own catalogue, namespaced `<namespace>.<CODE>`. */
export interface KindRuleContext {
  /** Every node of this kind in the manifest, in program order. */
  readonly nodes: readonly CustomNode[];
  readonly resources: Resources;
  report(code: string, loc: Location, data?: DiagnosticData): void;
}

export interface KindRule {
  readonly name: string;
  readonly description: string;
  /** Codes of the kind's `diagnostics` this rule may report. */
  readonly codes: readonly string[];
  check(ctx: KindRuleContext): void;
}

/** A bash file a kind brings for its template to call (functions named `sip_*`). */
export interface KindRuntimeFile {
  /** Unique name, e.g. `demo-file` (the program's section banner says runtime/<name>.sh). */
  readonly name: string;
  readonly text: string;
}

export interface KindDefinition<N extends Validator = Validator> {
  /** The key in a validator list. */
  readonly name: string;
  /** One sentence, for `plugins` listings and the editor schema. */
  readonly description: string;
  /** ajv schema of the value under the key (scalars are source text: strings, or null). */
  readonly schema: JsonSchema;
  /** The AST node for a value that passed `schema` (undefined: left out, errors reported). */
  build(value: PlainValue, api: BuildApi): N | undefined;
  /** Nested validator lists, in program order (default: none). */
  children?(node: N): readonly (readonly Validator[])[];
  /** Values of the node that reach the program, for the bash-safe-text rule: [text, what]. */
  texts?(node: N): Iterable<readonly [Text, string]>;
  /** Built-in semantic rules about this kind (diagnostic codes from the core catalogue). */
  readonly rules?: readonly Rule[];
  /** A plugin kind's rules (codes from `diagnostics`, namespaced). */
  readonly kindRules?: readonly KindRule[];
  /** A plugin kind's own diagnostic catalogue, by code (e.g. `FILE001`). */
  readonly diagnostics?: Readonly<Record<string, { readonly severity: Severity; readonly message: string }>>;
  /** The program-plan step (undefined: no step, after `api.error`). */
  lower(node: N, api: LowerApi): Step | undefined;
  /**
   * Handlebars partial printing the body of the step's function. Same rules as the program
   * template (compiler/emit/helpers.ts). Empty for the built-in `package` kind, whose steps
   * are rows of the program's package step table, not functions (templates/program.hbs).
   */
  readonly template: string;
  /**
   * The template prints one command, which `sip_step` runs itself: the step function has no
   * body function (one call fewer a step; bash copies a function's body at every call).
   */
  readonly direct?: boolean;
  /**
   * The template prints the step function's whole body: one command that runs the step,
   * through `sip_step` or through a runtime function that reports the step as `sip_step`
   * would (`script`: `sip_script_step`, its hot path). Takes precedence over `direct`.
   */
  readonly wholeStep?: boolean;
  /**
   * The lists of child step functions the template runs as an `all` through
   * `{{> run-all list}}` (default: none). The emitter prints a run of adjacent one-package
   * steps in such a list as one step function (compiler/emit/package-runs.ts); a list a
   * template runs with run-all but does not name here is printed step by step, as before.
   */
  stepLists?(step: Step): readonly (readonly string[])[];
  /** Runtime functions its template calls (their files are included). */
  readonly runtimeFunctions: readonly string[];
  /** Bash files the kind brings (plugin kinds); built-in kinds use runtime/. */
  readonly runtime?: readonly KindRuntimeFile[];
  /** How `plan --distro` shows the node; default `api.leaf(planLabel ?? name)`. */
  plan?(node: N, env: PlanEnv, api: PlanApi): PlanNode;
}

/**
 * Type a definition against its node type (for TypeScript authors), giving a registrable
 * definition: the registry hands each definition only nodes of its own kind.
 */
export function defineKind<N extends Validator>(def: KindDefinition<N>): KindDefinition {
  return def as unknown as KindDefinition;
}
