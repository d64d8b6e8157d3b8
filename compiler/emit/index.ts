/**
 * Program emission: a program plan (compiler/lower) → the bash text, through the Handlebars
 * templates in `templates/` (program.hbs and one partial per validator kind). Data enters the
 * text only through the shell helpers of helpers.ts (`q`, `name`, `words`, `heredoc`); the
 * runtime library files are spliced verbatim as ShCode.
 *
 * How each validator kind maps to the runtime (runtime/README.md):
 *   package       sip_package_ensure LOCATION SPEC...   (SPEC: name, or name=version)
 *   script        sip_script_run LOCATION LABEL OUTPUT SHEBANG BODY_FN VAR=NAME...
 *   copy_script   sip_copy_script LOCATION /tmp/<basename> BODY_FN
 *   os_case       if sip_os_matches KEY; then sip_all CHILDREN...; elif ...; else not selected
 *                 (the first matching key wins)
 *   argument_case the argument's current value (unset: failure) compared with `case` to each
 *                 key, quoted so it matches literally; no match: not selected
 *   argument_set  sip_arg_set NAME VALUE
 *   all / any     sip_all / sip_any CHILDREN...
 * Every validator is two functions: `sip_vI_J` runs it as one step (`sip_step`: progress line,
 * report event, timing) and `sip_vI_J_body` does the work; a package step is one function,
 * `sip_step ... sip_package_ensure LOCATION SPEC...`. The root list is `sip_validators`.
 */
import type { Manifest } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import { hasErrors } from '../diagnostics/diagnostic.js';
import { lowerManifest, type BakedSets, type ProgramPlan } from '../lower/index.js';
import { loadRuntimeLibrary, type RuntimeLibrary } from '../lower/runtime-library.js';
import type { Resources } from '../resources/resolve.js';
import { renderProgram, type CustomKindTemplate } from './render.js';

export { renderProgram, type CustomKindTemplate } from './render.js';

export interface CompileProgramOptions {
  /** The manifest's text (or bytes): its sha256 goes into the header and `--version`. */
  readonly manifestText: string | Uint8Array;
  /** `compile --set name=value`: baked values become the defaults. */
  readonly sets?: BakedSets;
  /** e.g. `sahara-image-pack 0.1.0` */
  readonly compilerVersion: string;
  /** The runtime library (default: the package's `runtime/`). */
  readonly runtime?: RuntimeLibrary;
  /** Templates of plugin validator kinds, by kind name. */
  readonly customKinds?: ReadonlyMap<string, CustomKindTemplate>;
  /**
   * Compact program (`compile --compact`): the runtime sections without their comment
   * blocks and blank lines, and the header without its prose. The data, the script bodies
   * and the validator section (with its location comments) are the same as without it; the
   * program behaves the same.
   */
  readonly compact?: boolean;
  /**
   * The manifest's name in the program's locations and header (default: the name it was
   * parsed under). The CLI gives the path relative to the plugin's folder or, for a manifest
   * file, its file name: the same bytes wherever it is compiled from.
   */
  readonly locationFile?: string;
}

export interface CompileProgramResult {
  /** Absent when there are errors. */
  readonly text?: string;
  readonly plan?: ProgramPlan;
  readonly diagnostics: readonly Diagnostic[];
}

/** Manifest (checked) + resources → one self-contained bash program. */
export function compileProgram(manifest: Manifest, resources: Resources, options: CompileProgramOptions): CompileProgramResult {
  const runtime = options.runtime ?? loadRuntimeLibrary();
  const lowered = lowerManifest(manifest, resources, {
    manifestText: options.manifestText,
    compilerVersion: options.compilerVersion,
    runtime,
    ...(options.sets === undefined ? {} : { sets: options.sets }),
    ...(options.customKinds === undefined ? {} : { customKinds: options.customKinds }),
    ...(options.locationFile === undefined ? {} : { locationFile: options.locationFile }),
  });
  if (lowered.plan === undefined || hasErrors(lowered.diagnostics)) return { diagnostics: lowered.diagnostics };
  const text = renderProgram(lowered.plan, {
    runtime,
    ...(options.customKinds === undefined ? {} : { customKinds: options.customKinds }),
    ...(options.compact === true ? { compact: true } : {}),
  });
  return { text, plan: lowered.plan, diagnostics: lowered.diagnostics };
}
