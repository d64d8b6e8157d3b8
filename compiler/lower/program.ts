/**
 * The program plan: everything the emitter needs, already decided. The emitter only prints
 * it (through templates); it makes no choice of its own.
 */
import type { PackageStep } from '../kinds/package/types.js';
import type { ScriptStep } from '../kinds/script/types.js';
import type { CopyScriptStep } from '../kinds/copy_script/types.js';
import type { OsCaseStep } from '../kinds/os_case/types.js';
import type { ArgumentCaseStep } from '../kinds/argument_case/types.js';
import type { ArgumentSetStep } from '../kinds/argument_set/types.js';
import type { AllStep } from '../kinds/all/types.js';
import type { AnyStep } from '../kinds/any/types.js';

// Each built-in kind's step types live with its definition (compiler/kinds/<kind>/types.ts).
export type { PackageItem, PackageStep } from '../kinds/package/types.js';
export type { ScriptStep } from '../kinds/script/types.js';
export type { CopyScriptStep } from '../kinds/copy_script/types.js';
export type { OsCaseStep } from '../kinds/os_case/types.js';
export type { ArgumentCaseStep } from '../kinds/argument_case/types.js';
export type { ArgumentSetStep } from '../kinds/argument_set/types.js';
export type { AllStep } from '../kinds/all/types.js';
export type { AnyStep } from '../kinds/any/types.js';

/** One declared argument, in declaration order (the program's `SIP_ARG_*` arrays). */
export interface ArgumentEntry {
  /** Manifest spelling, also the command-line flag (`--java-distro`). */
  readonly name: string;
  /** Shell variable scripts receive it as (`java_distro`). */
  readonly variable: string;
  readonly description: string;
  /** `undefined`: no default. A value baked with `--set` replaces the manifest default. */
  readonly default: string | undefined;
  readonly required: boolean;
  readonly hidden: boolean;
  /** A secret's default is only ever a reference (`env:VAR`, `file:PATH`), read at run time. */
  readonly secret: boolean;
  /** `undefined`: any value is accepted. */
  readonly choices: readonly string[] | undefined;
  /** True when the default comes from `--set` at compile time. */
  readonly baked: boolean;
}

/** A name the program may store a value under (declared, or produced by `output`/`argument_set`). */
export interface NameVariable {
  readonly name: string;
  readonly variable: string;
}

/** How a script body is written into the program. */
export type BodyEncoding =
  /** A single-quoted bash string (`'…'`, `'` as `'\''`); the body is valid UTF-8 without NUL. */
  | 'text'
  /** base64 text decoded by `base64 -d`: for bodies that are not UTF-8 text or hold NUL. */
  | 'base64';

/** A script body, emitted once as a function printing its exact bytes (`sip_body_1`). */
export interface ScriptBody {
  readonly fn: string;
  readonly bytes: Uint8Array;
  readonly encoding: BodyEncoding;
  /** For 'text': the body as text (valid UTF-8, no NUL). */
  readonly text?: string;
  /** Where the body came from, for a comment: the script path, or the label of an inline script. */
  readonly source: string;
  /** The first line starts with `#!`: the runtime executes the file itself. */
  readonly shebang: boolean;
}

export interface StepBase {
  /** Function that runs this validator as one step (`sip_v3_0_2`); its body is in `fn + '_body'`. */
  readonly fn: string;
  readonly bodyFn: string;
  /** `image.yaml:14:5` */
  readonly location: string;
  /** `validators[3].os_case[0].redhat[2].package` */
  readonly path: string;
  /** Short human text for the progress line. */
  readonly label: string;
}

export interface Branch {
  /** The os_case key or the argument_case value. */
  readonly key: string;
  /** `image.yaml:11:9` */
  readonly location: string;
  /** Step functions of the branch, run as an `all`. */
  readonly children: readonly string[];
}

/** A plugin's validator kind, printed by the template the plugin registered for it. */
export interface CustomStep extends StepBase {
  readonly kind: 'custom';
  readonly customKind: string;
  readonly value: unknown;
}

export type Step =
  | PackageStep
  | ScriptStep
  | CopyScriptStep
  | OsCaseStep
  | ArgumentCaseStep
  | ArgumentSetStep
  | AllStep
  | AnyStep
  | CustomStep;

export interface ProgramPlan {
  /** The manifest as named in locations (`image.yaml`); `SIP_PROGRAM`. */
  readonly manifestFile: string;
  readonly manifestSha256: string;
  readonly compilerVersion: string;
  readonly arguments: readonly ArgumentEntry[];
  readonly names: readonly NameVariable[];
  /** Every validator, flattened in program order (a parent before its children). */
  readonly steps: readonly Step[];
  /** The top-level step functions, run as an `all` by `sip_validators`. */
  readonly root: readonly string[];
  /** Script bodies, deduplicated by content, in order of first use. */
  readonly bodies: readonly ScriptBody[];
  /** Runtime functions the emitted code calls directly (sorted). */
  readonly runtimeFunctions: readonly string[];
  /** Runtime files to include, dependencies first (names, without `.sh`). */
  readonly runtimeFiles: readonly string[];
  /** Every package name of every `package` validator, sorted, once: the package database is
   * asked about these only (`SIP_PACKAGE_NAMES`). Empty when a plugin kind checks packages
   * itself (its runtime functions include a package one): then every package is read. */
  readonly packageNames: readonly string[];
}
