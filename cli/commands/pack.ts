import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { bundledPluginDir, findPluginVersion, loadPlugins } from '../../compiler/plugins/registry.js';
import { UsageError } from '../args.js';
import { describeArguments } from '../describe-arguments.js';
import { displayPath, reportUsage } from '../output.js';

/**
 * The original's interface: `sahara-image-pack [--image IMG] [--test-only] PLUGIN VERSION [args]`.
 * `PLUGIN VERSION --help` lists that version's arguments, as the original did; packing an
 * image is not implemented yet.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const positionals = argv.filter((a) => !a.startsWith('-'));
    const [plugin, version] = positionals;
    if (plugin === undefined || version === undefined) throw new UsageError('give a plugin name and a version (see: sahara-image-pack plugins)');
    const v = findPluginVersion(loadPlugins([bundledPluginDir()]), plugin, version);
    if (argv.includes('--help') || argv.includes('-h')) {
      const loaded = loadManifest(displayPath(v.manifest), { roots: v.roots });
      if (hasErrors(loaded.diagnostics) || loaded.manifest === undefined) {
        for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d, loaded.sources) + '\n\n');
        return 2;
      }
      process.stdout.write(
        `Usage: sahara-image-pack [--image IMG] [--root-filesystem DEV] [--test-only] ${plugin} ${version} [ARGUMENTS]\n\n` +
          `Arguments of ${plugin} ${version} (${displayPath(v.manifest)}):\n${describeArguments(loaded.manifest.arguments, v.overrides)}`,
      );
      return 0;
    }
    process.stderr.write(
      `sahara-image-pack: packing images (the PLUGIN VERSION form, here '${plugin} ${version}') is not implemented yet.\n` +
        `Use: sahara-image-pack compile ${plugin} ${version} -o prog.sh, then run prog.sh (see README).\n`,
    );
    return 2;
  });
}
