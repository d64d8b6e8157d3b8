// Every runtime file: bash -n, shellcheck (alone, and all together as a program), header
// comment with sip-requires naming existing files, and no construct above the bash 4.2 floor.

import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { expect } from 'chai';
import { RUNTIME, closure, program, requiresOf, runtimeFiles, runtimeText, runBash, scratch, write } from './harness.js';

const OPTIONAL = [
  'add-default-case',
  'avoid-nullary-conditions',
  'check-extra-masked-returns',
  'check-set-e-suppressed',
  'deprecate-which',
  'quote-safe-variables',
  'require-double-brackets',
].join(',');

function shellcheck(args: string[]): { status: number; out: string } {
  const r = spawnSync('shellcheck', args, { encoding: 'utf8' });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, out: r.stdout + r.stderr };
}

describe('runtime lint', function () {
  this.timeout(120_000);
  const files = runtimeFiles();

  it('has the expected files', () => {
    for (const f of ['log', 'json', 'report', 'tmp', 'step', 'args', 'distro', 'flow', 'main', 'pkg', 'pkg-debian', 'pkg-rpm', 'pkg-redhat', 'pkg-suse', 'script', 'copy-script']) {
      expect(files).to.include(f);
    }
  });

  for (const f of files) {
    describe(`${f}.sh`, () => {
      it('parses (bash -n)', () => {
        const r = spawnSync('bash', ['-n', path.join(RUNTIME, `${f}.sh`)], { encoding: 'utf8' });
        expect(r.status, r.stderr).to.equal(0);
      });

      it('is shellcheck-clean on its own (all severities, optional checks except variable braces)', () => {
        const r = shellcheck(['-s', 'bash', '-S', 'style', `--enable=${OPTIONAL}`, path.join(RUNTIME, `${f}.sh`)]);
        expect(r.out).to.equal('');
        expect(r.status).to.equal(0);
      });

      it('starts with a header naming the file and a sip-requires line naming existing files', () => {
        const text = runtimeText(f);
        expect(text.split('\n')[0]).to.match(new RegExp(`^# ${f.replace('-', '\\-')}\\.sh — \\S`));
        for (const d of requiresOf(f)) expect(files, `${f} requires ${d}`).to.include(d);
        expect(() => closure([f])).not.to.throw();
      });

      it('stays within bash 4.2', () => {
        const text = runtimeText(f)
          .split('\n')
          .filter((l) => !/^\s*#/.test(l))
          .join('\n');
        expect(text).not.to.match(/local -n|declare -n|typeset -n/); // namerefs: 4.3
        expect(text).not.to.match(/\$\{[^}]*@[QEPAaKk]\}/); // ${x@Q}: 4.4
        expect(text).not.to.match(/\[\[ -v /); // -v on array elements: 4.3
        expect(text).not.to.match(/wait -n|mapfile -d|readarray -d/);
        expect(text).not.to.match(/;;&|;&/);
        expect(text).not.to.match(/\bset -e\b|set -o errexit/);
        expect(text).not.to.match(/\beval\b/);
        if (/EPOCHREALTIME/.test(text)) expect(text).to.match(/SECONDS/);
      });
    });
  }

  it('is shellcheck-clean as one program (--enable=all, variable braces excepted)', () => {
    const text = program({
      args: [{ name: 'java-distro', description: 'd', default: 'openjdk', choices: ['openjdk', 'x'] }],
      body: 'sip_validators() { return 0; }',
    });
    const file = write(path.join(scratch('lint'), 'all.sh'), text);
    const r = shellcheck(['-s', 'bash', '-S', 'style', '--enable=all', '--exclude=SC2250', file]);
    expect(r.out).to.equal('');
    expect(r.status).to.equal(0);
  });

  it('every file loads alone with its requirements (no top-level errors)', () => {
    for (const f of files) {
      const r = runBash(program({ files: [f], body: 'printf ok', main: false }));
      expect(r.stderr, f).to.equal('');
      expect(r.stdout, f).to.equal('ok');
    }
  });
});
