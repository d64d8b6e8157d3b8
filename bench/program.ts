/**
 * Program benchmarks (issue: the emitted program).
 *
 * 1. Compile time of the 5,000-validator manifest, per validator (in-process, after warm-up).
 * 2. The program's cost, test-only on the Debian test root with every package installed, as
 *    ratios against ONE `dpkg-query -W` of the 300 names (same root, same run): 300
 *    validators of one package, one validator of 300 packages, 5,000 validators of one package
 *    (cycling through the 300), and the floor (bash start-up + `bash -n` of the 300-validator
 *    program + the query); for the default and the compact program.
 * 3. Processes the program spawns for 10 and 300 packages (PIDs allocated in the run's
 *    private PID namespace, minus a no-op baseline): they must not grow with N.
 * 4. 20 packages + 20 tiny scripts, all in place: test-only and a no-op reconcile, against
 *    the 20 scripts run in a loop plus one `dpkg-query` of the 20 names.
 */
import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { compileProgram } from '../compiler/backend.js';
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

function compile(file: string, compact = false): string {
  const loaded = loadManifest(file);
  if (!loaded.manifest || loaded.text === undefined) throw new Error(`${file} does not check clean`);
  const r = compileProgram(loaded.manifest, loaded.resources, { manifestText: loaded.text, compilerVersion: `sahara-image-pack ${VERSION}`, compact });
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

/** Compile a manifest text written to bench/out/NAME.yaml. */
function compileText(name: string, yaml: string, compact: boolean): string {
  const file = join(out, `${name}.yaml`);
  writeFileSync(file, yaml);
  return compile(file, compact);
}

/** One `package` validator listing N names ('one'), or N validators of one name each, cycling through the 300 installed names ('many'). */
function packagesManifest(n: number, shape: 'one' | 'many'): string {
  const list = shape === 'one' ? names(n) : Array.from({ length: n }, (_, i) => names(300)[i % 300]!);
  return shape === 'one' ? `validators:\n  - package:\n${list.map((p) => `      - ${p}\n`).join('')}` : `validators:\n${list.map((p) => `  - package: ${p}\n`).join('')}`;
}

/** 20 packages (one validator each) and 20 scripts, each testing that a file exists and exiting 0. */
function scriptsManifest(): string {
  let y = 'validators:\n';
  for (let i = 0; i < 20; i++) y += `  - package: ${names(20)[i]}\n  - script: s${i}.sh\n`;
  for (let i = 0; i < 20; i++) writeFileSync(join(out, `s${i}.sh`), `#!/bin/bash\ntest -e /etc/os-release\nexit 0\n`);
  return y;
}

/**
 * Median wall times (ms) of several commands, run in turn (a, b, c, a, b, c, ...) in one
 * session, so that a change of the machine's load hits all of them alike.
 */
async function timeAllInRoot(s: RootSession, commands: readonly string[], runs: number): Promise<number[]> {
  const body = commands.map((c, k) => `t0=$EPOCHREALTIME; ${c} >/dev/null 2>&1; t1=$EPOCHREALTIME; echo "${k} $t0 $t1"`).join('; ');
  const r = await s.sh(`for i in $(seq ${runs}); do ${body}; done`);
  const times: number[][] = commands.map(() => []);
  for (const l of r.stdout.trim().split('\n')) {
    const [k, a, b] = l.split(' ').map(Number);
    times[k ?? 0]!.push(((b ?? 0) - (a ?? 0)) * 1000);
  }
  return times.map(median);
}

/** Processes created by a command: PIDs allocated in the run's own PID namespace, minus a no-op's. */
async function processesInRoot(s: RootSession, command: string): Promise<number> {
  const probe = (cmd: string): string => `a=$(sh -c 'echo $$'); ${cmd} >/dev/null 2>&1; b=$(sh -c 'echo $$'); echo $((b - a))`;
  const base = Number((await s.sh(probe('true'))).stdout.trim());
  const used = Number((await s.sh(probe(command))).stdout.trim());
  return used - base;
}

/** Put a program into the root as /root/bench-NAME.sh and check that it passes with ARGS. */
async function install(s: RootSession, name: string, text: string, args: string): Promise<string> {
  await s.run(text, ['--help']); // writes /root/prog.sh
  const path = `/root/bench-${name}.sh`;
  await s.sh(`cp /root/prog.sh ${path}`);
  const check = await s.sh(`bash ${path} ${args}; echo "rc=$?"`);
  if (!check.stdout.includes('rc=0')) throw new Error(`${name} ${args} failed: ${check.stderr.slice(-2000)}`);
  return path;
}

const row = (label: string, ms: number, base: number, extra = ''): string =>
  `  ${label.padEnd(50)} ${ms.toFixed(1).padStart(8)} ms ${(ms / base).toFixed(2).padStart(7)}x${extra}\n`;

export async function programBench(): Promise<void> {
  const s = await openRoot('debian');
  const w = (t: string): boolean => process.stdout.write(t);
  try {
    const all = names(300);
    const inst = await s.sh(`DEBIAN_FRONTEND=noninteractive apt-get install -y -q ${all.join(' ')} >/dev/null 2>&1; echo $?`);
    if (inst.stdout.trim() !== '0') throw new Error(`could not install the benchmark packages: ${inst.stderr}`);
    w(`program cost (Debian test root, test-only, all packages installed)\n`);
    w(`baseline: ONE dpkg-query -W over the 300 names; every ratio below is against it\n`);
    const progs = new Map<boolean, { many: string; one: string; big: string }>();
    for (const compact of [false, true]) {
      progs.set(compact, {
        many: await install(s, `many-300-${compact}`, compileText('many-300', packagesManifest(300, 'many'), compact), '--test-only'),
        one: await install(s, `one-300-${compact}`, compileText('one-300', packagesManifest(300, 'one'), compact), '--test-only'),
        big: await install(s, `many-5000-${compact}`, compileText('many-5000', packagesManifest(5000, 'many'), compact), '--test-only'),
      });
    }
    const full = progs.get(false)!;
    const compact = progs.get(true)!;
    // every command of both modes, interleaved
    const cmds = [
      'bash -c :',
      `dpkg-query -W ${all.join(' ')}`,
      `bash -n ${full.many}`,
      `bash -n ${compact.many}`,
      `bash ${full.many} --test-only`,
      `bash ${compact.many} --test-only`,
      `bash ${full.one} --test-only`,
      `bash ${compact.one} --test-only`,
    ];
    const [bashStart, q, parseFull, parseCompact, manyFull, manyCompact, oneFull, oneCompact] = (await timeAllInRoot(s, cmds, 15)) as [number, number, number, number, number, number, number, number];
    const [bigFull, bigCompact] = (await timeAllInRoot(s, [`bash ${full.big} --test-only`, `bash ${compact.big} --test-only`], 5)) as [number, number];
    w(`(this table: median of 15 interleaved runs, 5 for 5,000; the query measured with them: ${q.toFixed(1)} ms)\n`);
    for (const [mode, parse, many, one, big] of [
      ['default (with the runtime comments)', parseFull, manyFull, oneFull, bigFull],
      ['compact (compile --compact)', parseCompact, manyCompact, oneCompact, bigCompact],
    ] as const) {
      w(`\n${mode}\n`);
      const floor = bashStart + parse + q;
      w(row('floor: bash start-up + bash -n (300-validator program) + the query', floor, q, `   (${bashStart.toFixed(1)} + ${parse.toFixed(1)} + ${q.toFixed(1)})`));
      w(row('300 validators of 1 package', many, q, '   goal <= 4x'));
      w(row('1 validator of 300 packages', one, q));
      w(row('5,000 validators of 1 package (the 300 names, cycling)', big, q, `   goal < 1000 ms: ${big < 1000 ? 'met' : 'NOT met'}`));
    }
    w('\nprocesses spawned (PIDs used in the run\'s PID namespace, minus a no-op; must not grow)\n');
    for (const n of [10, 300]) {
      for (const shape of ['one', 'many'] as const) {
        const path = await install(s, `${shape}-${n}-p`, compileText(`${shape}-${n}`, packagesManifest(n, shape), true), '--test-only');
        const label = shape === 'one' ? `1 validator of ${n} packages` : `${n} validators of 1 package`;
        w(`  ${label.padEnd(50)} ${String(await processesInRoot(s, `bash ${path} --test-only`)).padStart(8)}\n`);
      }
    }
    // 20 packages + 20 scripts, in place: test-only and a no-op reconcile, against the 20
    // scripts run in a loop plus one dpkg-query of the 20 names.
    const scriptsYaml = scriptsManifest();
    const sprog = await install(s, 'scripts', compileText('scripts', scriptsYaml, true), '--test-only');
    await s.sh(`mkdir -p /root/bench-s && ${Array.from({ length: 20 }, (_, i) => `printf '#!/bin/bash\\ntest -e /etc/os-release\\nexit 0\\n' > /root/bench-s/s${i}.sh`).join(' && ')} && chmod +x /root/bench-s/*.sh`);
    const floorCmd = `{ for f in /root/bench-s/*.sh; do /bin/bash "$f"; done; dpkg-query -W ${names(20).join(' ')}; }`;
    const [sfloor, stest, srec] = (await timeAllInRoot(s, [floorCmd, `bash ${sprog} --test-only`, `bash ${sprog}`], 15)) as [number, number, number];
    w(`\n20 packages + 20 scripts, all in place (compact); floor: the 20 scripts in a loop + one dpkg-query of the 20 names\n`);
    w(row('floor', sfloor, sfloor));
    w(row('test-only', stest, sfloor, '   goal <= 2x'));
    w(row('no-op reconcile', srec, sfloor, '   goal <= 2x'));
    w(`  processes: test-only ${await processesInRoot(s, `bash ${sprog} --test-only`)}, floor ${await processesInRoot(s, floorCmd)}\n\n`);
  } finally {
    await s.dispose();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  compileBench();
  await programBench();
}
