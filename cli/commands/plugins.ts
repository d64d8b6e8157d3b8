import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../../compiler/frontend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { parseArgs } from '../args.js';
import { describeArguments } from '../describe-arguments.js';
import { displayPath, reportUsage } from '../output.js';
import { PLUGIN_OPTIONS, pluginContext } from '../plugin-context.js';
import { pluginTarget } from '../target.js';

/**
 * `plugins [--plugin-dir DIR]... [--config-file F]...`: the plugins found (where, versions,
 * arguments), then the ones that cannot be used with the reason, and names found twice.
 * Exit 0, or 2 when a name is found twice (an error; the other plugins still work).
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, PLUGIN_OPTIONS);
    const context = await pluginContext(args);
    const { plugins, unusable, duplicates, enabled } = context.plugins;
    const out = (s: string) => process.stdout.write(s);
    if (plugins.length === 0 && unusable.length === 0 && duplicates.size === 0) out('no plugins found\n');
    const broken = [...unusable];
    for (const p of plugins) {
      // a plugin whose kinds module cannot be loaded is listed as unusable; the others still are
      const kinds = await pluginKinds(p).catch((e: unknown) => (e as Error).message);
      if (typeof kinds === 'string') {
        broken.push({ name: p.name, dir: p.dir, origin: p.origin, reason: kinds });
        continue;
      }
      const off = enabled !== undefined && !enabled.names.includes(p.name);
      out(`${p.name}${p.description ? ` — ${p.description}` : ''}\n`);
      out(`  from ${displayPath(p.dir)} (${p.origin}; ${p.layout})${off ? `; not enabled by ${enabled.where}` : ''}\n`);
      for (const v of p.versions) {
        out(`  ${p.name} ${v.version}: ${displayPath(v.manifest)}\n`);
        const target = pluginTarget({ ...context, plugins: { ...context.plugins, enabled: undefined } }, p.name, v.version);
        const loaded = loadManifest(displayPath(v.manifest), { roots: v.roots, kinds });
        if (loaded.manifest === undefined || hasErrors(loaded.diagnostics)) {
          out(`    (the manifest has errors: sahara-image-pack check ${p.name} ${v.version})\n`);
          continue;
        }
        out(describeArguments(loaded.manifest.arguments, target.overrides).replace(/^(?=.)/gm, '  '));
      }
    }
    for (const u of broken) out(`${u.name}: UNUSABLE (${displayPath(u.dir)}, ${u.origin}): ${u.reason}\n`);
    for (const [name, places] of duplicates) out(`${name}: ERROR: found twice: ${places.join(' and ')}\n`);
    if (enabled !== undefined) {
      const missing = enabled.names.filter((n) => !plugins.some((p) => p.name === n));
      for (const n of missing) process.stderr.write(`sahara-image-pack: warning: ${enabled.where}: enabled plugin '${n}' is not found\n`);
    }
    return duplicates.size > 0 ? 2 : 0;
  });
}
