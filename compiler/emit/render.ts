import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import type { ProgramPlan, ScriptBody, Step } from '../lower/program.js';
import { withKindRuntime, type RuntimeLibrary } from '../lower/runtime-library.js';
import { packageRoot } from '../package-root.js';
import { printable } from '../printable.js';
import { compileShellTemplate, createShellHandlebars, registerCodeHelper, registerShellPartial, type HandlebarsEnv } from './helpers.js';
import { compactRuntimeText } from './compact.js';
import { scriptInterpreter } from '../lower/bodies.js';
import { trustedCode, type ShCode } from './sh.js';
import { packageRow, packageRuns, type PackageRun } from './package-runs.js';

export interface RenderOptions {
  readonly runtime: RuntimeLibrary;
  /** The validator kinds the plan was lowered with: their partials print the steps (default: the built-in ones). */
  readonly kinds?: KindRegistry;
  /** Directory of program.hbs and the shared partials (default: the package's `templates/`). */
  readonly templatesDir?: string;
  /** Drop the runtime's comment blocks and blank lines and the header's prose (compact.ts). */
  readonly compact?: boolean;
}

/** The shared partials of templates/ (`{{> run-all children}}`), by file name. */
const SHARED_PARTIALS = ['run-all'] as const;

interface Renderer {
  readonly program: (context: unknown) => ShCode;
}

const renderers = new WeakMap<KindRegistry, Map<string, Renderer>>();

/** The partial of a kind's steps. */
const partialOf = (kind: string): string => `kinds/${kind}`;

function makeRenderer(dir: string, kinds: KindRegistry): Renderer {
  const hb: HandlebarsEnv = createShellHandlebars();
  registerCodeHelper(hb, 'comment', (...args: unknown[]) => {
    const v = args[0];
    if (args.length !== 2 || (typeof v !== 'string' && typeof v !== 'number')) throw new TypeError('{{comment}} expects one string');
    return trustedCode(printable(String(v)));
  });
  // {{#each (stepList list)}}: a list run as an all, with its runs of package steps in it
  // (package-runs.ts; the program view's `stepLists`), or as it is
  hb.registerHelper('stepList', (list: unknown, options: Handlebars.HelperOptions) => {
    if (!Array.isArray(list)) throw new TypeError('{{stepList}} expects a list of step functions');
    const lists = (options.data as { root?: { stepLists?: ReadonlyMap<string, readonly string[]> } } | undefined)?.root?.stepLists;
    return lists?.get(list.join(' ')) ?? list;
  });
  // A shared partial stands on its own line where it is used (Handlebars indents it there).
  for (const name of SHARED_PARTIALS) registerShellPartial(hb, name, readFileSync(join(dir, `${name}.hbs`), 'utf8'));
  for (const { definition, owner } of kinds.entries()) {
    try {
      registerShellPartial(hb, partialOf(definition.name), definition.template);
    } catch (e) {
      throw new Error(`the template of validator kind '${definition.name}' (${owner}): ${(e as Error).message}`);
    }
  }
  const program = compileShellTemplate(hb, readFileSync(join(dir, 'program.hbs'), 'utf8'), 'program.hbs');
  return { program };
}

function renderer(options: RenderOptions): Renderer {
  const dir = options.templatesDir ?? join(packageRoot(), 'templates');
  const kinds = options.kinds ?? builtinKinds();
  let byDir = renderers.get(kinds);
  if (byDir === undefined) renderers.set(kinds, (byDir = new Map()));
  let r = byDir.get(dir);
  if (r === undefined) byDir.set(dir, (r = makeRenderer(dir, kinds)));
  return r;
}

/** base64 in lines of 76 characters, each ending with a newline. */
function base64Lines(bytes: Uint8Array): string {
  const b64 = Buffer.from(bytes).toString('base64');
  let out = '';
  for (let i = 0; i < b64.length; i += 76) out += b64.slice(i, i + 76) + '\n';
  return out;
}

function bodyView(b: ScriptBody): object {
  if (b.encoding === 'base64') return { fn: b.fn, source: b.source, base64: true, text: base64Lines(b.bytes) };
  return { fn: b.fn, source: b.source, base64: false, text: b.text ?? '' };
}

/**
 * A script step's interpreter, and whether it takes the hot path (runtime/script.sh
 * `sip_script_step`): no output, no env_vars, an interpreter the compiler could read.
 */
function scriptView(s: Extract<Step, { kind: 'script' }>): object {
  const found = scriptInterpreter(s.body.bytes);
  return { ...found, hot: s.output === '' && s.env.length === 0 && found.interp !== '' };
}

function stepView(s: Step, kinds: KindRegistry): object {
  const kind = s.kind === 'custom' ? s.customKind : s.kind;
  const extra = s.kind === 'script' ? scriptView(s) : {};
  const definition = kinds.get(kind)?.definition;
  return { ...s, kind, partial: partialOf(kind), direct: definition?.direct === true, wholeStep: definition?.wholeStep === true, ...extra };
}

const flag = (b: boolean): string => (b ? '1' : '0');

/** A run's step function (package-runs.ts): its texts are single-quoted literals over their lines. */
function runView(r: PackageRun): object {
  return {
    fn: r.fn,
    count: r.steps.length,
    first: r.steps[0]!.location,
    last: r.steps[r.steps.length - 1]!.location,
    lines: r.lines,
    rows: r.rows,
    // shellcheck reads the literals as strings: a `$`, a backtick or a backslash in a location
    // is the location's own (SC2016, SC1003), as are the Unicode quotes (SC1112)
    directive: /[$`\\\u2018\u2019]/.test(r.lines + r.rows),
  };
}

/** The template context of a plan. */
export function programView(plan: ProgramPlan, runtime: RuntimeLibrary, compact = false, kinds: KindRegistry = builtinKinds()): object {
  const args = plan.arguments;
  const runs = packageRuns(plan, kinds);
  return {
    compact,
    manifestFile: plan.manifestFile,
    manifestSha256: plan.manifestSha256,
    compilerVersion: plan.compilerVersion,
    argNames: args.map((a) => a.name),
    argVars: args.map((a) => a.variable),
    argDescriptions: args.map((a) => a.description),
    argDefaults: args.map((a) => a.default ?? ''),
    argHasDefault: args.map((a) => flag(a.default !== undefined)),
    argRequired: args.map((a) => flag(a.required)),
    argHidden: args.map((a) => flag(a.hidden)),
    argSecret: args.map((a) => flag(a.secret)),
    choices: args.flatMap((a, i) => (a.choices === undefined ? [] : [{ var: `SIP_ARG_CHOICES_${i}`, values: a.choices }])),
    names: plan.names,
    packageNames: plan.packageNames,
    packageSteps: plan.steps.flatMap((s) => (s.kind === 'package' && !runs.members.has(s.fn) ? [{ fn: s.fn, entry: packageRow(s) }] : [])),
    packageRuns: runs.runs.map(runView),
    scriptSteps: plan.steps.filter((s) => s.kind === 'script').length,
    stepLists: runs.lists,
    runtime: plan.runtimeFiles.map((name) => {
      const file = runtime.files.get(name);
      if (file === undefined) throw new Error(`runtime file ${name}.sh is missing from ${runtime.dir}`);
      const text = compact ? compactRuntimeText(file.text) : file.text.replace(/\n+$/, '');
      return { name, text: trustedCode(text) };
    }),
    bodies: plan.bodies.map(bodyView),
    // every step but the package ones (rows of SIP_PKG_STEPS) is a function
    functionSteps: plan.steps.filter((s) => s.kind !== 'package').map((s) => stepView(s, kinds)),
    root: plan.root,
  };
}

/** Print a program plan as bash text. Deterministic: the same plan gives the same bytes. */
export function renderProgram(plan: ProgramPlan, options: RenderOptions): string {
  const kinds = options.kinds ?? builtinKinds();
  const runtime = withKindRuntime(options.runtime, kinds);
  return renderer(options).program(programView(plan, runtime, options.compact === true, kinds)).text;
}
