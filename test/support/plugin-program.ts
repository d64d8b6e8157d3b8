/** Compile a bundled plugin version as the CLI would (its roots, its baked values, extra --set values). */
import { expect } from 'chai';
import { compileProgram } from '../../compiler/emit/index.js';
import { loadManifest } from '../../compiler/frontend.js';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir, findPluginVersion } from '../../compiler/plugins/registry.js';

export async function pluginProgram(name: string, version: string, sets: Readonly<Record<string, string>> = {}): Promise<string> {
  const found = await discoverPlugins([{ dir: bundledPluginDir(), origin: 'bundled' }]);
  const v = findPluginVersion(found, name, version);
  const l = loadManifest(v.manifest, { roots: v.roots });
  expect(l.manifest, l.diagnostics.map((d) => d.message).join('\n')).to.not.equal(undefined);
  const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'sahara-image-pack e2e', sets: new Map(Object.entries({ ...v.overrides, ...sets })) });
  expect(out.text, out.diagnostics.map((d) => d.message).join('\n')).to.be.a('string');
  return out.text!;
}
