/**
 * Program benchmarks (issue: the emitted program).
 *
 * 1. Compile time of the 5,000-validator manifest, per validator (in-process, after warm-up).
 * 2. Program overhead: manifests of N packages (N = 10, 100, 300), all installed, run in
 *    test-only mode inside the Debian test root. Baseline, measured in the same root and the
 *    same run: ONE `dpkg-query -W` over those N names. Two shapes: one `package` validator
 *    listing N packages, and N validators of one package each.
 * 3. Processes the program spawns for each N (PIDs allocated in the run's private PID
 *    namespace, minus a no-op baseline): it must not grow with N.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileProgram } from '../compiler/emit/index.js';
import { loadManifest } from '../compiler/frontend.js';
import { VERSION } from '../compiler/version.js';
import { openRoot, type RootSession } from '../test/support/envs.js';
import { bigManifest } from './check.js';

const out = join(process.cwd(), 'bench', 'out');
mkdirSync(out, { recursive: true });

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function compile(file: string): string {
  const loaded = loadManifest(file);
  if (!loaded.manifest || loaded.text === undefined) throw new Error(`${file} does not check clean`);
  const r = compileProgram(loaded.manifest, loaded.resources, { manifestText: loaded.text, compilerVersion: `sahara-image-pack ${VERSION}` });
  if (r.text === undefined) throw new Error(`${file} does not compile`);
  return r.text;
}

export function compileBench(): void {
  const file = join(out, 'big-5000.yaml');
  writeFileSync(file, bigManifest(5000, 6));
  compile(file); // warm-up: JIT, template compilation, runtime files read
  const times: number[] = [];
  let size = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    size = compile(file).length;
    times.push(performance.now() - t0);
  }
  const ms = median(times);
  process.stdout.write(
    `compile benchmark (5,000 validators, nested 6 deep; read+parse+check+lower+emit, in-process)\n` +
      `  ${ms.toFixed(0)} ms = ${((ms * 1000) / 5000).toFixed(1)} µs per validator; program ${(size / 1024).toFixed(0)} KiB\n\n`,
  );
}

const names = (n: number): string[] => Array.from({ length: n }, (_, i) => `sip-p${String(i + 1).padStart(3, '0')}`);

function manifest(n: number, shape: 'one' | 'many'): string {
  const list = names(n);
  const body = shape === 'one' ? `  - package:\n${list.map((p) => `      - ${p}\n`).join('')}` : list.map((p) => `  - package: ${p}\n`).join('');
  const file = join(out, `pkgs-${shape}-${n}.yaml`);
  writeFileSync(file, `validators:\n${body}`);
  return compile(file);
}

/** Median wall time (ms) of a command inside the root, timed by the root's own bash (EPOCHREALTIME). */
async function timeInRoot(s: RootSession, command: string, runs: number): Promise<number> {
  const script = `for i in $(seq ${runs}); do t0=$EPOCHREALTIME; ${command} >/dev/null 2>&1; t1=$EPOCHREALTIME; echo "$t0 $t1"; done`;
  const r = await s.sh(script);
  const times = r.stdout.trim().split('\n').map((l) => {
    const [a, b] = l.split(' ').map(Number);
    return ((b ?? 0) - (a ?? 0)) * 1000;
  });
  return median(times);
}

/** Processes created by a command: PIDs allocated in the run's own PID namespace, minus a no-op's. */
async function processesInRoot(s: RootSession, command: string): Promise<number> {
  const probe = (cmd: string): string => `a=$(sh -c 'echo $$'); ${cmd} >/dev/null 2>&1; b=$(sh -c 'echo $$'); echo $((b - a))`;
  const base = Number((await s.sh(probe('true'))).stdout.trim());
  const used = Number((await s.sh(probe(command))).stdout.trim());
  return used - base;
}

export async function programBench(): Promise<void> {
  const s = await openRoot('debian');
  try {
    const all = names(300);
    const inst = await s.sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${all.join(' ')} >/dev/null 2>&1; echo $?`);
    if (inst.stdout.trim() !== '0') throw new Error(`could not install the benchmark packages: ${inst.stderr}`);
    process.stdout.write('program overhead (test-only, all packages installed, Debian root; baseline: one dpkg-query -W over the same names)\n');
    process.stdout.write('   N  shape          program ms   dpkg-query ms   ratio   processes spawned\n');
    // The floor: a program with no package at all (bash start-up, parsing, distro detection).
    const emptyFile = join(out, 'empty.yaml');
    writeFileSync(emptyFile, 'validators:\n  - all: []\n');
    await s.run(compile(emptyFile), ['--help']);
    await s.sh('cp /root/prog.sh /root/bench-empty.sh');
    const base300 = await timeInRoot(s, `dpkg-query -W ${names(300).join(' ')}`, 9);
    const empty = await timeInRoot(s, 'bash /root/bench-empty.sh --test-only', 9);
    process.stdout.write(
      `   0  (no package)   ${empty.toFixed(1).padStart(10)}   ${base300.toFixed(1).padStart(13)}   ${(empty / base300).toFixed(2).padStart(5)}x  ${String(await processesInRoot(s, 'bash /root/bench-empty.sh --test-only')).padStart(8)}   <- start-up alone, against the 300-name query\n`,
    );
    for (const n of [10, 100, 300]) {
      for (const shape of ['one', 'many'] as const) {
        const prog = manifest(n, shape);
        const path = `/root/bench-${shape}-${n}.sh`;
        await s.run(prog, ['--help']); // writes /root/prog.sh
        await s.sh(`cp /root/prog.sh ${path}`);
        const check = await s.sh(`bash ${path} --test-only; echo "rc=$?"`);
        if (!check.stdout.includes('rc=0')) throw new Error(`test-only run failed for ${n}/${shape}: ${check.stderr.slice(-2000)}`);
        const p = await timeInRoot(s, `bash ${path} --test-only`, 9);
        const q = await timeInRoot(s, `dpkg-query -W ${names(n).join(' ')}`, 9);
        const procs = await processesInRoot(s, `bash ${path} --test-only`);
        const label = shape === 'one' ? '1 validator ' : `${n} validators`;
        process.stdout.write(
          `${String(n).padStart(4)}  ${label.padEnd(14)} ${p.toFixed(1).padStart(10)}   ${q.toFixed(1).padStart(13)}   ${(p / q).toFixed(2).padStart(5)}x  ${String(procs).padStart(8)}\n`,
        );
      }
    }
    process.stdout.write('\n');
  } finally {
    await s.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  compileBench();
  await programBench();
}
