// all / any / os_case / argument_case / argument_set: the behavioural cases 13-26 of
// sahara-reference §6 with stub validators that record each run and its mode, the
// argument-map snapshot/restore of failed `any` alternatives, and the step's progress lines.

import path from 'node:path';
import { expect } from 'chai';
import { type ArgDecl, program, readReport, runBash, scratch } from './harness.js';

/** Stub validators: each appends "name:test_only" to RUNS. `fix` fails in test-only mode and passes in reconcile. */
const STUBS = `
RUNS=()
ok1() { RUNS+=("ok1:$SIP_TEST_ONLY"); return 0; }
ok2() { RUNS+=("ok2:$SIP_TEST_ONLY"); return 0; }
f1() { RUNS+=("f1:$SIP_TEST_ONLY"); sip_fail "f1 is not satisfied"; }
f2() { RUNS+=("f2:$SIP_TEST_ONLY"); sip_fail "f2 is not satisfied"; }
fix() { RUNS+=("fix:$SIP_TEST_ONLY"); if ((SIP_TEST_ONLY)); then sip_fail "fix: missing"; return 1; fi; ((SIP_CHANGES += 1)); return 0; }
weird() { RUNS+=("weird:$SIP_TEST_ONLY"); return 7; }
done_runs() { printf '%s\\n' "\${RUNS[@]}"; }
`;

function run(validators: string, argv: string[] = [], args: ArgDecl[] = []) {
  const report = path.join(scratch('flow'), 'report.jsonl');
  const r = runBash(
    program({
      args,
      body: `${STUBS}
${validators}
sip_validators() {
  local rc
  root
  rc=$?
  done_runs
  return "$rc"
}`,
    }),
    ['--report', report, ...argv],
  );
  return { ...r, runs: r.stdout.split('\n').filter(Boolean), report: () => readReport(report) };
}

describe('runtime flow: any / all (reference cases 13-19)', function () {
  this.timeout(30_000);

  it('13: any [ok, ok], reconcile: only the first runs, once, in the test-only pass', () => {
    const r = run('root() { sip_any ok1 ok2; }');
    expect(r.runs).to.deep.equal(['ok1:1']);
    expect(r.status).to.equal(0);
  });

  it('14: any [fail, fail], reconcile: 4 runs (2 test-only, 2 reconcile), then failure', () => {
    const r = run('root() { sip_any f1 f2; }');
    expect(r.runs).to.deep.equal(['f1:1', 'f2:1', 'f1:0', 'f2:0']);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('none of the 2 alternatives passed:\n  - f1 failed\n  - f2 failed');
  });

  it('15: any [fail, fail], test-only: 2 runs, failure', () => {
    const r = run('root() { sip_any f1 f2; }', ['--test-only']);
    expect(r.runs).to.deep.equal(['f1:1', 'f2:1']);
    expect(r.status).to.equal(1);
  });

  it('16: any [fail, ok], reconcile: each runs once, no reconcile pass', () => {
    const r = run('root() { sip_any f1 ok2; }');
    expect(r.runs).to.deep.equal(['f1:1', 'ok2:1']);
    expect(r.status).to.equal(0);
  });

  it('any [fixable, fail], reconcile: pass 2 reconciles the first alternative and stops', () => {
    const r = run('root() { sip_any fix f2; }');
    expect(r.runs).to.deep.equal(['fix:1', 'f2:1', 'fix:0']);
    expect(r.status).to.equal(0);
  });

  it('any: a non-0/1 status of a child is a failure of that child, like any other', () => {
    const r = run('root() { sip_any weird ok1; }', ['--test-only']);
    expect(r.runs).to.deep.equal(['weird:1', 'ok1:1']);
    expect(r.status).to.equal(0);
  });

  it('any with no alternatives fails', () => {
    expect(run('root() { sip_any; }').status).to.equal(1);
  });

  it('17: all [ok, ok]: both run with the same mode', () => {
    expect(run('root() { sip_all ok1 ok2; }').runs).to.deep.equal(['ok1:0', 'ok2:0']);
    expect(run('root() { sip_all ok1 ok2; }', ['--test-only']).runs).to.deep.equal(['ok1:1', 'ok2:1']);
  });

  it('18: all [ok, fail], test-only: both run once; failure', () => {
    const r = run('root() { sip_all ok1 f1; }', ['--test-only']);
    expect(r.runs).to.deep.equal(['ok1:1', 'f1:1']);
    expect(r.status).to.equal(1);
  });

  it('19: all [fail, ok]: the second never runs; failure', () => {
    const r = run('root() { sip_all f1 ok2; }');
    expect(r.runs).to.deep.equal(['f1:0']);
    expect(r.status).to.equal(1);
  });

  it('nested: any [all [fix, ok1], ok2] in reconcile: the inner all runs test-only in pass 1', () => {
    const r = run('a() { sip_all fix ok1; }\nroot() { sip_any a f2; }');
    expect(r.runs).to.deep.equal(['fix:1', 'f2:1', 'fix:0', 'ok1:0']);
    expect(r.status).to.equal(0);
  });

  it('nested any inside the test-only pass of an outer any runs only its own test-only pass', () => {
    const r = run('inner() { sip_any f1 fix; }\nroot() { sip_any inner ok2; }');
    expect(r.runs).to.deep.equal(['f1:1', 'fix:1', 'ok2:1']);
    expect(r.status).to.equal(0);
  });

  it('steps: progress lines with location, kind, label and result; failures of the check pass read "not satisfied"', () => {
    const r = run(`
s_fix() { sip_step package image.yaml:5:9 'validators[0].any[0]' sip-hello fix; }
s_f2() { sip_step script image.yaml:6:9 'validators[0].any[1]' check.sh f2; }
s_any() { sip_step any image.yaml:4:5 'validators[0]' '' body_any; }
body_any() { sip_any s_fix s_f2; }
root() { sip_all s_any; }`);
    expect(r.status).to.equal(0);
    const lines = r.stderr.split('\n').filter((l) => /^image\.yaml:\d/.test(l));
    expect(lines).to.deep.equal([
      'image.yaml:5:9    package sip-hello  not satisfied  (any: check pass)',
      'image.yaml:6:9    script check.sh  not satisfied  (any: check pass)',
      'image.yaml:5:9    package sip-hello  changed',
      'image.yaml:4:5  any  changed',
    ]);
    const events = r.report();
    expect(events.map((e) => [e['path'], e['status'], e['mode']])).to.deep.equal([
      ['validators[0].any[0]', 'failed', 'test-only'],
      ['validators[0].any[1]', 'failed', 'test-only'],
      ['validators[0].any[0]', 'changed', 'reconcile'],
      ['validators[0]', 'changed', 'reconcile'],
      [undefined, undefined, 'reconcile'],
    ]);
    expect(events[0]!['message']).to.equal('fix: missing');
    // validators and flows are counted apart: the package changed, the any (a flow) passed
    expect(events.at(-1)).to.deep.include({ failed: 0, unsatisfied: 2, changed: 1, flows_ok: 1, flows_failed: 0, exit_code: 0 });
    expect(r.stderr).to.contain('0 ok, 1 changed, 0 not selected, 0 failed; flows: 1 ok, 0 failed, 2 not satisfied in an any (it went on to the next alternative): OK');
  });

  it('a failed any lists each alternative with its location and message', () => {
    const r = run(`
s1() { sip_step package image.yaml:5:9 'v[0].any[0]' java-1.8.0 f1; }
s2() { sip_step package image.yaml:6:9 'v[0].any[1]' java-1.7.0 f2; }
s_any() { sip_step any image.yaml:4:5 'v[0]' '' body_any; }
body_any() { sip_any s1 s2; }
root() { s_any; }`);
    expect(r.status).to.equal(1);
    const msg = 'none of the 2 alternatives passed:\n  - image.yaml:5:9 package java-1.8.0: f1 is not satisfied\n  - image.yaml:6:9 package java-1.7.0: f2 is not satisfied';
    expect(r.stderr).to.contain(msg);
    expect(r.stderr).to.contain('image.yaml:4:5  any  FAILED');
    const ev = r.report();
    expect(ev.at(-2)!['message']).to.equal(msg);
    // both alternatives fail in both passes (4 not satisfied); the only failure counted as
    // such is the any's own (a flow)
    expect(ev.at(-1)).to.deep.include({ event: 'summary', exit_code: 1, failed: 0, unsatisfied: 4, flows_failed: 1 });
    expect(r.stderr).to.contain('0 ok, 0 changed, 0 not selected, 0 failed; flows: 0 ok, 1 failed, 4 not satisfied in an any (it went on to the next alternative): FAILED');
  });
});

describe('runtime flow: argument map snapshot/restore in any', function () {
  this.timeout(30_000);
  const ARGS: ArgDecl[] = [
    { name: 'a', default: 'original' },
    { name: 'b', default: 'line1\nline2 $(x) "q"' },
  ];
  const DUMP = `dump() { local k; for k in $(printf '%s\\n' "\${!SIP_ARGS[@]}" | sort); do RUNS+=("$1 $k=\${SIP_ARGS[$k]}"); done; }`;

  it('changes made by a failed alternative are undone; those of the passing one are kept', () => {
    const r = run(
      `${DUMP}
c1() { sip_arg_set a changed-by-c1; sip_arg_set new 'from c1'; unset 'SIP_ARGS[b]'; return 1; }
c2() { dump c2; sip_arg_set a changed-by-c2; return 1; }
c3() { dump c3; sip_arg_set a won; sip_arg_set out3 yes; return 0; }
root() { sip_any c1 c2 c3; dump after; }`,
      [],
      ARGS,
    );
    expect(r.status, r.stderr).to.equal(0);
    expect(r.runs).to.deep.equal([
      'c2 a=original',
      'c2 b=line1',
      'line2 $(x) "q"',
      'c3 a=original',
      'c3 b=line1',
      'line2 $(x) "q"',
      'after a=won',
      'after b=line1',
      'line2 $(x) "q"',
      'after out3=yes',
    ]);
  });

  it('pass 2 starts from the map as it was before the any; a total failure leaves it untouched', () => {
    const r = run(
      `${DUMP}
c1() { dump "c1:$SIP_TEST_ONLY"; sip_arg_set a "c1:$SIP_TEST_ONLY"; return 1; }
root() { sip_any c1; dump after; return 0; }`,
      [],
      [{ name: 'a', default: 'x' }],
    );
    expect(r.runs).to.deep.equal(['c1:1 a=x', 'c1:0 a=x', 'after a=x']);
  });

  it('nested any: an inner failed alternative is undone within the outer passing one', () => {
    const r = run(
      `${DUMP}
i1() { sip_arg_set a inner-failed; return 1; }
i2() { sip_arg_set a inner-ok; return 0; }
o1() { sip_any i1 i2; }
root() { sip_any o1; dump after; }`,
      [],
      [{ name: 'a', default: 'x' }],
    );
    expect(r.runs).to.deep.equal(['after a=inner-ok']);
  });
});

describe('runtime flow: os_case, argument_case, argument_set (reference cases 20-26)', function () {
  this.timeout(30_000);

  const OS = `
b_centos() { RUNS+=(centos); return 0; }
b_redhat() { RUNS+=(redhat); return 0; }
s_os() { sip_step os_case image.yaml:2:3 'validators[0]' '' body_os; }
body_os() {
  if sip_os_matches centos; then sip_all b_centos
  elif sip_os_matches redhat; then sip_all b_redhat
  else SIP_NOT_SELECTED=1
  fi
}
root() { s_os; }`;

  it('20: [centos, redhat] on centos: only centos runs (first match wins)', () => {
    expect(run(OS, ['--distro', 'centos']).runs).to.deep.equal(['centos']);
  });

  it('21: same branches on fedora: only redhat runs (family)', () => {
    expect(run(OS, ['--distro', 'fedora']).runs).to.deep.equal(['redhat']);
  });

  it('22: on ubuntu nothing runs; success, "not selected", report status skipped', () => {
    const r = run(OS, ['--distro', 'ubuntu']);
    expect(r.runs).to.deep.equal([]);
    expect(r.status).to.equal(0);
    expect(r.stderr).to.contain('image.yaml:2:3  os_case  not selected');
    expect(r.report()[0]).to.deep.include({ status: 'skipped', kind: 'os_case' });
  });

  it('os_case: centos7 matches an id+major key; a failing branch fails the step', () => {
    const r = run(
      `b() { RUNS+=(c7); return 1; }\nroot() { sip_step os_case l p '' body; }\nbody() { if sip_os_matches centos7; then sip_all b; else SIP_NOT_SELECTED=1; fi; }`,
      ['--distro', 'centos7'],
    );
    expect(r.runs).to.deep.equal(['c7']);
    expect(r.status).to.equal(1);
  });

  const AC = `
c_value() { RUNS+=("value:$SIP_TEST_ONLY"); return 0; }
c_other() { RUNS+=("another:$SIP_TEST_ONLY"); return 0; }
s_ac() { sip_step argument_case image.yaml:3:3 'validators[0]' '' body_ac; }
body_ac() {
  sip_arg_get arg || return 1
  case $SIP_VALUE in
    value) sip_all c_value ;;
    another_value) sip_all c_other ;;
    *) SIP_NOT_SELECTED=1 ;;
  esac
}
root() { s_ac; }`;

  it('23: the case equal to the value runs, with the same mode', () => {
    const r = run(AC, ['--test-only'], [{ name: 'arg', default: 'value' }]);
    expect(r.runs).to.deep.equal(['value:1']);
    expect(r.status).to.equal(0);
  });

  it('24: no case matches: nothing runs; success, not selected', () => {
    const r = run(AC, ['--arg', 'zzz'], [{ name: 'arg', default: 'value' }]);
    expect(r.runs).to.deep.equal([]);
    expect(r.status).to.equal(0);
    expect(r.stderr).to.contain('argument_case  not selected');
  });

  it('argument_case compares strings exactly (1.8 is not 1.80, "" is a value)', () => {
    const body = `a() { RUNS+=(a); }\nb() { RUNS+=(b); }\nroot() { sip_arg_get v || return 1; case $SIP_VALUE in 1.80) a ;; '') b ;; *) SIP_NOT_SELECTED=1 ;; esac; }`;
    expect(run(body, [], [{ name: 'v', default: '1.8' }]).runs).to.deep.equal([]);
    expect(run(body, [], [{ name: 'v', default: '' }]).runs).to.deep.equal(['b']);
  });

  it('argument_case on an unset argument fails naming it', () => {
    const r = run(AC.replace('sip_arg_get arg', 'sip_arg_get JAVA_VERSION'));
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("argument 'JAVA_VERSION' is not set");
    expect(r.report()[0]).to.deep.include({ status: 'failed', message: "argument 'JAVA_VERSION' is not set" });
  });

  it('25: argument_set overwrites an existing name and adds a new one, leaving the others', () => {
    const r = run(
      `root() { sip_arg_set a new-a; sip_arg_set c added; local k; for k in a b c; do RUNS+=("$k=\${SIP_ARGS[$k]}"); done; }`,
      [],
      [
        { name: 'a', default: 'x' },
        { name: 'b', default: 'y' },
      ],
    );
    expect(r.runs).to.deep.equal(['a=new-a', 'b=y', 'c=added']);
  });

  it('26: no arguments declared: the map is empty and the mode is passed through', () => {
    const r = run(`root() { RUNS+=("\${#SIP_ARGS[@]}:$SIP_TEST_ONLY:$SIP_DISTRO"); }`, ['--distro', 'centos', '--test-only']);
    expect(r.runs).to.deep.equal(['0:1:centos']);
  });
});

describe('runtime flow: --keep-going, counts, os_case that selects nothing', function () {
  this.timeout(30_000);
  const steps = `
s1() { sip_step package image.yaml:3:5 'v[0]' a f1; }
s2() { sip_step package image.yaml:4:5 'v[1]' b ok1; }
s3() { sip_step package image.yaml:5:5 'v[2]' c f2; }
s4() { sip_step all image.yaml:6:5 'v[3]' '' body4; }
body4() { sip_all s3 s2; }
root() { sip_all s1 s4 s2; }`;

  it('test-only stops at the first failure by default; --keep-going checks every validator and reports each', () => {
    const stop = run(steps, ['--test-only']);
    expect(stop.runs).to.deep.equal(['f1:1']);
    expect(stop.status).to.equal(1);
    const all = run(steps, ['--test-only', '--keep-going']);
    expect(all.runs).to.deep.equal(['f1:1', 'f2:1', 'ok1:1', 'ok1:1']);
    expect(all.status).to.equal(1);
    expect(all.stderr).to.contain('f1 is not satisfied').and.contain('f2 is not satisfied');
    expect(all.stderr).to.contain('test-only: 2 ok, 0 changed, 0 not selected, 2 failed; flows: 0 ok, 1 failed: FAILED');
    expect(all.report().at(-1)).to.deep.include({ ok: 2, failed: 2, flows_failed: 1, exit_code: 1 });
  });

  it('--keep-going has no effect in reconcile mode (a failed step may be what later ones need)', () => {
    const r = run(steps, ['--keep-going']);
    expect(r.runs).to.deep.equal(['f1:0']);
    expect(r.status).to.equal(1);
  });

  it('--keep-going does not go past the check pass of an any: an alternative still stops at its first failure', () => {
    const r = run(`
alt1() { sip_all f1 ok1; }
root() { sip_any alt1 ok2; }`, ['--test-only', '--keep-going']);
    expect(r.runs).to.deep.equal(['f1:1', 'ok2:1']);
    expect(r.status).to.equal(0);
  });

  it('an os_case that selects no branch is warned about at the end, once, naming its location and the distro', () => {
    const r = run(`
s_os() { sip_step os_case image.yaml:7:5 'v[0]' ubuntu body_os; }
body_os() { if sip_os_matches ubuntu; then sip_all ok1; else SIP_NOT_SELECTED=1 SIP_OS_NONE+=(image.yaml:7:5); fi; }
root() { sip_all s_os s_os; }`, ['--test-only', '--distro', 'rocky9']);
    expect(r.status).to.equal(0);
    const warning = "image.yaml: warning: the os_case at image.yaml:7:5 has no branch for rocky9 (family redhat): none of its steps ran\n";
    expect(r.stderr.split(warning).length).to.equal(2);
    expect(r.stderr.indexOf(warning)).to.be.lessThan(r.stderr.indexOf('test-only: 0 ok'));
    expect(r.stderr).to.contain('0 ok, 0 changed, 2 not selected, 0 failed; flows: 0 ok, 0 failed: OK');
  });
});
