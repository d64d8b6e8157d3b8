import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../../compiler/frontend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { bundledPluginDir, loadPlugins } from '../../compiler/plugins/registry.js';
import { many, parseArgs } from '../args.js';
import { describeArguments } from '../describe-arguments.js';
import { displayPath, reportUsage } from '../output.js';

/** `plugins`: the plugins found, their versions, manifests and arguments. */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, { 'plugin-dir': { value: true, repeatable: true } });
    const plugins = loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]);
    if (plugins.length === 0) process.stdout.write('no plugins found\n');
    for (const p of plugins) {
      process.stdout.write(`${p.name}${p.description ? ` — ${p.description}` : ''}\n`);
      // a plugin whose kinds module cannot be loaded is listed as unusable; the others still are
      const kinds = await pluginKinds(p).catch((e: unknown) => (e as Error).message);
      if (typeof kinds === 'string') {
        process.stdout.write(`  (unusable: ${kinds})\n`);
        continue;
      }
      for (const v of p.versions) {
        process.stdout.write(`  ${p.name} ${v.version}: ${displayPath(v.manifest)}\n`);
        const loaded = loadManifest(displayPath(v.manifest), { roots: v.roots, kinds });
        if (loaded.manifest === undefined || hasErrors(loaded.diagnostics)) {
          process.stdout.write(`    (the manifest has errors: sahara-image-pack check ${p.name} ${v.version})\n`);
          continue;
        }
        process.stdout.write(describeArguments(loaded.manifest.arguments, v.overrides).replace(/^(?=.)/gm, '  '));
      }
    }
    return 0;
  });
}
