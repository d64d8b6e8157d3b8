/**
 * The demo plugin compiled with its own kinds (file, service), as `compile demo 1.0` makes it:
 * bash -n and shellcheck clean at every severity, default and --compact; deterministic; each
 * kind's runtime file only when the kind is used.
 */
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir, findPlugin, findPluginVersion } from '../../compiler/plugins/registry.js';
import { compileWithDemoKinds } from '../e2e/demo-kinds-support.js';
import { bashSyntax, shellcheck } from '../emit/programs.js';

async function demo(compact: boolean): Promise<string> {
  const plugins = await discoverPlugins([{ dir: bundledPluginDir(), origin: 'bundled' }]);
  const v = findPluginVersion(plugins, 'demo', '1.0');
  const kinds = await pluginKinds(findPlugin(plugins, 'demo'));
  const l = loadManifest(v.manifest, { roots: v.roots, kinds });
  expect(l.diagnostics.map((d) => d.message)).to.deep.equal([]);
  return compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'x', kinds, compact, locationFile: 'images/image.yaml' }).text!;
}

describe('kinds: the demo program with its file and service kinds', function () {
  this.timeout(120_000);
  const dir = mkdtempSync(join(tmpdir(), 'sip-demo-program-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const compact of [false, true]) {
    it(`is bash -n and shellcheck clean${compact ? ' (--compact)' : ''}, and deterministic`, async () => {
      const text = await demo(compact);
      expect(await demo(compact)).to.equal(text);
      expect(text).to.contain('# ---- runtime/demo-file.sh').and.contain('# ---- runtime/demo-service.sh');
      expect(text).to.contain("  sip_file_ensure images/image.yaml:61:5 /etc/sahara-demo/cluster.conf 640 root:root sip_body_");
      const file = join(dir, `demo${compact ? '-compact' : ''}.sh`);
      writeFileSync(file, text);
      const syntax = await bashSyntax(file);
      expect(syntax.output).to.equal('');
      const lint = await shellcheck(file);
      expect(lint.output).to.equal('');
      expect(lint.ok).to.equal(true);
    });
  }

  it('carries a kind\'s runtime file only when the kind is used', async () => {
    const text = await compileWithDemoKinds('validators:\n  - file: {path: /x, content: y}\n');
    expect(text).to.contain('# ---- runtime/demo-file.sh').and.not.contain('demo-service.sh');
  });
});
