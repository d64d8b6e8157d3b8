/** The fixture programs of test/fixtures/programs/<name>/ (image.yaml, its scripts, optional compile.json). */
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { checkManifest } from '../../compiler/check/index.js';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { compileProgram, type CompileProgramResult } from '../../compiler/backend.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { Resources } from '../../compiler/resources/resolve.js';
import type { Manifest } from '../../compiler/ast/nodes.js';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const FIXTURES = join(REPO, 'test', 'fixtures', 'programs');
export const BASELINES = join(REPO, 'test', 'baselines', 'programs');
/** Fixed, so that goldens do not change with every release. */
export const GOLDEN_COMPILER = 'sahara-image-pack 0.0.0-golden';

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((d) => existsSync(join(FIXTURES, d, 'image.yaml')))
    .sort();
}

export interface FixtureProgram extends CompileProgramResult {
  readonly manifest: Manifest;
  readonly frontEnd: readonly Diagnostic[];
}

/** Parse, check and compile a fixture (locations say `image.yaml`). `sets` overrides compile.json. */
export function compileFixture(name: string, sets?: Readonly<Record<string, string>>, options: { compact?: boolean } = {}): FixtureProgram {
  const dir = join(FIXTURES, name);
  const text = readFileSync(join(dir, 'image.yaml'), 'utf8');
  const resources = new Resources([dir]);
  const parsed = parseManifest(text, 'image.yaml');
  if (parsed.manifest === undefined) throw new Error(`${name}: ${parsed.diagnostics.map((d) => d.message).join('; ')}`);
  const frontEnd = [...parsed.diagnostics, ...checkManifest(parsed.manifest, { resources })];
  const errors = frontEnd.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${name}: ${errors.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  const config = join(dir, 'compile.json');
  const baked = sets ?? (existsSync(config) ? (JSON.parse(readFileSync(config, 'utf8')) as { sets?: Record<string, string> }).sets : undefined);
  const out = compileProgram(parsed.manifest, resources, { manifestText: text, compilerVersion: GOLDEN_COMPILER, ...(baked ? { sets: baked } : {}), ...options });
  return { ...out, manifest: parsed.manifest, frontEnd };
}

/** The program text of a fixture (throws on compile errors). */
export function programOf(name: string, sets?: Readonly<Record<string, string>>, options: { compact?: boolean } = {}): string {
  const p = compileFixture(name, sets, options);
  if (p.text === undefined) throw new Error(`${name}: ${p.diagnostics.map((d) => `${d.code} ${d.message}`).join('; ')}`);
  return p.text;
}

const exec = promisify(execFile);

export interface Lint {
  readonly ok: boolean;
  readonly output: string;
}

/** `bash -n` on a file. */
export async function bashSyntax(file: string): Promise<Lint> {
  try {
    await exec('bash', ['-n', file]);
    return { ok: true, output: '' };
  } catch (e) {
    return { ok: false, output: String((e as { stderr?: string }).stderr ?? e) };
  }
}

/** Debian's shellcheck at every severity with every optional check (check-set-e-suppressed included) but SC2250 (braces around every variable). */
export async function shellcheck(file: string): Promise<Lint> {
  try {
    await exec('shellcheck', ['-s', 'bash', '-S', 'style', '--enable=all', '--exclude=SC2250', '-f', 'gcc', file], { maxBuffer: 64 << 20 });
    return { ok: true, output: '' };
  } catch (e) {
    return { ok: false, output: String((e as { stdout?: string }).stdout ?? e) };
  }
}
