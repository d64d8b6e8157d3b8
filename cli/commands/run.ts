import { MANIFEST_OPTIONS, maxErrors, one, parseArgs, UsageError, type ParsedArgs } from '../args.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { programArguments, runOnTarget } from '../run-program.js';
import { resolveTarget } from '../target.js';
import type { Runner } from '../../runners/runner.js';

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
    const runner = await chooseRunner(args);
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
    return runOnTarget(runner, program, { ...(reportFile === undefined ? {} : { reportFile }), ...(junitFile === undefined ? {} : { junitFile }), json: args.options.has('json') });
  });
}

/** The runner the options name: exactly one of --image (and later --ssh, --hosts, --local). */
export async function chooseRunner(args: ParsedArgs): Promise<Runner> {
  const image = one(args, 'image');
  if (image === undefined) throw new UsageError('run needs a target: --image IMG');
  const { ImageRunner } = await import('../../runners/image.js');
  const rootFilesystem = one(args, 'root-filesystem');
  const launch = one(args, 'launch-timeout');
  const timeout = one(args, 'timeout');
  return new ImageRunner({
    image,
    ...(args.options.has('no-network') ? { network: false } : {}),
    ...(rootFilesystem === undefined ? {} : { rootFilesystem }),
    ...(launch === undefined ? {} : { launchTimeoutSec: seconds(launch, '--launch-timeout') }),
    ...(timeout === undefined ? {} : { timeoutSec: seconds(timeout, '--timeout') }),
  });
}

/** A positive number of seconds. */
export function seconds(value: string, option: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0) throw new UsageError(`${option} wants a positive number of seconds, not '${value}'`);
  return Number(value);
}
