/** Emitted programs really run in the RHEL-like test root (Rocky 9 look-alike, real rpm + dnf, local repository). */
import { expect } from 'chai';
import { cleanupFixtures } from '../lower/fixture.js';
import { compileYaml, describeRoot, expectCode, installShims, programOf, removeShims, rpmVersion, takeCalls, tmpLeftovers } from './support.js';

after(cleanupFixtures);

describeRoot('e2e rhel: the every-kind fixture', 'rhel', (session) => {
  const program = programOf('every-kind');
  const rpmList = async (): Promise<string> => (await session().sh('rpm -qa | sort')).stdout;

  it('test-only on a fresh root exits 1 and installs nothing', async () => {
    const s = session();
    const before = await rpmList();
    const r = await s.run(program, ['--test-only']);
    expectCode(r, 1);
    expect(r.stderr).to.contain('on rocky 9 (family redhat)').and.contain('missing packages: sip-tool');
    expect(await rpmList()).to.equal(before);
  });

  it('reconcile installs with dnf (rocky branch of os_case, versioned sip-hello) and exits 0', async () => {
    const s = session();
    const r = await s.run(program);
    expectCode(r, 0);
    expect(r.stderr).to.contain('installing with dnf: sip-tool').and.contain('installing with dnf: sip-hello-2.0-1');
    expect(await rpmVersion(s, 'sip-tool')).to.equal('1.0-1');
    expect(await rpmVersion(s, 'sip-hello')).to.equal('2.0-1');
  });

  it('then test-only passes without installing anything', async () => {
    const s = session();
    const before = await rpmList();
    const r = await s.run(program, ['--test-only']);
    expectCode(r, 0);
    expect(await rpmList()).to.equal(before);
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });
});

describeRoot('e2e rhel: packages', 'rhel', (session) => {
  it('checks versions as version or version-release, installs name-version in one dnf call', async () => {
    const s = session();
    await installShims(s, ['rpm', 'dnf']);
    try {
      const p = compileYaml('validators:\n  - package: [{sip-hello: {version: "1.0-1"}}, sip-tool]\n');
      expectCode(await s.run(p), 0);
      const calls = await takeCalls(s);
      expect(calls.filter((c) => c.startsWith('dnf'))).to.deep.equal(['dnf -y install -- sip-hello-1.0-1 sip-tool']);
      expect(calls.filter((c) => c.startsWith('rpm -qa'))).to.have.length(2);
      expect(await rpmVersion(s, 'sip-hello')).to.equal('1.0-1');
      for (const v of ['1.0', '1.0-1', '0:1.0-1']) {
        expectCode(await s.run(compileYaml(`validators:\n  - package: {sip-hello: {version: "${v}"}}\n`), ['--test-only']), 0);
      }
      expectCode(await s.run(compileYaml('validators:\n  - package: {sip-hello: {version: "2.0"}}\n'), ['--test-only']), 1);
    } finally {
      await removeShims(s, ['rpm', 'dnf']);
    }
  });

  it('a run of adjacent one-package steps: installed in one dnf call; then the lines of a run printed at once are those of the steps one by one', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - package: sip-p101\n  - package: sip-p102\n  - all:\n      - package: sip-p103\n      - package: sip-p104\n');
    expect(p).to.contain('sip_v0_run() {');
    await installShims(s, ['dnf']);
    try {
      const first = await s.run(p);
      expectCode(first, 0);
      // the look-ahead of the run's own steps: each run installs its steps together
      expect((await takeCalls(s)).filter((c) => c.startsWith('dnf'))).to.deep.equal(['dnf -y install -- sip-p101 sip-p102', 'dnf -y install -- sip-p103 sip-p104']);
    } finally {
      await removeShims(s, ['dnf']);
    }
    const plain = await s.run(p, ['--test-only']);
    const reported = await s.run(p, ['--test-only', '--report', '/root/r.jsonl']);
    expectCode(plain, 0);
    expect(plain.stderr).to.equal(reported.stderr);
    expect(plain.stderr).to.contain('image.yaml:5:9    package sip-p103  ok\n');
    expect(plain.stderr).to.contain(': 4 ok, 0 changed');
  });

  it('fails when the installer cannot provide a package, after checking again', async () => {
    const s = session();
    const r = await s.run(compileYaml('validators:\n  - package: [sip-tool, sip-not-in-repo]\n'));
    expectCode(r, 1);
    expect(r.stderr).to.contain('could not install: sip-not-in-repo');
  });
});
