// Test harness for the bash runtime (runtime/*.sh): builds small driver programs out of the
// runtime files, hand-written validator functions and the globals an emitted program defines,
// and runs them with bash. No compiler involved: these tests pin the runtime's contract
// (runtime/README.md) on its own.

import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const RUNTIME = path.join(REPO, 'runtime');

/** Base names (without .sh) of every runtime file. */
export function runtimeFiles(): string[] {
  return readdirSync(RUNTIME)
    .filter((f) => f.endsWith('.sh'))
    .map((f) => f.slice(0, -3))
    .sort();
}

export function runtimeText(name: string): string {
  return readFileSync(path.join(RUNTIME, `${name}.sh`), 'utf8');
}

/** The `# sip-requires:` list of a runtime file. */
export function requiresOf(name: string): string[] {
  const m = /^# sip-requires:(.*)$/m.exec(runtimeText(name));
  if (!m) throw new Error(`${name}.sh has no "# sip-requires:" line`);
  return m[1]!.trim().split(/\s+/).filter(Boolean);
}

/** The closure of `names` under sip-requires, dependencies first, deterministic. */
export function closure(names: readonly string[]): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  const visit = (n: string, stack: string[]): void => {
    if (seen.has(n)) return;
    if (stack.includes(n)) throw new Error(`sip-requires cycle: ${[...stack, n].join(' -> ')}`);
    for (const d of requiresOf(n)) visit(d, [...stack, n]);
    seen.add(n);
    out.push(n);
  };
  for (const n of names) visit(n, []);
  return out;
}

/** One bash word that evaluates to exactly `s` (test-side quoting; the product uses compiler/emit/quote.ts). */
export function shq(s: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(s)) return s;
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

export interface ArgDecl {
  name: string;
  description?: string;
  default?: string;
  required?: boolean;
  hidden?: boolean;
  choices?: string[];
  variable?: string;
}

export interface ProgramOptions {
  /** Declared arguments (the SIP_ARG_* globals). */
  args?: ArgDecl[];
  /** Runtime files to include (closure taken). Default: every file. */
  files?: readonly string[];
  /** Bash text placed after the runtime: validator functions, sip_validators, helpers. */
  body: string;
  /** End with `sip_main "$@"` (default true). When false, `body` is the whole driver. */
  main?: boolean;
  program?: string;
}

/** Text of a driver program laid out like an emitted one (runtime/README.md). */
export function program(opts: ProgramOptions): string {
  const args = opts.args ?? [];
  const arr = (xs: string[]): string => `(${xs.map(shq).join(' ')})`;
  const lines: string[] = [
    '#!/bin/bash',
    '# shellcheck disable=SC2317 # validator functions are called indirectly',
    `SIP_PROGRAM=${shq(opts.program ?? 'image.yaml')}`,
    'SIP_MANIFEST_SHA256=0123456789abcdef',
    "SIP_COMPILER_VERSION='sahara-image-pack 0.0.0-test'",
    `SIP_ARG_NAMES=${arr(args.map((a) => a.name))}`,
    '# shellcheck disable=SC2034 # not read by the runtime',
    `SIP_ARG_VARS=${arr(args.map((a) => a.variable ?? a.name.replace(/-/g, '_')))}`,
    `SIP_ARG_DESCRIPTIONS=${arr(args.map((a) => a.description ?? ''))}`,
    `SIP_ARG_DEFAULTS=${arr(args.map((a) => a.default ?? ''))}`,
    `SIP_ARG_HAS_DEFAULT=${arr(args.map((a) => (a.default !== undefined ? '1' : '0')))}`,
    `SIP_ARG_REQUIRED=${arr(args.map((a) => (a.required ? '1' : '0')))}`,
    `SIP_ARG_HIDDEN=${arr(args.map((a) => (a.hidden ? '1' : '0')))}`,
  ];
  args.forEach((a, i) => {
    if (a.choices) lines.push('# shellcheck disable=SC2034 # read through ${!ref}', `SIP_ARG_CHOICES_${i}=${arr(a.choices)}`);
  });
  for (const f of closure(opts.files ?? runtimeFiles())) lines.push(runtimeText(f));
  lines.push(opts.body);
  if (opts.main ?? true) lines.push('sip_main "$@"');
  return lines.join('\n') + '\n';
}

export interface BashResult {
  status: number;
  signal: string | null;
  stdout: string;
  stderr: string;
}

export interface RunOpts {
  env?: Record<string, string | undefined>;
  /** Replace the environment entirely (plus nothing). */
  cleanEnv?: boolean;
  cwd?: string;
  timeoutMs?: number;
}

let scratchRoot: string | undefined;
/** A fresh private directory under the test scratch root (removed at exit). */
export function scratch(prefix = 'rt'): string {
  if (!scratchRoot) {
    scratchRoot = mkdtempSync(path.join(os.tmpdir(), 'sip-runtime-test-'));
    const dir = scratchRoot;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return mkdtempSync(path.join(scratchRoot, `${prefix}-`));
}

function envFor(opts: RunOpts): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = opts.cleanEnv ? {} : { ...process.env };
  delete base['NO_COLOR'];
  for (const [k, v] of Object.entries(opts.env ?? {})) {
    if (v === undefined) delete base[k];
    else base[k] = v;
  }
  return base;
}

/** Write `text` to a file and run `bash FILE args...` synchronously. */
export function runBash(text: string, args: readonly string[] = [], opts: RunOpts = {}): BashResult {
  const dir = scratch('prog');
  const file = path.join(dir, 'prog.sh');
  writeFileSync(file, text);
  const r = spawnSync('bash', [file, ...args], {
    env: envFor(opts),
    cwd: opts.cwd ?? dir,
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 30_000,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Start `bash FILE args...` in the background; resolves when it ends. */
export function startBash(
  text: string,
  args: readonly string[] = [],
  opts: RunOpts = {},
): { pid: number; done: Promise<BashResult>; stderrSoFar: () => string } {
  const dir = scratch('prog');
  const file = path.join(dir, 'prog.sh');
  writeFileSync(file, text);
  const child = spawn('bash', [file, ...args], { env: envFor(opts), cwd: opts.cwd ?? dir, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
  child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
  const done = new Promise<BashResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ status: code ?? -1, signal, stdout: out, stderr: err }));
  });
  return { pid: child.pid!, done, stderrSoFar: () => err };
}

/**
 * A directory of stub commands for PATH. Each stub is a bash script; before its own body it
 * appends one line to $STUB_LOG: the command name and its arguments, tab-separated.
 * `links` are real commands made available by symlink (for a PATH that holds only this dir).
 */
export function stubDir(stubs: Record<string, string>, links: readonly string[] = []): string {
  const dir = scratch('stubs');
  for (const [name, body] of Object.entries(stubs)) {
    const file = path.join(dir, name);
    writeFileSync(
      file,
      `#!/bin/bash\n{ printf '%s' ${shq(name)}; printf '\\t%s' "$@"; printf '\\n'; } >>"\${STUB_LOG:-/dev/null}"\n${body}\n`,
    );
    chmodSync(file, 0o755);
  }
  for (const name of links) {
    const real = spawnSync('bash', ['-c', `type -P ${shq(name)}`], { encoding: 'utf8' }).stdout.trim();
    if (!real) throw new Error(`no ${name} on PATH`);
    symlinkSync(real, path.join(dir, name));
  }
  return dir;
}

/** Commands the runtime itself needs (for a PATH made only of stubs). */
export const BASE_TOOLS = ['mktemp', 'rm', 'chmod', 'mv', 'env', 'cat', 'sleep', 'bash', 'sh'];

/** The calls recorded in a stub log: [name, ...args] per line. */
export function stubCalls(log: string): string[][] {
  let text = '';
  try {
    text = readFileSync(log, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split('\t'));
}

export function mkdirp(p: string): string {
  mkdirSync(p, { recursive: true });
  return p;
}

export function write(p: string, text: string, mode?: number): string {
  mkdirSync(path.dirname(p), { recursive: true });
  writeFileSync(p, text);
  if (mode !== undefined) chmodSync(p, mode);
  return p;
}

/** Parse a JSON Lines report. */
export function readReport(file: string): Record<string, unknown>[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Validator functions for package steps, one per group (LOCATION image.yaml:<n>:3), and the sip_validators that runs them. */
export function packageSteps(...groups: [string, string][][]): string {
  const out: string[] = [];
  groups.forEach((g, i) => {
    const args = g.map(([n, v]) => shq(v === '' ? n : `${n}=${v}`)).join(' ');
    out.push(`v${i}() { sip_package_ensure image.yaml:${i + 1}:3 ${args}; }`);
    out.push(`s${i}() { sip_step package image.yaml:${i + 1}:3 'validators[${i}]' ${shq(g.map(([n]) => n).join(' '))} v${i}; }`);
  });
  out.push(`sip_validators() { sip_all ${groups.map((_, i) => `s${i}`).join(' ')}; }`);
  return out.join('\n');
}
