// compile --format ansible and --format packer, run for real: Debian's ansible-playbook and
// packer (1.6.6, null builder + SSH communicator) against sshd targets on 127.0.0.1
// (test/support/ssh-targets.ts).
import { expect } from 'chai';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { inProcess } from '../cli/run-cli.js';
import { envsSupported } from '../support/envs.js';
import { ensureSshRoot, leftIn, sshClient, startTarget, type SshTarget } from '../support/ssh-targets.js';

interface Proc {
  code: number | null;
  stdout: string;
  stderr: string;
}

function exec(cmd: string, args: readonly string[], env: Record<string, string> = {}): Promise<Proc> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => (stderr += c));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function onPath(tool: string): boolean {
  return (process.env['PATH'] ?? '').split(':').some((d) => existsSync(path.join(d, tool)));
}

describe('fleet formats: compile --format ansible / packer, run for real', function () {
  this.timeout(120_000);
  let dir: string;
  const targets: SshTarget[] = [];
  const target = async () => {
    const t = await startTarget();
    targets.push(t);
    return t;
  };
  const write = (name: string, text: string) => {
    const f = path.join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  // a script body with what Jinja, HCL and Go templates would each rewrite
  const bracesManifest = () =>
    write(
      'braces.yaml',
      "validators:\n  - script:\n      braces:\n        inline: |\n          printf '%s\\n' 'literal {{ .Path }} {% raw %} ${HOME} %{x}' > /root/braces\n          id -u > /root/ran-as\n",
    );

  before(async function () {
    if (!envsSupported()) this.skip();
    this.timeout(600_000);
    await ensureSshRoot();
    dir = mkdtempSync(path.join(tmpdir(), 'sip-fleet-'));
  });
  after(async () => {
    for (const t of targets) await t.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('compile --format ansible and packer are deterministic', async () => {
    for (const format of ['ansible', 'packer']) {
      const a = await inProcess(['compile', 'demo', '1.0', '--format', format, '--set', 'greeting=hi {{ x }}']);
      const b = await inProcess(['compile', 'demo', '1.0', '--format', format, '--set', 'greeting=hi {{ x }}']);
      expect(a.code, a.stderr).to.equal(0);
      expect(a.stdout).to.equal(b.stdout);
    }
  });

  describe('ansible', function () {
    before(function () {
      if (!onPath('ansible-playbook')) this.skip();
    });
    const playbook = async (args: readonly string[], file: string) => {
      const r = await inProcess(['compile', ...args, '--format', 'ansible', '-o', file]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain('ansible-playbook -i INVENTORY');
      return file;
    };
    const inventory = (hosts: readonly [string, SshTarget, string][]) =>
      write(
        'inventory.ini',
        ['[cluster]', ...hosts.map(([name, t, user]) => `${name} ansible_host=127.0.0.1 ansible_port=${t.port} ansible_user=${user}`), '[cluster:vars]', `ansible_ssh_common_args='-F ${sshClient().config}'`, ''].join('\n'),
      );
    const ansible = (inv: string, pb: string, extra: readonly string[] = [], env: Record<string, string> = {}) =>
      exec('ansible-playbook', ['-i', inv, pb, '-e', `sip_report_dir=${path.join(dir, 'reports')}`, ...extra], {
        ANSIBLE_NOCOLOR: '1',
        ANSIBLE_HOST_KEY_CHECKING: 'True',
        ANSIBLE_LOCAL_TEMP: path.join(dir, 'ansible-local'),
        ANSIBLE_PYTHON_INTERPRETER: '/usr/bin/python3',
        ...env,
      });
    const summary = (host: string) => {
      const lines = readFileSync(path.join(dir, 'reports', `${host}.jsonl`), 'utf8').trim().split('\n');
      return JSON.parse(lines.at(-1)!) as { event: string; exit_code: number; changed: number; failed: number; mode: string };
    };

    it('the demo playbook reconciles two hosts (root, and a sudo user), then checks them; reports fetched; nothing left in /tmp', async () => {
      const a = await target();
      const b = await target();
      const pb = await playbook(['demo', '1.0', '--set', 'greeting=hi from ansible'], path.join(dir, 'demo.yml'));
      const inv = inventory([
        ['a', a, 'root'],
        ['b', b, 'sip'],
      ]);
      const r = await ansible(inv, pb);
      expect(r.code, r.stdout + r.stderr).to.equal(0);
      expect(r.stdout).to.match(/a\s+: ok=\d+\s+changed=1\s+unreachable=0\s+failed=0/);
      for (const [host, t] of [
        ['a', a],
        ['b', b],
      ] as const) {
        expect(summary(host)).to.include({ event: 'summary', exit_code: 0, mode: 'reconcile' });
        expect(readFileSync(t.upper('/etc/sahara-demo/motd'), 'utf8')).to.contain('hi from ansible');
        expect(leftIn(t, '/tmp').filter((f) => f !== 'cluster-env.sh')).to.deep.equal([]);
      }
      const check = await ansible(inv, pb, ['-e', 'sip_test_only=true']);
      expect(check.code, check.stdout + check.stderr).to.equal(0);
      expect(check.stdout).to.match(/b\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0/);
      expect(summary('b')).to.include({ exit_code: 0, mode: 'test-only', changed: 0 });
    });

    it('a failing program fails its host (and only it), with its report; template text in scripts is left alone; secrets reach the script only', async () => {
      const good = await target();
      const bad = await target();
      await bad.ssh('mkdir -p /etc/sip && touch /etc/sip/broken');
      const canary = 'CANARY' + randomBytes(13).toString('hex');
      const m = write(
        'fleet.yaml',
        [
          'arguments:',
          '  token:',
          '    description: a secret',
          '    required: true',
          '    secret: true',
          'validators:',
          '  - script:',
          '      braces:',
          '        inline: |',
          "          printf '%s\\n' 'literal {{ inventory_hostname }} {% raw %} ${HOME} %{x}' > /root/braces",
          '  - script:',
          '      secret:',
          '        env_vars: [token]',
          '        inline: |',
          '          [ "${#token}" -eq 32 ] || { echo "token not received"; exit 1; }',
          '          echo "$token" > /root/token',
          '  - script:',
          '      broken:',
          '        inline: |',
          '          if [ -e /etc/sip/broken ]; then echo "this host is broken"; exit 1; fi',
          '',
        ].join('\n'),
      );
      const pb = await playbook([m], path.join(dir, 'fleet.yml'));
      expect(readFileSync(pb, 'utf8')).not.to.contain(canary);
      const inv = inventory([
        ['good', good, 'root'],
        ['bad', bad, 'sip'],
      ]);
      const r = await ansible(inv, pb, ['-v'], { SIP_SECRET_token: canary });
      expect(r.code, r.stdout + r.stderr).to.equal(2);
      expect(r.stdout).to.match(/good\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=0/);
      expect(r.stdout).to.match(/bad\s+: ok=\d+\s+changed=0\s+unreachable=0\s+failed=1/);
      expect(readFileSync(good.upper('/root/braces'), 'utf8')).to.equal('literal {{ inventory_hostname }} {% raw %} ${HOME} %{x}\n');
      expect(r.stdout + r.stderr).not.to.contain(canary);
      expect(readFileSync(good.upper('/root/token'), 'utf8').trim()).to.equal(canary);
      expect(summary('good')).to.include({ exit_code: 0 });
      expect(summary('bad')).to.include({ exit_code: 1, failed: 1 });
      expect(leftIn(bad, '/tmp')).to.deep.equal([]);
    });
  });

  describe('packer', function () {
    before(function () {
      if (!onPath('packer')) this.skip();
    });

    it('packer validate accepts a template with the block; a null-builder build over SSH runs the program (sudo user), byte for byte', async () => {
      const t = await target();
      const m = bracesManifest();
      const work = mkdtempSync(path.join(dir, 'packer-'));
      const prog = await inProcess(['compile', m, '-o', path.join(work, 'image.sh')]);
      expect(prog.code, prog.stderr).to.equal(0);
      const block = await inProcess(['compile', m, '--format', 'packer']);
      expect(block.code, block.stderr).to.equal(0);
      const template = path.join(work, 'build.pkr.hcl');
      writeFileSync(
        template,
        [
          'source "null" "target" {',
          '  ssh_host             = "127.0.0.1"',
          `  ssh_port             = ${t.port}`,
          '  ssh_username         = "sip"',
          `  ssh_private_key_file = "${sshClient().identity}"`,
          '}',
          'build {',
          '  sources = ["source.null.target"]',
          block.stdout,
          '}',
          '',
        ].join('\n'),
      );
      const env = { CHECKPOINT_DISABLE: '1', PACKER_CACHE_DIR: path.join(work, 'cache'), PACKER_CONFIG_DIR: work, PACKER_NO_COLOR: '1' };
      const v = await exec('packer', ['validate', template], env);
      expect(v.code, v.stdout + v.stderr).to.equal(0);
      const b = await exec('packer', ['build', '-color=false', template], env);
      expect(b.code, b.stdout + b.stderr).to.equal(0);
      expect(readFileSync(t.upper('/root/braces'), 'utf8')).to.equal('literal {{ .Path }} {% raw %} ${HOME} %{x}\n');
      expect(readFileSync(t.upper('/root/ran-as'), 'utf8').trim()).to.equal('0');
      expect(leftIn(t, '/tmp')).to.deep.equal([]);
    });
  });
});
