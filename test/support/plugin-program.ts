/** Compile a bundled plugin version as the CLI would (its roots, its baked values, extra --set values). */
import { expect } from 'chai';
import { compileProgram } from '../../compiler/backend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { loadManifest } from '../../compiler/frontend.js';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir, findPlugin, findPluginVersion } from '../../compiler/plugins/registry.js';

export async function pluginProgram(name: string, version: string, sets: Readonly<Record<string, string>> = {}): Promise<string> {
  const found = await discoverPlugins([{ dir: bundledPluginDir(), origin: 'bundled' }]);
  const v = findPluginVersion(found, name, version);
  const kinds = await pluginKinds(findPlugin(found, name));
  const l = loadManifest(v.manifest, { roots: v.roots, kinds });
  expect(l.manifest, l.diagnostics.map((d) => d.message).join('\n')).to.not.equal(undefined);
  const out = compileProgram(l.manifest!, l.resources, { manifestText: l.text!, compilerVersion: 'sahara-image-pack e2e', kinds, sets: new Map(Object.entries({ ...v.overrides, ...sets })) });
  expect(out.text, out.diagnostics.map((d) => d.message).join('\n')).to.be.a('string');
  return out.text!;
}
