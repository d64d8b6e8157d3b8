import { bundledPluginDir, loadPlugins } from '../../compiler/plugins/registry.js';
import { many, parseArgs } from '../args.js';
import { reportUsage } from '../output.js';

/** `plugins`: the plugins found, their versions and manifests. */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, { 'plugin-dir': { value: true, repeatable: true } });
    const plugins = loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]);
    for (const p of plugins) {
      process.stdout.write(`${p.name}${p.description ? ` — ${p.description}` : ''}\n`);
      for (const v of p.versions) process.stdout.write(`  ${v.version}  ${v.manifest}\n`);
    }
    return 0;
  });
}
