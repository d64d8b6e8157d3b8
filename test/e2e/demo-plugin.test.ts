// The bundled demo plugin: its reconcile run succeeds offline on a minimal Debian system, is
// idempotent, and a test-only run afterwards passes; a fresh test-only run fails and changes nothing.
import { expect } from 'chai';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { bundledPluginDir, findPluginVersion, loadPlugins } from '../../compiler/plugins/registry.js';
import { describeRoot } from './support.js';

async function demoProgram(): Promise<string> {
  const plugins = loadPlugins([bundledPluginDir()]);
  const v = findPluginVersion(plugins, 'demo', '1.0');
  const kinds = await pluginKinds(plugins.find((p) => p.name === 'demo')!);
  const l = loadManifest(v.manifest, { roots: v.roots, kinds });
  expect(l.manifest, l.diagnostics.map((d) => d.message).join('\n')).to.not.equal(undefined);
  const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'sahara-image-pack e2e', kinds });
  return out.text!;
}

describeRoot('e2e debian: the demo plugin', 'debian', (session) => {
  let prog: string;
  before(async () => {
    prog = await demoProgram();
  });

  it('test-only on a fresh system: exit 1, and nothing written', async () => {
    const r = await session().run(prog, ['--test-only']);
    expect(r.code, r.stderr).to.equal(1);
    expect(await session().readFile('/etc/sahara-demo/motd')).to.equal(undefined);
    expect(await session().readFile('/tmp/cluster-env.sh')).to.equal(undefined);
    expect(await session().readFile('/etc/systemd/system/sahara-demo.service')).to.equal(undefined);
  });

  it('reconcile succeeds offline and reports what it changed', async () => {
    const r = await session().run(prog, ['--greeting', "it's $(not) run"]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.match(/copy_script common\/cluster-env\.sh -> \/tmp\/cluster-env\.sh {2}changed/);
    expect(r.stderr).to.match(/package sahara-demo-tools {2}changed/);
    expect((await session().readFile('/usr/share/sip/sahara-demo-tools'))?.toString()).to.equal('1.0-1\n');
    expect((await session().readFile('/etc/sahara-demo/motd'))?.toString()).to.equal("it's $(not) run (release 1.10)\n");
    // the plugin's own kinds: file (from a source, and inline) and service (offline: the .wants link)
    expect((await session().readFile('/etc/sahara-demo/cluster.conf'))?.toString()).to.contain('cluster=demo');
    expect((await session().sh('stat -c %a /etc/sahara-demo/cluster.conf')).stdout.trim()).to.equal('640');
    expect((await session().readFile('/etc/systemd/system/sahara-demo.service'))?.toString()).to.contain('WantedBy=multi-user.target');
    const link = await session().sh('readlink /etc/systemd/system/multi-user.target.wants/sahara-demo.service');
    expect(link.stdout.trim()).to.equal('/etc/systemd/system/sahara-demo.service');
    expect(r.stderr).to.match(/file \/etc\/sahara-demo\/cluster\.conf \(640 root:root\) {2}changed/);
    expect(r.stderr).to.match(/service sahara-demo enabled {2}changed/);
  });

  it('a second reconcile changes nothing, and test-only then passes', async () => {
    const again = await session().run(prog, ['--greeting', "it's $(not) run"]);
    expect(again.code, again.stderr).to.equal(0);
    expect(again.stderr).to.match(/0 changed/);
    const check = await session().run(prog, ['--test-only', '--greeting', "it's $(not) run"]);
    expect(check.code, check.stderr).to.equal(0);
  });
});
