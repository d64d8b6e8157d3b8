/**
 * A run's result as JUnit XML (`run --junit FILE`), for CI systems that show test reports:
 * one test case per validator (its last event: the outcome after an `any`'s reconcile pass),
 * named by its manifest path and location. A failure carries the report's message, the manifest
 * location and the program's output for that step; a validator that was not selected is
 * skipped; a failed alternative of an `any` that was satisfied all the same (by a sibling, or
 * in its reconcile pass) is skipped as "not needed". A run that did not finish (a runner error,
 * exit 2 or 3, no summary) adds one `run` test case with an error. Pure: no I/O.
 */
import type { ReportEvent, RunResult } from './runner.js';

export interface JunitInput {
  /** What ran: the plugin and version, or the manifest (`demo 1.0`). */
  readonly label: string;
  readonly testOnly: boolean;
  readonly result: Pick<RunResult, 'target' | 'exitCode' | 'output' | 'report' | 'durationMs' | 'error'>;
}

interface Case {
  readonly event: ReportEvent;
  readonly output: string;
}

export function junitXml(input: JunitInput): string {
  const { result } = input;
  const mode = input.testOnly ? 'test-only' : 'reconcile';
  const cases = casesOf(result.report, result.output);
  const finalStatus = new Map(cases.map((c) => [str(c.event['path']), str(c.event['status'])]));
  const summary = result.report.find((e) => e.event === 'summary');
  const body: string[] = [];
  let failures = 0;
  let skipped = 0;
  let errors = 0;
  for (const c of cases) {
    const e = c.event;
    const location = str(e['location']);
    const [file, line] = splitLocation(location);
    const status = str(e['status']);
    const attrs = [
      `classname="${attr(file || input.label)}"`,
      `name="${attr(`${str(e['path'])} (${str(e['kind'])}) ${location}`)}"`,
      ...(file ? [`file="${attr(file)}"`] : []),
      ...(line ? [`line="${line}"`] : []),
      `time="${seconds(num(e['duration_ms']))}"`,
    ].join(' ');
    const message = str(e['message']);
    if (status === 'failed' && !satisfiedAny(str(e['path']), finalStatus)) {
      failures++;
      const text = `${location}: ${message || 'failed'}\n${c.output}`;
      body.push(`    <testcase ${attrs}>\n      <failure message="${attr(message || 'failed')}" type="failed">${text_(text)}</failure>\n    </testcase>`);
    } else if (status === 'failed') {
      skipped++;
      body.push(`    <testcase ${attrs}>\n      <skipped message="${attr(`not needed: the any it belongs to passed (this alternative: ${message})`)}"/>\n    </testcase>`);
    } else if (status === 'skipped') {
      skipped++;
      body.push(`    <testcase ${attrs}>\n      <skipped message="not selected"/>\n    </testcase>`);
    } else {
      const out = c.output === '' ? '' : `\n      <system-out>${text_(c.output)}</system-out>\n    `;
      body.push(`    <testcase ${attrs}>${out}</testcase>`);
    }
  }
  const finished = summary !== undefined && result.error === undefined && (result.exitCode === 0 || result.exitCode === 1);
  if (!finished) {
    errors++;
    const why = result.error ?? (summary === undefined ? 'the program ended without its summary' : `the program exited with status ${result.exitCode}`);
    body.push(
      `    <testcase classname="${attr(input.label)}" name="run" time="${seconds(result.durationMs)}">\n` +
        `      <error message="${attr(`exit ${result.exitCode}: ${why}`)}" type="exit-${result.exitCode}">${text_(lastLines(result.output, 40))}</error>\n    </testcase>`,
    );
  }
  const tests = body.length;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds(result.durationMs)}"`;
  const props = [
    ['target', result.target],
    ['mode', mode],
    ['exit_code', String(result.exitCode)],
    ...(summary ? [['distro', str(summary['distro'])], ['family', str(summary['family'])]] : []),
  ]
    .map(([k, v]) => `      <property name="${attr(k!)}" value="${attr(v!)}"/>`)
    .join('\n');
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<testsuites name="sahara-image-pack" ${counts}>\n` +
    `  <testsuite name="${attr(`${result.target}: ${input.label} (${mode})`)}" ${counts}>\n` +
    `    <properties>\n${props}\n    </properties>\n` +
    body.join('\n') +
    (body.length ? '\n' : '') +
    `    <system-err>${text_(result.output)}</system-err>\n` +
    `  </testsuite>\n</testsuites>\n`
  );
}

/**
 * The validator events, one per path (the last one wins), each with the program output that
 * came before its result line (`LOCATION  kind ...  STATUS`) since the previous result line.
 */
function casesOf(report: readonly ReportEvent[], output: string): Case[] {
  const events = report.filter((e) => e.event === 'validator');
  const outputs: string[] = [];
  const lines = output.split('\n');
  let pending: string[] = [];
  let next = 0;
  for (const line of lines) {
    const e = events[next];
    if (e !== undefined && line.startsWith(`${str(e['location'])}  `)) {
      outputs[next++] = pending.join('\n');
      pending = [];
    } else if (next > 0 || !/: (reconcile|test-only) on /.test(line)) pending.push(line);
  }
  const last = new Map<string, Case>();
  events.forEach((event, i) => {
    const path = str(event['path']);
    last.delete(path); // keep the order of the final outcomes
    last.set(path, { event, output: outputs[i] ?? '' });
  });
  return [...last.values()];
}

/** Whether an `any` above `path` was satisfied (by another alternative, or in its reconcile pass). */
function satisfiedAny(path: string, finalStatus: ReadonlyMap<string, string>): boolean {
  for (const m of path.matchAll(/\.any\[/g)) {
    const status = finalStatus.get(path.slice(0, m.index + '.any'.length));
    if (status === 'ok' || status === 'changed') return true;
  }
  return false;
}

function splitLocation(location: string): [string, string] {
  const m = /^(.*):(\d+):\d+$/.exec(location);
  return m ? [m[1]!, m[2]!] : ['', ''];
}

function lastLines(text: string, n: number): string {
  return text.split('\n').slice(-n).join('\n');
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v);
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

/** Characters XML 1.0 cannot hold at all (controls other than tab, LF, CR; lone surrogates; U+FFFE/F) become U+FFFD. */
function xmlChars(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd');
}

function text_(s: string): string {
  return xmlChars(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function attr(s: string): string {
  return text_(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\r/g, '&#13;').replace(/\t/g, '&#9;');
}
