// The bundled demo plugin: its reconcile run succeeds offline on a minimal Debian system, is
// idempotent, and a test-only run afterwards passes; a fresh test-only run fails and changes nothing.
import { expect } from 'chai';
import { pluginProgram } from '../support/plugin-program.js';
import { describeRoot } from './support.js';

describeRoot('e2e debian: the demo plugin', 'debian', (session) => {
  let prog: string;
  before(async () => {
    prog = await pluginProgram('demo', '1.0');
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
