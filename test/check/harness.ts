/**
 * Table-driven rule tests, after typescript-eslint's RuleTester: each case is an inline YAML
 * manifest (plus the script files it needs); `valid` cases must produce nothing from the rule,
 * `invalid` cases exactly the listed diagnostics (code, severity, line, column; optionally the
 * end and the message). The manifest is parsed with the real parser, so locations are real.
 */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { expect } from 'chai';
import type { Manifest } from '../../compiler/ast/nodes.js';
import { checkManifest, type Rule } from '../../compiler/check/index.js';
import type { DiagnosticCode, Severity } from '../../compiler/diagnostics/catalogue.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { Resources } from '../../compiler/resources/resolve.js';

/** A file the case needs, relative to the case's temp dir: text, bytes, a directory, or a symlink. */
export type FileSpec = string | Buffer | { readonly dir: true } | { readonly symlink: string };

export interface ValidCase {
  /** Test title; defaults to the YAML squeezed onto one line. */
  readonly name?: string;
  readonly yaml: string;
  /** Files to create, keyed by path relative to the temp dir. */
  readonly files?: Readonly<Record<string, FileSpec>>;
  /** Resource roots relative to the temp dir, in order; default: the temp dir itself. */
  readonly roots?: readonly string[];
  /** Edit the parsed AST before checking (for invariants the parser never lets through). */
  readonly transform?: (manifest: Manifest) => Manifest;
}

export interface ExpectedDiagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly line: number;
  readonly column: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  /** A substring (or pattern) the message must contain. */
  readonly message?: string | RegExp;
}

export interface InvalidCase extends ValidCase {
  readonly errors: readonly ExpectedDiagnostic[];
}

export interface Cases {
  readonly valid: readonly ValidCase[];
  readonly invalid: readonly InvalidCase[];
}

/**
 * Codes each tester asserted in an invalid case, by tester name (read by the catalogue test).
 * Kept on globalThis: mocha may load a test file through the CommonJS hook while the catalogue
 * test imports it as ESM, giving two instances of this module; one registry means each table
 * registers its tests once, whichever instance comes first.
 */
const registry: Map<string, Set<DiagnosticCode>> = ((globalThis as { __sipCheckTesters?: Map<string, Set<DiagnosticCode>> })
  .__sipCheckTesters ??= new Map());
export const testedCodes: ReadonlyMap<string, ReadonlySet<DiagnosticCode>> = registry;

/**
 * Strip the common indentation and the first newline, so cases can be written indented:
 *   yaml`
 *     validators:
 *       - package: curl
 *   `
 * Line 1 of the manifest is the first line after the opening backtick. The text is raw (like
 * String.raw): `\n` reaches YAML as a backslash and an n, as it would in a file.
 */
export function yaml(strings: TemplateStringsArray, ...values: unknown[]): string {
  const raw = strings.raw.reduce((acc, s, i) => acc + s + (i < values.length ? String(values[i]) : ''), '');
  const lines = raw.replace(/^\n/, '').replace(/\n[ \t]*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((l) => l.trim() !== '').map((l) => /^ */.exec(l)![0].length));
  return lines.map((l) => l.slice(Number.isFinite(indent) ? indent : 0)).join('\n');
}

/** Register the tests of one rule. */
export function ruleTester(rule: Rule, cases: Cases): void {
  register(rule.name, cases, (c, resources) => {
    const parsed = parse(c);
    const manifest = c.transform ? c.transform(parsed) : parsed;
    return checkManifest(manifest, { resources, rules: [rule] });
  });
}

/**
 * Register tests of codes in the SIP3xxx block that the parser reports itself (because only it
 * can see the problem): the parse diagnostics, restricted to those codes, are compared.
 */
export function parserTester(name: string, codes: readonly DiagnosticCode[], cases: Cases): void {
  register(name, cases, (c) => parseManifest(c.yaml, 'image.yaml').diagnostics.filter((d) => (codes as readonly string[]).includes(d.code)));
}

function register(name: string, cases: Cases, run: (c: ValidCase, resources: Resources) => readonly Diagnostic[]): void {
  if (registry.has(name)) return; // the same table, loaded a second time
  registry.set(name, new Set(cases.invalid.flatMap((c) => c.errors.map((e) => e.code))));

  describe(name, () => {
    describe('valid', () => {
      for (const c of cases.valid) {
        it(title(c), () => {
          const got = withFiles(c, (resources) => run(c, resources));
          expect(got.map(show), 'expected no diagnostics').to.deep.equal([]);
        });
      }
    });
    describe('invalid', () => {
      for (const c of cases.invalid) {
        it(title(c), () => {
          expect(c.errors, 'an invalid case must expect at least one diagnostic').to.not.be.empty;
          const got = withFiles(c, (resources) => run(c, resources));
          const expected = [...c.errors].sort((a, b) => a.line - b.line || a.column - b.column || (a.code < b.code ? -1 : 1));
          expect(got.map((d, i) => project(d, expected[i]))).to.deep.equal(expected.map((e) => project(undefined, e)));
        });
      }
    });
  });
}

/** Parse a case; a case whose YAML the parser rejects is a broken test, not a rule result. */
function parse(c: ValidCase): Manifest {
  const { manifest, diagnostics } = parseManifest(c.yaml, 'image.yaml');
  const errors = diagnostics.filter((d) => d.severity === 'error' && !d.code.startsWith('SIP3'));
  expect(errors.map(show), 'the test manifest must parse without errors').to.deep.equal([]);
  expect(manifest, 'the test manifest must parse').to.not.equal(undefined);
  return manifest!;
}

/**
 * The fields of a diagnostic that the expectation pins: always code, severity, line and
 * column; the end and the message only when the expectation gives them. An expectation is
 * projected to itself (a message pattern that matches is replaced by the actual message).
 */
function project(d: Diagnostic | undefined, e: ExpectedDiagnostic | undefined): Record<string, unknown> {
  const src = d ?? e!;
  const out: Record<string, unknown> = {
    code: src.code,
    severity: src.severity,
    line: d ? d.loc?.line : e!.line,
    column: d ? d.loc?.column : e!.column,
  };
  if (e?.endLine !== undefined) out.endLine = d ? d.loc?.endLine : e.endLine;
  if (e?.endColumn !== undefined) out.endColumn = d ? d.loc?.endColumn : e.endColumn;
  if (e?.message !== undefined) {
    if (d === undefined) out.message = e.message;
    else out.message = matches(d.message, e.message) ? e.message : d.message;
  }
  return out;
}

function matches(message: string, want: string | RegExp): boolean {
  return typeof want === 'string' ? message.includes(want) : want.test(message);
}

function show(d: Diagnostic): string {
  return `${d.loc?.line ?? '-'}:${d.loc?.column ?? '-'} ${d.severity} ${d.code}: ${d.message}`;
}

function title(c: ValidCase): string {
  return c.name ?? c.yaml.replace(/\s+/g, ' ').trim().slice(0, 100);
}

/** Create the case's files in a fresh temp dir, run, and remove the dir. */
function withFiles<T>(c: ValidCase, fn: (resources: Resources) => T): T {
  const base = mkdtempSync(join(tmpdir(), 'sip-check-'));
  try {
    for (const [path, spec] of Object.entries(c.files ?? {})) {
      const full = join(base, path);
      mkdirSync(dirname(full), { recursive: true });
      if (typeof spec === 'string' || Buffer.isBuffer(spec)) writeFileSync(full, spec);
      else if ('dir' in spec) mkdirSync(full, { recursive: true });
      else symlinkSync(spec.symlink, full);
    }
    for (const root of c.roots ?? []) mkdirSync(join(base, root), { recursive: true });
    return fn(new Resources((c.roots ?? ['.']).map((r) => join(base, r))));
  } finally {
    rmSync(base, { recursive: true, force: true });
  }
}
