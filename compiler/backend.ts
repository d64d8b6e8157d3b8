/**
 * The back end, as the CLI uses it: a checked manifest (compiler/frontend.ts) → lower (a
 * program plan) → emit (bash text). The front end reads, parses and checks; emit/ only turns
 * a plan into text.
 */
import type { Manifest } from './ast/nodes.js';
import type { Diagnostic } from './diagnostics/diagnostic.js';
import { hasErrors } from './diagnostics/diagnostic.js';
import { renderProgram } from './emit/render.js';
import type { KindRegistry } from './kinds/registry.js';
import { lowerManifest, type BakedSets, type ProgramPlan } from './lower/index.js';
import { loadRuntimeLibrary, type RuntimeLibrary } from './lower/runtime-library.js';
import type { Resources } from './resources/resolve.js';

export interface CompileProgramOptions {
  /** The manifest's text (or bytes): its sha256 goes into the header and `--version`. */
  readonly manifestText: string | Uint8Array;
  /** `compile --set name=value`: baked values become the defaults. */
  readonly sets?: BakedSets;
  /** e.g. `sahara-image-pack 0.1.0` */
  readonly compilerVersion: string;
  /** The runtime library (default: the package's `runtime/`). */
  readonly runtime?: RuntimeLibrary;
  /** The validator kinds the manifest was parsed and checked with (default: the built-in ones). */
  readonly kinds?: KindRegistry;
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
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
    ...(options.locationFile === undefined ? {} : { locationFile: options.locationFile }),
  });
  if (lowered.plan === undefined || hasErrors(lowered.diagnostics)) return { diagnostics: lowered.diagnostics };
  const text = renderProgram(lowered.plan, {
    runtime,
    ...(options.kinds === undefined ? {} : { kinds: options.kinds }),
    ...(options.compact === true ? { compact: true } : {}),
  });
  return { text, plan: lowered.plan, diagnostics: lowered.diagnostics };
}
