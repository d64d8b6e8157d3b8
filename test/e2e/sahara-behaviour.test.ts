/**
 * The behavioural cases 1–26 of Sahara's own unit tests (sahara-reference §6, from
 * sahara/tests/unit/plugins/test_images.py), re-expressed against real runs of emitted programs
 * in the test roots. Where the Python code mocked `remote.execute_command`, these runs use the
 * real package tools with logging shims in /usr/local/sbin; where it inspected its object
 * model, these tests look at the steps a real run took. Documented divergences are named in
 * the test titles.
 */
import { expect } from 'chai';
import { cleanupFixtures, load } from '../lower/fixture.js';
import { compileFixtureText } from './behaviour-support.js';
import {
  compileYaml, debVersion, describeRoot, expectCode, installShims, readText, removeShims, rpmVersion, takeCalls, type RootSession,
} from './support.js';

after(cleanupFixtures);

/** A script that logs `<name> <test_only>` to /root/log.txt and exits with `code`. */
function logScript(name: string, code = 0, extra = ''): string {
  return `#!/bin/sh\necho "${name} $test_only${extra}" >>/root/log.txt\nexit ${code}\n`;
}

async function takeLog(s: RootSession): Promise<string[]> {
  const r = await s.sh('cat /root/log.txt 2>/dev/null; rm -f /root/log.txt');
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Progress lines (`LOCATION  KIND LABEL  STATUS`) of a run, without locations. */
function steps(stderr: string): string[] {
  return stderr
    .split('\n')
    .filter((l) => /^image\.yaml:\d+:\d+ {2}/.test(l))
    .map((l) => l.replace(/^image\.yaml:\d+:\d+ {2}\s*/, '').replace(/\s+/g, ' '));
}

describeRoot('sahara behaviour: parsing and packages on the redhat family', 'rhel', (session) => {
  before(async () => installShims(session(), ['rpm', 'dnf']));
  after(async () => removeShims(session(), ['rpm', 'dnf']));

  it('case 1: package shapes (name, {name: {version}}, a list) give the packages in order, name-version on redhat', async () => {
    const s = session();
    expectCode(await s.run(compileYaml('validators:\n  - package: [{sip-hello: {version: "1.0-1"}}, sip-tool]\n')), 0);
    expect((await takeCalls(s)).filter((c) => c.startsWith('dnf'))).to.deep.equal(['dnf -y install -- sip-hello-1.0-1 sip-tool']);
    expect([await rpmVersion(s, 'sip-hello'), await rpmVersion(s, 'sip-tool')]).to.deep.equal(['1.0-1', '1.0-1']);
  });

  it('case 6: redhat family (centos), test-only, installed: exactly one package query, success', async () => {
    const s = session();
    await takeCalls(s);
    const r = await s.run(compileYaml('validators:\n  - package: {sip-hello: {version: "1.0-1"}}\n'), ['--test-only', '--distro', 'centos']);
    expectCode(r, 0);
    expect(await takeCalls(s)).to.deep.equal(["rpm -qa --qf %{NAME}|%{EPOCH}|%{VERSION}|%{RELEASE}|%{ARCH}\\n"]);
  });

  it('case 7: fedora, test-only, check fails: one query, failure naming the packages, no install', async () => {
    const s = session();
    const r = await s.run(compileYaml('validators:\n  - package: [{sip-hello: {version: "2.0-1"}}, sip-not-in-repo]\n'), ['--test-only', '--distro', 'fedora']);
    expectCode(r, 1);
    expect(r.stderr).to.contain('missing packages: sip-hello-2.0-1 sip-not-in-repo');
    const calls = await takeCalls(s);
    expect(calls).to.have.length(1);
    expect(calls[0]).to.match(/^rpm -qa/);
  });

  it('case 8: redhat, reconcile, cannot install: query, ONE install of all missing, query again, failure', async () => {
    const s = session();
    const r = await s.run(compileYaml('validators:\n  - package: [sip-not-in-repo, sip-also-missing]\n'), ['--distro', 'redhat']);
    expectCode(r, 1);
    const calls = (await takeCalls(s)).map((c) => c.split(' ').slice(0, 2).join(' '));
    expect(calls).to.deep.equal(['rpm -qa', 'dnf -y', 'rpm -qa']);
    expect(r.stderr).to.contain('could not install: sip-not-in-repo sip-also-missing');
  });
});

describeRoot('sahara behaviour: the debian family, scripts, flow control', 'debian', (session) => {
  describe('parsing', () => {
    it('case 2: a script gets test_only and distro (plus reconcile and the clean base environment); env_vars add extra-file (as extra_file) and user', async () => {
      const s = session();
      const files = { 'dump.sh': '#!/bin/sh\nenv -0 >/root/env.txt\n' };
      const plain = compileYaml('validators:\n  - script: dump.sh\n', files);
      expectCode(await s.run(plain, ['--distro', 'centos']), 0);
      const names = async (): Promise<string[]> =>
        (await readText(s, '/root/env.txt')).split('\0').filter((e) => e !== '').map((e) => e.slice(0, e.indexOf('='))).filter((n) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(n)).sort();
      expect(await names()).to.deep.equal(['HOME', 'LANG', 'PATH', 'distro', 'reconcile', 'test_only']);
      const withVars = compileYaml(
        'arguments:\n  extra-file: {default: /etc/x}\n  user: {default: hadoop}\nvalidators:\n  - script: {dump.sh: {env_vars: [extra-file, user]}}\n',
        files,
      );
      expectCode(await s.run(withVars), 0);
      expect(await names()).to.deep.equal(['HOME', 'LANG', 'PATH', 'distro', 'extra_file', 'reconcile', 'test_only', 'user']);
    });

    it('case 3: all and any with two package children run them in order', async () => {
      const s = session();
      const r = await s.run(compileYaml('validators:\n  - all: [{package: sip-p010}, {package: sip-p011}]\n  - any: [{package: sip-p012}, {package: sip-p013}]\n'), ['--test-only']);
      expectCode(r, 1);
      expect(steps(r.stderr)).to.deep.equal(['package sip-p010 FAILED', 'all 2 validators FAILED']);
      const any = await s.run(compileYaml('validators:\n  - any: [{package: sip-p012}, {package: sip-p013}]\n'), ['--test-only']);
      // alternatives missing in the check pass are "not satisfied"; the any itself fails
      expect(steps(any.stderr)).to.deep.equal([
        'package sip-p012 not satisfied (any: check pass)',
        'package sip-p013 not satisfied (any: check pass)',
        'any 2 validators FAILED',
      ]);
    });

    it('case 4: os_case branches in list order, each a list run as an all', async () => {
      const s = session();
      const p = compileYaml('validators:\n  - os_case:\n      - redhat: [{package: sip-tool}]\n      - debian: [{package: sip-p020}, {package: sip-p021}]\n');
      const r = await s.run(p);
      expectCode(r, 0);
      expect(steps(r.stderr)).to.deep.equal(['package sip-p020 changed', 'package sip-p021 changed', 'os_case redhat | debian changed']);
      expect(await debVersion(s, 'sip-tool')).to.equal('');
    });

    it('case 5: the full unit-test manifest compiles to 5 top-level validators and 1 argument, and runs (argument_case on a name set earlier)', async () => {
      const s = session();
      const yaml = `arguments:
  java-version:
    description: The java distribution.
    default: openjdk
    required: false
    choices: [openjdk, oracle-java]
validators:
  - os_case:
      - redhat: [{package: sip-tool}]
      - debian: [{package: sip-p030}]
  - any:
      - all:
          - package: sip-not-in-repo
          - argument_set: {argument_name: JAVA_VERSION, value: 1.7.0}
      - all:
          - package: sip-hello
          - argument_set: {argument_name: JAVA_VERSION, value: 1.8.0}
  - script: {probe.sh: {env_vars: [java-version, JAVA_VERSION]}}
  - package: [sip-p031, sip-p032, sip-p033, sip-p034, sip-p035, sip-p036, sip-p037, sip-p038, sip-p039]
  - argument_case:
      argument_name: JAVA_VERSION
      cases:
        1.7.0: [{script: {seven.sh: {inline: "echo 7 >/root/java.txt"}}}]
        1.8.0: [{script: {eight.sh: {inline: "echo 8 >/root/java.txt"}}}]
`;
      const files = { 'probe.sh': '#!/bin/sh\necho "$java_version" >/root/probe.txt\n' };
      const { manifest } = load(yaml, files);
      expect(manifest.validators.map((v) => v.kind)).to.deep.equal(['os_case', 'any', 'script', 'package', 'argument_case']);
      expect(manifest.arguments.map((a) => [a.name.value, a.default?.value, a.required, a.choices?.map((c) => c.value)])).to.deep.equal([
        ['java-version', 'openjdk', false, ['openjdk', 'oracle-java']],
      ]);
      const r = await s.run(compileYaml(yaml, files));
      expectCode(r, 0);
      expect(await readText(s, '/root/java.txt')).to.equal('8\n');
      expect(await readText(s, '/root/probe.txt')).to.equal('openjdk\n');
      // divergence: an argument_case on a name nothing declares or sets is a compile error (SIP3007)
      expect(compileFixtureText('validators:\n  - argument_case: {argument_name: JAVA_VERSION, cases: {1.8.0: []}}\n')).to.include('SIP3007');
    });
  });

  describe('packages on the debian family (dpkg-query and name=version: documented divergence from dpkg -s name-version)', () => {
    before(async () => installShims(session(), ['dpkg-query', 'apt-get']));
    after(async () => removeShims(session(), ['dpkg-query', 'apt-get']));

    it('case 9: ubuntu, test-only, installed: one query, success', async () => {
      const s = session();
      expectCode(await s.run(compileYaml('validators:\n  - package: sip-p040\n')), 0);
      await takeCalls(s);
      const r = await s.run(compileYaml('validators:\n  - package: [{sip-p040: {version: "1.0-1"}}]\n'), ['--test-only', '--distro', 'ubuntu']);
      expectCode(r, 0);
      const calls = await takeCalls(s);
      expect(calls).to.have.length(1);
      expect(calls[0]).to.match(/^dpkg-query -W/);
    });

    it('case 10: ubuntu, test-only, check fails: one query, failure', async () => {
      const s = session();
      const r = await s.run(compileYaml('validators:\n  - package: [{sip-hello: {version: "9.9"}}, sip-p041]\n'), ['--test-only', '--distro', 'ubuntu']);
      expectCode(r, 1);
      expect(r.stderr).to.contain('missing packages: sip-hello=9.9 sip-p041');
      expect(await takeCalls(s)).to.have.length(1);
    });

    it('case 11: ubuntu, reconcile, install fails: query, install, list refresh and one retry (divergence), query again, failure', async () => {
      const s = session();
      const r = await s.run(compileYaml('validators:\n  - package: [sip-not-in-repo, sip-p041]\n'), ['--distro', 'ubuntu']);
      expectCode(r, 1);
      const calls = (await takeCalls(s)).map((c) => (c.startsWith('apt-get') ? `apt-get ${c.includes(' update') ? 'update' : 'install'}` : c.split(' ').slice(0, 2).join(' ')));
      expect(calls).to.deep.equal(['dpkg-query -W', 'apt-get install', 'apt-get update', 'apt-get install', 'dpkg-query -W']);
      expect(await debVersion(s, 'sip-p041')).to.equal('');
    });
  });

  describe('scripts', () => {
    it('case 12: a script with output stores its stdout (fedora) in the argument map for later validators', async () => {
      const s = session();
      const p = compileYaml(
        'validators:\n  - script: {detect.sh: {output: detected}}\n  - argument_case:\n      argument_name: detected\n      cases:\n        fedora: [{script: {hit.sh: {inline: "touch /root/fedora-hit"}}}]\n',
        { 'detect.sh': '#!/bin/sh\necho fedora\n' },
      );
      expectCode(await s.run(p), 0);
      expect(await s.readFile('/root/fedora-hit')).to.not.equal(undefined);
      // divergence (B14): overwriting the reserved name distro is a compile error
      expect(compileFixtureText('validators:\n  - script: {detect.sh: {output: distro}}\n', { 'detect.sh': 'echo fedora\n' })).to.include('SIP3012');
    });
  });

  describe('any', () => {
    const anyOf = (a: number, b: number): string =>
      compileYaml('validators:\n  - any: [{script: a.sh}, {script: b.sh}]\n', { 'a.sh': logScript('a', a), 'b.sh': logScript('b', b) });

    it('case 13: [ok, ok], reconcile: only the first child runs, once, in the test-only pass', async () => {
      const s = session();
      expectCode(await s.run(anyOf(0, 0)), 0);
      expect(await takeLog(s)).to.deep.equal(['a 1']);
    });

    it('case 14: [fail, fail], reconcile: 4 runs (2 test-only, 2 reconcile), then failure', async () => {
      const s = session();
      const r = await s.run(anyOf(1, 1));
      expectCode(r, 1);
      expect(await takeLog(s)).to.deep.equal(['a 1', 'b 1', 'a 0', 'b 0']);
      expect(r.stderr).to.contain('none of the 2 alternatives passed');
    });

    it('case 15: [fail, fail], test-only: 2 runs, failure', async () => {
      const s = session();
      expectCode(await s.run(anyOf(1, 1), ['--test-only']), 1);
      expect(await takeLog(s)).to.deep.equal(['a 1', 'b 1']);
    });

    it('case 16: [fail, ok], reconcile: each runs once (the second passes in the test-only pass)', async () => {
      const s = session();
      expectCode(await s.run(anyOf(1, 0)), 0);
      expect(await takeLog(s)).to.deep.equal(['a 1', 'b 1']);
    });
  });

  describe('all', () => {
    const allOf = (a: number, b: number): string =>
      compileYaml('arguments:\n  x: {default: shared}\nvalidators:\n  - all: [{script: {a.sh: {env_vars: [x]}}}, {script: {b.sh: {env_vars: [x]}}}]\n', {
        'a.sh': logScript('a', a, ' $x'),
        'b.sh': logScript('b', b, ' $x'),
      });

    it('case 17: [ok, ok]: both run, with the same mode and argument map', async () => {
      const s = session();
      expectCode(await s.run(allOf(0, 0)), 0);
      expect(await takeLog(s)).to.deep.equal(['a 0 shared', 'b 0 shared']);
      expectCode(await s.run(allOf(0, 0), ['--test-only', '--x', 'other']), 0);
      expect(await takeLog(s)).to.deep.equal(['a 1 other', 'b 1 other']);
    });

    it('case 18: [ok, fail], test-only: both run once, failure', async () => {
      const s = session();
      expectCode(await s.run(allOf(0, 1), ['--test-only']), 1);
      expect(await takeLog(s)).to.deep.equal(['a 1 shared', 'b 1 shared']);
    });

    it('case 19: [fail, ok]: the first runs, the second never does, failure', async () => {
      const s = session();
      expectCode(await s.run(allOf(1, 0)), 1);
      expect(await takeLog(s)).to.deep.equal(['a 0 shared']);
    });
  });

  describe('os_case', () => {
    const program = compileYaml('validators:\n  - os_case:\n      - centos: [{script: centos.sh}]\n      - redhat: [{script: redhat.sh}]\n', {
      'centos.sh': logScript('centos'),
      'redhat.sh': logScript('redhat'),
    });

    it('case 20: [centos, redhat] on centos: only centos runs (first match wins)', async () => {
      const s = session();
      expectCode(await s.run(program, ['--distro', 'centos']), 0);
      expect(await takeLog(s)).to.deep.equal(['centos 0']);
    });

    it('case 21: same branches on fedora: only redhat runs (family match)', async () => {
      const s = session();
      expectCode(await s.run(program, ['--distro', 'fedora']), 0);
      expect(await takeLog(s)).to.deep.equal(['redhat 0']);
    });

    it('case 22: on ubuntu: nothing runs, success ("not selected")', async () => {
      const s = session();
      const r = await s.run(program, ['--distro', 'ubuntu']);
      expectCode(r, 0);
      expect(await takeLog(s)).to.deep.equal([]);
      expect(steps(r.stderr)).to.deep.equal(['os_case centos | redhat not selected']);
    });
  });

  describe('argument_case and argument_set', () => {
    const program = compileYaml(
      'arguments:\n  arg: {default: value}\nvalidators:\n  - argument_case:\n      argument_name: arg\n      cases:\n        value: [{script: {v.sh: {env_vars: [arg]}}}]\n        another_value: [{script: a.sh}]\n',
      { 'v.sh': logScript('value', 0, ' $arg'), 'a.sh': logScript('another') },
    );

    it('case 23: the case equal to the value runs, with the same mode and argument map', async () => {
      const s = session();
      expectCode(await s.run(program, ['--test-only']), 0);
      expect(await takeLog(s)).to.deep.equal(['value 1 value']);
    });

    it('case 24: no case matches: nothing runs, success', async () => {
      const s = session();
      const r = await s.run(program, ['--arg', 'third']);
      expectCode(r, 0);
      expect(await takeLog(s)).to.deep.equal([]);
      expect(steps(r.stderr)).to.deep.equal(['argument_case arg not selected']);
    });

    it('case 25: argument_set overwrites an existing name and adds a new one, leaving the others unchanged', async () => {
      const s = session();
      const p = compileYaml(
        `arguments:
  existing: {default: before}
  other: {default: untouched}
validators:
  - argument_set: {argument_name: existing, value: after}
  - argument_set: {argument_name: new-name, value: added}
  - script: {dump.sh: {env_vars: [existing, new-name, other]}}
`,
        { 'dump.sh': '#!/bin/sh\necho "$existing|$new_name|$other" >/root/set.txt\n' },
      );
      expectCode(await s.run(p), 0);
      expect(await readText(s, '/root/set.txt')).to.equal('after|added|untouched\n');
    });
  });

  describe('root', () => {
    it('case 26: no arguments, no input, distro centos: children see exactly distro (and the mode, passed through)', async () => {
      const s = session();
      const p = compileYaml('validators:\n  - script: dump.sh\n', { 'dump.sh': '#!/bin/sh\nenv -0 >/root/env.txt\n' });
      const env = async (): Promise<Record<string, string>> =>
        Object.fromEntries(
          (await readText(s, '/root/env.txt'))
            .split('\0')
            .filter((e) => /^(distro|test_only|reconcile)=/.test(e))
            .map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]),
        );
      expectCode(await s.run(p, ['--distro', 'centos']), 0);
      expect(await env()).to.deep.equal({ distro: 'centos', test_only: '0', reconcile: '1' });
      expectCode(await s.run(p, ['--distro', 'centos', '--test-only']), 0);
      expect(await env()).to.deep.equal({ distro: 'centos', test_only: '1', reconcile: '0' });
    });
  });
});
