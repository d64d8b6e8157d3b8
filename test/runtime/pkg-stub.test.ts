// Package validators against STUB dpkg-query / apt-get / apt-cache / rpm / dnf / yum / zypper
// (each records its argv): the cases real tools cannot show cheaply — how many processes a
// check spawns, the exact command lines, failure paths. The same behaviour against the real
// tools is in pkg-real.test.ts.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { BASE_TOOLS, packageSteps, program, readReport, runBash, scratch, shq, stubCalls, stubDir } from './harness.js';

interface World {
  dir: string;
  log: string;
  db: string;
  avail: string;
  bin: string;
}

/** Stub tools over two files: DB (installed) and AVAIL (what an installer can install). */
function world(kind: 'debian' | 'rpm', opts: { installed?: string[]; available?: string[]; noDnf?: boolean } = {}): World {
  const dir = scratch('pkgw');
  const log = path.join(dir, 'calls.log');
  const db = path.join(dir, 'db');
  const avail = path.join(dir, 'avail');
  writeFileSync(db, (opts.installed ?? []).map((l) => `${l}\n`).join(''));
  writeFileSync(avail, (opts.available ?? []).map((l) => `${l}\n`).join(''));
  // apt-get install: each spec name[=version] found in AVAIL ("name\tversion") is added to DB as ii.
  const aptInstall = `
[[ \${APT_MODE:-ok} == fail ]] && { echo "E: stub failure" >&2; exit 100; }
[[ \${APT_MODE:-ok} == noop ]] && exit 0
[[ \${APT_MODE:-ok} == fail-until-update && ! -e $DB.updated ]] && { echo "E: Unable to locate" >&2; exit 100; }
printf 'DEBIAN_FRONTEND=%s\\n' "$DEBIAN_FRONTEND" >>"$STUB_LOG.env"
seen=0
for a in "$@"; do
  if ((seen)); then
    name=\${a%%=*} want=\${a#*=}; [[ $a == *=* ]] || want=
    while IFS=$'\\t' read -r n v; do
      if [[ $n == "$name" && ( -z $want || $want == "$v" ) ]]; then printf '%s\\tamd64\\tii \\t%s\\n' "$n" "$v" >>"$DB"; break; fi
    done <"$AVAIL"
  fi
  [[ $a == -- ]] && seen=1
done
exit 0`;
  // rpm installers: spec name or name-version[-release] found in AVAIL ("name\tepoch\tversion\trelease\tarch").
  const rpmInstall = `
[[ \${YUM_MODE:-ok} == noop ]] && exit 0
[[ \${YUM_MODE:-ok} == fail ]] && exit 1
seen=0
for a in "$@"; do
  if ((seen)); then
    while IFS=$'\\t' read -r n e v r arch; do
      if [[ $a == "$n" || $a == "$n-$v" || $a == "$n-$v-$r" || $a == "$n=$v" ]]; then printf '%s\\t%s\\t%s\\t%s\\t%s\\n' "$n" "$e" "$v" "$r" "$arch" >>"$DB"; break; fi
    done <"$AVAIL"
  fi
  [[ $a == -- ]] && seen=1
done
exit 0`;
  const stubs: Record<string, string> =
    kind === 'debian'
      ? {
          // The records in DB are "name\tarch\tstatus\tversion"; printed in the -f format the
          // runtime gives (its four fields), for the names given after -- (all records when
          // none; exit 1 when a name is unknown).
          'dpkg-query': `[[ \${DPKG_MODE:-ok} == fail ]] && exit 2
fmt=\${2#-f=}; shift 2; [[ $1 == -- ]] && shift
rc=0
if (($# == 0)); then set -- '*'; fi
for p in "$@"; do
  found=0
  while IFS=$'\\t' read -r n a st v; do
    if [[ $p == '*' || $p == "$n" || $p == "$n:$a" ]]; then
      l=\${fmt//'\${db:Status-Abbrev}'/$st} l=\${l//'\${Package}'/$n}
      l=\${l//'\${Architecture}'/$a} l=\${l//'\${Version}'/$v}
      printf '%b' "$l"; found=1
    fi
  done <"$DB"
  ((found)) || { printf 'dpkg-query: no packages found matching %s\\n' "$p" >&2; rc=1; }
done
exit $rc`,
          'apt-get': `if [[ " $* " == *" update "* ]]; then : >"$DB.updated"; exit "\${UPDATE_STATUS:-0}"; fi\n${aptInstall}`,
          'apt-cache': `[[ $1 == madison ]] || exit 1\nshift; [[ $1 == -- ]] && shift\nfor p in "$@"; do while IFS=$'\\t' read -r n v; do [[ $n == "$p" ]] && printf ' %s | %s | file:/srv ./ Packages\\n' "$n" "$v"; done <"$AVAIL"; done`,
        }
      : {
          rpm: "[[ $1 == -qa ]] || exit 1\nwhile IFS=$'\\t' read -r n e v r a; do printf '%s|%s|%s|%s|%s\\n' \"$n\" \"$e\" \"$v\" \"$r\" \"$a\"; done <\"$DB\"",
          yum: rpmInstall,
          zypper: rpmInstall,
          ...(opts.noDnf ? {} : { dnf: rpmInstall }),
        };
  const bin = stubDir(stubs, BASE_TOOLS);
  return { dir, log, db, avail, bin };
}

function run(w: World, body: string, argv: string[], env: Record<string, string> = {}, lists = true) {
  const report = path.join(w.dir, `r${Math.random().toString(36).slice(2)}.jsonl`);
  const listDir = path.join(w.dir, lists ? 'lists' : 'no-lists');
  mkdirSync(listDir, { recursive: true });
  if (lists) writeFileSync(path.join(listDir, '_srv_repo_._Packages'), '');
  const r = runBash(program({ body: `SIP_APT_LISTS=${shq(listDir)}\n${body}` }), ['--report', report, ...argv], {
    env: { PATH: w.bin, STUB_LOG: w.log, DB: w.db, AVAIL: w.avail, ...env },
  });
  return { ...r, calls: stubCalls(w.log), report: () => readReport(report) };
}

/** A program with one package step per list entry. */
const steps = packageSteps;

const names = (n: number) => Array.from({ length: n }, (_, i) => `sip-p${String(i + 1).padStart(3, '0')}`);

describe('runtime packages (stub tools): debian family', function () {
  this.timeout(60_000);

  it('300 installed packages, test-only: exactly ONE dpkg-query process, no apt', () => {
    const ps = names(300);
    const w = world('debian', { installed: ps.map((p) => `${p}\tall\tii \t1.0-1`) });
    const r = run(w, steps(ps.slice(0, 150).map((p) => [p, '']), ps.slice(150).map((p) => [p, '1.0']), [['sip-p001', '1.0-1']]), ['--test-only', '--distro', 'debian']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => c[0])).to.deep.equal(['dpkg-query']);
    expect(r.calls[0]).to.deep.equal(['dpkg-query', '-W', '-f=${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\\n', '--']);
  });

  it('a wrong --distro (redhat family on a system with dpkg only) is an unsupported system: exit 3, one clear line, no tool run', () => {
    const w = world('debian', { installed: ['sip-tool\tamd64\tii \t1.0-1'] });
    const r = run(w, steps([['sip-tool', '']], [['sip-hello', '']]), ['--test-only', '--distro', 'centos7']);
    expect(r.status).to.equal(3);
    expect(r.stderr).to.contain("image.yaml: test-only on centos7 (family redhat)\n");
    expect(r.stderr).to.contain("cannot check packages on 'centos7' (family redhat): rpm is not on this system; unsupported system (is --distro right?)");
    expect(r.stderr).to.not.contain('command not found');
    expect(r.calls).to.deep.equal([]);
    const ubuntu = run(w, steps([['sip-tool', '']]), ['--test-only', '--distro', 'ubuntu']);
    expect(ubuntu.status).to.equal(0);
    expect(ubuntu.stderr).to.contain('image.yaml: test-only on ubuntu (family debian)\n');
  });

  it('test-only with missing packages: exit 1 naming them, nothing installed', () => {
    const w = world('debian', { installed: ['sip-tool\tamd64\tii \t1.0-1'] });
    const r = run(w, steps([['sip-hello', ''], ['sip-tool', ''], ['sip-world', '3.1']]), ['--test-only', '--distro', 'ubuntu']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('missing packages: sip-hello sip-world=3.1');
    expect(r.calls.map((c) => c[0])).to.deep.equal(['dpkg-query']);
    expect(r.report()[0]).to.deep.include({ status: 'failed', message: 'missing packages: sip-hello sip-world=3.1' });
  });

  it('reconcile: ONE apt-get install for all missing packages, noninteractive, lock wait; then one re-read', () => {
    const w = world('debian', { installed: ['sip-tool\tamd64\tii \t1.0-1'], available: ['sip-hello\t2.0-1', 'sip-dep\t1.0-1'] });
    const r = run(w, steps([['sip-hello', ''], ['sip-tool', ''], ['sip-dep', '']]), ['--distro', 'debian']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls).to.deep.equal([
      ['dpkg-query', '-W', '-f=${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\\n', '--'],
      ['apt-get', '-y', '-o', 'DPkg::Lock::Timeout=600', '-o', 'Dpkg::Options::=--force-confdef', '-o', 'Dpkg::Options::=--force-confold', 'install', '--', 'sip-hello', 'sip-dep'],
      ['dpkg-query', '-W', '-f=${db:Status-Abbrev}|${Package}|${Architecture}|${Version}\\n', '--'],
    ]);
    expect(readFileSync(`${w.log}.env`, 'utf8')).to.equal('DEBIAN_FRONTEND=noninteractive\n');
    expect(r.report()[0]).to.deep.include({ status: 'changed', message: 'installed: sip-hello sip-dep' });
    expect(r.stderr).to.contain('image.yaml:1:3  package sip-hello sip-tool sip-dep  changed');
  });

  it('status: rc (removed, config files), half-installed and error-flagged count as missing; ii and hi as installed', () => {
    const w = world('debian', {
      installed: ['a\tamd64\trc \t1.0', 'b\tamd64\tiU \t1.0', 'c\tamd64\tiiR\t1.0', 'd\tamd64\tii \t1.0', 'e\tamd64\thi \t1.0', 'f\tamd64\tun \t', 'g\tamd64\tiF \t1.0', 'h\tamd64\tii\t1.0'],
    });
    const r = run(w, steps([['a', ''], ['b', ''], ['c', ''], ['d', ''], ['e', ''], ['f', ''], ['g', ''], ['h', ''], ['zz', '']]), ['--test-only', '--distro', 'debian']);
    expect(r.stderr).to.contain('missing packages: a b c f g zz\n');
  });

  it('architecture-qualified names (libc6:i386) are looked up per architecture', () => {
    const w = world('debian', { installed: ['libc6\tamd64\tii \t2.36-9', 'libc6\ti386\trc \t2.36-9'] });
    const r = run(w, steps([['libc6', ''], ['libc6:amd64', '2.36'], ['libc6:i386', '']]), ['--test-only', '--distro', 'debian']);
    expect(r.stderr).to.contain('missing packages: libc6:i386\n');
  });

  it('the version rule: E:U-R matches E:U-R, U-R, U and E:U; nothing looser', () => {
    const cases: [string, string, boolean][] = [
      ['1.0-1', '1.0-1', true],
      ['1.0', '1.0-1', true],
      ['1.0-2', '1.0-1', false],
      ['1', '1.0-1', false],
      ['1.0.1', '1.0-1', false],
      ['1.0', '1.0.1-1', false],
      ['3.1-2', '1:3.1-2', true],
      ['3.1', '1:3.1-2', true],
      ['1:3.1', '1:3.1-2', true],
      ['1:3.1-2', '1:3.1-2', true],
      ['2:3.1-2', '1:3.1-2', false],
      ['2.36', '2.36-9+deb12u4', true],
      ['2.36-9', '2.36-9+deb12u4', false],
      ['1.2-3', '1.2-3-4', true],
      ['1.2', '1.2-3-4', false],
      ['1.2-3-4', '1.2-3-4', true],
      ['5.2', '5.2', true],
      ['', '5.2', false],
    ];
    const body = cases.map(([want, have]) => `sip_pkg_debian_version_ok ${shq(want)} ${shq(have)}; printf '%s\\n' "$?"`).join('\n');
    const r = runBash(program({ files: ['pkg-debian'], main: false, body }));
    expect(r.stdout.trim().split('\n').map((x) => x === '0')).to.deep.equal(cases.map((c) => c[2]));
  });

  it('a wanted version is installed as the exact available version that matches it (one apt-cache call)', () => {
    const w = world('debian', { available: ['sip-hello\t2.0-1', 'sip-hello\t1.0-1', 'sip-world\t1:3.1-2', 'sip-tool\t1.0-1'] });
    const r = run(w, steps([['sip-hello', '1.0'], ['sip-world', '3.1-2'], ['sip-tool', '']]), ['--distro', 'debian']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => c[0])).to.deep.equal(['dpkg-query', 'apt-cache', 'apt-get', 'dpkg-query']);
    expect(r.calls[1]).to.deep.equal(['apt-cache', 'madison', '--', 'sip-hello', 'sip-world']);
    expect(r.calls[2]!.slice(-4)).to.deep.equal(['--', 'sip-hello=1.0-1', 'sip-world=1:3.1-2', 'sip-tool']);
  });

  it('no package lists at all: apt-get update once before the install', () => {
    const w = world('debian', { available: ['sip-hello\t2.0-1', 'sip-tool\t1.0-1'] });
    const r = run(w, steps([['sip-hello', '']], [['sip-tool', '']]), ['--distro', 'debian'], {}, false);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => `${c[0]}${c.includes('update') ? ' update' : c.includes('install') ? ' install' : ''}`)).to.deep.equal([
      'dpkg-query',
      'apt-get update',
      'apt-get install',
      'dpkg-query',
      'apt-get install',
      'dpkg-query',
    ]);
    expect(r.calls[1]).to.deep.equal(['apt-get', '-o', 'DPkg::Lock::Timeout=600', 'update']);
  });

  it('an unavailable version is passed as asked, and the failure is reported', () => {
    const w = world('debian', { available: ['sip-hello\t2.0-1'] });
    const r = run(w, steps([['sip-hello', '9.9']]), ['--distro', 'debian']);
    expect(r.status).to.equal(1);
    expect(r.calls.find((c) => c[0] === 'apt-get')!.slice(-1)).to.deep.equal(['sip-hello=9.9']);
    expect(r.stderr).to.contain('could not install: sip-hello=9.9');
  });

  it('an install that fails: refresh the lists ONCE per run, retry; a later failure does not refresh again', () => {
    const w = world('debian', { available: ['sip-hello\t2.0-1', 'sip-tool\t1.0-1'] });
    const r = run(w, steps([['sip-hello', '']], [['sip-tool', '']]), ['--distro', 'debian'], { APT_MODE: 'fail-until-update' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => `${c[0]}${c.includes('update') ? ' update' : c.includes('install') ? ' install' : ''}`)).to.deep.equal([
      'dpkg-query',
      'apt-get install',
      'apt-get update',
      'apt-get install',
      'dpkg-query',
      'apt-get install',
      'dpkg-query',
    ]);
    const f = world('debian', { available: ['sip-hello\t2.0-1', 'sip-tool\t1.0-1'] });
    const r2 = run(f, steps([['sip-hello', '']]), ['--distro', 'debian'], { APT_MODE: 'fail' });
    expect(r2.status).to.equal(1);
    expect(r2.calls.filter((c) => c.includes('update'))).to.have.length(1);
    expect(r2.calls.filter((c) => c.includes('install'))).to.have.length(2);
    expect(r2.stderr).to.contain('could not install: sip-hello (installer status 100)');
  });

  it('an installer that exits 0 without installing is caught by the re-check', () => {
    const w = world('debian', { available: ['sip-hello\t2.0-1'] });
    const r = run(w, steps([['sip-hello', '']]), ['--distro', 'debian'], { APT_MODE: 'noop' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('could not install: sip-hello (installer status 0)');
    expect(r.report()[0]).to.deep.include({ status: 'failed' });
  });

  it('the cache is kept across package steps and scripts; re-read after a script when the database may have changed', () => {
    const w = world('debian', { installed: ['a\tall\tii \t1', 'b\tall\tii \t1'] });
    // the program has scripts: its temp dir is made before the first read, which has a stamp
    // (newer than the database files), so a script that changes nothing costs no second read;
    // one that removes the stamp (the database may be newer) does
    const body = (script: string): string => `${steps([['a', '']], [['b', '']])}
body_x() { printf '%s' ${shq(script)}; }
sx() { sip_script_run l x '' '' '' body_x; }
sip_validators() { sip_all s0 s1 sx s0 s1; }`;
    const r = run(w, body('#!/bin/sh\n'), ['--test-only', '--distro', 'debian']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => c[0])).to.deep.equal(['dpkg-query']);
    const w2 = world('debian', { installed: ['a\tall\tii \t1', 'b\tall\tii \t1'] });
    const r2 = run(w2, body('#!/bin/sh\nrm -f "${0%/*}"/pkg-stamp-*\n'), ['--test-only', '--distro', 'debian']);
    expect(r2.status, r2.stderr).to.equal(0);
    expect(r2.calls.map((c) => c[0])).to.deep.equal(['dpkg-query', 'dpkg-query']);
  });

  it('a package database that cannot be read fails the step', () => {
    const w = world('debian');
    const r = run(w, steps([['a', '']]), ['--test-only', '--distro', 'debian'], { DPKG_MODE: 'fail' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('cannot read the installed-package database');
  });

  it('invalid names or versions fail without running any tool', () => {
    for (const [n, v] of [['a;reboot', ''], ['-o', ''], ['a', '1.0; id'], ['', ''], ['a b', ''], ['', '1'], ['a\x1f-o', '']]) {
      const w = world('debian');
      const r = run(w, steps([[n!, v!]]), ['--distro', 'debian']);
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain('invalid package name or version');
      expect(r.calls).to.deep.equal([]);
    }
  });

  it('an unknown family exits 3 naming the distro, before any tool runs', () => {
    const w = world('debian');
    const r = run(w, steps([['a', '']]), ['--distro', 'gentoo']);
    expect(r.status).to.equal(3);
    expect(r.stderr).to.contain("cannot check packages on 'gentoo'");
    expect(r.calls).to.deep.equal([]);
  });
});

describe('runtime packages (stub tools): redhat and suse families', function () {
  this.timeout(60_000);
  const INSTALLED = ['sip-hello\t(none)\t1.0\t1\tnoarch', 'sip-world\t1\t3.1\t2.el9\tx86_64', 'gpg-pubkey\t(none)\tabc\tdef\t(none)'];
  const AVAIL = ['sip-tool\t(none)\t1.0\t1\tnoarch', 'sip-hello\t(none)\t2.0\t1\tnoarch', 'sip-dep\t(none)\t1.0\t1\tnoarch'];

  it('one rpm -qa; name, name.arch, VERSION, VERSION-RELEASE, EPOCH:VERSION[-RELEASE], and name-version as a name', () => {
    const w = world('rpm', { installed: INSTALLED });
    const ok: [string, string][] = [
      ['sip-hello', ''],
      ['sip-hello', '1.0'],
      ['sip-hello', '1.0-1'],
      ['sip-hello', '0:1.0-1'],
      ['sip-hello.noarch', '1.0'],
      ['sip-hello-1.0', ''],
      ['sip-hello-1.0-1', ''],
      ['sip-world', '3.1'],
      ['sip-world', '1:3.1-2.el9'],
      ['sip-world-1:3.1-2.el9', ''],
    ];
    const r = run(w, steps(ok), ['--test-only', '--distro', 'rocky']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls).to.deep.equal([['rpm', '-qa', '--qf', '%{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\\n']]);
    const bad = run(w, steps([['sip-hello', '2.0'], ['sip-hello', '1'], ['sip-hello-2.0', ''], ['sip-world', '2:3.1'], ['sip-hello.x86_64', '']]), ['--test-only', '--distro', 'centos']);
    expect(bad.stderr).to.contain('missing packages: sip-hello-2.0 sip-hello-1 sip-hello-2.0 sip-world-2:3.1 sip-hello.x86_64\n');
  });

  it('reconcile: one dnf -y install with name-version specs, then a re-check', () => {
    const w = world('rpm', { installed: INSTALLED, available: AVAIL });
    const r = run(w, steps([['sip-tool', '1.0'], ['sip-hello', '1.0'], ['sip-dep', '']]), ['--distro', 'rocky']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => c[0])).to.deep.equal(['rpm', 'dnf', 'rpm']);
    expect(r.calls[1]).to.deep.equal(['dnf', '-y', 'install', '--', 'sip-tool-1.0', 'sip-dep']);
  });

  it('no dnf: yum; and yum exiting 0 without installing fails after the re-check (reference case 8)', () => {
    const w = world('rpm', { installed: INSTALLED, available: AVAIL, noDnf: true });
    const r = run(w, steps([['sip-tool', '']]), ['--distro', 'centos7']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls.map((c) => c.slice(0, 3).join(' '))).to.deep.equal(['rpm -qa --qf', 'yum -y install', 'rpm -qa --qf']);
    const w2 = world('rpm', { installed: INSTALLED, available: AVAIL, noDnf: true });
    const r2 = run(w2, steps([['java', '8'], ['hadoop', '']]), ['--distro', 'centos'], { YUM_MODE: 'noop' });
    expect(r2.status).to.equal(1);
    expect(r2.calls.map((c) => c.join(' '))).to.deep.equal([
      'rpm -qa --qf %{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\\n',
      'yum -y install -- java-8 hadoop',
      'rpm -qa --qf %{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\\n',
    ]);
    expect(r2.stderr).to.contain('could not install: java-8 hadoop (installer status 0)');
  });

  it('reference cases 6 and 7: test-only, one check for the group, no install', () => {
    const w = world('rpm', { installed: ['java\t(none)\t8\t1\tx86_64'] });
    expect(run(w, steps([['java', '8']]), ['--test-only', '--distro', 'centos']).status).to.equal(0);
    const r = run(w, steps([['java', '8'], ['hadoop', '']]), ['--test-only', '--distro', 'fedora']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('missing packages: hadoop');
    expect(r.calls.map((c) => c[0])).to.deep.equal(['rpm', 'rpm']);
  });

  it('suse: zypper --non-interactive install with name=version', () => {
    const w = world('rpm', { installed: INSTALLED, available: AVAIL });
    const r = run(w, steps([['sip-tool', '1.0'], ['sip-dep', '']]), ['--distro', 'opensuse-leap']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.calls[1]).to.deep.equal(['zypper', '--non-interactive', 'install', '--', 'sip-tool=1.0', 'sip-dep']);
  });
});

// sip_pkgs_run (runtime/pkg.sh): a run of adjacent one-package steps as the compiler prints it
// (compiler/emit/package-runs.ts) must print exactly what the same steps print one by one, with
// every kind of outcome; and the loader of the program's own names (SIP_PACKAGE_NAMES).
describe('runtime packages (stub tools): runs of package steps and the names loader', function () {
  this.timeout(60_000);
  const NAMES = ['a', 'b', 'c'];
  const lines = (): string => NAMES.map((n, i) => `image.yaml:${i + 1}:3  %*spackage ${n}  %sok%s\n`).join('');
  const rows = NAMES.map((n, i) => `s${i}|${n}|image.yaml:${i + 1}:3|validators[${i}].package`).join('\n');
  // the same three steps, as a run and as rows listed one by one; at depth 0, or inside an all
  // (depth 1); `rows=N` on stdout: how many rows the run defined (0: it printed its lines)
  const body = (shape: 'run' | 'steps', nested: boolean, extra = ''): string => {
    const list = shape === 'run' ? 'r0' : 's0 s1 s2';
    const defs = shape === 'run' ? `r0() { sip_pkgs_run 3 ${shq(lines())} ${shq(rows)}; }` : NAMES.map((n, i) => `SIP_PKG_STEPS[s${i}]=${shq(`${n}|image.yaml:${i + 1}:3|validators[${i}].package`)}`).join('\n');
    return [
      `SIP_PACKAGE_NAMES=(${NAMES.join(' ')})`,
      extra,
      defs,
      nested ? `inner() { sip_all ${list}; }\nouter() { sip_step all image.yaml:9:3 'validators[9]' '3 validators' inner; }` : '',
      `sip_validators() { sip_all ${nested ? 'outer' : list}; local rc=$?; echo "rows=\${#SIP_PKG_STEPS[@]}"; return $rc; }`,
    ].join('\n');
  };
  const go = (w: World, text: string, argv: string[]) =>
    runBash(program({ body: text }), ['--distro', 'debian', ...argv], { env: { PATH: w.bin, STUB_LOG: w.log, DB: w.db, AVAIL: w.avail } });
  const installed = (...ns: string[]) => ns.map((n) => `${n}\tamd64\tii \t1.0-1`);

  for (const nested of [false, true]) {
    for (const colour of [false, true]) {
      it(`all installed${nested ? ', inside an all' : ''}${colour ? ', in colour' : ''}: the run prints the steps' lines at once, byte for byte`, () => {
        const w = world('debian', { installed: installed(...NAMES) });
        const extra = colour ? "SIP_C_OK=$'\\e[32m' SIP_C_RESET=$'\\e[0m'" : '';
        const run = go(w, body('run', nested, extra), ['--test-only']);
        const one = go(w, body('steps', nested, extra), ['--test-only']);
        expect(run.status, run.stderr).to.equal(0);
        expect(run.stderr).to.equal(one.stderr);
        expect(run.stdout).to.equal('rows=0\n');
        expect(run.stderr).to.contain(`image.yaml:2:3  ${nested ? '  ' : ''}package b  ${colour ? '\u001b[32mok\u001b[0m' : 'ok'}\n`);
        expect(run.stderr).to.contain(': 3 ok, 0 changed');
        // one query for the whole program
        expect(stubCalls(w.log).map((c) => c[0])).to.deep.equal(['dpkg-query', 'dpkg-query']);
      });
    }
  }

  it('one missing, test-only, reconcile, --keep-going, --report: the run runs its rows, as the steps one by one do', () => {
    for (const argv of [['--test-only'], ['--test-only', '--keep-going'], [], ['--test-only', '--report', '/dev/null']]) {
      const w1 = world('debian', { installed: installed('a', 'c'), available: ['b\t1.0-1'] });
      const w2 = world('debian', { installed: installed('a', 'c'), available: ['b\t1.0-1'] });
      const run = go(w1, body('run', true), [...argv]);
      const one = go(w2, body('steps', true), [...argv]);
      expect(run.stderr, argv.join(' ')).to.equal(one.stderr);
      expect(run.status, argv.join(' ')).to.equal(one.status);
      expect(run.stdout, argv.join(' ')).to.equal('rows=3\n');
      expect(stubCalls(w1.log), argv.join(' ')).to.deep.equal(stubCalls(w2.log));
    }
  });

  it('a step of several names from its row (sip_pkg_step): all installed, the line sip_step prints, with or without a report; one missing, the failure', () => {
    const rowBody = `SIP_PACKAGE_NAMES=(${NAMES.join(' ')} zz)
SIP_PKG_STEPS[m0]='a b c|image.yaml:1:3|validators[0].package'
SIP_PKG_STEPS[m1]='a zz|image.yaml:2:3|validators[1].package'
inner() { sip_all m0; }
outer() { sip_step all image.yaml:3:3 'validators[2]' '1 validators' inner; }
sip_validators() { sip_all m0 outer m1; }`;
    const w = world('debian', { installed: installed(...NAMES, 'zz') });
    const fast = go(w, rowBody, ['--test-only']);
    const reported = go(w, rowBody, ['--test-only', '--report', path.join(scratch('rowrep'), 'r.jsonl')]);
    expect(fast.status, fast.stderr).to.equal(0);
    expect(fast.stderr).to.equal(reported.stderr);
    expect(fast.stderr).to.contain('image.yaml:1:3  package a b c  ok\nimage.yaml:1:3    package a b c  ok\n');
    const w2 = world('debian', { installed: installed(...NAMES) });
    const missing = go(w2, rowBody, ['--test-only', '--keep-going']);
    expect(missing.status).to.equal(1);
    expect(missing.stderr).to.contain('image.yaml:1:3  package a b c  ok\n');
    expect(missing.stderr).to.contain('missing packages: zz\nimage.yaml:2:3  package a zz  FAILED\n');
  });

  it('a wrong --distro (no rpm here) or an unknown family: the run\'s first step says so and the run stops, exit 3, as step by step', () => {
    for (const distro of ['centos7', 'plan9']) {
      const w = world('debian', { installed: installed(...NAMES) });
      const run = (shape: 'run' | 'steps') => runBash(program({ body: body(shape, false) }), ['--test-only', '--distro', distro], { env: { PATH: w.bin, STUB_LOG: w.log, DB: w.db, AVAIL: w.avail } });
      const r = run('run');
      const one = run('steps');
      expect(r.status, distro).to.equal(3);
      expect(r.stderr, distro).to.equal(one.stderr);
      expect(r.stderr, distro).to.match(/cannot check packages on/);
      expect(stubCalls(w.log), distro).to.deep.equal([]);
    }
  });

  it('a report open: every step goes through sip_step (the rows), all installed or not', () => {
    const w = world('debian', { installed: installed(...NAMES) });
    const dir = scratch('runrep');
    const run = go(w, body('run', false), ['--test-only', '--report', path.join(dir, 'r.jsonl')]);
    expect(run.status, run.stderr).to.equal(0);
    expect(run.stdout).to.equal('rows=3\n');
    expect(readReport(path.join(dir, 'r.jsonl')).filter((e) => e['kind'] === 'package').map((e) => e['location'])).to.deep.equal(['image.yaml:1:3', 'image.yaml:2:3', 'image.yaml:3:3']);
  });

  it('the names loader: every status as the whole-database loader reads it; the one-assignment path only when all are installed', () => {
    const db = ['a\tamd64\trc \t1.0', 'b\tamd64\tiU \t1.0', 'c\tamd64\tiiR\t1.0', 'd\tamd64\tii \t1.0', 'e\tamd64\thi \t1:2.0-3', 'f\tamd64\tun \t', 'g\tamd64\tiF \t1.0'];
    const names = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'zz'];
    // the cache and SIP_PKG_ALL after one read, and a version check through the cache
    const probe = (ns: string[]) =>
      `SIP_PACKAGE_NAMES=(${ns.join(' ')})\nsip_validators() { sip_pkg_cache_current debian; echo "keys=\${!SIP_PKGS[*]}"; echo "all=$SIP_PKG_ALL"; sip_pkg_debian_has e 2.0 && echo e-2.0; sip_pkg_debian_has e 2.1 || echo no-e-2.1; }`;
    const w = world('debian', { installed: db });
    // keys sorted (an associative array has no order)
    const out = (r: { stdout: string }): string => r.stdout.replace(/^keys=(.*)$/m, (_m, k: string) => `keys=${k.split(' ').sort().join(' ')}`);
    const mixed = go(w, probe(names), ['--test-only']);
    expect(out(mixed)).to.equal('keys=d e\nall=0\ne-2.0\nno-e-2.1\n');
    const w2 = world('debian', { installed: db.filter((l) => /\t(ii|hi) \t/.test(l)) });
    const clean = go(w2, probe(['d', 'e']), ['--test-only']);
    expect(out(clean)).to.equal('keys=d e\nall=1\ne-2.0\nno-e-2.1\n');
    // the query: the program's names only, in the names format
    expect(stubCalls(w2.log)[0]).to.deep.equal(['dpkg-query', '-W', '-f=${Package}|${Version}|${db:Status-Abbrev}\\n', '--', 'd', 'e']);
    const unknown = go(w2, probe(['d', 'e', 'zz']), ['--test-only']);
    expect(out(unknown)).to.equal('keys=d e\nall=0\ne-2.0\nno-e-2.1\n');
    // each test of the whole output on its own: a package not installed (second letter), and
    // one with the error flag (third), among installed ones
    for (const bad of ['a\tamd64\trc \t1.0', 'b\tamd64\tiU \t1.0', 'f\tamd64\tun \t', 'c\tamd64\tiiR\t1.0']) {
      const w3 = world('debian', { installed: [bad, 'd\tamd64\tii \t1.0', 'e\tamd64\thi \t1:2.0-3'] });
      expect(out(go(w3, probe([bad.split('\t')[0]!, 'd', 'e']), ['--test-only'])), bad).to.equal('keys=d e\nall=0\ne-2.0\nno-e-2.1\n');
    }
  });
});
