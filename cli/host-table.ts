import { EXIT, summaryOf, type RunResult } from '../runners/runner.js';

/**
 * The result table of a run on several targets:
 *
 *   HOST               EXIT  OK  CHANGED  FAILED  TIME   RESULT
 *   root@10.0.0.5         0  14        0       0  0.6 s  passed
 *   10.0.0.6              4   -        -       -  0.1 s  cannot connect (Connection refused)
 */
export function resultTable(results: readonly RunResult[]): string {
  const rows = results.map((r) => {
    const s = summaryOf(r.report);
    const count = (k: string) => (s === undefined || s[k] === undefined ? '-' : String(s[k]));
    return [r.target, String(r.exitCode), count('ok'), count('changed'), count('failed'), `${(r.durationMs / 1000).toFixed(1)} s`, verdict(r)];
  });
  const head = ['HOST', 'EXIT', 'OK', 'CHANGED', 'FAILED', 'TIME', 'RESULT'];
  const all = [head, ...rows];
  const width = head.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const right = new Set([1, 2, 3, 4, 5]);
  return all.map((row) => row.map((cell, c) => (c === row.length - 1 ? cell : right.has(c) ? cell.padStart(width[c]!) : cell.padEnd(width[c]!))).join('  ').trimEnd() + '\n').join('');
}

function verdict(r: RunResult): string {
  if (r.error !== undefined) return r.error.replace(new RegExp(`^${escape(r.target)}: `), '');
  if (r.exitCode === EXIT.ok) return 'passed';
  if (r.exitCode === EXIT.failed) return 'failed';
  if (r.exitCode === EXIT.usage) return 'bad argument value';
  if (r.exitCode === EXIT.unsupported) return 'unsupported system';
  return `exit ${r.exitCode}`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `sahara-image-pack: 8 hosts, test-only: 7 passed, 1 failed in 1.4 s` */
export function fanOutLastLine(results: readonly RunResult[], testOnly: boolean, durationMs: number): string {
  const passed = results.filter((r) => r.exitCode === EXIT.ok).length;
  const failed = results.length - passed;
  return `sahara-image-pack: ${results.length} hosts, ${testOnly ? 'test-only' : 'reconcile'}: ${passed} passed, ${failed} failed in ${(durationMs / 1000).toFixed(1)} s`;
}
