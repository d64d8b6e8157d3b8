import { createHash } from 'node:crypto';
import { isReserved, isShellIdentifier, shellVariableOf } from '../names.js';
import type { Location, Manifest, Text, Validator } from '../ast/nodes.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Resources } from '../resources/resolve.js';
import { lowerArguments, readSets, type BakedSets } from './arguments.js';
import { BodyTable } from './bodies.js';
import type { Branch, NameVariable, PackageItem, ProgramPlan, ScriptBody, Step } from './program.js';
import { loadRuntimeLibrary, runtimeClosure, type RuntimeLibrary } from './runtime-library.js';

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
  /**
   * Plugin validator kinds that have a template, with the runtime functions their template
   * calls. A `custom` node of a kind not listed here is an error (SIP5004).
   */
  readonly customKinds?: ReadonlyMap<string, { readonly runtimeFunctions?: readonly string[] }>;
  /** The manifest's name in the program's locations and `SIP_PROGRAM` (default: as parsed). */
  readonly locationFile?: string;
}

export interface LowerResult {
  readonly plan?: ProgramPlan;
  readonly diagnostics: readonly Diagnostic[];
}

/** Runtime reserved names: always passed to scripts by the runtime itself. */

export function locationText(loc: Location): string {
  return `${loc.file}:${loc.line}:${loc.column}`;
}

/** `/tmp/<basename>` of a copy_script path, or undefined when the path has no usable file name. */
export function copyTarget(path: string): string | undefined {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (base === '' || base === '.' || base === '..' || /[\0\n\r]/.test(base)) return undefined;
  return `/tmp/${base}`;
}

/** Lower a checked manifest (and its resources) to a program plan. Pure apart from reading resources. */
export function lowerManifest(manifest: Manifest, resources: Resources, options: LowerOptions): LowerResult {
  return new Lowering(manifest, resources, options).run();
}

class Lowering {
  private readonly diagnostics: Diagnostic[] = [];
  private readonly steps: (Step | undefined)[] = [];
  private readonly bodies = new BodyTable();
  private readonly functions = new Set<string>(['sip_main', 'sip_step', 'sip_all']);
  private readonly produced = new Map<string, string>();
  private readonly declared: Map<string, string>;

  constructor(
    private readonly manifest: Manifest,
    private readonly resources: Resources,
    private readonly options: LowerOptions,
  ) {
    this.declared = new Map(manifest.arguments.map((a) => [a.name.value, a.shellVariable]));
  }

  run(): LowerResult {
    const sets = readSets(this.options.sets, this.diagnostics);
    const args = lowerArguments(this.manifest.arguments, sets, this.diagnostics);
    for (const a of this.manifest.arguments) {
      for (const t of [a.name, a.description, a.default, ...(a.choices ?? [])]) this.noNul(t, `argument '${a.name.value}'`);
    }
    const root = this.list(this.manifest.validators, []);
    if (hasErrors(this.diagnostics)) return { diagnostics: this.diagnostics };

    const names: NameVariable[] = [
      ...args.map((a) => ({ name: a.name, variable: a.variable })),
      ...[...this.produced].map(([name, variable]) => ({ name, variable })),
    ];
    const runtime = this.options.runtime ?? loadRuntimeLibrary();
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
      packageNames: [...new Set(this.steps.flatMap((s) => (s?.kind === 'package' ? s.packages.map((p) => p.name) : [])))].sort(),
    };
    return { plan, diagnostics: this.diagnostics };
  }

  /** A location as the program shows it (file: LowerOptions.locationFile when given). */
  private at(loc: Location): string {
    return locationText(this.options.locationFile === undefined ? loc : { ...loc, file: this.options.locationFile });
  }

  private noNul(t: Text | undefined, what: string): void {
    if (t?.value.includes('\0')) this.diagnostics.push(diagnostic('SIP5005', t.loc, { what }));
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
    this.noNul(key, 'a case key');
    return { key: key.value, location: this.at(loc), children: this.list(validators, idx) };
  }

  /** Lower one validator; its step is stored before its children's (program order). */
  private node(node: Validator, idx: readonly number[]): string {
    const fn = `sip_v${idx.join('_')}`;
    const slot = this.steps.length;
    this.steps.push(undefined);
    const base = { fn, bodyFn: `${fn}_body`, location: this.at(node.loc), path: node.path };
    let step: Step;
    switch (node.kind) {
      case 'package': {
        this.functions.add('sip_package_ensure');
        const packages: PackageItem[] = node.packages.map((p) => {
          this.noNul(p.name, 'a package name');
          this.noNul(p.version, 'a package version');
          const version = p.version?.value ?? '';
          return { name: p.name.value, version, spec: version === '' ? p.name.value : `${p.name.value}=${version}` };
        });
        const label = packages.map((p) => (p.version === '' ? p.name : `${p.name} (${p.version})`)).join(' ');
        step = { ...base, kind: 'package', label, packages };
        break;
      }
      case 'script': {
        this.functions.add('sip_script_run');
        const body = this.body(node.name, node.inline, 'script');
        const env: string[] = [];
        const seen = new Set<string>();
        for (const t of node.envVars) {
          this.noNul(t, 'an env_vars name');
          if (isReserved(t.value)) continue; // always passed by the runtime
          const variable = this.variableOf(t.value);
          if (!isShellIdentifier(variable)) {
            this.diagnostics.push(diagnostic('SIP3017', t.loc, { name: variable, what: 'env_vars' }));
            continue;
          }
          if (seen.has(variable)) continue;
          seen.add(variable);
          env.push(`${variable}=${t.value}`);
        }
        let output = '';
        if (node.output !== undefined) {
          this.noNul(node.output, 'an output name');
          output = node.output.value;
          this.produce(output);
        }
        if (body === undefined) return fn;
        step = { ...base, kind: 'script', label: node.name.value, body, output, env };
        break;
      }
      case 'copy_script': {
        this.functions.add('sip_copy_script');
        const target = copyTarget(node.name.value);
        if (target === undefined) this.diagnostics.push(diagnostic('SIP5003', node.name.loc, { name: node.name.value }));
        const body = this.body(node.name, node.inline, 'copy_script');
        if (body === undefined || target === undefined) return fn;
        step = { ...base, kind: 'copy_script', label: `${node.name.value} -> ${target}`, body, target };
        break;
      }
      case 'os_case': {
        this.functions.add('sip_os_matches');
        const branches = node.branches.map((b, i) => this.branch(b.key, b.loc, b.validators, [...idx, i]));
        step = { ...base, kind: 'os_case', label: branches.map((b) => b.key).join(' | '), branches };
        break;
      }
      case 'argument_case': {
        this.functions.add('sip_arg_get');
        this.noNul(node.argumentName, 'an argument name');
        const cases = node.cases.map((c, i) => this.branch(c.value, c.loc, c.validators, [...idx, i]));
        step = { ...base, kind: 'argument_case', label: node.argumentName.value, argument: node.argumentName.value, cases };
        break;
      }
      case 'argument_set': {
        this.functions.add('sip_arg_set');
        this.noNul(node.argumentName, 'an argument name');
        this.noNul(node.value, 'an argument_set value');
        this.produce(node.argumentName.value);
        const argument = node.argumentName.value;
        step = { ...base, kind: 'argument_set', label: `${argument}=${node.value.value}`, argument, value: node.value.value };
        break;
      }
      case 'all':
      case 'any': {
        if (node.kind === 'any') this.functions.add('sip_any');
        const children = this.list(node.validators, idx);
        const label = `${children.length} validator${children.length === 1 ? '' : 's'}`;
        step = { ...base, kind: node.kind, label, children };
        break;
      }
      case 'custom': {
        const kind = this.options.customKinds?.get(node.customKind);
        if (kind === undefined) {
          this.diagnostics.push(diagnostic('SIP5004', node.keyLoc, { kind: node.customKind }));
          return fn;
        }
        for (const f of kind.runtimeFunctions ?? []) this.functions.add(f);
        step = { ...base, kind: 'custom', label: node.customKind, customKind: node.customKind, value: node.value };
        break;
      }
    }
    this.steps[slot] = step;
    return fn;
  }

  /** The body of a script or copy_script: its inline text, or the file found in the resource roots. */
  private body(name: Text, inline: Text | undefined, what: string): ScriptBody | undefined {
    this.noNul(name, `a ${what} path`);
    if (inline !== undefined) {
      this.noNul(inline, `an inline ${what}`);
      return this.bodies.add(Buffer.from(inline.value, 'utf8'), `${name.value} (inline)`);
    }
    const r = this.resources.resolve(name.value);
    switch (r.kind) {
      case 'found':
        return this.bodies.add(r.bytes, name.value);
      case 'missing':
        this.diagnostics.push(diagnostic('SIP4001', name.loc, { path: r.path, roots: r.searched.join(', ') || '(no resource roots)' }));
        return undefined;
      case 'escapes':
        this.diagnostics.push(diagnostic('SIP4002', name.loc, { path: r.path }));
        return undefined;
      case 'invalid':
        this.diagnostics.push(diagnostic('SIP4006', name.loc, { path: r.path }));
        return undefined;
      case 'directory':
        this.diagnostics.push(diagnostic('SIP4004', name.loc, { path: r.path, file: r.file }));
        return undefined;
      case 'unreadable':
        this.diagnostics.push(diagnostic('SIP4005', name.loc, { path: r.path, file: r.file, reason: r.reason }));
        return undefined;
    }
  }
}
