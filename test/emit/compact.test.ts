/**
 * Compact emission (CompileProgramOptions.compact, `compile --compact`): the runtime sections
 * lose their comment lines and blank lines, nothing else changes.
 */
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compactRuntimeText } from '../../compiler/emit/compact.js';
import { loadRuntimeLibrary } from '../../compiler/lower/runtime-library.js';
import { fixtureNames, programOf, shellcheck } from './programs.js';

/** What bash defines after sourcing TEXT: every function as bash prints it, every SIP_ variable. */
function definitions(text: string): string {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `${text}\ndeclare -f; declare -p | grep '^declare -[^ ]* SIP_' || true`], { maxBuffer: 64 << 20 });
  expect(r.status, r.stderr.toString()).to.equal(0);
  return r.stdout.toString();
}

/** The program without its last line (`sip_main "$@"`). */
const library = (text: string): string => text.trimEnd().split('\n').slice(0, -1).join('\n') + '\n';

describe('compact emission', function () {
  this.timeout(60_000);

  it('keeps every function and variable of each runtime file, as bash reads them', () => {
    for (const file of loadRuntimeLibrary().files.values()) {
      const compact = compactRuntimeText(file.text);
      expect(compact, file.name).to.not.match(/^\s*#(?!\s*shellcheck\s)/m);
      expect(compact, file.name).to.not.match(/^\s*$/m);
      expect(definitions(compact), file.name).to.equal(definitions(file.text));
    }
  });

  it('keeps shellcheck directives and code lines', () => {
    const text = '# about\n\nf() {\n  # why\n  # shellcheck disable=SC2034 # read elsewhere\n  x=1 # trailing\n}\n';
    expect(compactRuntimeText(text)).to.equal('f() {\n  # shellcheck disable=SC2034 # read elsewhere\n  x=1 # trailing\n}');
  });

  for (const name of fixtureNames()) {
    it(`${name}: defines the same as the full program, is smaller and shellcheck clean`, async () => {
      const full = programOf(name);
      const compact = programOf(name, undefined, { compact: true });
      expect(compact.length).to.be.lessThan(full.length * 0.8);
      expect(definitions(library(compact))).to.equal(definitions(library(full)));
      // the validator section (location comments included) is the same text
      const validators = (t: string): string => t.slice(t.indexOf('# ---- validators'));
      expect(validators(compact)).to.equal(validators(full));
      const dir = mkdtempSync(join(tmpdir(), 'sip-compact-'));
      try {
        writeFileSync(join(dir, 'p.sh'), compact);
        const lint = await shellcheck(join(dir, 'p.sh'));
        expect(lint.output).to.equal('');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
