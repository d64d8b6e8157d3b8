/**
 * Golden programs: each fixture of test/fixtures/programs compiles to exactly the bytes of
 * test/baselines/programs/<name>.sh, and the program is bash -n clean and shellcheck clean
 * (all severities). In every golden but FULL_GOLDEN, each runtime section is a one-line stub
 * naming its file and the sha256 of its text (stubRuntime), so a runtime edit changes one
 * golden, not all of them; the goldens show what the compiler emitted around the runtime.
 * Regenerate after an intended change, then review the diff:
 *
 *   UPDATE_BASELINES=1 npx mocha test/emit/golden.test.ts
 */
import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BASELINES, bashSyntax, fixtureNames, programOf, shellcheck, type Lint } from './programs.js';

const update = process.env['UPDATE_BASELINES'] === '1';

/** The one golden that shows the runtime sections in full. */
const FULL_GOLDEN = 'every-kind';

const SECTION = /^(# ---- runtime\/([a-z0-9-]+)\.sh -+\n)([\s\S]*?)(?=\n\n# ---- )/gm;

/** Each runtime section's text replaced by one line: its file name and sha256. */
export function stubRuntime(text: string): string {
  return text.replace(SECTION, (_m, banner: string, name: string, body: string) => {
    const hash = createHash('sha256').update(body).digest('hex');
    return `${banner}# runtime/${name}.sh sha256 ${hash} (in full in ${FULL_GOLDEN}.sh)`;
  });
}

const goldenOf = (name: string, text: string): string => (name === FULL_GOLDEN ? text : stubRuntime(text));

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

  let lintDir: string;
  // Compile every fixture (writing baselines when updating), then lint every program at once.
  before(() => {
    lintDir = mkdtempSync(join(tmpdir(), 'sip-golden-'));
    for (const name of names) {
      const text = programOf(name);
      texts.set(name, text);
      if (update) {
        mkdirSync(BASELINES, { recursive: true });
        writeFileSync(join(BASELINES, `${name}.sh`), goldenOf(name, text));
      }
      writeFileSync(join(lintDir, `${name}.sh`), text);
    }
    for (const name of names) lints.set(name, shellcheck(join(lintDir, `${name}.sh`)));
  });
  after(() => rmSync(lintDir, { recursive: true, force: true }));

  it('stubs every runtime section in all goldens but one, which has them in full', () => {
    const text = texts.get('seed')!;
    const stubbed = stubRuntime(text);
    const sections = [...text.matchAll(SECTION)].map((m) => m[2]);
    expect(sections).to.include.members(['main', 'step', 'pkg']);
    expect(stubbed.match(/^# runtime\/[a-z0-9-]+\.sh sha256 [0-9a-f]{64} /gm)?.length).to.equal(sections.length);
    expect(stubbed).to.contain('sip_validators() {').and.not.contain('sip_step() {');
    expect(readFileSync(join(BASELINES, `${FULL_GOLDEN}.sh`), 'utf8')).to.contain('sip_step() {');
  });

  it('has the representative fixtures', () => {
    expect(names).to.include.members(['empty', 'seed', 'every-kind', 'hostile', 'no-final-newline', 'delimiter', 'binary', 'baked']);
  });

  for (const name of names) {
    describe(name, () => {
      const file = join(BASELINES, `${name}.sh`);
      it('matches its baseline byte for byte', () => {
        expect(existsSync(file), `${file} is missing: run UPDATE_BASELINES=1 npx mocha test/emit/golden.test.ts`).to.equal(true);
        const want = readFileSync(file, 'utf8');
        const text = goldenOf(name, texts.get(name) ?? '');
        if (text !== want) {
          expect.fail(`${name}.sh differs from its baseline (UPDATE_BASELINES=1 to regenerate, then review the diff)\n${firstDifference(want, text ?? '')}`);
        }
      });

      it('is deterministic', () => {
        expect(programOf(name)).to.equal(texts.get(name));
      });

      it('is bash -n clean', async () => {
        const r = await bashSyntax(join(lintDir, `${name}.sh`));
        expect(r.output).to.equal('');
        expect(r.ok).to.equal(true);
      });

      it('is shellcheck clean at every severity', async () => {
        expect(lints.has(name)).to.equal(true);
        const r = await lints.get(name)!;
        expect(r.output).to.equal('');
        expect(r.ok).to.equal(true);
      });
    });
  }
});
