/** The program's interface (SPEC §3): options, exit statuses, --help, --version, --report, --set. */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../emit/programs.js';
import { cleanupFixtures } from '../lower/fixture.js';
import { compileYaml, debVersion, describeRoot, expectCode, parseReport, programOf, readText, tmpLeftovers } from './support.js';

after(cleanupFixtures);

describeRoot('e2e program interface', 'debian', (session) => {
  const EVERY = programOf('every-kind');

  it('--help lists the arguments with descriptions, defaults and choices, not hidden ones (exit 0)', async () => {
    const r = await session().run(EVERY, ['--help']);
    expectCode(r, 0);
    expect(r.stdout).to.contain('--greeting VALUE').and.contain('What hello.sh greets with.').and.contain('default: hello');
    expect(r.stdout).to.contain('--flavour VALUE').and.contain('choices: tool none');
    expect(r.stdout).to.contain('--test-only').and.contain('--distro ID').and.contain('--report FILE');
    expect(r.stdout).to.not.contain('secret-token');
  });

  it('--version names the compiler and the manifest sha256 (exit 0)', async () => {
    const r = await session().run(EVERY, ['--version']);
    expectCode(r, 0);
    const sha = createHash('sha256').update(readFileSync(join(FIXTURES, 'every-kind', 'image.yaml'))).digest('hex');
    expect(r.stdout).to.contain(sha).and.contain('sahara-image-pack 0.0.0-golden');
  });

  it('exits 2 on a usage error: unknown option, missing value, unexpected argument', async () => {
    const s = session();
    for (const args of [['--no-such-option', 'x'], ['--greeting'], ['stray']]) {
      const r = await s.run(EVERY, args);
      expectCode(r, 2);
    }
  });

  it('exits 2 on a value outside the choices, listing the choices, before doing anything', async () => {
    const s = session();
    const r = await s.run(EVERY, ['--flavour', 'bogus']);
    expectCode(r, 2);
    expect(r.stderr).to.contain("invalid value 'bogus' for --flavour; choices: tool, none");
    expect(await debVersion(s, 'sip-tool')).to.equal('');
  });

  it('exits 2 when a required argument is missing', async () => {
    const p = compileYaml('arguments:\n  mirror: {required: true}\nvalidators:\n  - argument_set: {argument_name: x, value: y}\n');
    const r = await session().run(p);
    expectCode(r, 2);
    expect(r.stderr).to.contain('missing required argument --mirror');
  });

  it('exits 3 for a package step on an unknown distro family, naming the distro', async () => {
    const r = await session().run(EVERY, ['--distro', 'plan9']);
    expectCode(r, 3);
    expect(r.stderr).to.contain("'plan9'").and.contain('family is unknown');
  });

  it('runs on an unknown distro when no package step needs its family (os_case: not selected)', async () => {
    const p = compileYaml('validators:\n  - os_case:\n      - debian: [{package: sip-tool}]\n');
    const r = await session().run(p, ['--distro', 'plan9']);
    expectCode(r, 0);
    expect(r.stderr).to.match(/os_case debian\s+not selected/);
  });

  it('exits 3 when not run as root', async () => {
    const s = session();
    const r = await s.sh(`cat >/tmp/prog.sh <<'SIP_E2E'\n${compileYaml('validators:\n  - package: sip-tool\n')}SIP_E2E\nchmod 0755 /tmp/prog.sh; setpriv --reuid=65534 --regid=65534 --clear-groups bash /tmp/prog.sh; rc=$?; rm -f /tmp/prog.sh; exit $rc`);
    expectCode(r, 3);
    expect(r.stderr).to.contain('must be run as root');
  });

  it('writes a JSON Lines report: one event per validator and a summary', async () => {
    const s = session();
    const r = await s.run(EVERY, ['--report', '/root/report.jsonl']);
    expectCode(r, 0);
    const events = parseReport(await readText(s, '/root/report.jsonl'));
    const validators = events.filter((e) => e.event === 'validator');
    const summary = events.at(-1)!;
    expect(summary).to.include({ event: 'summary', exit_code: 0, failed: 0 });
    for (const e of validators) {
      expect(e).to.have.all.keys('event', 'path', 'kind', 'location', 'status', 'duration_ms', 'message', 'mode');
      expect(['ok', 'changed', 'skipped', 'failed']).to.include(e['status']);
      expect(e['location']).to.match(/^image\.yaml:\d+:\d+$/);
      expect(e['duration_ms']).to.be.a('number');
    }
    expect(validators.map((e) => e['path'])).to.include.members(['validators[0].os_case', 'validators[3].any[0].package', 'validators[6].script']);
    expect(validators.find((e) => e['path'] === 'validators[3].any[0].package')).to.include({ status: 'failed', message: 'missing packages: sip-not-in-any-repo' });
    expect(validators.find((e) => e['path'] === 'validators[0].os_case')).to.include({ status: 'changed' });
  });

  it('reports a failing run too (exit 1, failed events, summary)', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - package: sip-not-in-repo\n');
    const r = await s.run(p, ['--test-only', '--report=/root/fail.jsonl']);
    expectCode(r, 1);
    const events = parseReport(await readText(s, '/root/fail.jsonl'));
    expect(events.map((e) => [e.event, e['status'] ?? e['exit_code']])).to.deep.equal([['validator', 'failed'], ['summary', 1]]);
  });

  it('ends the running script and removes its temp files on SIGTERM', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - script: slow.sh\n', { 'slow.sh': '#!/bin/sh\necho started >/root/slow.txt\nsleep 30\necho finished >>/root/slow.txt\n' });
    await s.run(p, ['--help']); // puts the program at /root/prog.sh
    const r = await s.sh('bash /root/prog.sh & pid=$!; for i in $(seq 50); do [ -s /root/slow.txt ] && break; sleep 0.1; done; kill -TERM $pid; wait $pid; echo "status=$?"; sleep 0.3; ls -A /tmp');
    expect(r.stdout).to.contain('status=143');
    expect(r.stdout.split('\n').filter((l) => l.startsWith('sip.'))).to.deep.equal([]);
    expect(await readText(s, '/root/slow.txt')).to.equal('started\n');
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });
});

describeRoot('e2e baked values (compile --set)', 'debian', (session) => {
  it('uses baked values as defaults: no required argument missing, the baked choice selected', async () => {
    const s = session();
    const p = programOf('baked');
    const help = await s.run(p, ['--help']);
    expect(help.stdout).to.contain('default: oracle-java').and.contain('default: http://mirror.example/debian $(reboot)');
    const r = await s.run(p);
    expectCode(r, 0);
    expect(r.stderr).to.contain('mirror=http://mirror.example/debian $(reboot)');
    expect(await debVersion(s, 'sip-tool')).to.equal('1.0-1');
    expect(await debVersion(s, 'sip-hello')).to.equal('');
  });

  it('still lets the command line override a baked value', async () => {
    const s = session();
    const r = await s.run(programOf('baked'), ['--java-distro', 'openjdk', '--mirror', 'http://other']);
    expectCode(r, 0);
    expect(r.stderr).to.contain('mirror=http://other');
    expect(await debVersion(s, 'sip-hello')).to.not.equal('');
  });
});
