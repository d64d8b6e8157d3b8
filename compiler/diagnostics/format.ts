import type { Location } from '../ast/nodes.js';
import type { Diagnostic } from './diagnostic.js';

/** Source texts by file path, for excerpts. */
export type SourceTexts = ReadonlyMap<string, string>;

/**
 * `file:line:col: severity CODE: message`, then the source line and a caret under the span:
 *
 *   image.yaml:14:5: error SIP2006: unknown validator kind 'pakage'; did you mean 'package'?
 *      14 |   - pakage: curl
 *         |     ^~~~~~
 */
export function formatDiagnostic(d: Diagnostic, sources: SourceTexts): string {
  if (d.loc === undefined) return `${d.severity} ${d.code}: ${d.message}`;
  const main = located(d.loc, `${d.severity} ${d.code}: ${d.message}`, sources);
  // related places follow as notes, each with its own excerpt
  const notes = (d.related ?? []).map((r) => located(r.loc, `note: ${r.message}`, sources));
  return [main, ...notes].join('\n');
}

/** `file:line:col: TEXT`, then the source line with a caret under the span. */
function located(loc: Location, text_: string, sources: SourceTexts): string {
  const { file, line, column } = loc;
  const head = `${file}:${line}:${column}: ${text_}`;
  const text = sources.get(file);
  if (text === undefined) return head;
  const lines = text.split('\n');
  const src = lines[line - 1];
  if (src === undefined) return head;
  const shown = visible(src.replace(/\r$/, ''));
  const gutter = String(line).length + 1;
  const width =
    loc.endLine === line ? Math.max(1, loc.endColumn - column) : Math.max(1, shown.length - column + 1);
  const caret = ' '.repeat(Math.max(0, column - 1)) + '^' + '~'.repeat(Math.max(0, Math.min(width, 200) - 1));
  return `${head}\n${String(line).padStart(gutter + 2)} | ${shown}\n${' '.repeat(gutter + 2)} | ${caret}`;
}

/** Tabs and control characters would shift the caret or mangle the terminal: show them as one visible char. */
function visible(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x1f\x7f]/g, '\u00b7');
}

export function formatSummary(diagnostics: readonly Diagnostic[], file: string): string {
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  const warnings = diagnostics.filter((d) => d.severity === 'warning').length;
  const infos = diagnostics.filter((d) => d.severity === 'info').length;
  const parts = [plural(errors, 'error'), plural(warnings, 'warning')];
  if (infos) parts.push(plural(infos, 'note'));
  return `${file}: ${parts.join(', ')}${errors ? '' : ' (ok)'}`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export interface JsonDiagnostic {
  code: string;
  severity: string;
  message: string;
  file: string | null;
  line: number | null;
  column: number | null;
  endLine: number | null;
  endColumn: number | null;
  /** Other places the message is about: `[{message, file, line, column, endLine, endColumn}]`. */
  related: { message: string; file: string; line: number; column: number; endLine: number; endColumn: number }[];
}

export function toJson(d: Diagnostic): JsonDiagnostic {
  return {
    code: d.code,
    severity: d.severity,
    message: d.message,
    file: d.loc?.file ?? null,
    line: d.loc?.line ?? null,
    column: d.loc?.column ?? null,
    endLine: d.loc?.endLine ?? null,
    endColumn: d.loc?.endColumn ?? null,
    related: (d.related ?? []).map((r) => ({ message: r.message, file: r.loc.file, line: r.loc.line, column: r.loc.column, endLine: r.loc.endLine, endColumn: r.loc.endColumn })),
  };
}
