import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ProgramPlan, ScriptBody, Step } from '../lower/program.js';
import { packageRoot } from '../package-root.js';
import { builtinKinds } from '../schema/definitions.js';
import { printable } from '../printable.js';
import type { RuntimeLibrary } from '../lower/runtime-library.js';
import { compileShellTemplate, createShellHandlebars, registerCodeHelper, registerShellPartial, type HandlebarsEnv } from './helpers.js';
import { compactRuntimeText } from './compact.js';
import { trustedCode, type ShCode } from './sh.js';

/** A plugin's validator kind: a partial printing the body of the validator's function. */
export interface CustomKindTemplate {
  /** Handlebars source, same rules as the built-in partials; context: the step (`value`, `location`, `path`). */
  readonly template: string;
  /** Runtime functions the template calls (so their files are included). */
  readonly runtimeFunctions?: readonly string[];
}

export interface RenderOptions {
  readonly runtime: RuntimeLibrary;
  readonly customKinds?: ReadonlyMap<string, CustomKindTemplate>;
  /** Directory of program.hbs and the partials (default: the package's `templates/`). */
  readonly templatesDir?: string;
  /** Drop the runtime's comment blocks and blank lines and the header's prose (compact.ts). */
  readonly compact?: boolean;
}

/** The partials, one per built-in validator kind (templates/<kind>.hbs). */
export const KIND_PARTIALS = builtinKinds;

interface Renderer {
  readonly program: (context: unknown) => ShCode;
}

const renderers = new Map<string, Renderer>();

function makeRenderer(dir: string, customKinds: ReadonlyMap<string, CustomKindTemplate> | undefined): Renderer {
  const hb: HandlebarsEnv = createShellHandlebars();
  registerCodeHelper(hb, 'comment', (...args: unknown[]) => {
    const v = args[0];
    if (args.length !== 2 || (typeof v !== 'string' && typeof v !== 'number')) throw new TypeError('{{comment}} expects one string');
    return trustedCode(printable(String(v)));
  });
  for (const kind of KIND_PARTIALS) registerShellPartial(hb, kind, readFileSync(join(dir, `${kind}.hbs`), 'utf8'));
  for (const [kind, t] of customKinds ?? []) registerShellPartial(hb, `custom/${kind}`, t.template);
  const program = compileShellTemplate(hb, readFileSync(join(dir, 'program.hbs'), 'utf8'), 'program.hbs');
  return { program };
}

function renderer(options: RenderOptions): Renderer {
  const dir = options.templatesDir ?? join(packageRoot(), 'templates');
  if (options.customKinds !== undefined && options.customKinds.size > 0) return makeRenderer(dir, options.customKinds);
  let r = renderers.get(dir);
  if (r === undefined) {
    r = makeRenderer(dir, undefined);
    renderers.set(dir, r);
  }
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
  if (b.encoding === 'base64') return { fn: b.fn, source: b.source, base64: true, finalNewline: true, text: base64Lines(b.bytes) };
  const text = b.text ?? '';
  return { fn: b.fn, source: b.source, base64: false, finalNewline: b.finalNewline, text: b.finalNewline ? text : text + '\n' };
}

function stepView(s: Step): object {
  const partial = s.kind === 'custom' ? `custom/${s.customKind}` : s.kind;
  const kind = s.kind === 'custom' ? s.customKind : s.kind;
  const extra = s.kind === 'script' ? { shebang: s.body.shebang ? '1' : '0' } : {};
  // A package step needs no body function: sip_step calls sip_package_ensure with its
  // arguments (one function call fewer per validator, on the hot path).
  return { ...s, kind, partial, direct: s.kind === 'package', ...extra };
}

const flag = (b: boolean): string => (b ? '1' : '0');

/** The template context of a plan. */
export function programView(plan: ProgramPlan, runtime: RuntimeLibrary, compact = false): object {
  const args = plan.arguments;
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
    packageSteps: plan.steps.flatMap((s) => (s.kind === 'package' ? [{ fn: s.fn, specs: s.packages.map((p) => p.spec).join(' ') }] : [])),
    // steps sip_all may report "ok" itself (runtime/flow.sh): one plain package, labelled by it
    fastPackageSteps: plan.steps.flatMap((s) => {
      const spec = s.kind === 'package' && s.packages.length === 1 ? s.packages[0]!.spec : undefined;
      return spec !== undefined && !spec.includes('=') && s.label === spec ? [{ fn: s.fn, location: s.location }] : [];
    }),
    runtime: plan.runtimeFiles.map((name) => {
      const file = runtime.files.get(name);
      if (file === undefined) throw new Error(`runtime file ${name}.sh is missing from ${runtime.dir}`);
      const text = compact ? compactRuntimeText(file.text) : file.text.replace(/\n+$/, '');
      return { name, text: trustedCode(text) };
    }),
    bodies: plan.bodies.map(bodyView),
    steps: plan.steps.map(stepView),
    root: plan.root,
  };
}

/** Print a program plan as bash text. Deterministic: the same plan gives the same bytes. */
export function renderProgram(plan: ProgramPlan, options: RenderOptions): string {
  return renderer(options).program(programView(plan, options.runtime, options.compact === true)).text;
}
