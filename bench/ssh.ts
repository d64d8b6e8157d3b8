/**
 * SSH runner benchmarks (issue 12), as ratios from one run against the same kind of targets:
 * sshd targets on 127.0.0.1 (test/support/ssh-targets.ts: the SSH test root chrooted with its
 * own sshd; a fresh overlay per target, so a reconcile always starts from the same state).
 *
 * 1. This runner vs the floor, on the 40-step manifest below, test-only on a reconciled
 *    target. Floor: ONE `ssh HOST 'bash /root/prog.sh --test-only'` of the same program,
 *    copied there beforehand (a bare `ssh HOST true` plus the program run in the target).
 *    Measured twice: the runner in-process (HostRunner.run, the program compiled once) and
 *    the whole CLI (`sahara-image-pack run M --ssh HOST --test-only`: node start, compile,
 *    run). Goal: within 1.5x.
 * 2. The 40-step manifest (20 packages from the target's offline repository, 20 scripts) vs
 *    ansible-playbook running the equivalent playbook (the same packages as `apt` tasks, the
 *    same scripts as `script` tasks; Ansible's default ControlPersist=60s): reconcile on a
 *    fresh target vs Ansible's normal mode on a fresh target, and test-only vs Ansible's check
 *    mode afterwards. Same end state: our test-only run must pass on the target Ansible
 *    reconciled. Goal: at least 20x faster than Ansible's normal mode.
 * 3. 8 hosts with --parallel 8 vs one host: the CLI, test-only, on reconciled targets.
 *    Goal: under 2x.
 *
 *   node --import tsx bench/ssh.ts [--reps N]     (make bench-ssh)
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { REPO_DIR } from '../test/support/envs.js';
import { ensureSshRoot, sshClient, startTarget, type SshTarget } from '../test/support/ssh-targets.js';
import { sshRunner } from '../runners/ssh.js';
import { compileTarget } from '../cli/compile-target.js';
import { resolveTarget } from '../cli/target.js';
import { parseArgs } from '../cli/args.js';
import { RUN_OPTIONS } from '../cli/commands/run.js';

const out = join(REPO_DIR, 'bench', 'out', 'ssh');
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] || 3) || 3;
const BIN = join(REPO_DIR, 'bin', 'sahara-image-pack.js');

function timed(cmd: string, args: readonly string[], expect: number, env: Record<string, string> = {}): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 1 << 26 });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== expect) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}, expected ${expect}\n${r.stdout.slice(-2000)}\n${r.stderr.slice(-2000)}`);
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

const PACKAGES = Array.from({ length: 20 }, (_, i) => `sip-p${String(i + 1).padStart(3, '0')}`);
const SCRIPT = (n: number) =>
  `#!/bin/bash\n# step ${n}: a marker file, checked in test-only mode\nf=/etc/sip-bench/${n}\nif [ "\${test_only:-0}" = 1 ]; then [ -f "$f" ]; exit; fi\nmkdir -p /etc/sip-bench && echo ${n} > "$f"\n`;

function writeInputs(): { manifest: string; playbook: string } {
  mkdirSync(join(out, 'scripts'), { recursive: true });
  for (let n = 1; n <= 20; n++) writeFileSync(join(out, 'scripts', `step${n}.sh`), SCRIPT(n));
  const manifest = join(out, 'forty.yaml');
  writeFileSync(
    manifest,
    'validators:\n' +
      PACKAGES.map((p) => `  - package: ${p}\n`).join('') +
      Array.from({ length: 20 }, (_, i) => `  - script: scripts/step${i + 1}.sh\n`).join(''),
  );
  const playbook = join(out, 'forty.yml');
  writeFileSync(
    playbook,
    '- hosts: all\n  gather_facts: false\n  tasks:\n' +
      PACKAGES.map((p) => `    - name: package ${p}\n      ansible.builtin.apt: {name: ${p}, state: present}\n`).join('') +
      Array.from({ length: 20 }, (_, i) => `    - name: script ${i + 1}\n      ansible.builtin.script: scripts/step${i + 1}.sh\n`).join(''),
  );
  return { manifest, playbook };
}

function inventory(t: SshTarget, name: string): string {
  const f = join(out, `${name}.ini`);
  writeFileSync(f, `[t]\nt1 ansible_host=127.0.0.1 ansible_port=${t.port} ansible_user=root\n[t:vars]\nansible_ssh_common_args='-F ${sshClient().config}'\n`);
  return f;
}

const ANSIBLE_ENV = { ANSIBLE_NOCOLOR: '1', ANSIBLE_HOST_KEY_CHECKING: 'True', ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3', ANSIBLE_LOCAL_TEMP: join(out, 'ansible-local') };

export async function sshBench(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  await ensureSshRoot();
  const ssh = sshClient().config;
  const { manifest, playbook } = writeInputs();
  const sip = (args: readonly string[], expect = 0) => timed(process.execPath, [BIN, 'run', ...args, '--ssh-config', ssh], expect);
  const sshTo = (t: SshTarget, command: string, input?: string) => {
    const t0 = performance.now();
    const r = spawnSync('ssh', ['-F', ssh, '-o', 'BatchMode=yes', '-p', String(t.port), 'root@127.0.0.1', command], { encoding: 'utf8', input: input ?? '', stdio: ['pipe', 'pipe', 'pipe'] });
    if (r.status !== 0) throw new Error(`ssh ${command}: exit ${r.status}: ${r.stderr}`);
    return (performance.now() - t0) / 1000;
  };
  const lines: string[] = [];
  const say = (l: string) => {
    lines.push(l);
    process.stdout.write(l + '\n');
  };
  say(`SSH runner bench, ${reps} rep(s) each, medians (${new Date().toISOString()})`);

  // 2 first: reconcile on fresh targets, ours vs Ansible's normal mode; then test-only vs check mode
  const oursReconcile: number[] = [];
  const oursTest: number[] = [];
  const ansNormal: number[] = [];
  const ansCheck: number[] = [];
  let reconciled: SshTarget | undefined;
  for (let i = 0; i < reps; i++) {
    const a = await startTarget();
    oursReconcile.push(sip([manifest, '--ssh', a.spec()]));
    oursTest.push(sip([manifest, '--ssh', a.spec(), '--test-only']));
    if (reconciled) await a.stop();
    else reconciled = a;
    const b = await startTarget();
    const inv = inventory(b, 'b');
    ansNormal.push(timed('ansible-playbook', ['-i', inv, playbook], 0, ANSIBLE_ENV));
    ansCheck.push(timed('ansible-playbook', ['-i', inv, playbook, '--check'], 0, ANSIBLE_ENV));
    // same end state: our test-only passes on the target Ansible reconciled
    sip([manifest, '--ssh', b.spec(), '--test-only'], 0);
    await b.stop();
  }
  const [or, ot, an, ac] = [median(oursReconcile), median(oursTest), median(ansNormal), median(ansCheck)];
  say(`40 steps (20 packages, 20 scripts), fresh target:`);
  say(`  reconcile: sahara-image-pack run --ssh ${or.toFixed(2)} s; ansible-playbook ${an.toFixed(2)} s; ${(an / or).toFixed(1)}x faster (goal >= 20x)`);
  say(`  test-only: sahara-image-pack run --ssh --test-only ${ot.toFixed(2)} s; ansible-playbook --check ${ac.toFixed(2)} s; ${(ac / ot).toFixed(1)}x faster`);
  say(`  same end state: our test-only run passed on each target Ansible reconciled`);

  // 1. runner vs floor, test-only on the reconciled target
  const t = reconciled!;
  const args = parseArgs([manifest], RUN_OPTIONS, { allowExtra: true });
  const compiled = compileTarget(await resolveTarget(args), new Map());
  if (!compiled) throw new Error('the manifest did not compile');
  sshTo(t, 'cat > /root/prog.sh', compiled.text);
  const runner = sshRunner({ spec: t.spec(), host: '127.0.0.1', port: t.port, user: 'root' }, { configFile: ssh }, {});
  const sink = new Writable({ write: (_c, _e, done) => done() });
  const floor: number[] = [];
  const bare: number[] = [];
  const inProc: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < reps * 3; i++) {
    bare.push(sshTo(t, 'true'));
    floor.push(sshTo(t, 'bash /root/prog.sh --test-only </dev/null >/dev/null 2>&1'));
    const t0 = performance.now();
    const r = await runner.run({ text: compiled.text, label: manifest, args: ['--test-only'], testOnly: true }, { progress: sink });
    if (r.exitCode !== 0) throw new Error(`runner: exit ${r.exitCode} ${r.error ?? ''}`);
    inProc.push((performance.now() - t0) / 1000);
    cli.push(sip([manifest, '--ssh', t.spec(), '--test-only']));
  }
  const [fl, ba, ip, cl] = [median(floor), median(bare), median(inProc), median(cli)];
  say(`runner vs floor (40 steps, test-only; floor = one ssh running the pre-copied program ${fl.toFixed(3)} s; bare ssh true ${ba.toFixed(3)} s):`);
  say(`  runner in-process (HostRunner.run) ${ip.toFixed(3)} s: ${(ip / fl).toFixed(2)}x the floor (goal <= 1.5x)`);
  say(`  whole CLI (node start + compile + run) ${cl.toFixed(3)} s: ${(cl / fl).toFixed(2)}x the floor`);
  await t.stop();

  // 3. 8 hosts --parallel 8 vs one host, test-only on reconciled targets
  const hosts: SshTarget[] = [];
  for (let i = 0; i < 8; i++) hosts.push(await startTarget());
  sip([manifest, ...hosts.flatMap((h) => ['--ssh', h.spec()]), '--parallel', '8']);
  const one: number[] = [];
  const eight: number[] = [];
  for (let i = 0; i < reps; i++) {
    one.push(sip([manifest, '--ssh', hosts[0]!.spec(), '--test-only']));
    eight.push(sip([manifest, ...hosts.flatMap((h) => ['--ssh', h.spec()]), '--parallel', '8', '--test-only']));
  }
  const [o1, o8] = [median(one), median(eight)];
  say(`8 hosts --parallel 8 vs one host (40 steps, test-only, whole CLI): ${o8.toFixed(2)} s vs ${o1.toFixed(2)} s: ${(o8 / o1).toFixed(2)}x (goal < 2x)`);
  for (const h of hosts) await h.stop();
  writeFileSync(join(out, 'result.txt'), lines.join('\n') + '\n');
}

if (import.meta.url === `file://${process.argv[1]}`) await sshBench();
