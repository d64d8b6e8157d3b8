/** Compile manifests that use the demo plugin's kinds (file, service), as `compile demo 1.0` does. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import type { KindRegistry } from '../../compiler/kinds/registry.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir, findPlugin } from '../../compiler/plugins/registry.js';

/** The demo plugin's kind registry (built-in kinds + file + service). */
export async function demoKinds(): Promise<KindRegistry> {
  return pluginKinds(findPlugin(await discoverPlugins([{ dir: bundledPluginDir(), origin: 'bundled' }]), 'demo'));
}

/** Compile YAML (with resource files) with the demo kinds; throws with the diagnostics on any error. */
export async function compileWithDemoKinds(yaml: string, files: Readonly<Record<string, string | Uint8Array>> = {}): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'sip-demo-kinds-'));
  try {
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    writeFileSync(join(dir, 'image.yaml'), yaml);
    const kinds = await demoKinds();
    const l = loadManifest(join(dir, 'image.yaml'), { kinds });
    const errors = l.diagnostics.filter((d) => d.severity === 'error');
    if (l.manifest === undefined || errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
    const out = compileProgram(l.manifest, l.resources, { manifestText: l.text!, compilerVersion: 'e2e', kinds, locationFile: 'image.yaml' });
    if (out.text === undefined) throw new Error(out.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    return out.text;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
