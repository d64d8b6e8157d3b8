import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { Resources } from '../../compiler/resources/resolve.js';

describe('resources: script lookup in ordered roots', () => {
  let dir: string;
  let a: string;
  let b: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-res-'));
    a = join(dir, 'a');
    b = join(dir, 'b');
    mkdirSync(join(a, 'common'), { recursive: true });
    mkdirSync(join(b, 'common'), { recursive: true });
    writeFileSync(join(a, 'common', 'x.sh'), 'from a\n');
    writeFileSync(join(b, 'common', 'x.sh'), 'from b\n');
    writeFileSync(join(b, 'only-b.sh'), 'b only\n');
    writeFileSync(join(dir, 'secret'), 'outside\n');
    symlinkSync(join(dir, 'secret'), join(a, 'link-out.sh'));
    symlinkSync(join(a, 'common', 'x.sh'), join(a, 'link-in.sh'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the first root holding the file wins; later roots are searched next', () => {
    const r = new Resources([a, b]);
    expect(r.resolve('common/x.sh')).to.deep.include({ kind: 'found', root: a });
    expect(r.resolve('only-b.sh')).to.deep.include({ kind: 'found', root: b });
  });

  it('absolute paths, .. and symbolic links leading out of the root escape it', () => {
    const r = new Resources([a]);
    for (const p of ['/etc/passwd', '../secret', 'common/../../secret', 'link-out.sh']) expect(r.resolve(p).kind, p).to.equal('escapes');
    expect(r.resolve('link-in.sh').kind).to.equal('found');
  });

  it('missing files list the roots searched; directories and bad names are told apart', () => {
    const r = new Resources([a, b]);
    expect(r.resolve('nope.sh')).to.deep.equal({ kind: 'missing', path: 'nope.sh', searched: [a, b] });
    expect(r.resolve('common').kind).to.equal('directory');
    expect(r.resolve('').kind).to.equal('invalid');
    expect(r.resolve('a\nb').kind).to.equal('invalid');
  });

  it('reads each path once', () => {
    const r = new Resources([a]);
    expect(r.resolve('common/x.sh')).to.equal(r.resolve('common/x.sh'));
  });
});
