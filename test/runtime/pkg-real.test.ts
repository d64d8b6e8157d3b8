// Package validators against the REAL tools in the test roots (test/support/envs.ts):
// Debian (dpkg-query, apt-get, apt-cache, a local offline repository) and a RHEL-like root
// (rpm, dnf; yum when dnf is absent). Each test runs in a throwaway overlay session.

import { expect } from 'chai';
import { type RootKind, type RootSession, ensureRoot, envsSupported, openRoot } from '../support/envs.js';
import { packageSteps, program } from './harness.js';

/** A program with one package step per group (LOCATION image.yaml:<n>:3). */
function pkgProgram(...groups: [string, string][][]): string {
  return program({ body: packageSteps(...groups) });
}

/** Wrap a command of the root so that each call is logged to /tmp/<name>.log, then runs the real one. */
const WRAP = (name: string, real: string) =>
  `mkdir -p /usr/local/sbin && printf '%s\\n' '#!/bin/sh' 'printf "%s\\n" "$*" >>/tmp/${name}.log' 'exec ${real} "$@"' >/usr/local/sbin/${name} && chmod 755 /usr/local/sbin/${name}`;

function lines(s: string | undefined): string[] {
  return (s ?? '').split('\n').filter(Boolean);
}

function suite(kind: RootKind, title: string, body: (open: () => Promise<RootSession>) => void): void {
  describe(title, function () {
    this.timeout(300_000);
    const sessions: RootSession[] = [];
    before(async function () {
      if (!envsSupported()) this.skip();
      try {
        await ensureRoot(kind);
      } catch (e) {
        console.warn(`      (skipping: the ${kind} root could not be built: ${String(e).split('\n')[0]})`);
        this.skip();
      }
    });
    after(async () => {
      await Promise.all(sessions.map((s) => s.dispose()));
    });
    body(async () => {
      const s = await openRoot(kind);
      sessions.push(s);
      return s;
    });
  });
}

suite('debian', 'runtime packages (real Debian root: dpkg-query, apt-get)', (open) => {
  it('test-only with a missing package: exit 1 naming it, nothing installed', async () => {
    const s = await open();
    await s.sh(WRAP('apt-get', '/usr/bin/apt-get'));
    const r = await s.run(pkgProgram([['sip-hello', ''], ['sip-tool', '']]), ['--test-only']);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain('missing packages: sip-hello sip-tool');
    expect(r.stderr).to.contain('image.yaml: test-only on debian 12 (family debian)');
    expect(await s.readFile('/tmp/apt-get.log')).to.equal(undefined);
    expect(await s.readFile('/usr/share/sip/sip-hello')).to.equal(undefined);
  });

  it('reconcile installs sip-hello and sip-tool in ONE apt-get call, re-checks, then test-only passes', async () => {
    const s = await open();
    await s.sh(WRAP('apt-get', '/usr/bin/apt-get'));
    const prog = pkgProgram([['sip-hello', ''], ['sip-tool', '']]);
    const r = await s.run(prog);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain('image.yaml:1:3  package sip-hello sip-tool  changed');
    const calls = lines((await s.readFile('/tmp/apt-get.log'))?.toString());
    expect(calls).to.deep.equal([
      '-y -o DPkg::Lock::Timeout=600 -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold install -- sip-hello sip-tool',
    ]);
    expect((await s.readFile('/usr/share/sip/sip-hello'))?.toString()).to.equal('2.0-1\n');
    expect((await s.readFile('/usr/share/sip/sip-tool'))?.toString()).to.equal('1.0-1\n');
    const again = await s.run(prog, ['--test-only']);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.contain('package sip-hello sip-tool  ok');
    const twice = await s.run(prog);
    expect(twice.code).to.equal(0);
    expect(lines((await s.readFile('/tmp/apt-get.log'))?.toString())).to.have.length(1);
  });

  it('versions: "1.0" installs 1.0-1 (not the candidate 2.0-1); 1.0-1 and 1.0 match it, 2.0 does not; epochs', async () => {
    const s = await open();
    const r = await s.run(pkgProgram([['sip-hello', '1.0'], ['sip-world', '3.1']]));
    expect(r.code, r.stderr).to.equal(0);
    expect((await s.readFile('/usr/share/sip/sip-hello'))?.toString()).to.equal('1.0-1\n');
    expect((await s.readFile('/usr/share/sip/sip-world'))?.toString()).to.equal('1:3.1-2\n');
    for (const [name, v, code] of [
      ['sip-hello', '1.0-1', 0],
      ['sip-hello', '1.0', 0],
      ['sip-hello', '2.0', 1],
      ['sip-hello', '1', 1],
      ['sip-world', '1:3.1-2', 0],
      ['sip-world', '3.1-2', 0],
      ['sip-world', '1:3.1', 0],
      ['sip-world', '2:3.1-2', 1],
    ] as const) {
      const t = await s.run(pkgProgram([[name, v]]), ['--test-only']);
      expect(t.code, `${name} ${v}: ${t.stderr}`).to.equal(code);
    }
    // reconcile moves sip-hello to the exact version asked for
    const up = await s.run(pkgProgram([['sip-hello', '2.0-1']]));
    expect(up.code, up.stderr).to.equal(0);
    expect((await s.readFile('/usr/share/sip/sip-hello'))?.toString()).to.equal('2.0-1\n');
  });

  it('dependencies come along (sip-dep pulls sip-hello)', async () => {
    const s = await open();
    const r = await s.run(pkgProgram([['sip-dep', '']]));
    expect(r.code, r.stderr).to.equal(0);
    expect(await s.readFile('/usr/share/sip/sip-hello')).not.to.equal(undefined);
  });

  it('a removed package with config files left (rc) counts as missing, though dpkg -s accepts it', async () => {
    const s = await open();
    const mk = await s.sh(`set -e
d=$(mktemp -d); mkdir -p $d/DEBIAN $d/etc
printf 'Package: sip-conf\\nVersion: 1.0-1\\nArchitecture: all\\nMaintainer: t <t@t.invalid>\\nDescription: conffile test\\n' >$d/DEBIAN/control
echo /etc/sip-conf >$d/DEBIAN/conffiles; echo x >$d/etc/sip-conf
dpkg-deb --build $d /tmp/sip-conf.deb >/dev/null; dpkg -i /tmp/sip-conf.deb >/dev/null; dpkg -r sip-conf >/dev/null
dpkg-query -W -f='\${db:Status-Abbrev}' sip-conf; echo; dpkg -s sip-conf >/dev/null; echo "dpkg -s: $?"`);
    expect(mk.code, mk.stderr).to.equal(0);
    expect(mk.stdout).to.equal('rc \ndpkg -s: 0\n');
    const r = await s.run(pkgProgram([['sip-conf', '']]), ['--test-only']);
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('missing packages: sip-conf');
  });

  it('package lists missing: one apt-get update, then the install', async () => {
    const s = await open();
    await s.sh(`rm -f /var/lib/apt/lists/*_Packages* && ${WRAP('apt-get', '/usr/bin/apt-get')}`);
    const r = await s.run(pkgProgram([['sip-hello', '']], [['sip-tool', '']]));
    expect(r.code, r.stderr).to.equal(0);
    const calls = lines((await s.readFile('/tmp/apt-get.log'))?.toString()).map((c) => c.split(' ').pop());
    expect(calls).to.deep.equal(['update', 'sip-hello', 'sip-tool']);
  });

  it('an unknown package: the install fails, the lists are refreshed once, the step fails naming it', async () => {
    const s = await open();
    await s.sh(WRAP('apt-get', '/usr/bin/apt-get'));
    const r = await s.run(pkgProgram([['sip-nope', '']], [['sip-nope2', '']]));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('could not install: sip-nope (installer status 100)');
    const calls = lines((await s.readFile('/tmp/apt-get.log'))?.toString()).map((c) => c.split(' ').pop());
    expect(calls).to.deep.equal(['sip-nope', 'update', 'sip-nope']);
  });

  it('300 packages: one apt-get install; then test-only reads the database once (timing printed)', async () => {
    const s = await open();
    const names = Array.from({ length: 300 }, (_, i) => `sip-p${String(i + 1).padStart(3, '0')}`);
    const prog = pkgProgram(names.map((n) => [n, '']));
    await s.sh(WRAP('apt-get', '/usr/bin/apt-get'));
    const r = await s.run(prog);
    expect(r.code, r.stderr.slice(-2000)).to.equal(0);
    expect(lines((await s.readFile('/tmp/apt-get.log'))?.toString())).to.have.length(1);
    await s.sh(WRAP('dpkg-query', '/usr/bin/dpkg-query'));
    const t = await s.run(prog, ['--test-only']);
    expect(t.code, t.stderr).to.equal(0);
    expect(lines((await s.readFile('/tmp/dpkg-query.log'))?.toString())).to.have.length(1);
    // Timing (informative): the program's whole run vs one dpkg-query -W of the 300 names.
    const bench = await s.sh(`rm -f /usr/local/sbin/dpkg-query
TIMEFORMAT=%R
best() { local b=999 t i; for i in 1 2 3 4 5; do t=$( { time "$@" >/dev/null 2>&1; } 2>&1 ); [[ $(echo "$t < $b" | awk '{print ($1 < $3)}') == 1 ]] && b=$t; done; printf '%s' "$b"; }
printf 'program %s\\n' "$(best bash /root/prog.sh --test-only)"
printf 'dpkg-query %s\\n' "$(best dpkg-query -W ${names.join(' ')})"
printf 'dpkg-query-all %s\\n' "$(best dpkg-query -W -f='\${Package}\\t\${Architecture}\\t\${db:Status-Abbrev}\\t\${Version}\\n')"`);
    console.log(`      timing (best of 5, s): ${bench.stdout.trim().replace(/\n/g, ', ')}`);
  });
});

suite('rhel', 'runtime packages (real RHEL-like root: rpm, dnf, yum)', (open) => {
  it('test-only with a missing package: exit 1 naming it', async () => {
    const s = await open();
    const r = await s.run(pkgProgram([['sip-hello', '1.0'], ['sip-tool', '']]), ['--test-only']);
    expect(r.code, r.stderr).to.equal(1);
    expect(r.stderr).to.contain('image.yaml: test-only on rocky 9 (family redhat)');
    expect(r.stderr).to.contain('missing packages: sip-hello-1.0 sip-tool');
  });

  it('reconcile with dnf: name-version specs, one call, re-check; then test-only passes', async () => {
    const s = await open();
    await s.sh(WRAP('dnf', '/usr/bin/dnf-3'));
    const prog = pkgProgram([['sip-hello', '1.0'], ['sip-tool', '']]);
    const r = await s.run(prog);
    expect(r.code, r.stderr).to.equal(0);
    expect(lines((await s.readFile('/tmp/dnf.log'))?.toString())).to.deep.equal(['-y install -- sip-hello-1.0 sip-tool']);
    const q = await s.sh('rpm -q sip-hello sip-tool');
    expect(q.stdout).to.equal('sip-hello-1.0-1.noarch\nsip-tool-1.0-1.noarch\n');
    for (const [n, v, code] of [
      ['sip-hello', '1.0-1', 0],
      ['sip-hello', '0:1.0-1', 0],
      ['sip-hello-1.0', '', 0],
      ['sip-hello', '2.0', 1],
    ] as const) {
      const t = await s.run(pkgProgram([[n, v]]), ['--test-only']);
      expect(t.code, `${n} ${v}: ${t.stderr}`).to.equal(code);
    }
  });

  it('no dnf: yum is used', async () => {
    const s = await open();
    const hide = await s.sh(`rm -f /usr/bin/dnf /usr/bin/yum && ${WRAP('yum', '/usr/bin/dnf-3')}`);
    expect(hide.code, hide.stderr).to.equal(0);
    const r = await s.run(pkgProgram([['sip-tool', '']]));
    expect(r.code, r.stderr).to.equal(0);
    expect(lines((await s.readFile('/tmp/yum.log'))?.toString())).to.deep.equal(['-y install -- sip-tool']);
    expect((await s.sh('rpm -q sip-tool')).stdout).to.equal('sip-tool-1.0-1.noarch\n');
  });

  it('an installer that exits 0 without installing is caught by the re-check', async () => {
    const s = await open();
    await s.sh(`rm -f /usr/bin/dnf && printf '#!/bin/sh\\nexit 0\\n' >/usr/local/sbin/dnf && chmod 755 /usr/local/sbin/dnf`);
    const r = await s.run(pkgProgram([['sip-tool', '']]));
    expect(r.code).to.equal(1);
    expect(r.stderr).to.contain('could not install: sip-tool (installer status 0)');
  });
});
