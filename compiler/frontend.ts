import { dirname } from 'node:path';
import type { Manifest } from './ast/nodes.js';
import { checkManifest } from './check/index.js';
import { diagnostic, hasErrors, sortDiagnostics, type Diagnostic } from './diagnostics/diagnostic.js';
import { builtinKinds, type KindRegistry } from './kinds/registry.js';
import { parseManifest } from './parse/index.js';
import { readManifestText } from './parse/read.js';
import { Resources } from './resources/resolve.js';

export const DEFAULT_MAX_ERRORS = 100;

export interface LoadOptions {
  /** Ordered resource roots for scripts; default: the manifest's own directory. */
  readonly roots?: readonly string[];
  /** At most this many errors are reported (then one SIP1006). */
  readonly maxErrors?: number;
  /** The validator kinds (default: the built-in ones); a plugin's registry adds its own. */
  readonly kinds?: KindRegistry;
}

export interface LoadedManifest {
  readonly file: string;
  /** The manifest's exact text (for hashing and excerpts), when it could be read. */
  readonly text?: string;
  /** Present when there are no errors. */
  readonly manifest?: Manifest;
  readonly diagnostics: readonly Diagnostic[];
  readonly sources: ReadonlyMap<string, string>;
  readonly resources: Resources;
}

/** Read, parse and check a manifest file: the whole front end, as `check` and `compile` use it (the back end: backend.ts). */
export function loadManifest(file: string, options: LoadOptions = {}): LoadedManifest {
  const resources = new Resources(options.roots && options.roots.length > 0 ? options.roots : [dirname(file)]);
  const read = readManifestText(file);
  if (read.text === undefined) return { file, diagnostics: read.diagnostics, sources: new Map(), resources };
  const sources = new Map([[file, read.text]]);
  const kinds = options.kinds ?? builtinKinds();
  const parsed = parseManifest(read.text, file, { kinds });
  const all: Diagnostic[] = [...parsed.diagnostics];
  // Semantic rules run on a manifest whose shape is sound: after shape errors they would
  // mostly report consequences (an argument dropped for a bad key becomes "undeclared").
  if (parsed.manifest && !hasErrors(parsed.diagnostics)) all.push(...checkManifest(parsed.manifest, { resources, kinds }));
  const diagnostics = cap(sortDiagnostics(all), options.maxErrors ?? DEFAULT_MAX_ERRORS);
  const ok = parsed.manifest !== undefined && !hasErrors(diagnostics);
  return ok
    ? { file, text: read.text, manifest: parsed.manifest, diagnostics, sources, resources }
    : { file, text: read.text, diagnostics, sources, resources };
}

function cap(diagnostics: Diagnostic[], max: number): Diagnostic[] {
  let errors = 0;
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    if (d.severity === 'error' && ++errors > max) continue;
    out.push(d);
  }
  if (errors > max) {
    const last = out.filter((d) => d.severity === 'error').at(-1);
    out.push(diagnostic('SIP1006', last?.loc, { count: max }));
  }
  return out;
}
