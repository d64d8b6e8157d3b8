/**
 * Golden programs: each fixture of test/fixtures/programs compiles to exactly the bytes of
 * test/baselines/programs/<name>.sh, which is bash -n clean and shellcheck clean (all
 * severities). Regenerate after an intended change, then review the diff:
 *
 *   UPDATE_BASELINES=1 npx mocha test/emit/golden.test.ts
 */
import { expect } from 'chai';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BASELINES, bashSyntax, fixtureNames, programOf, shellcheck, type Lint } from './programs.js';

const update = process.env['UPDATE_BASELINES'] === '1';

/** Where two texts first differ, with the section (runtime file, body, validators) and a few lines of each. */
function firstDifference(want: string, got: string): string {
  const a = want.split('\n');
  const b = got.split('\n');
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  const section = [...a.slice(0, i + 1)].reverse().find((l) => l.startsWith('# ---- ')) ?? '(header)';
  const show = (lines: string[]): string => lines.slice(Math.max(0, i - 2), i + 3).map((l, k) => `    ${Math.max(0, i - 2) + k + 1}: ${l}`).join('\n');
  return `first difference at line ${i + 1}, in section ${section}\n  baseline:\n${show(a)}\n  now:\n${show(b)}`;
}

describe('golden programs', function () {
  this.timeout(120_000);
  const names = fixtureNames();
  const texts = new Map<string, string>();
  const lints = new Map<string, Promise<Lint>>();

  // Compile every fixture (writing baselines when updating), then lint all goldens at once.
  before(() => {
    for (const name of names) {
      const text = programOf(name);
      texts.set(name, text);
      if (update) {
        mkdirSync(BASELINES, { recursive: true });
        writeFileSync(join(BASELINES, `${name}.sh`), text);
      }
    }
    for (const name of names) {
      const file = join(BASELINES, `${name}.sh`);
      if (existsSync(file)) lints.set(name, shellcheck(file));
    }
  });

  it('has the representative fixtures', () => {
    expect(names).to.include.members(['seed', 'every-kind', 'hostile', 'no-final-newline', 'delimiter', 'binary', 'baked']);
  });

  for (const name of names) {
    describe(name, () => {
      const file = join(BASELINES, `${name}.sh`);
      it('matches its baseline byte for byte', () => {
        expect(existsSync(file), `${file} is missing: run UPDATE_BASELINES=1 npx mocha test/emit/golden.test.ts`).to.equal(true);
        const want = readFileSync(file, 'utf8');
        const text = texts.get(name);
        if (text !== want) {
          expect.fail(`${name}.sh differs from its baseline (UPDATE_BASELINES=1 to regenerate, then review the diff)\n${firstDifference(want, text ?? '')}`);
        }
      });

      it('is deterministic', () => {
        expect(programOf(name)).to.equal(texts.get(name));
      });

      it('is bash -n clean', async () => {
        const r = await bashSyntax(file);
        expect(r.output).to.equal('');
        expect(r.ok).to.equal(true);
      });

      it('is shellcheck clean at every severity', async () => {
        expect(lints.has(name), `${file} is missing`).to.equal(true);
        const r = await lints.get(name)!;
        expect(r.output).to.equal('');
        expect(r.ok).to.equal(true);
      });
    });
  }
});
