// The original CLI's plugin rules, tried as a new user would: a typo'd command, unknown
// plugins and versions (exit 2 listing what there is), and one spelling of argument values
// for check, compile, plan and run: --NAME VALUE (-x VALUE for one letter) or --set NAME=VALUE.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from './run-cli.js';

describe('cli: plugin rules and one spelling of argument values', function () {
  this.timeout(60_000);
  let dir: string;
  let pdir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-rules-'));
    pdir = join(dir, 'plugins');
    mkdirSync(join(pdir, 'letters'), { recursive: true });
    writeFileSync(join(pdir, 'letters', 'plugin.yaml'), 'versions: {"1.0": {}, "1.1": {}}\n');
    writeFileSync(
      join(pdir, 'letters', 'image.yaml'),
      'arguments:\n  v:\n    description: one letter\n    default: a\n    choices: [a, b]\n  long-name:\n    description: dashed\n    default: x\nvalidators:\n  - argument_case:\n      argument_name: v\n      cases:\n        a: [{script: {one: {inline: "true"}}}]\n        b: [{script: {two: {inline: "true"}}}]\n',
    );
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("a typo'd command answers \"no plugin named\" and suggests the command", async () => {
    const r = await inProcess(['compil', 'x.yaml']);
    expect(r.code).to.equal(2);
    expect(r.stderr.split('\n')[0]).to.equal("sahara-image-pack: no plugin named 'compil' (plugins: demo, spark, vanilla); did you mean the command 'compile'? (sahara-image-pack compile ...)");
    const plugin = await inProcess(['dem', '1.0']);
    expect(plugin.stderr).to.contain("no plugin named 'dem' (plugins: demo, spark, vanilla); did you mean 'demo'?");
    const alone = await inProcess(['chek']);
    expect(alone.code).to.equal(2);
    expect(alone.stderr).to.contain("did you mean the command 'check'?");
  });

  it('unknown plugin or version: exit 2 listing the available ones', async () => {
    const r = await inProcess(['--plugin-dir', pdir, 'nope', '1.0', '--help']);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("no plugin named 'nope' (plugins: letters, demo, spark, vanilla)");
    const v = await inProcess(['--plugin-dir', pdir, 'letters', '9.9', '--help']);
    expect(v.code).to.equal(2);
    expect(v.stderr).to.contain("plugin 'letters' has no version '9.9' (versions: 1.0, 1.1)");
    const none = await inProcess(['--plugin-dir', pdir, 'letters']);
    expect(none.code).to.equal(2);
    expect(none.stderr).to.contain("give a version after 'letters' (versions: 1.0, 1.1)");
  });

  it('PLUGIN VERSION --help: --name for long names, -x for one-letter names', async () => {
    const r = await inProcess(['--plugin-dir', pdir, 'letters', '1.0', '--help']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('  -v VALUE\n      one letter (default: a; choices: a, b)');
    expect(r.stdout).to.contain('  --long-name VALUE');
  });

  for (const spelling of [['-v', 'b'], ['--v', 'b'], ['--v=b'], ['--set', 'v=b']]) {
    it(`${spelling.join(' ')} means the same to check, compile and plan`, async () => {
      const base = ['letters', '1.0', '--plugin-dir', pdir, ...spelling];
      const check = await inProcess(['check', ...base]);
      expect(check.code, check.stderr).to.equal(0);
      const compiled = await inProcess(['compile', ...base]);
      expect(compiled.code, compiled.stderr).to.equal(0);
      expect(compiled.stdout).to.match(/^SIP_ARG_DEFAULTS=\(b x\)$/m);
      const plan = await inProcess(['plan', ...base, '--distro', 'debian']);
      expect(plan.code, plan.stderr).to.equal(0);
      expect(plan.stdout).to.match(/v = b \(command line\)/);
      expect(plan.stdout).to.contain('script two');
    });
  }

  it('--long-name and --long_name both name long-name, everywhere', async () => {
    for (const flag of ['--long-name', '--long_name']) {
      const plan = await inProcess(['plan', 'letters', '1.0', '--plugin-dir', pdir, '--distro', 'debian', flag, 'zz']);
      expect(plan.stdout, plan.stderr).to.match(/long-name = zz \(command line\)/);
      const compiled = await inProcess(['compile', 'letters', '1.0', '--plugin-dir', pdir, flag, 'zz']);
      expect(compiled.code, compiled.stderr).to.equal(0);
    }
  });

  it('a value outside the choices is exit 2 for check, compile, plan and run alike (run: before anything starts)', async () => {
    const base = ['letters', '1.0', '--plugin-dir', pdir, '-v', 'c'];
    for (const argv of [['check', ...base], ['compile', ...base], ['plan', ...base, '--distro', 'debian'], ['run', ...base, '--image', join(dir, 'no.qcow2')], ['--plugin-dir', pdir, '--image', join(dir, 'no.qcow2'), 'letters', '1.0', '-v', 'c']]) {
      const r = await inProcess(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.match(/'c'.*(choices|one of the choices)/);
    }
  });

  it('an unknown argument is exit 2 for each of them, naming it', async () => {
    const base = ['letters', '1.0', '--plugin-dir', pdir, '--nope', '1'];
    for (const argv of [['check', ...base], ['compile', ...base], ['plan', ...base, '--distro', 'debian']]) {
      const r = await inProcess(argv);
      expect(r.code, argv.join(' ')).to.equal(2);
      expect(r.stderr, argv.join(' ')).to.contain('nope');
    }
  });
});
