// An original Sahara plugin package used as it is: <pkg>/plugins/<name>/[vX_Y_Z/]resources/images/image.yaml.
// The trees are built here from the real manifests in test/fixtures/manifests/valid/.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { inProcess } from '../cli/run-cli.js';

const VALID = fileURLToPath(new URL('../fixtures/manifests/valid/', import.meta.url));

describe('plugins: Sahara plugin trees without a plugin.yaml', function () {
  this.timeout(60_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-sahara-tree-'));
    // a checkout of sahara-plugin-cdh: one manifest per version folder
    for (const v of ['v5_11_0', 'v5_9_0', 'v5_13_0']) cpSync(join(VALID, 'cdh'), join(dir, 'sahara-plugin-cdh', 'sahara_plugin_cdh', 'plugins', 'cdh', v, 'resources', 'images'), { recursive: true });
    mkdirSync(join(dir, 'sahara-plugin-cdh', 'sahara_plugin_cdh', 'plugins', 'cdh', 'v5_11_0', 'other'));
    // sahara-plugin-mapr, -spark and -ambari: one manifest for every version
    cpSync(join(VALID, 'mapr'), join(dir, 'sahara-plugin-mapr', 'sahara_plugin_mapr', 'plugins', 'mapr', 'resources', 'images'), { recursive: true });
    cpSync(join(VALID, 'spark'), join(dir, 'sahara-plugin-spark', 'sahara_plugin_spark', 'plugins', 'spark', 'resources', 'images'), { recursive: true });
    cpSync(join(VALID, 'ambari'), join(dir, 'sahara-plugin-ambari', 'sahara_plugin_ambari', 'plugins', 'ambari', 'resources', 'images'), { recursive: true });
    // the overlay for ambari: its versions, and the value Sahara's glue forced for 2.3
    writeFileSync(join(dir, 'sahara-plugin-ambari', 'sahara_plugin_ambari', 'plugins', 'ambari', 'plugin.yaml'), 'versions:\n  "2.3":\n    arguments: {ambari_version: 2.4.3.0}\n  "2.4": {}\n');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('versions come from the vX_Y_Z folders, in version order, wherever --plugin-dir points in the checkout', async () => {
    for (const at of [join(dir, 'sahara-plugin-cdh'), join(dir, 'sahara-plugin-cdh', 'sahara_plugin_cdh'), join(dir, 'sahara-plugin-cdh', 'sahara_plugin_cdh', 'plugins')]) {
      const r = await inProcess(['plugins', '--plugin-dir', at]);
      expect(r.code, r.stderr).to.equal(0);
      const versions = r.stdout.split('\n').filter((l) => l.startsWith('  cdh ')).map((l) => l.split(':')[0]);
      expect(versions, at).to.deep.equal(['  cdh 5.9.0', '  cdh 5.11.0', '  cdh 5.13.0']);
      expect(r.stdout).to.contain('cdh — Sahara plugin tree');
      expect(r.stdout).to.contain('; sahara)');
    }
  });

  it('the version folder\'s resources/images is the resource root: check and compile work on the real manifest', async () => {
    const at = join(dir, 'sahara-plugin-cdh');
    const check = await inProcess(['check', 'cdh', '5.11.0', '--plugin-dir', at]);
    expect(check.code, check.stderr).to.equal(0);
    const compiled = await inProcess(['compile', 'cdh', '5.11.0', '--plugin-dir', at]);
    expect(compiled.code, compiled.stderr).to.equal(0);
    // locations name the manifest relative to the plugin folder
    expect(compiled.stdout).to.contain('v5_11_0/resources/images/image.yaml:');
    const help = await inProcess(['cdh', '5.11.0', '--help', '--plugin-dir', at]);
    expect(help.code).to.equal(2); // options before PLUGIN VERSION are the tool's
    const help2 = await inProcess(['--plugin-dir', at, 'cdh', '5.11.0', '--help']);
    expect(help2.code, help2.stderr).to.equal(0);
    expect(help2.stdout).to.contain('--java_distro VALUE');
    const bad = await inProcess(['--plugin-dir', at, 'cdh', '5.12.0', '--help']);
    expect(bad.code).to.equal(2);
    expect(bad.stderr).to.contain("plugin 'cdh' has no version '5.12.0' (versions: 5.9.0, 5.11.0, 5.13.0)");
  });

  it('one manifest for every version and no overlay: unusable, saying to name the versions in a plugin.yaml overlay', async () => {
    const r = await inProcess(['plugins', '--plugin-dir', join(dir, 'sahara-plugin-mapr')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/mapr: UNUSABLE .*one Sahara manifest \(resources\/images\/image.yaml\) serves every version: name its versions in a plugin.yaml overlay/);
    const use = await inProcess(['check', 'mapr', '5.2.0.mrv2', '--plugin-dir', join(dir, 'sahara-plugin-mapr')]);
    expect(use.code).to.equal(2);
    expect(use.stderr).to.contain('plugin.yaml overlay');
  });

  it("Sahara's spark beside the bundled spark: found twice, naming both", async () => {
    const r = await inProcess(['check', 'spark', '2.3', '--plugin-dir', join(dir, 'sahara-plugin-spark')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.match(/plugin 'spark' is found twice: .*sahara_plugin_spark\/plugins\/spark \(--plugin-dir .*\) and .*plugins\/spark \(bundled\)/);
    // an overlay that names it otherwise (and gives its versions) makes both usable
    writeFileSync(join(dir, 'sahara-plugin-spark', 'sahara_plugin_spark', 'plugins', 'spark', 'plugin.yaml'), 'name: sahara-spark\nversions: {"2.2": {}, "2.3": {}}\n');
    const renamed = await inProcess(['check', 'sahara-spark', '2.3', '--plugin-dir', join(dir, 'sahara-plugin-spark')]);
    expect(renamed.code, renamed.stderr).to.equal(0);
    const bundled = await inProcess(['check', 'spark', '3.5', '--plugin-dir', join(dir, 'sahara-plugin-spark')]);
    expect(bundled.code, bundled.stderr).to.equal(0);
  });

  it('with the overlay (versions only, and a forced value as Sahara\'s glue did), the shared manifest serves each version', async () => {
    const at = join(dir, 'sahara-plugin-ambari');
    const r = await inProcess(['plugins', '--plugin-dir', at]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/ambari 2\.3: .*ambari\/resources\/images\/image\.yaml/);
    expect(r.stdout).to.contain('set by the plugin: 2.4.3.0');
    const c = await inProcess(['check', 'ambari', '2.4', '--plugin-dir', at]);
    expect(c.code, c.stderr).to.equal(0);
    const p = await inProcess(['compile', 'ambari', '2.3', '--plugin-dir', at]);
    expect(p.code, p.stderr).to.equal(0);
    expect(p.stdout).to.contain('2.4.3.0');
  });
});
