// The hardening suite, part 4: faults, in the Debian test root (each case one command: its
// mounts live in that run's private mount namespace). A clear result, no temp files left, the
// exit status as specified (SPEC §3: 1 when a validator could not be satisfied). SIGINT,
// SIGTERM and SIGHUP to the program are in test/runtime/tmp.test.ts.
import { expect } from 'chai';
import { compileYaml, describeRoot, expectCode, tmpLeftovers } from './support.js';

const PKG = (name: string) => `validators:\n  - package: ${name}\n`;
const SCRIPT = `validators:\n  - script: s.sh\n  - script: after.sh\n`;
const SUMMARY = "tail -n1 /root/r.jsonl | sed -n 's/.*\"exit_code\":\\([0-9]*\\).*/\\1/p'";

/** Hold apt's frontend lock (an fcntl lock, as apt and dpkg take it) for SECS seconds. */
const HOLD_LOCK = (secs: number) =>
  `perl -e 'use Fcntl; open(my $f, ">>", "/var/lib/dpkg/lock-frontend") or die; ` +
  `my $l = pack("s s x4 q q i x4", F_WRLCK, 0, 0, 0, 0); fcntl($f, F_SETLKW, $l) or die "lock: $!"; ` +
  `open(my $o, ">", "/root/locked"); close $o; sleep ${secs}' &`;

describeRoot('e2e faults: killed scripts, full disks, a held dpkg lock, a mirror that is down', 'debian', (session) => {
  it('a script killed mid-run (SIGKILL): the step fails with the signal named, exit 1, nothing after it runs, no temp files', async () => {
    const s = session();
    const prog = compileYaml(SCRIPT, { 's.sh': '#!/bin/bash\necho started\nkill -9 $$\n', 'after.sh': '#!/bin/bash\ntouch /root/after-ran\n' });
    const r = await s.run(prog, ['--report', '/root/r.jsonl']);
    expectCode(r, 1);
    expect(r.stderr).to.contain('started').and.match(/script s\.sh .*(signal|status 137)/);
    expect(await s.readFile('/root/after-ran')).to.equal(undefined);
    expect((await s.sh(SUMMARY)).stdout.trim()).to.equal('1');
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });

  it('a full /tmp (a 1 MB tmpfs, filled): the step fails saying it cannot write the script, exit 1, nothing left in it', async () => {
    const s = session();
    const prog = compileYaml(SCRIPT, { 's.sh': '#!/bin/bash\necho hi\n', 'after.sh': '#!/bin/bash\ntrue\n' });
    await s.run(prog, ['--help']); // puts the program at /root/prog.sh
    const r = await s.sh(
      'mount -t tmpfs -o size=1m tmpfs /tmp && (dd if=/dev/zero of=/tmp/fill bs=64k 2>/dev/null; true) && ' +
        'bash /root/prog.sh; rc=$?; echo "rc=$rc"; ls -A /tmp',
    );
    const rc = Number(/rc=(\d+)/.exec(r.stdout)![1]);
    expect(rc, r.stderr).to.equal(1);
    expect(r.stderr).to.contain('cannot write the script s.sh to /tmp/sip.').and.match(/script s\.sh +FAILED/);
    expect(r.stdout.trim().split('\n').slice(1)).to.deep.equal(['fill']);
  });

  it('a full package cache (a filled 64 KB tmpfs as /var/cache/apt): exit 1 with apt\'s reason, the package not installed', async () => {
    const s = session();
    await s.run(compileYaml(PKG('sip-tool')), ['--help']);
    const r = await s.sh(
      'mount -t tmpfs -o size=64k tmpfs /var/cache/apt && mkdir -p /var/cache/apt/archives/partial && ' +
        '(dd if=/dev/zero of=/var/cache/apt/fill bs=4k 2>/dev/null; true) && ' +
        "bash /root/prog.sh --report /root/r.jsonl; echo \"rc=$?\"; dpkg-query -W -f '${db:Status-Abbrev}' sip-tool 2>/dev/null; echo",
    );
    expect(r.stdout, r.stderr).to.contain('rc=1');
    expect(r.stdout).to.not.match(/^ii/m);
    expect(r.stderr).to.match(/No space left on device/).and.match(/package sip-tool +FAILED/);
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });

  it('the dpkg lock held by another process for 3 s: the program waits for it, then installs (exit 0)', async () => {
    const s = session();
    await s.run(compileYaml(PKG('sip-hello')), ['--help']);
    const r = await s.sh(`${HOLD_LOCK(3)}\nfor i in $(seq 50); do [ -e /root/locked ] && break; sleep 0.1; done\nt0=$SECONDS; bash /root/prog.sh; echo "rc=$? waited=$((SECONDS - t0))"`);
    expect(r.stdout, r.stderr).to.match(/rc=0 waited=[2-9]/);
    expect((await s.sh("dpkg-query -W -f '${db:Status-Abbrev}' sip-hello")).stdout).to.match(/^ii/);
  });

  it('a package mirror that is down (lists missing, the source unreachable): exit 1 naming the package, no temp files', async () => {
    const s = session();
    await s.run(compileYaml(PKG('sip-world')), ['--help']);
    const r = await s.sh(
      "printf 'deb [trusted=yes] http://127.0.0.1:9/debian ./\\n' >/etc/apt/sources.list && rm -f /var/lib/apt/lists/*Packages && " +
        'bash /root/prog.sh --report /root/r.jsonl; echo "rc=$?"',
    );
    expect(r.stdout, r.stderr).to.contain('rc=1');
    expect(r.stderr).to.match(/package sip-world +FAILED/);
    expect((await s.sh(SUMMARY)).stdout.trim()).to.equal('1');
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });
});
