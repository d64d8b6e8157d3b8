// The other commands: compile (atomic -o, no file on errors, --set), plan, plugins, PLUGIN VERSION --help.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from './run-cli.js';

describe('cli: compile, plan, plugins, PLUGIN VERSION --help', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-cli-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('compile -o writes the program (mode 0755) and leaves no temp file beside it', async () => {
    const out = join(dir, 'demo.sh');
    const r = await inProcess(['compile', 'demo', '1.0', '-o', out]);
    expect(r.code, r.stderr).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.match(/^#!\/bin\/bash\n/);
    expect(statSync(out).mode & 0o777).to.equal(0o755);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).to.deep.equal([]);
  });

  it('compile -o onto a device node or a FIFO writes into it and leaves the node in place (-o /dev/null never replaces /dev/null)', async function () {
    // a null device of our own (root only), never the machine's /dev/null
    const dev = join(dir, 'null');
    if (spawnSync('mknod', ['-m', '666', dev, 'c', '1', '3']).status !== 0) this.skip();
    const r = await inProcess(['compile', 'demo', '1.0', '-o', dev]);
    expect(r.code, r.stderr).to.equal(0);
    expect(statSync(dev).isCharacterDevice()).to.equal(true);
    const fifo = join(dir, 'fifo');
    expect(spawnSync('mkfifo', [fifo]).status).to.equal(0);
    const reader = spawn('cat', [fifo]);
    let got = '';
    reader.stdout.on('data', (d: Buffer) => (got += d.toString('utf8')));
    const done = new Promise((resolve) => reader.on('close', resolve));
    const w = await inProcess(['compile', 'demo', '1.0', '-o', fifo]);
    await done;
    expect(w.code, w.stderr).to.equal(0);
    expect(got).to.match(/^#!\/bin\/bash\n/);
    expect(statSync(fifo).isFIFO()).to.equal(true);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).to.deep.equal([]);
  });

  it('compile --compact writes a smaller program without the runtime comments; --compact=x is a usage error', async () => {
    const full = await inProcess(['compile', 'demo', '1.0']);
    const compact = await inProcess(['compile', 'demo', '1.0', '--compact']);
    expect(compact.code, compact.stderr).to.equal(0);
    expect(compact.stdout).to.match(/^#!\/bin\/bash\n/);
    expect(compact.stdout.length).to.be.lessThan(full.stdout.length * 0.8);
    expect(compact.stdout).to.not.contain('# step.sh');
    expect(full.stdout).to.contain('# step.sh');
    const bad = await inProcess(['compile', 'demo', '1.0', '--compact=yes']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain('takes no value');
  });

  it('compile: locations name the manifest relative to its folder (or plugin), not the build machine path', async () => {
    const sub = join(dir, 'deep', 'er');
    mkdirSync(sub, { recursive: true });
    const manifest = join(sub, 'image.yaml');
    writeFileSync(manifest, 'validators:\n  - package: curl\n  - os_case:\n      - ubuntu:\n          - package: wget\n');
    const abs = await inProcess(['compile', manifest]);
    expect(abs.code, abs.stderr).to.equal(0);
    expect(abs.stdout).to.not.contain(dir);
    expect(abs.stdout).to.contain("SIP_PKG_STEPS[sip_v0]='curl|image.yaml:2:5|validators[0].package'");
    expect(abs.stdout).to.match(/^SIP_PROGRAM='?image\.yaml'?$/m);
    const other = await inProcess(['compile', join(dir, 'deep', '..', 'deep', 'er', 'image.yaml')]);
    expect(other.stdout).to.equal(abs.stdout);
    const plugin = await inProcess(['compile', 'demo', '1.0']);
    expect(plugin.stdout).to.not.contain(process.cwd());
    expect(plugin.stdout).to.match(/^SIP_PKG_STEPS\[sip_v[\d_]+\]='[^|]+\|images\/image\.yaml:/m);
  });

  it('compile of a manifest with errors exits 2 and writes nothing (an old file stays as it was)', async () => {
    const manifest = join(dir, 'bad.yaml');
    writeFileSync(manifest, 'validators:\n  - pakage: curl\n');
    const out = join(dir, 'bad.sh');
    writeFileSync(out, 'old');
    const r = await inProcess(['compile', manifest, '-o', out]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("unknown validator kind 'pakage'").and.contain('no program written');
    expect(readFileSync(out, 'utf8')).to.equal('old');
  });

  it('compile --set bakes a value in as the default; a value outside the choices is an error', async () => {
    const ok = await inProcess(['compile', 'demo', '1.0', '--set', 'java_distro=none']);
    expect(ok.code, ok.stderr).to.equal(0);
    expect(ok.stdout).to.match(/SIP_ARG_DEFAULTS=\([^)]*\bnone\b/);
    const bad = await inProcess(['compile', 'demo', '1.0', '--set', 'java_distro=oracle']);
    expect(bad.code).to.equal(2);
    expect(bad.stdout).to.equal('');
  });

  it('plan shows the selected branch and the not selected one, with locations', async () => {
    const r = await inProcess(['plan', 'demo', '1.0', '--distro', 'rocky9', '--java_distro', 'none']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/image\.yaml:25:9 +redhat +\(matches rocky9/);
    expect(r.stdout).to.match(/debian +\[not selected\]/);
    expect(r.stdout).to.match(/openjdk +\[not selected\]/);
  });

  it('plan needs --distro, and rejects unknown arguments', async () => {
    expect((await inProcess(['plan', 'demo', '1.0'])).code).to.equal(2);
    const r = await inProcess(['plan', 'demo', '1.0', '--distro', 'debian', '--nope', 'x']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain('unknown argument --nope');
  });

  it('plugins lists the demo plugin with its version and visible arguments', async () => {
    const r = await inProcess(['plugins']);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain('demo 1.0: plugins/demo/images/image.yaml').and.contain('--greeting VALUE');
    expect(r.stdout).to.not.contain('demo_release'); // hidden
  });

  it('PLUGIN VERSION --help lists the arguments; packing without --image, or with a bad plugin argument, is a usage error', async () => {
    const help = await inProcess(['demo', '1.0', '--help']);
    expect(help.code).to.equal(0);
    expect(help.stdout).to.contain('--java_distro VALUE').and.contain('choices: openjdk, none');
    const pack = await inProcess(['demo', '1.0']);
    expect(pack.code).to.equal(2);
    expect(pack.stderr).to.contain('give the image to pack: sahara-image-pack --image IMG demo 1.0');
    const typo = await inProcess(['--image', 'x.qcow2', 'demo', '1.0', '--greting', 'hi']);
    expect(typo.code).to.equal(2);
    expect(typo.stderr).to.contain('unknown argument --greting');
    const run = await inProcess(['run', 'demo', '1.0']);
    expect(run.code).to.equal(2);
    expect(run.stderr).to.contain('run needs a target');
    const unknown = await inProcess(['nope', '1.0']);
    expect(unknown.code).to.equal(2);
    expect(unknown.stderr).to.contain("no plugin named 'nope'");
  });

  it('a plugin whose kinds module fails to load: listed as unusable by plugins, one line and exit 2 when used', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-broken-kinds-'));
    try {
      mkdirSync(join(dir, 'broken'));
      writeFileSync(join(dir, 'broken', 'plugin.yaml'), 'name: broken\nkinds: k.mjs\nversions: {"1": {manifest: image.yaml}}\n');
      writeFileSync(join(dir, 'broken', 'k.mjs'), "throw new Error('boom');\n");
      const list = await inProcess(['plugins', '--plugin-dir', dir]);
      expect(list.code, list.stderr).to.equal(0);
      expect(list.stdout).to.contain(`broken: UNUSABLE (${join(dir, 'broken')}, --plugin-dir ${dir}): plugin 'broken': kinds module k.mjs: boom\n`).and.contain('demo 1.0');
      const check = await inProcess(['check', 'broken', '1', '--plugin-dir', dir]);
      expect(check.code).to.equal(2);
      expect(check.stderr.split('\n')[0]).to.equal("sahara-image-pack: plugin 'broken': kinds module k.mjs: boom");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
