import type { Manifest } from '../compiler/ast/nodes.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic, formatSummary } from '../compiler/diagnostics/format.js';
import { compileProgram } from '../compiler/backend.js';
import { loadManifest } from '../compiler/frontend.js';
import { VERSION } from '../compiler/version.js';
import { declaredArgument } from '../compiler/argument-values.js';
import { displayPath, promoteWarnings } from './output.js';
import type { Target } from './target.js';

export interface CompiledTarget {
  readonly text: string;
  readonly manifest: Manifest;
}

/**
 * Check and compile a target, printing its diagnostics on stderr; undefined when there are
 * errors (the summary line, ending with `tail`, is printed). `sets` are baked in as defaults
 * (a plugin version's arguments, then `--set`). `compact`: CompileProgramOptions.compact.
 */
export function compileTarget(target: Target, sets: ReadonlyMap<string, string>, options: { maxErrors?: number; tail?: string; warningsAsErrors?: boolean; compact?: boolean } = {}): CompiledTarget | undefined {
  const kinds = target.kinds === undefined ? {} : { kinds: target.kinds };
  const loaded = loadManifest(displayPath(target.manifest), { roots: target.roots, ...kinds, ...(options.maxErrors === undefined ? {} : { maxErrors: options.maxErrors }) });
  let diagnostics = loaded.diagnostics;
  let text: string | undefined;
  if (loaded.manifest && loaded.text !== undefined) {
    const out = compileProgram(loaded.manifest, loaded.resources, {
      manifestText: loaded.text,
      sets: declaredSpelling(loaded.manifest, sets),
      compilerVersion: `sahara-image-pack ${VERSION}`,
      locationFile: target.locationFile,
      ...kinds,
      ...(options.compact === true ? { compact: true } : {}),
    });
    diagnostics = [...diagnostics, ...out.diagnostics];
    text = out.text;
  }
  diagnostics = promoteWarnings(diagnostics, options.warningsAsErrors === true);
  for (const d of diagnostics) process.stderr.write(formatDiagnostic(d, loaded.sources) + '\n\n');
  if (hasErrors(diagnostics) || text === undefined || loaded.manifest === undefined) {
    process.stderr.write(formatSummary(diagnostics, loaded.file) + (options.tail ?? '') + '\n');
    return undefined;
  }
  if (diagnostics.length > 0) process.stderr.write(formatSummary(diagnostics, loaded.file) + '\n');
  return { text, manifest: loaded.manifest };
}

/** `--java-distro` and `--java_distro` both name `java_distro`: values keyed by the declared name (unknown names stay, for SIP5001). */
function declaredSpelling(manifest: Manifest, sets: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...sets].map(([k, v]) => [declaredArgument(manifest.arguments, k)?.name.value ?? k, v]));
}
