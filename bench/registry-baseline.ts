/**
 * The kind registry against the code before it (issue 13, Measure): `check` and `compile` of
 * the 5,000-validator benchmark manifest, this tree against a baseline tree (a `git worktree`
 * of the commit before the registry, built to its own dist/), measured side by side in the
 * same run: runs interleaved A B A B …, in-process times after a warm-up (median of each
 * process's runs), and the whole `check` process through each tree's CLI. Ratios = this tree
 * / baseline; the goal is ≤ 1.10.
 *
 *   SIP_BENCH_BASELINE=<commit>   (default: the merge-base of HEAD and main)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bigManifest } from './check.js';

const ROOT = process.cwd();
const OUT = join(ROOT, 'bench', 'out');

function git(args: string[], cwd = ROOT): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8' }).trim();
}

/** A built worktree of `commit` under bench/out/, made once. */
export function baselineTree(commit: string): string {
  const dir = join(OUT, `baseline-${commit.slice(0, 12)}`);
  if (!existsSync(join(dir, 'package.json'))) {
    mkdirSync(OUT, { recursive: true });
    git(['worktree', 'add', '--detach', dir, commit]);
  }
  if (!existsSync(join(dir, 'node_modules'))) symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  if (!existsSync(join(dir, 'dist', 'cli', 'main.js'))) execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: dir, stdio: 'inherit' });
  return dir;
}

/**
 * In one new process of `tree`: read+parse+check (loadManifest) and lower+emit (compileProgram)
 * of `file`, `runs` times each after one warm-up; medians in ms. The baseline exports
 * compileProgram from dist/compiler/emit/index.js, this tree from dist/compiler/backend.js.
 */
function inProcess(tree: string, file: string, runs: number): { check: number; compile: number } {
  const script = `
    const { existsSync } = await import('node:fs');
    const dist = ${JSON.stringify(join(tree, 'dist', 'compiler'))};
    const { loadManifest } = await import(dist + '/frontend.js');
    const back = existsSync(dist + '/backend.js') ? dist + '/backend.js' : dist + '/emit/index.js';
    const { compileProgram } = await import(back);
    const file = ${JSON.stringify(file)};
    const med = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const one = () => loadManifest(file);
    let l = one();
    compileProgram(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'bench' });
    const checks = [], compiles = [];
    for (let i = 0; i < ${runs}; i++) {
      let t = performance.now();
      l = one();
      checks.push(performance.now() - t);
      t = performance.now();
      const r = compileProgram(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'bench' });
      compiles.push(performance.now() - t);
      if (r.text === undefined) throw new Error('no program');
    }
    process.stdout.write(JSON.stringify({ check: med(checks), compile: med(compiles) }));`;
  const r = spawnSync('node', ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tree}: ${r.stderr.slice(0, 2000)}`);
  return JSON.parse(r.stdout) as { check: number; compile: number };
}

/** `sahara-image-pack check FILE` of `tree`, one whole process, in ms. */
function checkProcess(tree: string, file: string): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync('node', [join(tree, 'bin', 'sahara-image-pack.js'), 'check', file], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${tree} check: ${r.stderr.slice(0, 2000)}`);
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export function runRegistryBench(rounds = 7, runsPerProcess = 5): void {
  const commit = process.env['SIP_BENCH_BASELINE'] ?? git(['merge-base', 'HEAD', 'main']);
  const base = baselineTree(commit);
  execFileSync(join(ROOT, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'inherit' });
  const file = join(OUT, 'big-5000.yaml');
  writeFileSync(file, bigManifest(5000, 6));
  const trees = { now: ROOT, base: resolve(base) };
  const m = { now: { check: [] as number[], compile: [] as number[], proc: [] as number[] }, base: { check: [] as number[], compile: [] as number[], proc: [] as number[] } };
  for (let i = 0; i < rounds; i++) {
    for (const k of (i % 2 === 0 ? ['now', 'base'] : ['base', 'now']) as ('now' | 'base')[]) {
      const r = inProcess(trees[k], file, runsPerProcess);
      m[k].check.push(r.check);
      m[k].compile.push(r.compile);
      m[k].proc.push(checkProcess(trees[k], file));
    }
  }
  const row = (what: string, a: number[], b: number[]): string =>
    `  ${what.padEnd(34)} ${median(a).toFixed(0).padStart(5)} ms  baseline ${median(b).toFixed(0).padStart(5)} ms  = ${(median(a) / median(b)).toFixed(3)}x (goal <= 1.10x)`;
  process.stdout.write(
    [
      `kind registry vs baseline ${commit.slice(0, 12)} (5,000 validators, nested 6 deep; ${rounds} interleaved rounds)`,
      row('check (read+parse+check), in-process', m.now.check, m.base.check),
      row('compile (lower+emit), in-process', m.now.compile, m.base.compile),
      row('check, whole CLI process', m.now.proc, m.base.proc),
      '',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) runRegistryBench();
