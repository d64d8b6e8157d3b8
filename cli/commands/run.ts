import { MANIFEST_OPTIONS, many, maxErrors, one, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { programArguments, runOnHosts, runOnTarget } from '../run-program.js';
import { readHostsFile } from '../hosts-file.js';
import { resolveTarget } from '../target.js';
import type { Runner } from '../../runners/runner.js';
import type { FanOutTarget } from '../../runners/fan-out.js';

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
    const chosen = await chooseTargets(args);
    const target = await resolveTarget(args);
    const baked = new Map(Object.entries(target.overrides));
    const compiled = compileTarget(target, baked, { maxErrors: maxErrors(args), tail: '; nothing was run', warningsAsErrors: args.options.has('warnings-as-errors') });
    if (compiled === undefined) return 2;
    const testOnly = args.options.has('test-only');
    const distro = one(args, 'distro');
    const call = programArguments(compiled.manifest, args.extra, baked, testOnly);
    const programArgs = [...(distro === undefined ? [] : ['--distro', distro]), ...call.args];
    const program = { text: compiled.text, label: target.label, args: programArgs, env: call.env, testOnly };
    const reportFile = one(args, 'report');
    const junitFile = one(args, 'junit');
    const outputs = { ...(reportFile === undefined ? {} : { reportFile }), ...(junitFile === undefined ? {} : { junitFile }), json: args.options.has('json') };
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
export async function chooseTargets(args: ParsedArgs): Promise<{ runner: Runner; hosts?: undefined } | { hosts: FanOutTarget[]; parallel: number; runner?: undefined }> {
  const specs = [...many(args, 'ssh'), ...many(args, 'hosts').flatMap((h) => readHostsFile(h))];
  const kinds = [args.options.has('image') ? '--image' : '', args.options.has('local') ? '--local' : '', specs.length > 0 || args.options.has('ssh') || args.options.has('hosts') ? '--ssh/--hosts' : ''].filter((k) => k !== '');
  if (kinds.length === 0) throw new UsageError('run needs a target: --image IMG, --ssh [USER@]HOST[:PORT] (repeatable), --hosts FILE[:GROUP], or --local');
  if (kinds.length > 1) throw new UsageError(`run takes one kind of target, not ${kinds.join(' and ')}`);
  const timeout = one(args, 'timeout');
  const timeoutSec = timeout === undefined ? undefined : seconds(timeout, '--timeout');
  if (!args.options.has('image')) {
    const misplaced = IMAGE_ONLY.find((o) => args.options.has(o));
    if (misplaced !== undefined) throw new UsageError(`--${misplaced} is for --image runs`);
  }
  if (specs.length === 0) {
    const misplaced = SSH_ONLY.find((o) => args.options.has(o));
    if (misplaced !== undefined) throw new UsageError(`--${misplaced} is for --ssh and --hosts runs`);
  }
  if (args.options.has('local')) {
    const { localRunner } = await import('../../runners/local.js');
    return { runner: localRunner(timeoutSec === undefined ? {} : { timeoutSec }) };
  }
  if (specs.length > 0) {
    const { parseSshTarget, sshRunner } = await import('../../runners/ssh.js');
    const parallelText = one(args, 'parallel');
    const parallel = parallelText === undefined ? DEFAULT_PARALLEL : Number(parallelText);
    if (parallelText !== undefined && (!/^[0-9]+$/.test(parallelText) || parallel < 1)) throw new UsageError(`--parallel wants a whole number of hosts, 1 or more, not '${parallelText}'`);
    if (args.options.has('junit') && new Set(specs).size > 1) throw new UsageError('--junit takes one target; use --json or --report for several hosts');
    const configFile = one(args, 'ssh-config');
    const ssh = { acceptNewHostKeys: args.options.has('accept-new-host-keys'), ...(configFile === undefined ? {} : { configFile }) };
    const hosts = [...new Set(specs)].map((spec) => {
      const t = parseSshTarget(spec);
      if (typeof t === 'string') throw new UsageError(`--ssh ${t}`);
      return { target: spec, runner: sshRunner(t, ssh, timeoutSec === undefined ? {} : { timeoutSec }) };
    });
    return { hosts, parallel };
  }
  const image = one(args, 'image');
  if (image === undefined) throw new UsageError('run needs a target: --image IMG');
  const { ImageRunner } = await import('../../runners/image.js');
  const rootFilesystem = one(args, 'root-filesystem');
  const launch = one(args, 'launch-timeout');
  return { runner: new ImageRunner({
    image,
    ...(args.options.has('no-network') ? { network: false } : {}),
    ...(rootFilesystem === undefined ? {} : { rootFilesystem }),
    ...(launch === undefined ? {} : { launchTimeoutSec: seconds(launch, '--launch-timeout') }),
    ...(timeoutSec === undefined ? {} : { timeoutSec }),
  }) };
}

/** A positive number of seconds. */
export function seconds(value: string, option: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`${option} wants a positive number of seconds, not '${value}'`);
  return Number(value);
}
