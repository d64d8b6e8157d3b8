// runners/junit.ts: real runs turned into JUnit XML, read back with a real XML parser
// (Python's xml.etree.ElementTree).
import { spawnSync } from 'node:child_process';
import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runOnTarget } from '../../cli/run-program.js';
import { junitXml } from '../../runners/junit.js';
import type { Runner } from '../../runners/runner.js';
import { cleanup, realRun, type RealRun } from './real-run.js';

interface XCase {
  name: string;
  classname: string;
  file: string | null;
  line: string | null;
  failure: { message: string; text: string } | null;
  skipped: string | null;
  error: { message: string; text: string } | null;
  out: string | null;
}
interface XSuite {
  suites: Record<string, string>;
  suite: Record<string, string>;
  props: Record<string, string>;
  cases: XCase[];
  err: string;
}

const PARSE = `
import json, sys, xml.etree.ElementTree as ET
root = ET.fromstring(sys.stdin.buffer.read())
suite = root.find('testsuite')
def sub(c, tag):
    e = c.find(tag)
    return None if e is None else {'message': e.get('message'), 'text': e.text or ''}
cases = [{'name': c.get('name'), 'classname': c.get('classname'), 'file': c.get('file'), 'line': c.get('line'),
          'failure': sub(c, 'failure'), 'error': sub(c, 'error'),
          'skipped': None if c.find('skipped') is None else c.find('skipped').get('message'),
          'out': None if c.find('system-out') is None else c.find('system-out').text}
         for c in suite.findall('testcase')]
print(json.dumps({'suites': dict(root.attrib), 'suite': dict(suite.attrib),
                  'props': {p.get('name'): p.get('value') for p in suite.find('properties')},
                  'cases': cases, 'err': suite.find('system-err').text or ''}))
`;

function parse(xml: string): XSuite {
  const r = spawnSync('python3', ['-c', PARSE], { input: xml, encoding: 'utf8' });
  expect(r.status, r.stderr).to.equal(0);
  return JSON.parse(r.stdout) as XSuite;
}

function junitOf(run: RealRun, testOnly: boolean): XSuite {
  return parse(junitXml({ label: 'demo 1.0', testOnly, result: { target: 'local', exitCode: run.exitCode, output: run.output, report: run.report, durationMs: 1234 } }));
}

describe('report: --junit XML', function () {
  this.timeout(60_000);
  let reconcile: RealRun;
  let testOnly: RealRun;
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    reconcile = realRun(['--distro', 'debian12']);
    testOnly = realRun(['--distro', 'debian12', '--test-only']);
  });
  after(() => [reconcile, testOnly].forEach((r) => r && cleanup(r)));

  it('one test case per validator, with the manifest location as file and line', () => {
    const x = junitOf(reconcile, false);
    const paths = new Set(reconcile.report.filter((e) => e.event === 'validator').map((e) => e['path']));
    expect(x.cases).to.have.length(paths.size);
    expect(x.suites['tests']).to.equal(String(paths.size));
    for (const c of x.cases) {
      expect(c.file).to.match(/image\.yaml$/);
      expect(Number(c.line)).to.be.greaterThan(0);
      expect(c.name).to.match(/^validators\[\d+\]\S* \(\w+\) \S+image\.yaml:\d+:\d+$/);
    }
    expect(x.props).to.include({ target: 'local', mode: 'reconcile', exit_code: '1', distro: 'debian12', family: 'debian' });
  });

  it('the failing step carries its location, message and output (escaped, control bytes replaced)', () => {
    const x = junitOf(reconcile, false);
    const failed = x.cases.filter((c) => c.failure !== null);
    expect(failed.map((c) => c.name.split(' ')[0])).to.deep.equal(['validators[5].script']);
    expect(x.suites['failures']).to.equal('1');
    const f = failed[0]!.failure!;
    expect(f.message).to.equal('script bad.sh exited with status 1');
    expect(f.text).to.match(/image\.yaml:21:5: script bad\.sh exited with status 1/);
    expect(f.text).to.contain('bad <thing> & "stuff" ]]> \ufffd');
    // the output of other steps is not mixed in
    expect(f.text).to.not.contain('all fine here');
  });

  it('not selected is skipped; an any alternative that failed only in the check pass is skipped as not needed', () => {
    const x = junitOf(reconcile, false);
    const by = (p: string) => x.cases.find((c) => c.name.startsWith(p + ' '))!;
    expect(by('validators[2].os_case').skipped).to.equal('not selected');
    expect(by('validators[1].any[0].script').skipped).to.match(/^not needed: the any it belongs to passed/);
    expect(by('validators[1].any').failure).to.equal(null);
    expect(by('validators[0].script').out).to.contain('all fine here');
    expect(x.suites['skipped']).to.equal('2');
  });

  it('in a test-only run, a fix-only script is a failure', () => {
    const x = junitOf(testOnly, true);
    expect(x.props['mode']).to.equal('test-only');
    const failed = x.cases.filter((c) => c.failure !== null).map((c) => c.name.split(' ')[0]);
    // the script and the argument_case holding it; the run stops there
    expect(failed).to.deep.equal(['validators[4].argument_case.cases.spicy[0].script', 'validators[4].argument_case']);
    expect(x.cases.map((c) => c.name.split(' ')[0])).to.not.include('validators[5].script');
    // the any's failed alternative does not count: its sibling passed
    expect(x.cases.find((c) => c.name.startsWith('validators[1].any[0].script '))!.skipped).to.match(/^not needed/);
  });

  it('a run that did not finish gets one run test case with an error', () => {
    const x = parse(junitXml({ label: 'demo 1.0', testOnly: false, result: { target: 'img.qcow2', exitCode: 12, output: 'booting\nappliance died\n', report: [], durationMs: 5, error: 'the libguestfs appliance did not start' } }));
    expect(x.cases).to.have.length(1);
    expect(x.cases[0]!.name).to.equal('run');
    expect(x.cases[0]!.error!.message).to.equal('exit 12: the libguestfs appliance did not start');
    expect(x.cases[0]!.error!.text).to.contain('appliance died');
    expect(x.suites['errors']).to.equal('1');
  });

  it('names and outputs with quotes, newlines and invalid XML characters still parse', () => {
    const report = [{ event: 'validator', path: 'validators[0].script', kind: 'script', location: 'a "b" <c>&\n.yaml:1:1', status: 'failed', duration_ms: 3, message: '\x1b[31mred\x00', mode: 'reconcile' }];
    const x = parse(junitXml({ label: '"q" & <l>', testOnly: false, result: { target: "t'\u0007", exitCode: 1, output: '\ud800 lone\r\n\x0b', report, durationMs: 3 } }));
    expect(x.cases[0]!.failure!.message).to.equal('\ufffd[31mred\ufffd');
    expect(x.props['target']).to.equal("t'\ufffd");
  });

  it('runOnTarget --junit FILE writes the XML of the runner\'s result', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-junit-'));
    const runner: Runner = { run: () => Promise.resolve({ target: 'fake', exitCode: reconcile.exitCode, output: reconcile.output, report: reconcile.report, durationMs: 7 }) };
    const err = process.stderr.write.bind(process.stderr);
    let said = '';
    process.stderr.write = ((c: string) => ((said += c), true)) as typeof process.stderr.write;
    let code: number;
    try {
      code = await runOnTarget(runner, { text: '', label: 'demo 1.0', args: [], testOnly: false }, { junitFile: join(dir, 'j.xml') });
    } finally {
      process.stderr.write = err;
    }
    expect(code).to.equal(1);
    expect(said).to.contain('FAILED');
    const x = parse(readFileSync(join(dir, 'j.xml'), 'utf8'));
    expect(x.suite['name']).to.equal('fake: demo 1.0 (reconcile)');
    expect(x.suites['failures']).to.equal('1');
    rmSync(dir, { recursive: true, force: true });
  });
});
