import { argumentValues, MANIFEST_OPTIONS, many, maxErrors, one, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { readConfigFiles, type ToolConfig } from '../config-file.js';
import { CompileFailed, imagePluginOf } from '../plugin-spi.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { programArguments, runOnTarget, runReported } from '../run-program.js';
import { resolveTarget } from '../target.js';
import type { Runner } from '../../runners/runner.js';
import type { ImageRunnerOptions } from '../../runners/image.js';

export const RUN_OPTIONS = {
  // where
  image: { value: true },
  'root-filesystem': { value: true },
  'no-network': {},
  'launch-timeout': { value: true },
  timeout: { value: true },
  // how (the program's own options, passed through)
  'test-only': {},
  distro: { value: true },
  report: { value: true },
  junit: { value: true },
  json: {},
  ...MANIFEST_OPTIONS,
} as const;

/**
 * `run (MANIFEST | PLUGIN VERSION) --image IMG [--test-only] [--report F] [--junit F] [--json] [--ARG V]...`:
 * compile in memory, then hand the program to one runner. Unknown `--NAME VALUE` options are
 * the manifest's arguments, checked before anything starts.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, RUN_OPTIONS, { allowExtra: true });
    const target = await resolveTarget(args);
    const config = target.plugin?.context.config ?? readConfigFiles(many(args, 'config-file'));
    const runner = await chooseRunner(args, config);
    const reportFile = one(args, 'report');
    const junitFile = one(args, 'junit');
    const outputs = { ...(reportFile === undefined ? {} : { reportFile }), ...(junitFile === undefined ? {} : { junitFile }), json: args.options.has('json') };
    const testOnly = args.options.has('test-only');
    if (target.plugin?.plugin.exports?.packImage !== undefined) {
      // a module plugin's own packImage (SPI): it gets the values as image arguments
      const { plugin, version, context } = target.plugin;
      const spi = imagePluginOf(plugin, context);
      const imageArguments = Object.fromEntries(argumentValues(args));
      try {
        return await runReported({ label: target.label, testOnly }, (ctx) => spi.packImage(version, runner, { testOnly, imageArguments, progress: ctx.progress, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) }), outputs);
      } catch (e) {
        if (e instanceof CompileFailed) return 2;
        throw e;
      }
    }
    const baked = new Map(Object.entries(target.overrides));
    const compiled = compileTarget(target, baked, { maxErrors: maxErrors(args), tail: '; nothing was run', warningsAsErrors: args.options.has('warnings-as-errors') });
    if (compiled === undefined) return 2;
    const distro = one(args, 'distro');
    const call = programArguments(compiled.manifest, argumentValues(args), baked, testOnly);
    const programArgs = [...(distro === undefined ? [] : ['--distro', distro]), ...call.args];
    const program = { text: compiled.text, label: target.label, args: programArgs, env: call.env, testOnly };
    return runOnTarget(runner, program, outputs);
  });
}

/** The runner the options name: exactly one of --image (and later --ssh, --hosts, --local). */
export async function chooseRunner(args: ParsedArgs, config: ToolConfig): Promise<Runner> {
  const image = one(args, 'image');
  if (image === undefined) throw new UsageError('run needs a target: --image IMG');
  const { ImageRunner } = await import('../../runners/image.js');
  return new ImageRunner(imageRunnerOptions(args, config, image));
}

/**
 * The image runner's options: the command line's, else the config files' ([sahara_image_pack]
 * launch_timeout, timeout, network). The config's libguestfs_backend(_settings) become
 * LIBGUESTFS_BACKEND(_SETTINGS) unless the environment already sets them.
 */
export function imageRunnerOptions(args: ParsedArgs, config: ToolConfig, image: string): ImageRunnerOptions {
  const rootFilesystem = one(args, 'root-filesystem');
  const launch = one(args, 'launch-timeout');
  const timeout = one(args, 'timeout');
  if (config.image.backend !== undefined && process.env['LIBGUESTFS_BACKEND'] === undefined) process.env['LIBGUESTFS_BACKEND'] = config.image.backend;
  if (config.image.backendSettings !== undefined && process.env['LIBGUESTFS_BACKEND_SETTINGS'] === undefined) process.env['LIBGUESTFS_BACKEND_SETTINGS'] = config.image.backendSettings;
  const launchTimeoutSec = launch === undefined ? config.image.launchTimeoutSec : seconds(launch, '--launch-timeout');
  const timeoutSec = timeout === undefined ? config.image.timeoutSec : seconds(timeout, '--timeout');
  const network = args.options.has('no-network') ? false : config.image.network;
  return {
    image,
    ...(network === undefined ? {} : { network }),
    ...(rootFilesystem === undefined ? {} : { rootFilesystem }),
    ...(launchTimeoutSec === undefined ? {} : { launchTimeoutSec }),
    ...(timeoutSec === undefined ? {} : { timeoutSec }),
  };
}

/** A positive number of seconds. */
export function seconds(value: string, option: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`${option} wants a positive number of seconds, not '${value}'`);
  return Number(value);
}
