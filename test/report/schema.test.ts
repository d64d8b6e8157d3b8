// The report's JSON Schema (compiler/schema/report.schema.json) against real reports.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { newAjv } from '../../compiler/schema/ajv-instance.js';
import { packageRoot } from '../../compiler/package-root.js';
import { cleanup, realRun, type RealRun } from './real-run.js';

describe('report: the JSON Schema holds for real reports', function () {
  this.timeout(60_000);
  const schema = JSON.parse(readFileSync(join(packageRoot(), 'compiler', 'schema', 'report.schema.json'), 'utf8')) as object;
  const validate = newAjv().compile(schema);
  const runs: RealRun[] = [];
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    runs.push(realRun(['--distro', 'debian12']), realRun(['--distro', 'rocky9', '--test-only']), realRun(['--distro', 'ubuntu22', '--flavour', 'spicy']));
  });
  after(() => runs.forEach(cleanup));

  it('every line of every report validates; each report ends with one summary', () => {
    for (const run of runs) {
      const lines = run.reportText.split('\n').filter(Boolean);
      expect(lines.length).to.be.greaterThan(5);
      for (const line of lines) {
        const ok = validate(JSON.parse(line));
        expect(ok, `${line}\n${JSON.stringify(validate.errors)}`).to.equal(true);
      }
      expect(run.report.filter((e) => e.event === 'summary')).to.have.length(1);
      expect(run.report.at(-1)!.event).to.equal('summary');
    }
  });

  it('the reports cover every status and both modes', () => {
    const events = runs.flatMap((r) => r.report).filter((e) => e.event === 'validator');
    expect(new Set(events.map((e) => e['status']))).to.include.members(['ok', 'skipped', 'failed']);
    expect(new Set(events.map((e) => e['mode']))).to.have.members(['reconcile', 'test-only']);
  });

  it('the schema rejects what it should (it is not a schema that accepts anything)', () => {
    const good = runs[0]!.report[0]!;
    for (const bad of [
      { ...good, status: 'fine' },
      { ...good, location: 'image.yaml' },
      { ...good, duration_ms: -1 },
      { ...good, path: 'x' },
      { event: 'summary', ok: 1 },
      { event: 'other' },
    ]) {
      expect(validate(bad), JSON.stringify(bad)).to.equal(false);
    }
  });
});
