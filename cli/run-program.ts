import { writeFileSync } from 'node:fs';
import { argumentList } from './describe-arguments.js';
import type { Manifest } from '../compiler/ast/nodes.js';
import { declaredArgument, resolveArgumentValues } from '../compiler/argument-values.js';
import { junitXml } from '../runners/junit.js';
import { EXIT, summaryOf, type ProgramToRun, type ReportEvent, type RunContext, type Runner, type RunResult } from '../runners/runner.js';
import { UsageError } from './args.js';
import { fanOutLastLine, resultTable } from './host-table.js';
import { combinedExitCode, runOnAll, type FanOutTarget } from '../runners/fan-out.js';

/** What the program gets for a run: its command line, and the environment entries that carry secrets. */
export interface ProgramCall {
  readonly args: string[];
  readonly env: Record<string, string>;
}

/**
 * The program's own arguments for a run: `--test-only`, then each given `--NAME VALUE`,
 * checked first against the manifest as the program would (so a typo is refused before an
 * appliance boots or a host is contacted). `baked` are the values compiled in as defaults.
 * A `secret: true` argument never goes on the command line: its value (given as
 * `--NAME VALUE`, with a warning, or as `SIP_SECRET_<VARIABLE>` in this environment) travels
 * in the program's environment as `SIP_SECRET_<VARIABLE>`, which the runners pass without
 * putting it on any command line.
 */
export function programArguments(
  manifest: Manifest,
  given: Iterable<readonly [string, string]>,
  baked: ReadonlyMap<string, string>,
  testOnly: boolean,
  hostEnv: NodeJS.ProcessEnv = process.env,
): ProgramCall {
  const all = [...given];
  for (const a of manifest.arguments) {
    const fromEnv = hostEnv[`SIP_SECRET_${a.shellVariable}`];
    if (a.secret && fromEnv !== undefined && !all.some(([n]) => declaredArgument(manifest.arguments, n) === a)) all.push([a.name.value, fromEnv]);
  }
  const resolved = resolveArgumentValues(manifest, all, baked);
  if (resolved.problems.length > 0) {
    const known = argumentList(manifest.arguments);
    throw new UsageError(`${resolved.problems.join('; ')} (arguments: ${known})`);
  }
  const args = testOnly ? ['--test-only'] : [];
  const env: Record<string, string> = {};
  for (const [name, value] of resolved.given) {
    const argument = manifest.arguments.find((a) => a.name.value === name);
    if (argument?.secret) env[`SIP_SECRET_${argument.shellVariable}`] = value;
    else args.push(`--${name}`, value);
  }
  return { args, env };
}

export interface RunOutputs {
  /** `--report FILE`: the program's JSON Lines report, written as it came back. */
  readonly reportFile?: string;
  /** `--json`: the report on stdout. */
  readonly json?: boolean;
  /** `--junit FILE`: the result as JUnit XML (runners/junit.ts). */
  readonly junitFile?: string;
}

/**
 * Run one program on one target through a runner: Ctrl-C and SIGTERM stop it cleanly,
 * the report goes where asked, and a last line says what happened. Returns the exit status.
 */
export async function runOnTarget(runner: Runner, program: ProgramToRun, outputs: RunOutputs): Promise<number> {
  return runReported(program, (context) => runner.run(program, context), outputs);
}

/**
 * Start a run (a runner's, or a plugin's packImage) with Ctrl-C, SIGTERM and SIGHUP wired to
 * its signal, then write the report where asked and the last line. Returns the exit status.
 */
export async function runReported(about: Pick<ProgramToRun, 'label' | 'testOnly'>, start: (context: RunContext) => Promise<RunResult>, outputs: RunOutputs): Promise<number> {
  const result = await whileSignalsStop((signal) => start({ progress: process.stderr, signal }));
  writeReport(result.report, outputs);
  if (outputs.junitFile !== undefined) writeJunit(outputs.junitFile, junitXml({ label: about.label, testOnly: about.testOnly, result }));
  process.stderr.write(lastLine(result, about) + '\n');
  return result.exitCode;
}

/**
 * Run one program on several hosts, `parallel` at once (runners/fan-out.ts): each host's
 * lines prefixed with its name, then a result table and a last line on stderr. `--json` (and
 * `--report FILE`) give the combined report: JSON Lines, one object per host, in the order
 * given: {"target", "exitCode", "durationMs", "error"?, "report": [its events]}.
 * Exit 0 only if every host passed (runners/fan-out.ts combinedExitCode).
 */
export async function runOnHosts(hosts: readonly FanOutTarget[], parallel: number, program: ProgramToRun, outputs: RunOutputs): Promise<number> {
  const t0 = Date.now();
  const results = await whileSignalsStop((signal) => runOnAll(hosts, program, { progress: process.stderr, signal, parallel }));
  const combined = results.map((r) => JSON.stringify({ target: r.target, exitCode: r.exitCode, durationMs: r.durationMs, ...(r.error === undefined ? {} : { error: r.error }), report: r.report }) + '\n').join('');
  writeText(combined, outputs);
  if (outputs.junitFile !== undefined && results.length === 1) writeJunit(outputs.junitFile, junitXml({ label: program.label, testOnly: program.testOnly, result: results[0]! }));
  if (results.length === 1) process.stderr.write(lastLine(results[0]!, program) + '\n');
  else process.stderr.write(resultTable(results) + fanOutLastLine(results, program.testOnly, Date.now() - t0) + '\n');
  return combinedExitCode(results);
}

/** Run `body` with Ctrl-C, SIGTERM and SIGHUP turned into an abort of its signal (the runners clean up). */
async function whileSignalsStop<T>(body: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  const stop = (sig: NodeJS.Signals) => {
    if (abort.signal.aborted) return;
    process.stderr.write(`sahara-image-pack: ${sig}: stopping the run and cleaning up...\n`);
    abort.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
  try {
    return await body(abort.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', stop);
  }
}

function writeReport(report: readonly ReportEvent[], outputs: RunOutputs): void {
  writeText(report.map((e) => JSON.stringify(e) + '\n').join(''), outputs);
}

function writeText(text: string, outputs: RunOutputs): void {
  if (outputs.reportFile !== undefined) {
    try {
      writeFileSync(outputs.reportFile, text);
    } catch (e) {
      process.stderr.write(`sahara-image-pack: cannot write the report to ${outputs.reportFile}: ${(e as Error).message}\n`);
    }
  }
  if (outputs.json) process.stdout.write(text);
}

function writeJunit(file: string, xml: string): void {
  try {
    writeFileSync(file, xml);
  } catch (e) {
    process.stderr.write(`sahara-image-pack: cannot write the JUnit report to ${file}: ${(e as Error).message}\n`);
  }
}

/** `IMG: test-only: FAILED (exit 1) in 14.2 s` */
export function lastLine(result: RunResult, program: Pick<ProgramToRun, 'label' | 'testOnly'>): string {
  const mode = program.testOnly ? 'test-only' : 'reconcile';
  const secs = (result.durationMs / 1000).toFixed(1);
  let verdict: string;
  if (result.error !== undefined) verdict = `ERROR (exit ${result.exitCode}): ${result.error}`;
  else if (result.exitCode === EXIT.ok) verdict = 'OK';
  else verdict = `FAILED (exit ${result.exitCode})`;
  const s = summaryOf(result.report);
  const counts = s === undefined ? '' : ` [${String(s['ok'])} ok, ${String(s['changed'])} changed, ${String(s['failed'])} failed]`;
  return `sahara-image-pack: ${result.target}: ${program.label}, ${mode}: ${verdict}${counts} in ${secs} s`;
}
