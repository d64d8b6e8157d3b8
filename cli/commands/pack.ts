import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { pluginKinds } from '../../compiler/plugins/kinds.js';
import { bundledPluginDir, findPluginVersion, loadPlugins } from '../../compiler/plugins/registry.js';
import { many, one, parseArgs, UsageError } from '../args.js';
import { compileTarget } from '../compile-target.js';
import { describeArguments } from '../describe-arguments.js';
import { pluginLocationFile } from '../target.js';
import { displayPath, reportUsage } from '../output.js';
import { programArguments, runOnTarget } from '../run-program.js';

const PACK_OPTIONS = {
  'config-file': { value: true, repeatable: true },
  image: { value: true },
  'root-filesystem': { value: true },
  'test-only': {},
  'plugin-dir': { value: true, repeatable: true },
  help: { alias: '-h' },
} as const;
const VALUE_OPTIONS = new Set(['--config-file', '--image', '--root-filesystem', '--plugin-dir']);

/**
 * The original's interface: `sahara-image-pack [--image IMG] [--root-filesystem DEV]
 * [--test-only] PLUGIN VERSION [args]`: the same as `run PLUGIN VERSION --image IMG`.
 * `PLUGIN VERSION --help` lists that version's arguments, as the original did.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    // options before PLUGIN VERSION are the tool's; after them, the plugin's arguments
    const at = argv.findIndex((a, i) => !a.startsWith('-') && !VALUE_OPTIONS.has(argv[i - 1] ?? ''));
    const args = parseArgs(at < 0 ? argv : argv.slice(0, at), PACK_OPTIONS);
    const [plugin, version] = at < 0 ? [] : argv.slice(at, at + 2);
    if (plugin === undefined || version === undefined) throw new UsageError('give a plugin name and a version (see: sahara-image-pack plugins)');
    const plugins = loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]);
    const v = findPluginVersion(plugins, plugin, version);
    const rest = argv.slice(at + 2);
    const kinds = await pluginKinds(plugins.find((p) => p.name === plugin)!);
    if (args.options.has('help') || rest.includes('--help') || rest.includes('-h')) {
      const loaded = loadManifest(displayPath(v.manifest), { roots: v.roots, kinds });
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
    const image = one(args, 'image');
    if (image === undefined) throw new UsageError(`give the image to pack: sahara-image-pack --image IMG ${plugin} ${version} [arguments]`);
    if (args.options.has('config-file')) throw new UsageError('--config-file is not supported yet; give plugin directories with --plugin-dir');
    const locationFile = pluginLocationFile(plugins.find((p) => p.name === plugin)?.dir, v.manifest);
    const target = { manifest: v.manifest, roots: v.roots, overrides: v.overrides, label: `${plugin} ${version}`, locationFile, kinds };
    const baked = new Map(Object.entries(v.overrides));
    const compiled = compileTarget(target, baked, { tail: '; nothing was run' });
    if (compiled === undefined) return 2;
    const testOnly = args.options.has('test-only');
    const call = programArguments(compiled.manifest, pluginArguments(rest), baked, testOnly);
    const program = { text: compiled.text, label: target.label, args: call.args, env: call.env, testOnly };
    const rootFilesystem = one(args, 'root-filesystem');
    const { ImageRunner } = await import('../../runners/image.js');
    return runOnTarget(new ImageRunner({ image, ...(rootFilesystem === undefined ? {} : { rootFilesystem }) }), program, {});
  });
}

/** The plugin's arguments after PLUGIN VERSION: `--name value` or `--name=value`. */
function pluginArguments(rest: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (!a.startsWith('--') || a === '--') throw new UsageError(`unexpected argument '${a}' after PLUGIN VERSION (plugin arguments are --NAME VALUE)`);
    const eq = a.indexOf('=');
    if (eq > 0) out.push([a.slice(2, eq), a.slice(eq + 1)]);
    else {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`plugin argument ${a} needs a value`);
      out.push([a.slice(2), value]);
    }
  }
  return out;
}
