import { findPlugin } from '../../compiler/plugins/registry.js';
import { UsageError, parseArgs } from '../args.js';
import { describeImageArguments } from '../describe-arguments.js';
import { reportUsage } from '../output.js';
import { PLUGIN_OPTIONS, pluginContext } from '../plugin-context.js';
import { CompileFailed, imagePluginOf } from '../plugin-spi.js';
import { runReported } from '../run-program.js';
import { pluginTarget } from '../target.js';
import { imageRunnerOptions } from './run.js';

const PACK_OPTIONS = {
  ...PLUGIN_OPTIONS,
  image: { value: true },
  'root-filesystem': { value: true },
  'test-only': {},
  help: { alias: '-h' },
} as const;
const VALUE_OPTIONS = new Set(['--config-file', '--image', '--root-filesystem', '--plugin-dir']);

/**
 * The original's interface: `sahara-image-pack [--config-file F]... [--image IMG]
 * [--root-filesystem DEV] [--test-only] PLUGIN VERSION [args]`: the plugin's packImage (SPI)
 * on the image. `PLUGIN VERSION --help` lists that version's arguments, as the original did.
 * Plugin arguments follow the original's spelling: `--name VALUE`, `-x VALUE` for one letter.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    // options before PLUGIN VERSION are the tool's; after them, the plugin's arguments
    const at = argv.findIndex((a, i) => !a.startsWith('-') && !VALUE_OPTIONS.has(argv[i - 1] ?? ''));
    const args = parseArgs(at < 0 ? argv : argv.slice(0, at), PACK_OPTIONS);
    const [plugin, version] = at < 0 ? [] : argv.slice(at, at + 2);
    if (plugin === undefined) throw new UsageError('give a command, or a plugin name and a version (see: sahara-image-pack plugins)');
    const context = await pluginContext(args);
    if (version === undefined) {
      // the plugin first: a typo'd command ('compil') gets "no plugin named ...; did you mean the command"
      const p = findPlugin(context.plugins, plugin);
      throw new UsageError(`give a version after '${plugin}' (versions: ${p.versions.map((v) => v.version).join(', ')})`);
    }
    const target = pluginTarget(context, plugin, version);
    const spi = imagePluginOf(target.plugin!.plugin, context);
    const rest = argv.slice(at + 2);
    if (args.options.has('help') || rest.includes('--help') || rest.includes('-h')) {
      const described = describeImageArguments(await spi.getImageArguments(target.plugin!.version));
      process.stdout.write(`Usage: sahara-image-pack [--config-file F]... [--image IMG] [--root-filesystem DEV] [--test-only] ${plugin} ${version} [ARGUMENTS]\n\nArguments of ${plugin} ${version}:\n${described}`);
      return 0;
    }
    const given = pluginArguments(rest);
    const image = args.options.get('image')?.[0];
    if (image === undefined) throw new UsageError(`give the image to pack: sahara-image-pack --image IMG ${plugin} ${version} [arguments]`);
    const { ImageRunner } = await import('../../runners/image.js');
    const remote = new ImageRunner(imageRunnerOptions(args, context.config, image));
    const testOnly = args.options.has('test-only');
    try {
      return await runReported({ label: target.label, testOnly }, (ctx) => spi.packImage(target.plugin!.version, remote, { testOnly, imageArguments: Object.fromEntries(given), progress: ctx.progress, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) }), {});
    } catch (e) {
      if (e instanceof CompileFailed) return 2;
      throw e;
    }
  });
}

/** The plugin's arguments after PLUGIN VERSION: `--name value`, `--name=value`, `-x value`. */
export function pluginArguments(rest: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    const short = /^-[A-Za-z0-9]$/.test(a);
    if (!short && (!a.startsWith('--') || a === '--')) throw new UsageError(`unexpected argument '${a}' after PLUGIN VERSION (plugin arguments are --NAME VALUE, or -X VALUE for a one-letter name)`);
    const eq = a.indexOf('=');
    if (eq > 0 && !short) out.push([a.slice(2, eq), a.slice(eq + 1)]);
    else {
      const value = rest[++i];
      if (value === undefined) throw new UsageError(`plugin argument ${a} needs a value`);
      out.push([a.replace(/^--?/, ''), value]);
    }
  }
  return out;
}
