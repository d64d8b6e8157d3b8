// The SSH runner (runners/host.ts, ssh.ts) and --local, against real sshd targets on 127.0.0.1
// (test/support/ssh-targets.ts: the SSH test root chrooted with its own sshd, ~0.2 s each).
import { expect } from 'chai';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inProcess, type CliRun } from '../cli/run-cli.js';
import { envsSupported, REPO_DIR } from '../support/envs.js';
import { ensureSshRoot, knownHostsLine, leftIn, sshClient, startTarget, type SshTarget } from '../support/ssh-targets.js';
import { sshRunner } from '../../runners/ssh.js';
import { EXIT } from '../../runners/runner.js';
import { compileTarget } from '../../cli/compile-target.js';
import { resolveTarget } from '../../cli/target.js';
import { parseArgs } from '../../cli/args.js';
import { RUN_OPTIONS } from '../../cli/commands/run.js';

function expectExit(r: CliRun, code: number): void {
  expect(r.code, `exit ${r.code}, expected ${code}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout}`).to.equal(code);
}

/** Processes in the target whose command line contains `text` (read over its sshd, excluding the reader). */
async function processesWith(t: SshTarget, text: string): Promise<string[]> {
  const r = await t.ssh(`for f in /proc/[0-9]*/cmdline; do tr '\\0' ' ' <"$f" 2>/dev/null; echo; done`);
  return r.stdout.split('\n').filter((l) => l.includes(text) && !l.includes('/proc/[0-9]'));
}

describe('run --ssh and --local (sshd targets on 127.0.0.1)', function () {
  this.timeout(60_000);
  let dir: string;
  let ssh: string;
  const targets: SshTarget[] = [];
  const manifest = (name: string, text: string): string => {
    const file = path.join(dir, `${name}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const target = async (opts?: { trusted?: boolean }) => {
    const t = await startTarget(opts);
    targets.push(t);
    return t;
  };
  const sip = (args: readonly string[]) => inProcess(['run', ...args, '--ssh-config', ssh]);

  before(async function () {
    if (!envsSupported()) this.skip();
    this.timeout(600_000);
    await ensureSshRoot();
    ssh = sshClient().config;
    dir = mkdtempSync(path.join(tmpdir(), 'sip-ssh-test-'));
  });
  after(async () => {
    for (const t of targets) await t.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('runs the demo plugin: reconcile, then test-only passes; one connection a run; nothing left in /tmp but the copy_script file', async () => {
    const t = await target();
    const r = await sip(['demo', '1.0', '--ssh', t.spec(), '--greeting', 'hi over ssh']);
    expectExit(r, 0);
    expect(t.connections()).to.equal(1);
    expect(readFileSync(t.upper('/etc/sahara-demo/motd'), 'utf8')).to.contain('hi over ssh');
    const check = await sip(['demo', '1.0', '--ssh', t.spec(), '--greeting', 'hi over ssh', '--test-only', '--json']);
    expectExit(check, 0);
    expect(t.connections()).to.equal(2);
    const combined = check.stdout.trim().split('\n').map((l) => JSON.parse(l) as { target: string; exitCode: number; report: { event: string; failed?: number }[] });
    expect(combined).to.have.length(1);
    expect(combined[0]!.target).to.equal(t.spec());
    expect(combined[0]!.exitCode).to.equal(0);
    expect(combined[0]!.report.at(-1)).to.include({ event: 'summary', failed: 0 });
    expect(check.stderr).to.match(/test-only: OK \[\d+ ok, 0 changed, 0 failed\]/);
    expect(leftIn(t, '/tmp')).to.deep.equal(['cluster-env.sh']);
  });

  it('a failing step: the program\'s exit 1 comes back, with its report; the directory is removed', async () => {
    const t = await target();
    const m = manifest('fail', 'validators:\n  - script:\n      breaks:\n        inline: |\n          echo "about to fail"\n          exit 1\n  - script:\n      never:\n        inline: touch /never\n');
    const r = await sip([m, '--ssh', t.spec(), '--report', path.join(dir, 'fail.jsonl')]);
    expectExit(r, 1);
    expect(r.stderr).to.contain('about to fail');
    expect(r.stderr).to.match(/FAILED \(exit 1\)/);
    const report = readFileSync(path.join(dir, 'fail.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { report: { event: string; failed?: number }[] });
    expect(report[0]!.report.at(-1)).to.include({ event: 'summary', failed: 1 });
    expect(existsSync(t.upper('/never'))).to.equal(false);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('an unreachable host: exit 4 with one clear line', async () => {
    const t = await target();
    await t.stop();
    const r = await sip(['demo', '1.0', '--ssh', t.spec(), '--test-only']);
    expectExit(r, EXIT.target);
    expect(r.stderr).to.match(/cannot connect \(.*Connection refused\)/);
    expect(r.stderr).not.to.match(/^\s+at /m);
  });

  it('host keys: a wrong key is refused, an unknown one too unless --accept-new-host-keys; nothing runs', async () => {
    const t = await target({ trusted: false });
    const c = sshClient();
    const m = manifest('mark', 'validators:\n  - script:\n      mark:\n        inline: touch /root/ran\n');
    const unknown = await sip([m, '--ssh', t.spec()]);
    expectExit(unknown, EXIT.target);
    expect(unknown.stderr).to.match(/host key is not in known_hosts.*--accept-new-host-keys/);
    // a different key for this host:port
    const other = mkdtempSync(path.join(tmpdir(), 'sip-otherkey-'));
    const { execFileSync } = await import('node:child_process');
    execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(other, 'k')]);
    const wrong = readFileSync(path.join(other, 'k.pub'), 'utf8').split(' ').slice(0, 2).join(' ');
    const saved = readFileSync(c.knownHosts, 'utf8');
    writeFileSync(c.knownHosts, saved + `[127.0.0.1]:${t.port} ${wrong}\n`);
    const changed = await sip([m, '--ssh', t.spec(), '--accept-new-host-keys']);
    expectExit(changed, EXIT.target);
    expect(changed.stderr).to.match(/host key does not match/);
    expect(existsSync(t.upper('/root/ran'))).to.equal(false);
    writeFileSync(c.knownHosts, saved);
    rmSync(other, { recursive: true, force: true });
    const accepted = await sip([m, '--ssh', t.spec(), '--accept-new-host-keys']);
    expectExit(accepted, 0);
    expect(readFileSync(c.knownHosts, 'utf8')).to.contain(knownHostsLine(t.port).trim().split(' ').slice(1).join(' '));
    expect(existsSync(t.upper('/root/ran'))).to.equal(true);
  });

  it('a non-root user: sudo -n makes it root; a user whose sudo wants a password gets a clear line', async () => {
    const t = await target();
    const m = manifest('whoami', 'validators:\n  - script:\n      who:\n        inline: |\n          echo "uid=$(id -u)"\n          id -u > /root/uid\n');
    const r = await sip([m, '--ssh', t.spec('sip')]);
    expectExit(r, 0);
    expect(r.stderr).to.contain('uid=0');
    expect(readFileSync(t.upper('/root/uid'), 'utf8').trim()).to.equal('0');
    const pw = await sip([m, '--ssh', t.spec('sippw')]);
    expectExit(pw, EXIT.target);
    expect(pw.stderr).to.match(/sippw is not root and sudo wants a password.*NOPASSWD/);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('config files give the SSH user, port, identity and -o options for hosts that name none; BatchMode cannot be set there', async () => {
    const t = await target();
    const m = manifest('who-config', 'validators:\n  - script:\n      who:\n        inline: id -u > /root/uid\n');
    const conf = path.join(dir, 'ssh.conf');
    writeFileSync(conf, `[sahara_image_pack]\nssh_user = sip\nssh_port = ${t.port}\nssh_identity_file = ${sshClient().identity}\nssh_options = ServerAliveCountMax=2\n`);
    const r = await sip([m, '--ssh', '127.0.0.1', '--config-file', conf]);
    expectExit(r, 0);
    expect(t.sshdLog()).to.match(/Accepted publickey for sip from 127\.0\.0\.1/); // ssh_user and the identity file
    expect(readFileSync(t.upper('/root/uid'), 'utf8').trim()).to.equal('0'); // root by sudo -n
    writeFileSync(conf, `[sahara_image_pack]\nssh_port = ${t.port}\nssh_options = BatchMode=no\n`);
    const bad = await sip([m, '--ssh', '127.0.0.1', '--config-file', conf]);
    expectExit(bad, 2);
    expect(bad.stderr).to.match(/BatchMode cannot be set: nothing may prompt/);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('--timeout ends the program on the target too (its processes gone, its directory removed)', async () => {
    const t = await target();
    const marker = 'sleep 4' + String(Math.floor(Math.random() * 90) + 10);
    const m = manifest('slow', `validators:\n  - script:\n      slow:\n        inline: |\n          echo started\n          ${marker}\n          touch /root/finished\n`);
    const t0 = Date.now();
    const r = await sip([m, '--ssh', t.spec(), '--timeout', '1']);
    expectExit(r, EXIT.timeout);
    expect(Date.now() - t0).to.be.lessThan(6000);
    expect(r.stderr).to.contain('started');
    expect(r.stderr).to.match(/did not finish within 1 s \(--timeout\); it was stopped on the target/);
    expect(await processesWith(t, marker)).to.deep.equal([]);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
    expect(existsSync(t.upper('/root/finished'))).to.equal(false);
  });

  it('a script that reads stdin reads nothing, and the steps after it still run (no bash -s)', async () => {
    const t = await target();
    const m = manifest('stdin', 'validators:\n  - script:\n      reader:\n        inline: |\n          got=$(head -c 100)\n          echo "read ${#got} bytes"\n  - script:\n      after:\n        inline: echo after-the-reader\n');
    const r = await sip([m, '--ssh', t.spec()]);
    expectExit(r, 0);
    expect(r.stderr).to.contain('read 0 bytes');
    expect(r.stderr).to.contain('after-the-reader');
  });

  it('a process the program leaves running (holding the connection open) does not keep the run waiting', async () => {
    const t = await target();
    const m = manifest('daemon', 'validators:\n  - script:\n      daemon:\n        inline: |\n          sleep 25 &\n          echo started-a-daemon\n');
    const t0 = Date.now();
    const r = await sip([m, '--ssh', t.spec()]);
    expectExit(r, 0);
    expect(r.stderr).to.contain('started-a-daemon');
    expect(Date.now() - t0).to.be.lessThan(10_000);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('a file planted in /tmp by another user is never run', async () => {
    const t = await target();
    const plant = await t.ssh(
      "runuser -u other -- sh -c 'for f in /tmp/sip.sh /tmp/program.sh /tmp/sip-run.AAAAAAAAAA; do printf \"#!/bin/sh\\ntouch /tmp/PWNED\\n\" > $f; chmod 777 $f; done'",
    );
    expect(plant.code, plant.stderr).to.equal(0);
    const m = manifest('plain', 'validators:\n  - script:\n      plain:\n        inline: echo plain\n');
    const r = await sip([m, '--ssh', t.spec('sip')]);
    expectExit(r, 0);
    expect(existsSync(t.upper('/tmp/PWNED'))).to.equal(false);
    expect(leftIn(t, '/tmp').sort()).to.deep.equal(['program.sh', 'sip-run.AAAAAAAAAA', 'sip.sh']);
  });

  it('a secret reaches the script but no command line on the target, and no output', async () => {
    const t = await target();
    const canary = 'CANARY' + randomBytes(13).toString('hex');
    const m = manifest(
      'secret',
      `arguments:\n  token:\n    description: a secret\n    required: true\n    secret: true\nvalidators:\n  - script:\n      use:\n        env_vars: [token]\n        inline: |\n          [ "\${#token}" -eq 32 ] || { echo "token not received"; exit 1; }\n          n=0; for f in /proc/[0-9]*/cmdline; do c=$(tr '\\\\0' ' ' <"$f" 2>/dev/null) || continue; [[ $c != *"$token"* ]] || n=$((n + 1)); done; echo "$n" > /root/in-cmdlines\n`,
    );
    process.env['SIP_SECRET_token'] = canary;
    let r: CliRun;
    try {
      r = await sip([m, '--ssh', t.spec('sip'), '--json']);
    } finally {
      delete process.env['SIP_SECRET_token'];
    }
    expectExit(r, 0);
    expect(readFileSync(t.upper('/root/in-cmdlines'), 'utf8').trim()).to.equal('0');
    expect(r.stdout + r.stderr).not.to.contain(canary);
  });

  it('fans out: 4 hosts --parallel 4 with one unreachable; the others pass, a table, exit 4, --json one object a host', async () => {
    const good = [await target(), await target(), await target()];
    const bad = await target();
    await bad.stop();
    const m = manifest('quick', 'validators:\n  - script:\n      quick:\n        inline: |\n          sleep 1\n          echo quick\n');
    const hostsFile = path.join(dir, 'hosts');
    writeFileSync(hostsFile, `# the cluster\n${good[0]!.spec()}\n\n${bad.spec()}   # down\n`);
    const t0 = Date.now();
    const r = await sip([m, '--hosts', hostsFile, '--ssh', good[1]!.spec(), '--ssh', good[2]!.spec(), '--parallel', '4', '--json']);
    const took = Date.now() - t0;
    expectExit(r, EXIT.target);
    expect(took, 'in parallel, not one after another (that takes 3 s and more)').to.be.lessThan(2800);
    const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l) as { target: string; exitCode: number });
    // the --ssh targets first, then those of the --hosts files
    expect(rows.map((x) => [x.target, x.exitCode])).to.deep.equal([
      [good[1]!.spec(), 0],
      [good[2]!.spec(), 0],
      [good[0]!.spec(), 0],
      [bad.spec(), EXIT.target],
    ]);
    expect(r.stderr).to.match(/^HOST\s+EXIT\s+OK\s+CHANGED\s+FAILED\s+TIME\s+RESULT$/m);
    expect(r.stderr).to.match(new RegExp(`^${good[1]!.spec()}\\s+0\\s+1\\s+0\\s+0\\s+[0-9.]+ s\\s+passed$`, 'm'));
    expect(r.stderr).to.match(new RegExp(`^${bad.spec()}\\s+4\\s+-\\s+-\\s+-\\s+.*cannot connect`, 'm'));
    expect(r.stderr).to.match(new RegExp(`^${good[2]!.spec()}: quick$`, 'm'));
    expect(r.stderr).to.match(/4 hosts, reconcile: 3 passed, 1 failed/);
    for (const g of good) {
      expect(g.connections()).to.equal(1);
      expect(leftIn(g, '/tmp')).to.deep.equal([]);
    }
  });

  it('Ctrl-C (the abort signal) stops the remote program and cleans up: exit 130', async () => {
    const t = await target();
    const m = manifest('long', 'validators:\n  - script:\n      long:\n        inline: |\n          echo going\n          sleep 37\n');
    const compiled = compileTarget(await resolveTarget(parseArgs([m], RUN_OPTIONS, { allowExtra: true })), new Map());
    if (compiled === undefined) throw new Error('did not compile');
    const abort = new AbortController();
    let out = '';
    const { Writable } = await import('node:stream');
    const progress = new Writable({
      write(c: Buffer, _e, done) {
        out += c.toString();
        if (out.includes('going')) abort.abort();
        done();
      },
    });
    const runner = sshRunner({ spec: t.spec(), host: '127.0.0.1', port: t.port, user: 'root' }, { configFile: ssh }, {});
    const r = await runner.run({ text: compiled.text, label: m, args: [], testOnly: false }, { progress, signal: abort.signal });
    expect(r.exitCode, JSON.stringify(r)).to.equal(EXIT.interrupted);
    expect(await processesWith(t, 'sleep 37')).to.deep.equal([]);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('SIGINT to the CLI process (Ctrl-C) stops the program on the target, cleans up, exit 130', async () => {
    const t = await target();
    const m = manifest('long2', 'validators:\n  - script:\n      long:\n        inline: |\n          echo going\n          sleep 38\n');
    const { spawn } = await import('node:child_process');
    const child = spawn(process.execPath, [path.join(REPO_DIR, 'bin', 'sahara-image-pack.js'), 'run', m, '--ssh', t.spec(), '--ssh-config', ssh], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      if (c.includes('going')) child.kill('SIGINT');
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).to.equal(EXIT.interrupted);
    expect(stderr).to.contain('SIGINT: stopping the run and cleaning up');
    expect(stderr).to.match(/interrupted; the program was stopped on the target and its directory removed/);
    expect(await processesWith(t, 'sleep 38')).to.deep.equal([]);
    expect(leftIn(t, '/tmp')).to.deep.equal([]);
  });

  it('--local runs the same program on this machine (root here: no sudo)', async () => {
    const m = manifest('local', 'validators:\n  - script:\n      here:\n        inline: |\n          echo "local uid=$(id -u) stdin=$(head -c 5 | wc -c)"\n');
    const r = await inProcess(['run', m, '--local', '--test-only']);
    expectExit(r, 0);
    expect(r.stderr).to.contain('local uid=0 stdin=0');
    expect(r.stderr).to.match(/sahara-image-pack: local: .*test-only: OK/);
  });

  it('usage: one kind of target; options of another runner are refused', async () => {
    const a = await inProcess(['run', 'demo', '1.0', '--local', '--ssh', 'h']);
    expectExit(a, 2);
    expect(a.stderr).to.contain('one kind of target');
    const b = await inProcess(['run', 'demo', '1.0', '--local', '--parallel', '3']);
    expectExit(b, 2);
    expect(b.stderr).to.contain('--parallel is for --ssh and --hosts runs');
    const c = await inProcess(['run', 'demo', '1.0', '--ssh', '-oProxyCommand=x']);
    expectExit(c, 2);
    const d = await inProcess(['run', 'demo', '1.0', '--ssh', 'h', '--parallel', '0']);
    expectExit(d, 2);
    const e = await inProcess(['run', 'demo', '1.0', '--image', 'x.qcow2', '--parallel', '3']);
    expectExit(e, 2);
    expect(e.stderr).to.contain('--parallel is for --ssh and --hosts runs');
  });
});
