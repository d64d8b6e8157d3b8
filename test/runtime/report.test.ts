// JSON escaping (pure bash) and the JSON Lines report: events, summary, exit codes.

import { spawnSync } from 'node:child_process';
import { statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { program, readReport, runBash, scratch, shq } from './harness.js';

function jsonOf(values: string[]): unknown[] {
  const r = runBash(
    program({
      files: ['json'],
      main: false,
      body: `for v in ${values.map(shq).join(' ')}; do sip_json_str "$v"; printf '%s\\n' "$SIP_JSON"; done`,
    }),
  );
  expect(r.stderr).to.equal('');
  return r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l));
}

describe('runtime json', function () {
  this.timeout(30_000);

  it('escapes quotes, backslashes and every control character; JSON.parse gives the original back', () => {
    const all = Array.from({ length: 31 }, (_, i) => String.fromCharCode(i + 1)).join('');
    const values = [
      '',
      'plain',
      '"quoted"',
      'back\\slash\\',
      '\\"',
      'new\nline\r\n',
      '\t tab',
      all,
      `x${all}y${all}`,
      '\x7f del',
      'ünïcödé ✓ 日本',
      '$(touch /tmp/x) `id` ${HOME}',
      "it's",
      '\\u0000 literal',
      '</script>',
    ];
    expect(jsonOf(values)).to.deep.equal(values);
  });

  it('every line is one line (no raw control characters remain)', () => {
    const r = runBash(program({ files: ['json'], main: false, body: `sip_json_str $'a\\nb\\x01\\x1f'; printf '%s' "$SIP_JSON"` }));
    expect(r.stdout).to.equal('"a\\nb\\u0001\\u001f"');
  });

  it('is pure bash: repeated calls keep giving the same result with no command on PATH', () => {
    const r = runBash(
      program({
        files: ['json'],
        main: false,
        body: `PATH=/nonexistent; for ((i = 0; i < 2000; i++)); do sip_json_str $'x"\\\\\\n\\x01\\x1f'; done; printf '%s' "$SIP_JSON"`,
      }),
    );
    expect(r.stdout).to.equal('"x\\"\\\\\\n\\u0001\\u001f"');
  });
});

describe('runtime report', function () {
  this.timeout(30_000);

  const BODY = `
v_ok() { return 0; }
v_changed() { ((SIP_CHANGES += 1)); SIP_MESSAGE='installed: x'; return 0; }
v_skip() { SIP_NOT_SELECTED=1; return 0; }
v_fail() { sip_fail $'bad "thing"\\n\\ton line 2 \\x01'; }
s1() { sip_step package 'image.yaml:3:5' 'validators[0]' 'a b' v_ok; }
s2() { sip_step package 'image.yaml:4:5' 'validators[1]' '' v_changed; }
s3() { sip_step os_case 'image.yaml:5:5' 'validators[2]' '' v_skip; }
s4() { sip_step 'scr"ipt' $'image.yaml:6:5' $'validators[3]\\n' $'w\\\\eird' v_fail; }
`;

  it('one event per validator with path, kind, location, status, duration_ms, message; then a summary', () => {
    const file = path.join(scratch('rep'), 'r.jsonl');
    const r = runBash(program({ body: `${BODY}\nsip_validators() { s1; s2; s3; s4; }` }), ['--report', file, '--distro', 'rocky']);
    expect(r.status).to.equal(1);
    const ev = readReport(file);
    expect(ev).to.have.length(5);
    expect(ev.slice(0, 4).map((e) => [e['event'], e['path'], e['kind'], e['location'], e['status'], e['message'], e['mode']])).to.deep.equal([
      ['validator', 'validators[0]', 'package', 'image.yaml:3:5', 'ok', '', 'reconcile'],
      ['validator', 'validators[1]', 'package', 'image.yaml:4:5', 'changed', 'installed: x', 'reconcile'],
      ['validator', 'validators[2]', 'os_case', 'image.yaml:5:5', 'skipped', '', 'reconcile'],
      ['validator', 'validators[3]\n', 'scr"ipt', 'image.yaml:6:5', 'failed', 'bad "thing"\n\ton line 2 \x01', 'reconcile'],
    ]);
    for (const e of ev.slice(0, 4)) expect(e['duration_ms']).to.be.a('number').and.be.at.least(0);
    expect(ev[4]).to.deep.equal({
      event: 'summary',
      ok: 1,
      changed: 1,
      skipped: 1,
      failed: 1,
      unsatisfied: 0,
      flows_ok: 0,
      flows_failed: 0,
      exit_code: 1,
      distro: 'rocky',
      family: 'redhat',
      mode: 'reconcile',
    });
    expect(r.stderr).to.contain('image.yaml:3:5  package a b  ok\n');
    expect(r.stderr).to.contain('image.yaml:4:5  package  changed\n');
    expect(r.stderr).to.contain('image.yaml:5:5  os_case  not selected\n');
    expect(r.stderr).to.contain('image.yaml: rocky, reconcile: 1 ok, 1 changed, 1 not selected, 1 failed; flows: 0 ok, 0 failed: FAILED');
    expect(statSync(file).mode & 0o777).to.equal(0o644);
  });

  it('duration_ms measures the step', () => {
    const file = path.join(scratch('rep'), 'r.jsonl');
    runBash(program({ body: 'v() { sleep 0.3; }\nsip_validators() { sip_step script l p x v; }' }), ['--report', file]);
    const d = readReport(file)[0]!['duration_ms'] as number;
    expect(d).to.be.within(250, 2000);
  });

  it('test-only mode, exit 0, report file truncated on each run', () => {
    const file = path.join(scratch('rep'), 'r.jsonl');
    const prog = program({ body: `${BODY}\nsip_validators() { s1; }` });
    runBash(prog, ['--report', file]);
    const r = runBash(prog, ['--report', file, '--test-only']);
    expect(r.status).to.equal(0);
    const ev = readReport(file);
    expect(ev).to.have.length(2);
    expect(ev[0]!['mode']).to.equal('test-only');
    expect(ev[1]).to.deep.include({ exit_code: 0, mode: 'test-only', ok: 1 });
  });

  it('no --report: no file, same stderr', () => {
    const r = runBash(program({ body: `${BODY}\nsip_validators() { s1; }` }));
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('image.yaml:3:5  package a b  ok');
  });

  it('a report file that cannot be written: exit 2 before any validator', () => {
    const r = runBash(program({ body: 'sip_validators() { printf ran; }' }), ['--report', '/nonexistent-dir/r.jsonl']);
    expect(r.status).to.equal(2);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('cannot write the report file: /nonexistent-dir/r.jsonl (its directory does not exist)');
    // bash's own redirection error is not shown before ours
    expect(r.stderr).to.not.contain('No such file or directory');
  });

  it('a report path that is a directory: one clear line, exit 2', () => {
    const dir = scratch('rep-dir');
    const r = runBash(program({ body: 'sip_validators() { printf ran; }' }), ['--report', dir]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain(`cannot write the report file: ${dir} is a directory`);
    expect(r.stderr).to.not.contain('Is a directory');
  });

  it('an exit 3 from a package step still writes the step event and the summary', () => {
    const file = path.join(scratch('rep'), 'r.jsonl');
    const r = runBash(
      program({ body: "v() { sip_package_ensure image.yaml:9:9 foo; }\nsip_validators() { sip_step package image.yaml:9:9 p foo v; }" }),
      ['--report', file, '--distro', 'plan9'],
    );
    expect(r.status).to.equal(3);
    expect(r.stderr).to.contain("image.yaml:9:9: cannot check packages on 'plan9': its family is unknown");
    expect(r.stderr).to.contain('image.yaml:9:9  package foo  FAILED');
    const events = readReport(file);
    expect(events[0]).to.deep.include({ event: 'validator', status: 'failed', location: 'image.yaml:9:9' });
    expect(events.at(-1)).to.deep.include({ event: 'summary', exit_code: 3, distro: 'plan9', family: 'unknown' });
  });

  it('an exit 3 inside an any stops it at once (no further alternative, no second pass) and keeps the run mode', () => {
    const file = path.join(scratch('rep'), 'r.jsonl');
    const r = runBash(
      program({
        body: `v() { sip_package_ensure image.yaml:9:9 foo; }
w() { printf 'ran-w\\n' >&2; return 0; }
y() { printf 'ran-y\\n' >&2; return 0; }
a() { sip_step package image.yaml:9:9 p foo v; }
x() { sip_any a w; }
sip_validators() { sip_all x y; }`,
      }),
      ['--report', file, '--distro', 'plan9'],
    );
    expect(r.status).to.equal(3);
    expect(r.stderr).to.contain('package foo');
    expect(r.stderr).to.not.contain('ran-w').and.not.contain('ran-y');
    expect(readReport(file).at(-1)).to.deep.include({ event: 'summary', exit_code: 3, mode: 'reconcile' });
  });

  it('colour only on a terminal (never in a pipe, whatever TERM says)', () => {
    const r = runBash(program({ body: 'v() { return 1; }\nsip_validators() { sip_step package l p x v; }' }), [], { env: { TERM: 'xterm' } });
    expect(r.stderr).not.to.contain('\x1b[');
  });

  it('colour on a tty unless NO_COLOR is set (script(1) gives a pty)', function () {
    const prog = path.join(scratch('tty'), 'p.sh');
    writeFileSync(prog, program({ body: 'v() { return 1; }\nsip_validators() { sip_step package l p x v; }' }));
    if (spawnSync('bash', ['-c', 'type -P script'], { encoding: 'utf8' }).status !== 0) this.skip();
    const withColour = spawnSync('script', ['-qec', `bash ${prog}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm', NO_COLOR: '' } });
    expect(withColour.stdout).to.contain('\x1b[1;31mFAILED\x1b[0m');
    const noColour = spawnSync('script', ['-qec', `bash ${prog}`, '/dev/null'], { encoding: 'utf8', env: { ...process.env, TERM: 'xterm', NO_COLOR: '1' } });
    expect(noColour.stdout).to.contain('FAILED');
    expect(noColour.stdout).not.to.contain('\x1b[');
  });
});
