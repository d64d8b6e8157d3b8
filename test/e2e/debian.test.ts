/** Emitted programs really run in the Debian bookworm test root (offline apt repository of sip-* packages). */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../emit/programs.js';
import { cleanupFixtures } from '../lower/fixture.js';
import { openRoot } from '../support/envs.js';
import {
  changedFiles, compileYaml, debVersion, describeRoot, expectCode, installShims, programOf, readText, removeShims, takeCalls, tmpLeftovers,
} from './support.js';

after(cleanupFixtures);

describeRoot('e2e debian: the every-kind fixture', 'debian', (session) => {
  const program = programOf('every-kind');

  it('test-only on a fresh root exits 1 and changes nothing', async () => {
    const s = session();
    const statusBefore = await s.readFile('/var/lib/dpkg/status');
    const r = await s.run(program, ['--test-only']);
    expectCode(r, 1);
    expect(r.stderr).to.match(/package sip-world\s+FAILED/);
    expect(r.stderr).to.contain('missing packages: sip-world');
    expect(await s.readFile('/var/lib/dpkg/status')).to.deep.equal(statusBefore);
    expect(await changedFiles(s)).to.deep.equal(['root/prog.sh']);
  });

  it('reconcile installs everything and exits 0', async () => {
    const s = session();
    const r = await s.run(program);
    expectCode(r, 0);
    expect(await debVersion(s, 'sip-world')).to.equal('1:3.1-2');
    expect(await debVersion(s, 'sip-hello')).to.equal('2.0-1');
    expect(await debVersion(s, 'sip-tool')).to.equal('1.0-1');
    expect(r.stderr).to.match(/os_case rocky \| debian \| redhat\s+changed/);
    expect(r.stderr).to.match(/package sip-not-in-any-repo\s+not satisfied/);
  });

  it('then test-only passes and changes nothing more', async () => {
    const s = session();
    const before = await changedFiles(s);
    const statusBefore = await s.readFile('/var/lib/dpkg/status');
    const r = await s.run(program, ['--test-only']);
    expectCode(r, 0);
    expect(r.stderr).to.match(/test-only: \d+ ok, 0 changed/);
    expect(await s.readFile('/var/lib/dpkg/status')).to.deep.equal(statusBefore);
    expect(await changedFiles(s)).to.deep.equal(before);
  });

  it('a second reconcile changes nothing', async () => {
    const r = await session().run(program);
    expectCode(r, 0);
    expect(r.stderr).to.match(/reconcile: \d+ ok, 0 changed/);
  });

  it('copies copy_script files byte-exact to /tmp/<basename>', async () => {
    const s = session();
    const want = readFileSync(join(FIXTURES, 'every-kind', 'resources', 'sip-motd'));
    expect(await s.readFile('/tmp/sip-motd')).to.deep.equal(want);
  });

  it('passes scripts their output through argument_case (hello-output = "hello world")', async () => {
    const s = session();
    // the copy_script only runs in the "hello world" case of hello-output
    const r = await s.run(program, ['--greeting', 'goodbye']);
    expectCode(r, 0);
    expect(r.stderr).to.match(/argument_case hello-output\s+not selected/);
  });

  it('leaves no temporary files behind', async () => {
    expect(await tmpLeftovers(session())).to.deep.equal([]);
  });
});

describeRoot('e2e debian: packages', 'debian', (session) => {
  it('installs an exact version, and test-only checks it', async () => {
    const s = session();
    const v1 = compileYaml('validators:\n  - package: {sip-hello: {version: 1.0-1}}\n');
    expectCode(await s.run(v1, ['--test-only']), 1);
    expectCode(await s.run(v1), 0);
    expect(await debVersion(s, 'sip-hello')).to.equal('1.0-1');
    expectCode(await s.run(v1, ['--test-only']), 0);
    const v2 = compileYaml('validators:\n  - package: {sip-hello: {version: "2.0"}}\n');
    const r = await s.run(v2, ['--test-only']);
    expectCode(r, 1);
    expect(r.stderr).to.contain('missing packages: sip-hello=2.0');
    expectCode(await s.run(v2), 0);
    expect(await debVersion(s, 'sip-hello')).to.equal('2.0-1');
  });

  it('accepts a version without epoch or revision (documented prefix rule) and rejects others', async () => {
    const s = session();
    expectCode(await s.run(compileYaml('validators:\n  - package: sip-world\n')), 0);
    for (const v of ['1:3.1-2', '3.1-2', '3.1', '1:3.1']) {
      expectCode(await s.run(compileYaml(`validators:\n  - package: {sip-world: {version: "${v}"}}\n`), ['--test-only']), 0);
    }
    for (const v of ['3', '3.1-1', '2:3.1-2', '3.10']) {
      expectCode(await s.run(compileYaml(`validators:\n  - package: {sip-world: {version: "${v}"}}\n`), ['--test-only']), 1);
    }
  });

  it('installs a package with its dependencies', async () => {
    const s = session();
    expectCode(await s.run(compileYaml('validators:\n  - package: sip-dep\n')), 0);
    expect(await debVersion(s, 'sip-dep')).to.equal('1.0-1');
    expect(await debVersion(s, 'sip-hello')).to.not.equal('');
  });

  it('falls through any: the first alternative is missing from the repository, the second is installed', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - any:\n      - package: sip-not-in-repo\n      - package: sip-tool\n');
    const r = await s.run(p);
    expectCode(r, 0);
    expect(await debVersion(s, 'sip-tool')).to.equal('1.0-1');
    expect(await debVersion(s, 'sip-not-in-repo')).to.equal('');
  });

  it('undoes the argument changes of a failed any alternative', async () => {
    const s = session();
    const p = compileYaml(
      `arguments:
  choice: {default: original}
validators:
  - any:
      - all:
          - argument_set: {argument_name: choice, value: from-failed-alternative}
          - argument_set: {argument_name: only-in-failed, value: leaked}
          - package: sip-not-in-repo
      - all:
          - package: sip-hello
  - script: {record.sh: {env_vars: [choice, only-in-failed]}}
`,
      { 'record.sh': '#!/bin/sh\nprintf "%s|%s" "$choice" "${only_in_failed-unset}" >/root/record.txt\n' },
    );
    expectCode(await s.run(p), 0);
    expect(await readText(s, '/root/record.txt')).to.equal('original|unset');
  });

  it('refreshes missing package lists once (apt-get update) before installing', async () => {
    const s = session();
    expectCode(await s.sh('rm -f /var/lib/apt/lists/*_Packages*'), 0);
    const r = await s.run(compileYaml('validators:\n  - package: sip-p042\n'));
    expectCode(r, 0);
    expect(r.stderr).to.contain('refreshing the package lists (apt-get update)');
    expect(await debVersion(s, 'sip-p042')).to.equal('1.0-1');
  });

  it('installs all missing packages of one validator in ONE apt-get call, reading the package database once before and once after', async () => {
    const s = session();
    const names = Array.from({ length: 100 }, (_, i) => `sip-p${String(i + 1).padStart(3, '0')}`);
    const p = compileYaml(`validators:\n  - package:\n${names.map((n) => `      - ${n}\n`).join('')}  - package: [sip-p001, sip-p100]\n`);
    await installShims(s, ['dpkg-query', 'apt-get']);
    try {
      const r = await s.run(p);
      expectCode(r, 0);
      const calls = await takeCalls(s);
      const installs = calls.filter((c) => c.startsWith('apt-get') && c.includes(' install '));
      expect(installs, calls.join('\n') + r.stderr.slice(-3000)).to.have.length(1);
      expect(installs[0]).to.contain('sip-p001').and.contain('sip-p100');
      expect(calls.filter((c) => c.startsWith('dpkg-query -W'))).to.have.length(2);
      expect(await debVersion(s, 'sip-p050')).to.equal('1.0-1');
      await takeCalls(s);
      const again = await s.run(p, ['--test-only']);
      expectCode(again, 0);
      const checks = await takeCalls(s);
      expect(checks.filter((c) => c.startsWith('dpkg-query -W')), checks.join('\n')).to.have.length(1);
    } finally {
      await removeShims(s, ['dpkg-query', 'apt-get']);
    }
  });

  it('installs adjacent package steps together in ONE apt-get call, each step reporting its own packages as changed', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - package: sip-p201\n  - package: [sip-p202, sip-p203]\n  - package: sip-p201\n  - script: {between: {inline: "true"}}\n  - package: sip-p204\n');
    await installShims(s, ['apt-get']);
    try {
      const report = '/root/ahead.jsonl';
      const r = await s.run(p, ['--report', report]);
      expectCode(r, 0);
      const installs = (await takeCalls(s)).filter((c) => c.startsWith('apt-get') && c.includes(' install '));
      // the run of three adjacent steps in one call; the step after the script alone
      expect(installs, r.stderr).to.have.length(2);
      expect(installs[0]).to.contain('sip-p201').and.contain('sip-p202').and.contain('sip-p203').and.not.contain('sip-p204');
      expect(installs[1]).to.contain('sip-p204');
      expect(r.stderr).to.contain('installing the missing packages of 3 adjacent package steps together: sip-p201 sip-p202 sip-p203');
      const events = (await readText(s, report)).trim().split('\n').map((l) => JSON.parse(l) as { event: string; status?: string; message?: string });
      const steps = events.filter((e) => e.event === 'validator');
      expect(steps.map((e) => e.status)).to.deep.equal(['changed', 'changed', 'ok', 'ok', 'changed']);
      expect(steps[1]!.message).to.equal('installed: sip-p202 sip-p203 (together with the adjacent package steps)');
    } finally {
      await removeShims(s, ['apt-get']);
    }
  });

  it('installs a run of more than 100 adjacent package steps 100 steps at a time', async () => {
    const s = await openRoot('debian');
    try {
      const names = Array.from({ length: 103 }, (_, i) => `sip-p${String(i + 151).padStart(3, '0')}`);
      const p = compileYaml(`validators:\n${names.map((n) => `  - package: ${n}\n`).join('')}`);
      await installShims(s, ['apt-get']);
      const r = await s.run(p);
      expectCode(r, 0);
      const installs = (await takeCalls(s)).filter((c) => c.startsWith('apt-get') && c.includes(' install '));
      expect(installs, r.stderr).to.have.length(2);
      expect(installs[0]).to.contain('sip-p151').and.contain('sip-p250').and.not.contain('sip-p251');
      expect(installs[1]).to.contain('sip-p251').and.contain('sip-p253').and.not.contain('sip-p250');
      expect(r.stderr).to.contain('installing the missing packages of 100 adjacent package steps together: sip-p151 ');
      expect(r.stderr).to.contain('installing the missing packages of 3 adjacent package steps together: sip-p251 sip-p252 sip-p253');
      expect(r.stderr).to.match(/reconcile: 0 ok, 103 changed, 0 not selected, 0 failed/);
    } finally {
      await s.dispose();
    }
  });

  it('when the joint install of adjacent steps fails, each step installs its own: the steps before the bad one succeed', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - package: sip-p211\n  - package: sip-no-such-package\n  - package: sip-p212\n');
    const r = await s.run(p);
    expectCode(r, 1);
    expect(r.stderr).to.contain('joint install failed');
    expect(r.stderr).to.match(/package sip-p211 {2}changed/);
    expect(r.stderr).to.match(/package sip-no-such-package {2}FAILED/);
    expect(await debVersion(s, 'sip-p211')).to.equal('1.0-1');
    expect(await debVersion(s, 'sip-p212')).to.equal('');
  });

  it('does not count a removed (rc) package as installed', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - package: sip-p007\n');
    expectCode(await s.run(p), 0);
    expectCode(await s.sh('dpkg --remove sip-p007 >/dev/null 2>&1'), 0);
    expectCode(await s.run(p, ['--test-only']), 1);
  });

  it('leaves no temporary files behind, on failure either', async () => {
    const s = session();
    expectCode(await s.run(compileYaml('validators:\n  - package: sip-not-in-repo\n')), 1);
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });
});
