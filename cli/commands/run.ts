import { argumentValues, MANIFEST_OPTIONS, many, maxErrors, one, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { readConfigFiles, type ToolConfig } from '../config-file.js';
import { CompileFailed, imagePluginOf } from '../plugin-spi.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { programArguments, runOnHosts, runOnTarget, runReported } from '../run-program.js';
import { readHostsFile } from '../hosts-file.js';
import { resolveTarget } from '../target.js';
import type { Runner } from '../../runners/runner.js';
import type { FanOutTarget } from '../../runners/fan-out.js';
import type { ImageRunnerOptions } from '../../runners/image.js';
import type { SshOptions } from '../../runners/ssh.js';

export const RUN_OPTIONS = {
  // where
  image: { value: true },
  'root-filesystem': { value: true },
  'no-network': {},
  'launch-timeout': { value: true },
  timeout: { value: true },
  ssh: { value: true, repeatable: true },
  hosts: { value: true, repeatable: true },
  local: {},
  parallel: { value: true },
  'accept-new-host-keys': {},
  'ssh-config': { value: true },
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
    const chosen = await chooseTargets(args, config);
    const reportFile = one(args, 'report');
    const junitFile = one(args, 'junit');
    const outputs = { ...(reportFile === undefined ? {} : { reportFile }), ...(junitFile === undefined ? {} : { junitFile }), json: args.options.has('json') };
    const testOnly = args.options.has('test-only');
    if (target.plugin?.plugin.exports?.packImage !== undefined) {
      // a module plugin's own packImage (SPI): it gets the values as image arguments
      const { plugin, version, context } = target.plugin;
      const spi = imagePluginOf(plugin, context);
      if (chosen.runner === undefined) throw new UsageError(`the plugin ${plugin.name} packs images with its own packImage: give one target (--image, --local or one --ssh host)`);
      const runner = chosen.runner;
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
    if (chosen.hosts !== undefined) return runOnHosts(chosen.hosts, chosen.parallel, program, outputs);
    return runOnTarget(chosen.runner, program, outputs);
  });
}

/** Default of --parallel: hosts at once (each is one ssh process, mostly waiting). */
export const DEFAULT_PARALLEL = 8;

const IMAGE_ONLY = ['root-filesystem', 'no-network', 'launch-timeout'] as const;
const SSH_ONLY = ['parallel', 'accept-new-host-keys', 'ssh-config'] as const;

/**
 * The target(s) the options name: exactly one of --image IMG, --local, or SSH hosts
 * (--ssh, repeatable, and/or --hosts FILE[:GROUP]).
 */
export async function chooseTargets(args: ParsedArgs, config: ToolConfig): Promise<{ runner: Runner; hosts?: undefined } | { hosts: FanOutTarget[]; parallel: number; runner?: undefined }> {
  const specs = [...many(args, 'ssh'), ...many(args, 'hosts').flatMap((h) => readHostsFile(h))];
  const kinds = [args.options.has('image') ? '--image' : '', args.options.has('local') ? '--local' : '', specs.length > 0 || args.options.has('ssh') || args.options.has('hosts') ? '--ssh/--hosts' : ''].filter((k) => k !== '');
  if (kinds.length === 0) throw new UsageError('run needs a target: --image IMG, --ssh [USER@]HOST[:PORT] (repeatable), --hosts FILE[:GROUP], or --local');
  if (kinds.length > 1) throw new UsageError(`run takes one kind of target, not ${kinds.join(' and ')}`);
  if (!args.options.has('image')) {
    const misplaced = IMAGE_ONLY.find((o) => args.options.has(o));
    if (misplaced !== undefined) throw new UsageError(`--${misplaced} is for --image runs`);
  }
  if (specs.length === 0) {
    const misplaced = SSH_ONLY.find((o) => args.options.has(o));
    if (misplaced !== undefined) throw new UsageError(`--${misplaced} is for --ssh and --hosts runs`);
  }
  if (args.options.has('image')) return { runner: await imageRunner(args, config) };
  const timeout = one(args, 'timeout');
  const timeoutSec = timeout === undefined ? undefined : seconds(timeout, '--timeout');
  if (args.options.has('local')) {
    const { localRunner } = await import('../../runners/local.js');
    return { runner: localRunner(timeoutSec === undefined ? {} : { timeoutSec }) };
  }
  if (specs.length === 0) throw new UsageError('--hosts named no hosts: give at least one [USER@]HOST[:PORT] (--ssh, or a line of a --hosts file)');
  const { parseSshTarget, sshRunner } = await import('../../runners/ssh.js');
  const parallelText = one(args, 'parallel');
  const parallel = parallelText === undefined ? DEFAULT_PARALLEL : Number(parallelText);
  if (parallelText !== undefined && (!/^[0-9]+$/.test(parallelText) || parallel < 1)) throw new UsageError(`--parallel wants a whole number of hosts, 1 or more, not '${parallelText}'`);
  if (args.options.has('junit') && new Set(specs).size > 1) throw new UsageError('--junit takes one target; use --json or --report for several hosts');
  const configFile = one(args, 'ssh-config');
  const ssh: SshOptions = { ...sshConfigOptions(config), acceptNewHostKeys: args.options.has('accept-new-host-keys'), ...(configFile === undefined ? {} : { configFile }) };
  const hosts = [...new Set(specs)].map((spec) => {
    const t = parseSshTarget(spec);
    if (typeof t === 'string') throw new UsageError(`--ssh ${t}`);
    return { target: spec, runner: sshRunner(t, ssh, timeoutSec === undefined ? {} : { timeoutSec }) };
  });
  return { hosts, parallel };
}

/** `--image IMG`: the image runner, with the command line's options over the config files'. */
async function imageRunner(args: ParsedArgs, config: ToolConfig): Promise<Runner> {
  const { ImageRunner } = await import('../../runners/image.js');
  return new ImageRunner(imageRunnerOptions(args, config, one(args, 'image') ?? ''));
}

/**
 * The config files' SSH settings ([sahara_image_pack] ssh_user, ssh_port, ssh_identity_file,
 * ssh_options): the user and port for hosts that name none, `ssh -i FILE`, and `-o KEY=VALUE`
 * options. BatchMode and StrictHostKeyChecking cannot be set there: nothing may prompt, and
 * host keys are always verified (--accept-new-host-keys is the one, explicit, way to add keys).
 */
export function sshConfigOptions(config: ToolConfig): SshOptions {
  const c = config.ssh;
  const extra = (c['ssh_options'] ?? '').split(/[\s,]+/).filter((o) => o !== '');
  for (const o of extra) {
    if (!/^[A-Za-z]+=\S+$/.test(o)) throw new UsageError(`config ssh_options: '${o}' is not KEY=VALUE (an ssh -o option)`);
    if (/^(BatchMode|StrictHostKeyChecking)=/i.test(o)) throw new UsageError(`config ssh_options: ${o.split('=')[0]} cannot be set: nothing may prompt and host keys are always verified (use --accept-new-host-keys for hosts never seen)`);
  }
  return {
    ...(c['ssh_user'] === undefined ? {} : { defaultUser: c['ssh_user'] }),
    ...(c['ssh_port'] === undefined ? {} : { defaultPort: Number(c['ssh_port']) }),
    ...(c['ssh_identity_file'] === undefined ? {} : { identityFile: c['ssh_identity_file'] }),
    ...(extra.length === 0 ? {} : { extraOptions: extra }),
  };
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
