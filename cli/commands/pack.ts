import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { bundledPluginDir, findPluginVersion, loadPlugins } from '../../compiler/plugins/registry.js';
import { many, parseArgs, UsageError } from '../args.js';

const PACK_OPTIONS = {
  'config-file': { value: true, repeatable: true },
  image: { value: true },
  'root-filesystem': { value: true },
  'test-only': {},
  'plugin-dir': { value: true, repeatable: true },
  help: { alias: '-h' },
} as const;
const VALUE_OPTIONS = new Set(['--config-file', '--image', '--root-filesystem', '--plugin-dir']);
import { describeArguments } from '../describe-arguments.js';
import { displayPath, reportUsage } from '../output.js';

/**
 * The original's interface: `sahara-image-pack [--image IMG] [--test-only] PLUGIN VERSION [args]`.
 * `PLUGIN VERSION --help` lists that version's arguments, as the original did; packing an
 * image is not implemented yet.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    // options before PLUGIN VERSION are the tool's; after them, the plugin's arguments
    const at = argv.findIndex((a) => !a.startsWith('-') && !VALUE_OPTIONS.has(argv[argv.indexOf(a) - 1] ?? ''));
    const args = parseArgs(at < 0 ? argv : argv.slice(0, at), PACK_OPTIONS);
    const [plugin, version] = at < 0 ? [] : argv.slice(at, at + 2);
    if (plugin === undefined || version === undefined) throw new UsageError('give a plugin name and a version (see: sahara-image-pack plugins)');
    const v = findPluginVersion(loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]), plugin, version);
    const rest = argv.slice(at + 2);
    if (args.options.has('help') || rest.includes('--help') || rest.includes('-h')) {
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
