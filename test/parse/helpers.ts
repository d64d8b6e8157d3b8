/**
 * Shared by the parser, schema and CLI tests: where the fixture manifests are, and small
 * helpers to parse text and look at diagnostics.
 */
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import type { Location, Manifest, Validator } from '../../compiler/ast/nodes.js';
import { allValidators } from '../../compiler/ast/walk.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { parseManifest, type ParseResult } from '../../compiler/parse/index.js';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const FIXTURES = join(REPO_ROOT, 'test', 'fixtures', 'manifests');
export const VALID_DIR = join(FIXTURES, 'valid');
export const INVALID_DIR = join(FIXTURES, 'invalid');

/** Names of the fixture folders under `valid/` or `invalid/`, sorted. */
export function fixtureNames(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

export function manifestPath(dir: string, name: string): string {
  return join(dir, name, 'image.yaml');
}

/** Parse text as `image.yaml`; YAML is given with a leading newline stripped (for template literals). */
export function parse(text: string, file = 'image.yaml'): ParseResult {
  return parseManifest(text, file);
}

/** Parse text that must produce a manifest with no errors (warnings allowed); return the manifest. */
export function parseOk(text: string, file = 'image.yaml'): Manifest {
  const r = parseManifest(text, file);
  const errors = r.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map(show), 'no errors expected').to.deep.equal([]);
  expect(r.manifest, 'a manifest').to.not.equal(undefined);
  return r.manifest!;
}

/** `SIP2008 error 3:14` — a compact, comparable form of a diagnostic. */
export function show(d: Diagnostic): string {
  return `${d.code} ${d.severity} ${d.loc ? `${d.loc.line}:${d.loc.column}` : '-'}`;
}

/** `line:column` of a location. */
export function at(loc: Location | undefined): string {
  return loc ? `${loc.line}:${loc.column}` : '-';
}

/** The diagnostics as compact strings, in a stable order. */
export function shown(diagnostics: readonly Diagnostic[]): string[] {
  return [...diagnostics]
    .sort((a, b) => (a.loc?.start ?? 0) - (b.loc?.start ?? 0) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0))
    .map(show);
}

/** Every validator of a manifest in program order, by its YAML path. */
export function byPath(m: Manifest): Map<string, Validator> {
  return new Map(allValidators(m.validators, builtinKinds()).map((v) => [v.path, v]));
}

/** The one validator at `path` (fails the test when absent). */
export function validatorAt(m: Manifest, path: string): Validator {
  const v = byPath(m).get(path);
  expect(v, `a validator at ${path} (have: ${[...byPath(m).keys()].join(', ')})`).to.not.equal(undefined);
  return v!;
}

/** Replace every location by `line:col-endLine:endCol` (drops file and offsets) to compare shapes. */
export function withoutLocations(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutLocations);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'loc' || k === 'keyLoc') continue;
    out[k] = withoutLocations(v);
  }
  return out;
}

/** Nesting depth of a validator list (a list of leaves is depth 1). */
export function depth(list: readonly Validator[]): number {
  let max = 0;
  for (const v of list) {
    let inner = 0;
    if (v.kind === 'all' || v.kind === 'any') inner = depth(v.validators);
    else if (v.kind === 'os_case') inner = Math.max(0, ...v.branches.map((b) => depth(b.validators)));
    else if (v.kind === 'argument_case') inner = Math.max(0, ...v.cases.map((c) => depth(c.validators)));
    max = Math.max(max, 1 + inner);
  }
  return max;
}
