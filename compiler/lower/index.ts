import { createHash } from 'node:crypto';
import { isShellIdentifier, shellVariableOf } from '../names.js';
import type { Location, Manifest, Text, Validator } from '../ast/nodes.js';
import { hasErrors, untypedDiagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Resources } from '../resources/resolve.js';
import { lowerArguments, readSets, type BakedSets } from './arguments.js';
import { BodyTable } from './bodies.js';
import type { LowerApi } from '../kinds/kind.js';
import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { locationText } from '../location-text.js';
import type { Branch, CustomStep, NameVariable, ProgramPlan, ScriptBody, Step } from './program.js';
import { loadRuntimeLibrary, runtimeClosure, withKindRuntime, type RuntimeLibrary } from './runtime-library.js';

export type { ProgramPlan } from './program.js';
export type { BakedSets } from './arguments.js';

export interface LowerOptions {
  /** The manifest's text or bytes, for its sha256 in the header and `--version`. */
  readonly manifestText: string | Uint8Array;
  /** Values baked in with `compile --set`: they become the defaults. */
  readonly sets?: BakedSets;
  /** e.g. `sahara-image-pack 0.1.0` */
  readonly compilerVersion: string;
  /** The runtime library (default: the package's `runtime/`). */
  readonly runtime?: RuntimeLibrary;
  /** The validator kinds the manifest was parsed with (default: the built-in ones). */
  readonly kinds?: KindRegistry;
  /** The manifest's name in the program's locations and `SIP_PROGRAM` (default: as parsed). */
  readonly locationFile?: string;
}

export interface LowerResult {
  readonly plan?: ProgramPlan;
  readonly diagnostics: readonly Diagnostic[];
}

export { locationText } from '../location-text.js';
export { copyTarget } from '../kinds/shared/script-like.js';

/**
 * Lower a checked manifest (and its resources) to a program plan, each validator through its
 * kind (compiler/kinds/). Pure apart from reading resources. The manifest must have passed
 * check/: what check reports (missing scripts, NUL in values, bad variable names) is not
 * checked again here; the diagnostics are lowering's own (`--set`, SIP5xxx).
 */
export function lowerManifest(manifest: Manifest, resources: Resources, options: LowerOptions): LowerResult {
  return new Lowering(manifest, resources, options).run();
}

class Lowering {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly steps: (Step | undefined)[] = [];
  private readonly bodies = new BodyTable();
  private readonly functions = new Set<string>(['sip_main', 'sip_step', 'sip_all']);
  /** A plugin kind checks packages itself (its names are not known here). */
  private pluginPackageChecks = false;
  private readonly produced = new Map<string, string>();
  private readonly declared: Map<string, string>;
  private readonly kinds: KindRegistry;

  constructor(
    private readonly manifest: Manifest,
    private readonly resources: Resources,
    private readonly options: LowerOptions,
  ) {
    this.declared = new Map(manifest.arguments.map((a) => [a.name.value, a.shellVariable]));
    this.kinds = options.kinds ?? builtinKinds();
  }

  run(): LowerResult {
    const sets = readSets(this.options.sets, this.diagnostics);
    const args = lowerArguments(this.manifest.arguments, sets, this.diagnostics);
    const root = this.list(this.manifest.validators, []);
    if (hasErrors(this.diagnostics)) return { diagnostics: this.diagnostics };

    const names: NameVariable[] = [
      ...args.map((a) => ({ name: a.name, variable: a.variable })),
      ...[...this.produced].map(([name, variable]) => ({ name, variable })),
    ];
    const runtime = withKindRuntime(this.options.runtime ?? loadRuntimeLibrary(), this.kinds);
    const runtimeFunctions = [...this.functions].sort();
    const plan: ProgramPlan = {
      manifestFile: this.options.locationFile ?? this.manifest.file,
      manifestSha256: createHash('sha256').update(this.options.manifestText).digest('hex'),
      compilerVersion: this.options.compilerVersion,
      arguments: args,
      names,
      steps: this.steps as Step[],
      root,
      bodies: this.bodies.bodies,
      runtimeFunctions,
      runtimeFiles: runtimeClosure(runtime, runtimeFunctions).map((f) => f.name),
      // none when a plugin kind checks packages of its own: the cache then reads every package
      packageNames: this.pluginPackageChecks ? [] : [...new Set(this.steps.flatMap((s) => (s?.kind === 'package' ? s.packages.map((p) => p.name) : [])))].sort(),
    };
    return { plan, diagnostics: this.diagnostics };
  }

  /** A location as the program shows it (file: LowerOptions.locationFile when given). */
  private at(loc: Location): string {
    return locationText(this.options.locationFile === undefined ? loc : { ...loc, file: this.options.locationFile });
  }

  /** The shell variable a name is exported as (declared: its argument's; else dashes → underscores). */
  private variableOf(name: string): string {
    return this.declared.get(name) ?? shellVariableOf(name);
  }

  /** Remember a name stored by `output`/`argument_set` (for `SIP_NAME_VARS`). */
  private produce(name: string): void {
    if (this.declared.has(name) || this.produced.has(name)) return;
    const variable = this.variableOf(name);
    if (isShellIdentifier(variable)) this.produced.set(name, variable);
  }

  private list(nodes: readonly Validator[], prefix: readonly number[]): string[] {
    return nodes.map((n, i) => this.node(n, [...prefix, i]));
  }

  private branch(key: Text, loc: Location, validators: readonly Validator[], idx: readonly number[]): Branch {
    return { key: key.value, location: this.at(loc), children: this.list(validators, idx) };
  }

  /** Lower one validator through its kind; its step is stored before its children's (program order). */
  private node(node: Validator, idx: readonly number[]): string {
    const fn = `sip_v${idx.join('_')}`;
    const slot = this.steps.length;
    this.steps.push(undefined);
    const base = { fn, bodyFn: `${fn}_body`, location: this.at(node.loc), path: node.path };
    const kind = this.kinds.of(node);
    for (const f of kind.runtimeFunctions) this.functions.add(f);
    const name = node.kind === 'custom' ? node.customKind : node.kind;
    const packageCheck = (f: string): boolean => f.startsWith('sip_package_') || f.startsWith('sip_pkg_');
    if (node.kind === 'custom' && kind.runtimeFunctions.some(packageCheck)) this.pluginPackageChecks = true;
    const api: LowerApi = {
      base,
      index: idx,
      at: (loc) => this.at(loc),
      variableOf: (n) => this.variableOf(n),
      produce: (n) => this.produce(n),
      body: (n, inline) => this.body(n, inline),
      list: (nodes, index) => this.list(nodes, index),
      branch: (key, loc, validators, index) => this.branch(key, loc, validators, index),
      use: (f) => {
        this.functions.add(f);
        if (node.kind === 'custom' && packageCheck(f)) this.pluginPackageChecks = true;
      },
      error: (code, loc, data) => void this.diagnostics.push(untypedDiagnostic(code, loc, data ?? {})),
      custom: (label, value): CustomStep => ({ ...base, kind: 'custom', label, customKind: name, value }),
    };
    this.steps[slot] = kind.lower(node, api);
    return fn;
  }

  /**
   * The body of a script or copy_script: its inline text, or the file found in the resource
   * roots. The manifest passed check/ (script-files), so the file is there: anything else is
   * a caller's bug (lowering an unchecked manifest).
   */
  private body(name: Text, inline: Text | undefined): ScriptBody {
    if (inline !== undefined) return this.bodies.add(Buffer.from(inline.value, 'utf8'), `${name.value} (inline)`);
    const r = this.resources.resolve(name.value);
    if (r.kind !== 'found') throw new Error(`lowering ${name.value} (${locationText(name.loc)}): the resource is ${r.kind}; lower only a manifest that passed check (script-files)`);
    return this.bodies.add(r.bytes, name.value);
  }
}
