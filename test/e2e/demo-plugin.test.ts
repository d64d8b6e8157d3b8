// The bundled demo plugin: its reconcile run succeeds offline on a minimal Debian system, is
// idempotent, and a test-only run afterwards passes; a fresh test-only run fails and changes nothing.
import { expect } from 'chai';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { bundledPluginDir, findPluginVersion, loadPlugins } from '../../compiler/plugins/registry.js';
import { describeRoot } from './support.js';

function demoProgram(): string {
  const v = findPluginVersion(loadPlugins([bundledPluginDir()]), 'demo', '1.0');
  const l = loadManifest(v.manifest, { roots: v.roots });
  expect(l.manifest, l.diagnostics.map((d) => d.message).join('\n')).to.not.equal(undefined);
  const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'sahara-image-pack e2e' });
  return out.text!;
}

describeRoot('e2e debian: the demo plugin', 'debian', (session) => {
  let prog: string;
  before(() => {
    prog = demoProgram();
  });

  it('test-only on a fresh system: exit 1, and nothing written', async () => {
    const r = await session().run(prog, ['--test-only']);
    expect(r.code, r.stderr).to.equal(1);
    expect(await session().readFile('/etc/sahara-demo/motd')).to.equal(undefined);
    expect(await session().readFile('/tmp/cluster-env.sh')).to.equal(undefined);
  });

  it('reconcile succeeds offline and reports what it changed', async () => {
    const r = await session().run(prog, ['--greeting', "it's $(not) run"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/copy_script common\/cluster-env\.sh -> \/tmp\/cluster-env\.sh {2}changed/);
    expect(r.stderr).to.match(/package sahara-demo-tools {2}changed/);
    expect((await session().readFile('/usr/share/sip/sahara-demo-tools'))?.toString()).to.equal('1.0-1\n');
    expect((await session().readFile('/etc/sahara-demo/motd'))?.toString()).to.equal("it's $(not) run (release 1.10)\n");
  });

  it('a second reconcile changes nothing, and test-only then passes', async () => {
    const again = await session().run(prog, ['--greeting', "it's $(not) run"]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/0 changed/);
    const check = await session().run(prog, ['--test-only', '--greeting', "it's $(not) run"]);
    expect(check.code, check.stderr).to.equal(0);
  });
});
