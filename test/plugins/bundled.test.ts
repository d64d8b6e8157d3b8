// Every bundled plugin version: a clean check (no warnings), a program that is bash -n and
// shellcheck clean, and scripts that are shellcheck clean at every severity themselves.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir } from '../../compiler/plugins/registry.js';
import { bashSyntax, shellcheck } from '../emit/programs.js';
import { inProcess } from '../cli/run-cli.js';

describe('plugins: the bundled ones', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-bundled-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('are demo, spark and vanilla, all usable', async () => {
    const found = await discoverPlugins([{ dir: bundledPluginDir(), origin: 'bundled' }]);
    expect(found.plugins.map((p) => `${p.name} ${p.versions.map((v) => v.version).join(',')}`)).to.deep.equal(['demo 1.0', 'spark 3.5,4.0', 'vanilla 3.4,3.3']);
    expect(found.unusable).to.deep.equal([]);
  });

  for (const [name, version] of [['demo', '1.0'], ['vanilla', '3.4'], ['vanilla', '3.3'], ['spark', '3.5'], ['spark', '4.0']] as const) {
    it(`${name} ${version}: check without warnings; the program is bash -n and shellcheck clean`, async () => {
      const check = await inProcess(['check', name, version, '--warnings-as-errors']);
      expect(check.code, check.stderr).to.equal(0);
      const out = join(dir, `${name}-${version}.sh`);
      const compiled = await inProcess(['compile', name, version, '-o', out]);
      expect(compiled.code, compiled.stderr).to.equal(0);
      expect((await bashSyntax(out)).output).to.equal('');
      expect((await shellcheck(out)).output).to.equal('');
    });
  }

  it('their scripts are shellcheck clean at every severity', async () => {
    const scripts = ['common/java-apps', 'vanilla/images'].flatMap((d) => readdirSync(join(bundledPluginDir(), d)).filter((f) => f.endsWith('.sh')).map((f) => join(bundledPluginDir(), d, f)));
    expect(scripts.length).to.be.greaterThan(4);
    for (const s of scripts) expect((await shellcheck(s)).output, s).to.equal('');
  });

  it('the plugin versions bake in their release: vanilla 3.3 is Hadoop 3.3.6, spark 4.0 is Spark 4.0.1', async () => {
    const v = await inProcess(['plan', 'vanilla', '3.3', '--distro', 'rocky9']);
    expect(v.stdout).to.match(/hadoop_version = 3\.3\.6/);
    expect(v.stdout).to.contain('package java-17-openjdk-headless');
    const s = await inProcess(['plan', 'spark', '4.0', '--distro', 'ubuntu24', '--java_version', '21']);
    expect(s.stdout).to.match(/spark_version = 4\.0\.1/);
    expect(s.stdout).to.contain('package openjdk-21-jre-headless');
  });
});
