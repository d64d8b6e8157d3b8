import { parseAllDocuments, type Document } from 'yaml';
import type { Manifest } from '../ast/nodes.js';
import { diagnostic, hasErrors, type Diagnostic } from '../diagnostics/diagnostic.js';
import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { SchemaChecker } from '../schema/validate.js';
import { buildArguments } from './build-arguments.js';
import { buildValidators } from './build-validators.js';
import { BuildContext } from './context.js';
import { isMapping, describeValue } from './describe.js';
import { toPlain } from './plain.js';
import { SourceFile } from './source.js';

export interface ParseResult {
  /** Present when the file was readable YAML with a usable shape (possibly with diagnostics). */
  readonly manifest?: Manifest;
  readonly diagnostics: readonly Diagnostic[];
}

export interface ParseOptions {
  /** The validator kinds (default: the built-in ones); a plugin's registry adds its own. */
  readonly kinds?: KindRegistry;
}

/**
 * Parse manifest text into the AST. YAML is read with YAML 1.1 rules (as PyYAML did) and
 * the failsafe schema, so every scalar keeps its source text. Never throws on bad input:
 * everything wrong is a located diagnostic.
 */
export function parseManifest(text: string, file: string, options: ParseOptions = {}): ParseResult {
  const source = new SourceFile(file, text);
  const whole = source.location(0, 0);
  const nul = text.indexOf('\0');
  if (nul >= 0) return { diagnostics: [diagnostic('SIP1004', source.location(nul, nul + 1), { reason: 'it contains NUL bytes: is it a binary file?' })] };

  const docs = parseAllDocuments(text, { version: '1.1', schema: 'failsafe', uniqueKeys: false, prettyErrors: false, strict: false });
  const list: Document[] = Array.isArray(docs) ? docs : [];
  const diagnostics: Diagnostic[] = [];
  const doc = list[0];
  if (doc === undefined || doc.contents === null) return { diagnostics: [diagnostic('SIP1003', whole)] };
  const errorLines = new Set<number>();
  for (const d of list) {
    for (const e of d.errors) {
      // the parser's follow-on complaints about the same line (a tab gives three) are noise
      const loc = source.location(e.pos[0], e.pos[1]);
      if (errorLines.has(loc.line)) continue;
      errorLines.add(loc.line);
      diagnostics.push(diagnostic('SIP1001', loc, { detail: firstLine(e.message) }));
    }
    for (const w of d.warnings) diagnostics.push(diagnostic('SIP1009', source.location(w.pos[0], w.pos[1]), { detail: firstLine(w.message) }));
  }
  if (list.length > 1) {
    const r = list[1]!.range ?? [0, 0];
    diagnostics.push(diagnostic('SIP1007', source.location(r[0], r[0]), { count: list.length }));
  }
  if (hasErrors(diagnostics)) return { diagnostics };

  const plain = toPlain(doc, source);
  diagnostics.push(...plain.diagnostics);
  // `---` alone (or `~`) is a document whose content is an empty scalar: still an empty manifest.
  if (plain.value === null) return { diagnostics: [...diagnostics, diagnostic('SIP1003', whole)] };
  if (!isMapping(plain.value)) {
    diagnostics.push(diagnostic('SIP2001', plain.index.get('')?.loc ?? whole, { found: describeValue(plain.value) }));
    return { diagnostics };
  }
  const schemas = SchemaChecker.for(options.kinds ?? builtinKinds());
  const ctx = new BuildContext(plain.index, schemas, plain.index.get('')?.loc ?? whole);
  diagnostics.push(...schemas.check('$root', plain.value, '', plain.index));
  const root = plain.value;
  const args = root.arguments === undefined ? [] : buildArguments(ctx, root.arguments, '/arguments');
  const validators = buildValidators(ctx, root.validators ?? null, '/validators', 'validators');
  if (Array.isArray(root.validators) && root.validators.length === 0) {
    ctx.report(diagnostic('SIP2017', ctx.keyLoc('/validators'), { what: "'validators'" }));
  }
  diagnostics.push(...ctx.diagnostics);
  const manifest: Manifest = { kind: 'manifest', file, arguments: args, validators, loc: plain.index.get('')?.loc ?? whole };
  return { manifest, diagnostics: unique(diagnostics) };
}

/**
 * The same problem reached twice (a YAML alias repeats its anchor's content, and so its
 * errors, at the same place) is reported once.
 */
function unique(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.code}\0${d.loc?.start}\0${d.loc?.end}\0${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function firstLine(message: string): string {
  const line = message.split('\n')[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, '');
}
