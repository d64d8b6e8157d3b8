/**
 * The image runner on real qcow2 images through libguestfs (TCG): few runs, each 15-30 s, each
 * checking several promises at once. The CLI runs as a real process (bin/, the built dist/),
 * as a user runs it. Every image is a private copy; SIP_STATE_DIR is private to this file.
 */
import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ensureImage, envsSupported, REPO_DIR, cacheDir } from '../support/envs.js';

const BIN = path.join(REPO_DIR, 'bin', 'sahara-image-pack.js');
const haveGuestfish = spawnSync('sh', ['-c', 'command -v guestfish && command -v qemu-img'], { stdio: 'ignore' }).status === 0;
const d = envsSupported() && haveGuestfish && !process.env.SIP_SKIP_IMAGE_TESTS ? describe : describe.skip;

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

let work = '';
let stateDir = '';

/** Run the CLI; `onLine` sees each stderr line as it comes and may return 'kill' or 'int' to signal it. */
function sip(args: readonly string[], onLine?: (line: string) => 'kill' | 'int' | void): Promise<Run> {
  return sipEnv(args, {}, onLine);
}

function sipEnv(args: readonly string[], extraEnv: Readonly<Record<string, string>>, onLine?: (line: string) => 'kill' | 'int' | void): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: REPO_DIR,
      env: { ...process.env, SIP_STATE_DIR: stateDir, NO_COLOR: '1', ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let rest = '';
    child.stdout.setEncoding('utf8').on('data', (c: string) => (stdout += c));
    child.stderr.setEncoding('utf8').on('data', (c: string) => {
      stderr += c;
      rest += c;
      let nl: number;
      while ((nl = rest.indexOf('\n')) >= 0) {
        const line = rest.slice(0, nl);
        rest = rest.slice(nl + 1);
        const act = onLine?.(line);
        if (act === 'kill') child.kill('SIGKILL');
        if (act === 'int') child.kill('SIGINT');
      }
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

function expectExit(r: Run, code: number): void {
  expect(r.code, `exit ${r.code} (signal ${r.signal}), expected ${code}\n--- stderr\n${r.stderr}\n--- stdout\n${r.stdout}`).to.equal(code);
}

function sha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** sha256 and mtime of a file: what "byte-identical" is checked against. */
function fingerprint(file: string): { sha: string; mtimeMs: number } {
  return { sha: sha256(file), mtimeMs: statSync(file).mtimeMs };
}

function copyImage(from: string, name: string): string {
  const to = path.join(work, name);
  copyFileSync(from, to);
  return to;
}

function manifest(name: string, yaml: string): string {
  const file = path.join(work, name);
  writeFileSync(file, yaml);
  return file;
}

d('image runner (libguestfs under TCG)', function () {
  this.timeout(240_000);
  let base = '';
  let odd = '';

  before(async function () {
    this.timeout(600_000);
    base = await ensureImage();
    const r = spawnSync('bash', [path.join(REPO_DIR, 'test/envs/build-odd-images.sh'), cacheDir()], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`build-odd-images.sh failed: ${r.stderr}`);
    odd = r.stdout.trim().split('\n').pop() ?? '';
    work = mkdtempSync(path.join(tmpdir(), 'sip-image-test-'));
    stateDir = path.join(work, 'state');
    mkdirSync(stateDir);
  });

  after(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  describe('bad input: one line, its own exit status, nothing started', () => {
    it('a missing file, a directory, a text file and a read-only image for reconcile', async () => {
      const cases: [string[], number, RegExp][] = [
        [['--image', path.join(work, 'missing.qcow2')], 4, /missing\.qcow2: no such image file/],
        [['--image', work], 4, /is a directory, not a disk image/],
        [['--image', path.join(odd, 'not-an-image.img')], 4, /is not a disk image: no partition table and no Linux file system/],
      ];
      const ro = copyImage(path.join(odd, 'no-root.qcow2'), 'ro.qcow2');
      chmodSync(ro, 0o444);
      cases.push([['--image', ro], 4, /is read-only: a reconcile run commits its changes into it/]);
      for (const [args, code, message] of cases) {
        const r = await sip(['run', 'demo', '1.0', ...args]);
        expectExit(r, code);
        expect(r.stderr).to.match(message);
        expect(r.stderr).not.to.match(/starting the libguestfs appliance|\n\s+at /);
        expect(r.stderr.trim().split('\n').at(-1)).to.match(/^sahara-image-pack: .*ERROR \(exit 4\)/);
      }
    });

    it('an image held by another qemu (a running VM) is refused as busy', async () => {
      const img = copyImage(path.join(odd, 'no-root.qcow2'), 'busy.qcow2');
      const sock = path.join(work, 'nbd.sock');
      const nbd = spawn('qemu-nbd', ['--persistent', '--socket', sock, '--format', 'qcow2', img], { stdio: 'ignore' });
      try {
        for (let i = 0; i < 50 && !existsSync(sock); i++) await new Promise((r) => setTimeout(r, 100));
        const r = await sip(['run', 'demo', '1.0', '--image', img, '--test-only']);
        expectExit(r, 5);
        expect(r.stderr).to.match(/is in use: another program \(a running VM\?\) holds qemu's lock on it/);
      } finally {
        nbd.kill('SIGKILL');
      }
    });

    it('an appliance that cannot start, or stalls past --launch-timeout, ends with exit 6 naming force_tcg', async () => {
      const img = copyImage(base, 'launch.qcow2');
      const before = fingerprint(img);
      // KVM forced on a host whose KVM cannot run the appliance (these machines: kvm_pvm)
      const kvmUsable = !existsSync('/sys/module/kvm_pvm') && existsSync('/dev/kvm');
      if (!kvmUsable && existsSync('/dev/kvm')) {
        const forced = await sipEnv(['run', 'demo', '1.0', '--image', img, '--test-only', '--launch-timeout', '60'], { LIBGUESTFS_BACKEND_SETTINGS: 'force_kvm' });
        expectExit(forced, 6);
        expect(forced.stderr.trim().split('\n').at(-1)).to.match(/libguestfs appliance (could not start|did not start within 60 s).*LIBGUESTFS_BACKEND_SETTINGS=force_tcg/);
      }
      const stalled = await sip(['run', 'demo', '1.0', '--image', img, '--test-only', '--launch-timeout', '0.5']);
      expectExit(stalled, 6);
      expect(stalled.stderr.trim().split('\n').at(-1)).to.match(/the libguestfs appliance did not start within 0\.5 s/);
      expect(fingerprint(img)).to.deep.equal(before);
      expect(readdirSync(stateDir).filter((f) => f.endsWith('.qcow2'))).to.deep.equal([]);
    });

    it('an unknown manifest argument is refused before the appliance starts', async () => {
      const r = await sip(['run', 'demo', '1.0', '--image', base, '--test-only', '--greting', 'x']);
      expectExit(r, 2);
      expect(r.stderr).to.match(/unknown argument --greting/);
      expect(r.stderr).not.to.match(/appliance/);
    });
  });

  it('test-only leaves a read-only image byte-identical, on pass and on fail, and brings back exit status and report', async () => {
    const img = copyImage(base, 'test-only.qcow2');
    chmodSync(img, 0o444);
    const before = fingerprint(img);
    const ok = manifest('ok.yaml', 'validators:\n  - package: [coreutils, bash]\n  - script: {probe: {inline: "touch /root/written-in-test-only; echo probe says hi >&2"}}\n');
    const pass = await sip(['run', ok, '--image', img, '--test-only', '--json']);
    expectExit(pass, 0);
    expect(pass.stderr).to.match(/probe says hi/);
    const events = pass.stdout.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events.at(-1)).to.include({ event: 'summary', exit_code: 0, mode: 'test-only', distro: 'debian' });
    expect(events.filter((e) => e['event'] === 'validator')).to.have.length(2);
    expect(pass.stderr.trim().split('\n').at(-1)).to.match(/ok\.yaml, test-only: OK \[2 ok, 0 changed, 0 failed\] in \d+\.\d s$/);
    expect(fingerprint(img)).to.deep.equal(before);

    const report = path.join(work, 'fail.jsonl');
    const fail = await sip(['run', 'demo', '1.0', '--image', img, '--test-only', '--report', report]);
    expectExit(fail, 1);
    expect(fail.stderr).to.match(/missing packages: sahara-demo-tools/);
    expect(readFileSync(report, 'utf8')).to.match(/"event":"summary".*"exit_code":1/);
    expect(fingerprint(img)).to.deep.equal(before);
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.qcow2'))).to.deep.equal([]);
  });

  it('reconcile commits on success, refuses a concurrent run, and leaves nothing of the run in the image', async () => {
    const img = copyImage(base, 'reconcile.qcow2');
    const before = sha256(img);
    let second: Promise<Run> | undefined;
    const first = await sip(['run', 'demo', '1.0', '--image', img], (line) => {
      if (second === undefined && /starting the libguestfs appliance/.test(line)) second = sip(['run', 'demo', '1.0', '--image', img, '--test-only']);
    });
    expectExit(first, 0);
    expect(first.stderr).to.match(/committing the changes into the image/);
    expect(sha256(img)).not.to.equal(before);
    const refused = await second!;
    expectExit(refused, 5);
    expect(refused.stderr).to.match(/is locked by another run \(sahara-image-pack pid \d+, demo 1\.0/);

    // the demo plugin is satisfied now, and nothing of the runs is left in the image
    const again = await sip(['run', 'demo', '1.0', '--image', img, '--test-only']);
    expectExit(again, 0);
    const clean = manifest(
      'clean.yaml',
      `validators:
  - script:
      leftovers:
        inline: |
          set -u
          n=$(find /tmp -maxdepth 1 -name 'sip-run.*' | wc -l)
          [ "$n" -eq 1 ] || { echo "sip-run dirs in /tmp: $n"; exit 1; }
          [ ! -e /tmp/builder.log ] || { echo "builder.log left"; exit 1; }
          ! ls /etc/.resolv.conf.sip-* 2>/dev/null || { echo "resolv.conf backup left"; exit 1; }
          [ -f /etc/resolv.conf ] && [ ! -s /etc/resolv.conf ] || { echo "resolv.conf changed"; exit 1; }
          [ -s /etc/sahara-demo/motd ] || { echo "demo motd missing"; exit 1; }
`,
    );
    const check = await sip(['run', clean, '--image', img, '--test-only']);
    expectExit(check, 0);
  });

  it('a failing reconcile (exit 3 on an unsupported system) changes nothing, and its report comes back', async () => {
    const img = copyImage(base, 'fail.qcow2');
    const before = fingerprint(img);
    const m = manifest('partial.yaml', 'validators:\n  - script: {partial: {inline: "echo partial > /root/partial"}}\n  - package: sip-hello\n');
    const report = path.join(work, 'unsupported.jsonl');
    const r = await sip(['run', m, '--image', img, '--distro', 'plan9', '--report', report]);
    expectExit(r, 3);
    expect(r.stderr).to.match(/FAILED \(exit 3\)/);
    expect(readFileSync(report, 'utf8')).to.match(/"event":"summary".*"exit_code":3/);
    expect(fingerprint(img)).to.deep.equal(before);
  });

  it('several roots: listed and refused without a choice; with --root-filesystem only that root changes; a secret never lands in the image', async () => {
    const img = copyImage(path.join(odd, 'two-roots.qcow2'), 'two-roots.qcow2');
    const m = manifest(
      'mark.yaml',
      `arguments:
  token:
    description: A secret the script needs.
    required: true
    secret: true
validators:
  - script:
      mark:
        env_vars: [token]
        inline: |
          [ "\${#token}" -eq 32 ] || { echo "token not received"; exit 1; }
          echo marked > /root/marker
`,
    );
    const canary = 'CANARY' + randomBytes(13).toString('hex'); // 32 characters
    const listing = await sipEnv(['run', m, '--image', img, '--test-only'], { SIP_SECRET_token: canary });
    expectExit(listing, 2);
    expect(listing.stderr).to.match(/has 2 Linux roots:\n\s+\/dev\/sda1\s+Debian GNU\/Linux 12 \(bookworm\) \(ext4\)\n\s+\/dev\/sda2\s+Sahara Test B 12 \(ext4\)\n/);
    expect(listing.stderr).to.match(/choose one with --root-filesystem DEVICE/);

    const before = partitionHashes(img);
    const report = path.join(work, 'secret.jsonl');
    const r = await sipEnv(['run', m, '--image', img, '--root-filesystem', '/dev/vda2', '--report', report], { SIP_SECRET_token: canary });
    expectExit(r, 0);
    expect(r.stderr).to.match(/root \/dev\/sda2: Sahara Test B 12/);
    const after = partitionHashes(img, canary);
    expect(after[0], 'the other root, /dev/sda1').to.equal(before[0]);
    expect(after[1], 'the chosen root, /dev/sda2').not.to.equal(before[1]);
    expect(r.stderr + r.stdout + readFileSync(report, 'utf8')).not.to.contain(canary);
  });

  it('the runner killed with SIGKILL leaves the image intact; the next run removes its overlay; --timeout and Ctrl-C stop cleanly', async () => {
    const img = copyImage(base, 'killed.qcow2');
    const before = fingerprint(img);
    const m = manifest('sleepy.yaml', 'validators:\n  - script: {slow: {inline: "echo changed > /root/changed; echo started sleeping >&2; sleep 120"}}\n');
    const killed = await sip(['run', m, '--image', img], (line) => (/started sleeping/.test(line) ? 'kill' : undefined));
    expect(killed.signal).to.equal('SIGKILL');
    expect(fingerprint(img)).to.deep.equal(before);
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.qcow2'))).to.have.length(1);

    const timedOut = await sip(['run', m, '--image', img, '--timeout', '3']);
    expectExit(timedOut, 7);
    expect(timedOut.stderr).to.match(/the program did not finish within 3 s \(--timeout\); the image is unchanged/);
    expect(timedOut.stderr).to.match(/removed the overlay of an interrupted run/);
    expect(fingerprint(img)).to.deep.equal(before);

    const interrupted = await sip(['run', m, '--image', img], (line) => (/started sleeping/.test(line) ? 'int' : undefined));
    expectExit(interrupted, 130);
    expect(interrupted.stderr).to.match(/interrupted; the image is unchanged/);
    expect(fingerprint(img)).to.deep.equal(before);
    expect(readdirSync(stateDir).filter((f) => f.endsWith('.qcow2'))).to.deep.equal([]);
  });

  it('an image with no Linux root, and one whose file system is full: one line each, exit 4, unchanged', async () => {
    for (const [name, message] of [
      ['no-root.qcow2', /has no Linux root file system/],
      ['full.qcow2', /the image's file system is full \(.*No space left on device\)/],
    ] as const) {
      const img = copyImage(path.join(odd, name), `odd-${name}`);
      const before = fingerprint(img);
      const r = await sip(['run', 'demo', '1.0', '--image', img]);
      expectExit(r, 4);
      expect(r.stderr.trim().split('\n').at(-1)).to.match(message);
      expect(fingerprint(img)).to.deep.equal(before);
    }
  });
});

/** sha256 of each MBR partition's bytes, read through qemu-img as raw; fails when the image holds `canary`. */
function partitionHashes(img: string, canary?: string): string[] {
  const raw = path.join(work, 'parts.raw');
  const c = spawnSync('qemu-img', ['convert', '-f', 'qcow2', '-O', 'raw', img, raw]);
  if (c.status !== 0) throw new Error(`qemu-img convert: ${String(c.stderr)}`);
  const sf = spawnSync('sfdisk', ['--json', raw], { encoding: 'utf8' });
  const parts = (JSON.parse(sf.stdout) as { partitiontable: { partitions: { start: number; size: number }[] } }).partitiontable.partitions;
  const bytes = readFileSync(raw);
  rmSync(raw);
  if (canary !== undefined) expect(bytes.indexOf(canary), 'the secret is in the image').to.equal(-1);
  return parts.map((p) => createHash('sha256').update(bytes.subarray(p.start * 512, (p.start + p.size) * 512)).digest('hex'));
}
