/**
 * Diagnostic baselines, TypeScript-style: for each fixture under
 * test/fixtures/manifests/invalid, the text `sahara-image-pack check` prints (each diagnostic
 * with its caret excerpt, then the summary line) is compared byte for byte with
 * test/baselines/diagnostics/<fixture>.errors.txt.
 *
 * After an intended change to messages or locations, regenerate and review the diff:
 *   UPDATE_BASELINES=1 npx mocha test/parse/baselines.test.ts
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { formatDiagnostic, formatSummary } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { fixtureNames, INVALID_DIR, manifestPath, REPO_ROOT } from './helpers.js';

const BASELINES = join(REPO_ROOT, 'test', 'baselines', 'diagnostics');
const UPDATE = process.env.UPDATE_BASELINES === '1';

/** What `check` prints for a manifest, with paths relative to the repository root. */
export function renderDiagnostics(file: string): string {
  const shown = relative(REPO_ROOT, file);
  const r = loadManifest(file);
  let out = '';
  for (const d of r.diagnostics) out += formatDiagnostic(d, r.sources) + '\n\n';
  out += formatSummary(r.diagnostics, file) + '\n';
  return out.split(file).join(shown);
}

describe('parse/baselines: diagnostics of the invalid fixtures', () => {
  const names = fixtureNames(INVALID_DIR);

  it('there are baselines for every invalid fixture and no stale ones', () => {
    if (UPDATE) {
      mkdirSync(BASELINES, { recursive: true });
      for (const f of readdirSync(BASELINES)) {
        if (f.endsWith('.errors.txt') && !names.includes(f.slice(0, -'.errors.txt'.length))) rmSync(join(BASELINES, f));
      }
    }
    const have = existsSync(BASELINES) ? readdirSync(BASELINES).filter((f) => f.endsWith('.errors.txt')) : [];
    expect(have.sort()).to.deep.equal(names.map((n) => `${n}.errors.txt`).sort());
  });

  for (const name of names) {
    it(name, () => {
      const actual = renderDiagnostics(manifestPath(INVALID_DIR, name));
      const baseline = join(BASELINES, `${name}.errors.txt`);
      if (UPDATE) {
        mkdirSync(BASELINES, { recursive: true });
        writeFileSync(baseline, actual);
      }
      expect(existsSync(baseline), `${relative(REPO_ROOT, baseline)} exists (run with UPDATE_BASELINES=1)`).to.equal(true);
      expect(actual, `diagnostics of ${name} differ from ${relative(REPO_ROOT, baseline)} (UPDATE_BASELINES=1 to accept)`).to.equal(readFileSync(baseline, 'utf8'));
      expect(actual, 'every invalid fixture reports at least one error').to.match(/: error SIP\d{4}: /);
    });
  }
});
