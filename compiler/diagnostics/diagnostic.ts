import type { Location } from '../ast/nodes.js';
import { printable } from '../printable.js';
import { catalogue, type DiagnosticCode, type DiagnosticDataFor, type Severity } from './catalogue.js';

export type DiagnosticData = Readonly<Record<string, string | number>>;

/** A second place a diagnostic points at (the first definition, the earlier branch). */
export interface RelatedInfo {
  readonly loc: Location;
  readonly message: string;
}

/** A plugin kind's own code, namespaced by its plugin: `demo.FILE001`. */
export type PluginDiagnosticCode = `${string}.${string}`;

export interface Diagnostic {
  /** A core catalogue code (`SIP3001`), or a plugin kind's namespaced one. */
  readonly code: DiagnosticCode | PluginDiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  /** Absent only for diagnostics about a whole file that could not be read. */
  readonly loc?: Location;
  readonly data: DiagnosticData;
  /** Other places the message is about, shown after it (never as line numbers inside the text). */
  readonly related?: readonly RelatedInfo[];
}

/**
 * The arguments after a code: its message's data, type-checked against the catalogue template
 * (optional only for a message without placeholders), then anything else the caller takes.
 */
export type DataArgs<C extends DiagnosticCode, Rest extends unknown[] = []> =
  [keyof DiagnosticDataFor<C>] extends [never]
    ? [data?: DiagnosticDataFor<C>, ...rest: Rest]
    : [data: DiagnosticDataFor<C>, ...rest: Rest];

/** Build a diagnostic from the catalogue. Messages are never written inline elsewhere. */
export function diagnostic<C extends DiagnosticCode>(
  code: C,
  loc: Location | undefined,
  ...[data, severity]: DataArgs<C, [severity?: Severity]>
): Diagnostic {
  return untypedDiagnostic(code, loc, data ?? {}, severity);
}

/**
 * `diagnostic` for a caller that has already type-checked the data at its own report site (the
 * rule context's `report`); everything else calls `diagnostic`.
 */
export function untypedDiagnostic(
  code: DiagnosticCode,
  loc: Location | undefined,
  data: DiagnosticData,
  severity?: Severity,
): Diagnostic {
  const entry: { severity: Severity; message: string } = catalogue[code];
  // Data is shown, never obeyed: control characters (a newline, ESC) cannot forge output lines.
  const message = entry.message.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = data[key];
    return v === undefined ? '' : printable(String(v));
  });
  return loc === undefined
    ? { code, severity: severity ?? entry.severity, message, data }
    : { code, severity: severity ?? entry.severity, message, loc, data };
}

/**
 * A diagnostic of a plugin kind's own catalogue (KindDefinition.diagnostics): the code is
 * `<namespace>.<code>`, so it can never collide with the core's SIPnnnn codes or another
 * plugin's.
 */
export function pluginDiagnostic(
  namespace: string,
  code: string,
  entry: { readonly severity: Severity; readonly message: string },
  loc: Location | undefined,
  data: DiagnosticData = {},
): Diagnostic {
  const message = entry.message.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = data[key];
    return v === undefined ? '' : printable(String(v));
  });
  const full: PluginDiagnosticCode = `${namespace}.${code}`;
  return loc === undefined ? { code: full, severity: entry.severity, message, data } : { code: full, severity: entry.severity, message, loc, data };
}

/** `d` with related locations added. */
export function withRelated(d: Diagnostic, related: readonly RelatedInfo[]): Diagnostic {
  return related.length === 0 ? d : { ...d, related: [...(d.related ?? []), ...related] };
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Stable order: by file, line, column, then code. */
export function sortDiagnostics(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return [...diagnostics].sort((a, b) => {
    const fa = a.loc?.file ?? '';
    const fb = b.loc?.file ?? '';
    if (fa !== fb) return fa < fb ? -1 : 1;
    return (a.loc?.line ?? 0) - (b.loc?.line ?? 0) || (a.loc?.column ?? 0) - (b.loc?.column ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0);
  });
}
