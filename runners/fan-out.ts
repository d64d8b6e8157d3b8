/**
 * Fan-out: one program on many targets, at most N at once. Each target's lines are prefixed
 * with its name (`HOST: LINE`); one target failing, unreachable or timing out never stops
 * the others. Ctrl-C stops the running ones (each cleans up) and starts no more.
 */
import { Writable } from 'node:stream';
import { EXIT, type ProgramToRun, type RunContext, type Runner, type RunResult } from './runner.js';

export interface FanOutTarget {
  readonly target: string;
  readonly runner: Runner;
}

export interface FanOutOptions extends RunContext {
  /** Targets at once (at least 1). */
  readonly parallel: number;
  /** Called as each target finishes. */
  readonly onDone?: (result: RunResult) => void;
}

/** Run on every target; the results come back in the targets' order. */
export async function runOnAll(targets: readonly FanOutTarget[], program: ProgramToRun, options: FanOutOptions): Promise<RunResult[]> {
  const results: RunResult[] = new Array<RunResult>(targets.length);
  let next = 0;
  const worker = async () => {
    while (next < targets.length) {
      const i = next++;
      const t = targets[i]!;
      if (options.signal?.aborted) {
        results[i] = { target: t.target, exitCode: EXIT.interrupted, output: '', report: [], durationMs: 0, error: 'not started: the run was interrupted' };
      } else {
        const progress = targets.length === 1 ? options.progress : prefixedLines(options.progress, `${t.target}: `);
        results[i] = await t.runner.run(program, { progress, ...(options.signal ? { signal: options.signal } : {}) });
      }
      options.onDone?.(results[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.parallel, targets.length)) }, worker));
  return results;
}

/** A stream that writes each complete line to `out` with `prefix` before it. */
export function prefixedLines(out: Writable, prefix: string): Writable {
  let rest = '';
  return new Writable({
    write(chunk: Buffer | string, _enc, done) {
      rest += chunk.toString();
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      if (lines.length > 0) out.write(lines.map((l) => prefix + l + '\n').join(''));
      done();
    },
    final(done) {
      if (rest !== '') out.write(prefix + rest + '\n');
      done();
    },
  });
}

/** The exit status of a run on several targets: 0 only if every one passed; else their common status, or 1 when they differ. */
export function combinedExitCode(results: readonly RunResult[]): number {
  const failed = [...new Set(results.filter((r) => r.exitCode !== EXIT.ok).map((r) => r.exitCode))];
  if (failed.length === 0) return EXIT.ok;
  return failed.length === 1 ? failed[0]! : EXIT.failed;
}
