// Diagnostics that point at two places carry the second as related information (text: a note
// with its own excerpt; json: a `related` list), not as a line number inside the message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { formatDiagnostic, toJson } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { inProcess } from '../cli/run-cli.js';

const CASES = [
  { code: 'SIP1002', yaml: 'validators:\n  - package: a\nvalidators:\n  - package: b\n', at: [3, 1], related: [1, 1, "the first 'validators' is here"] },
  { code: 'SIP3004', yaml: 'arguments:\n  - a: {default: x}\n  - a: {default: y}\nvalidators: [{package: a}]\n', at: [3, 5], related: [2, 5, "the first declaration of 'a'"] },
  { code: 'SIP3013', yaml: 'validators:\n  - os_case:\n      - redhat: [{package: a}]\n      - centos: [{package: b}]\n', at: [4, 9], related: [3, 9, "the earlier branch 'redhat'"] },
] as const;

describe('diagnostics: related locations', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'sip-related-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const c of CASES) {
    it(`${c.code}: the second place is related information, not text`, () => {
      const file = join(dir, `${c.code}.yaml`);
      writeFileSync(file, c.yaml);
      const loaded = loadManifest(file);
      const d = loaded.diagnostics.find((x) => x.code === c.code)!;
      expect(d, JSON.stringify(loaded.diagnostics)).to.not.equal(undefined);
      expect([d.loc!.line, d.loc!.column]).to.deep.equal(c.at);
      expect(d.message).to.not.match(/line \d/);
      expect(d.related).to.have.length(1);
      const r = d.related![0]!;
      expect([r.loc.line, r.loc.column, r.message]).to.deep.equal(c.related);
      const json = toJson(d);
      expect(json.related).to.deep.equal([{ message: c.related[2], file, line: c.related[0], column: c.related[1], endLine: r.loc.endLine, endColumn: r.loc.endColumn }]);
      const text = formatDiagnostic(d, loaded.sources).split('\n');
      expect(text[0]).to.equal(`${file}:${c.at[0]}:${c.at[1]}: ${d.severity} ${c.code}: ${d.message}`);
      expect(text[3]).to.equal(`${file}:${c.related[0]}:${c.related[1]}: note: ${c.related[2]}`);
      expect(text[4]).to.contain(c.yaml.split('\n')[c.related[0] - 1]!.replace(/\t/g, '\u00b7'));
    });
  }

  it('check --format json gives every diagnostic a related list ([] when there is none)', async () => {
    const file = join(dir, 'both.yaml');
    writeFileSync(file, 'validators:\n  - os_case:\n      - redhat: [{package: a}]\n      - centos: [{package: b}]\n      - ubunto: []\n');
    const r = await inProcess(['check', file, '--format', 'json']);
    const out = JSON.parse(r.stdout) as { diagnostics: { code: string; related: { line: number }[] }[] };
    expect(out.diagnostics.map((d) => [d.code, d.related.map((x) => x.line)])).to.deep.equal([
      ['SIP3013', [3]],
      ['SIP3014', []],
    ]);
  });
});
