// Bad input and habits of the trade (issue 14, item 8): each gets one clear line and the
// documented exit status, never a library's internals.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from './run-cli.js';

const TYPO = 'validators:\n  - os_case:\n      - ubunto:\n          - package: a\n      - centoss:\n          - package: b\n';

describe('cli: bad input and habits of the trade', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-habits-'));
    writeFileSync(join(dir, 'typo.yaml'), TYPO);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('check --warnings-as-errors: an os_case typo fails (exit 2), text and json', async () => {
    const plain = await inProcess(['check', join(dir, 'typo.yaml')]);
    expect(plain.code).to.equal(0);
    const strict = await inProcess(['check', join(dir, 'typo.yaml'), '--warnings-as-errors']);
    expect(strict.code).to.equal(2);
    expect(strict.stderr).to.contain('error SIP3014').and.contain('2 errors, 0 warnings');
    const json = await inProcess(['check', join(dir, 'typo.yaml'), '--warnings-as-errors', '--format', 'json']);
    expect(json.code).to.equal(2);
    const out = JSON.parse(json.stdout) as { ok: boolean; diagnostics: { severity: string }[] };
    expect(out.ok).to.equal(false);
    expect(out.diagnostics.map((d) => d.severity)).to.deep.equal(['error', 'error']);
  });

  it('compile --warnings-as-errors writes no program', async () => {
    const out = join(dir, 'typo.sh');
    const r = await inProcess(['compile', join(dir, 'typo.yaml'), '--warnings-as-errors', '-o', out]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('no program written');
    expect(readdirSync(dir)).to.not.include('typo.sh');
  });

  it('the known distro list is given once, not at every SIP3014', async () => {
    const r = await inProcess(['check', join(dir, 'typo.yaml')]);
    expect(r.stderr.split('known: families').length - 1).to.equal(1);
    expect(r.stderr).to.contain("'centoss' in os_case; did you mean 'centos'? (listed at the first SIP3014)");
  });

  it('plan --distro windows warns that the distro is unknown (still exit 0: os_case may name it)', async () => {
    const r = await inProcess(['plan', 'demo', '1.0', '--distro', 'windows']);
    expect(r.code).to.equal(0);
    expect(r.stderr).to.contain("warning: 'windows' is not a known distro id or family");
    const known = await inProcess(['plan', 'demo', '1.0', '--distro', 'debian12']);
    expect(known.stderr).to.equal('');
  });

  it('compile -o into a missing directory or onto a directory: one plain line, no temp-file name', async () => {
    const missing = await inProcess(['compile', 'demo', '1.0', '-o', join(dir, 'nope', 'x.sh')]);
    expect(missing.code).to.equal(2);
    expect(missing.stderr).to.contain(`cannot write ${join(dir, 'nope', 'x.sh')}: the directory ${join(dir, 'nope')} does not exist`);
    const sub = join(dir, 'sub');
    mkdirSync(sub, { recursive: true });
    const onDir = await inProcess(['compile', 'demo', '1.0', '-o', sub]);
    expect(onDir.code).to.equal(2);
    expect(onDir.stderr).to.contain(`cannot write ${sub}: it is a directory`);
    for (const r of [missing, onDir]) expect(r.stderr).to.not.match(/ENOENT|EISDIR|\.tmp/);
  });

  it('--resource-root naming a missing directory says so once', async () => {
    const r = await inProcess(['compile', 'demo', '1.0', '--resource-root', join(dir, 'no-root')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`--resource-root ${join(dir, 'no-root')}: no such directory`);
    expect(r.stderr).to.not.contain('not found');
    const file = join(dir, 'typo.yaml');
    const notDir = await inProcess(['check', file, '--resource-root', file]);
    expect(notDir.stderr).to.contain('not a directory');
  });
});
