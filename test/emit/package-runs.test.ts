// Runs of package steps (compiler/emit/package-runs.ts): which adjacent steps become one run
// function, what the program holds for them, and LINES as printf prints them.
import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { packageRuns } from '../../compiler/emit/package-runs.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import type { PackageStep, ProgramPlan } from '../../compiler/lower/program.js';
import { compileYaml } from '../e2e/support.js';

const MANIFEST = `validators:
  - package: sip-a
  - package: sip-b
  - package: sip-c
  - package: {sip-d: {version: "1.0"}}
  - script: {s: {inline: "exit 0"}}
  - package: [sip-e, sip-f]
  - all:
      - package: sip-g
      - package: sip-h
  - os_case:
      - debian:
          - package: sip-i
          - package: sip-j
      - redhat:
          - package: sip-k
          - package: {sip-l: {version: "2"}}
          - package: sip-m
  - package: sip-n
`;

/** The body of a function in a program text. */
const fnBody = (text: string, fn: string): string => {
  const m = new RegExp(`^${fn}\\(\\) \\{\\n([\\s\\S]*?)^\\}`, 'm').exec(text);
  expect(m, fn).to.not.equal(null);
  return m![1]!;
};

describe('emit: runs of package steps', () => {
  const text = compileYaml(MANIFEST);

  it('a maximal sequence of two or more one-package steps without a version is one run; any other sequence stays step by step', () => {
    // sip-a..d are adjacent package steps, one of them with a version: not a run (a run is the
    // whole sequence, so that the steps installed together in reconcile mode stay the same)
    expect(fnBody(text, 'sip_validators')).to.equal('  sip_all sip_v0 sip_v1 sip_v2 sip_v3 sip_v4 sip_v5 sip_v6 sip_v7 sip_v8\n');
    // inside the all and the debian branch: runs; the redhat branch holds a versioned step
    expect(fnBody(text, 'sip_v6_body')).to.equal('  sip_all sip_v6_0_run\n');
    expect(text).to.contain('if sip_os_matches debian; then # image.yaml:12:9\n    sip_all sip_v7_0_0_run\n');
    expect(text).to.contain('elif sip_os_matches redhat; then # image.yaml:15:9\n    sip_all sip_v7_1_0 sip_v7_1_1 sip_v7_1_2\n');
  });

  it('run members have no row of SIP_PKG_STEPS; the run function holds their lines and rows', () => {
    const rows = [...text.matchAll(/^SIP_PKG_STEPS\[(\w+)\]=/gm)].map((m) => m[1]);
    expect(rows).to.deep.equal(['sip_v0', 'sip_v1', 'sip_v2', 'sip_v3', 'sip_v5', 'sip_v7_1_0', 'sip_v7_1_1', 'sip_v7_1_2', 'sip_v8']);
    expect(fnBody(text, 'sip_v6_0_run')).to.equal(
      "  sip_pkgs_run 2 'image.yaml:9:9  %*spackage sip-g  %sok%s\nimage.yaml:10:9  %*spackage sip-h  %sok%s\n' \\\n" +
        "    'sip_v6_0|sip-g|image.yaml:9:9|validators[6].all[0].package\nsip_v6_1|sip-h|image.yaml:10:9|validators[6].all[1].package'\n",
    );
    expect(text).to.contain('# image.yaml:9:9 .. image.yaml:10:9: 2 package steps of one package each');
  });

  it('LINES is a printf format: "%" and "\\" of a location are escaped; a location with a newline is never in a run', () => {
    const step = (fn: string, location: string, name: string): PackageStep => ({ kind: 'package', fn, bodyFn: `${fn}_body`, location, path: `validators[${fn.slice(5)}].package`, label: name, packages: [{ name, version: '', spec: name }] });
    const steps = [step('sip_v0', '100%\\$x.yaml:1:3', 'a'), step('sip_v1', '100%\\$x.yaml:2:3', 'b'), step('sip_v2', 'new\nline.yaml:3:3', 'c')];
    const plan = { root: ['sip_v0', 'sip_v1', 'sip_v2'], steps } as unknown as ProgramPlan;
    // a step with a newline in its location (ROWS is a line a step): the sequence is no run
    const r = packageRuns(plan, builtinKinds());
    expect(r.runs.map((x) => x.steps.map((s) => s.fn))).to.deep.equal([]);
    const two = packageRuns({ ...plan, root: ['sip_v0', 'sip_v1'] } as ProgramPlan, builtinKinds());
    expect(two.runs).to.have.length(1);
    expect(two.lists.get('sip_v0 sip_v1')).to.deep.equal(['sip_v0_run']);
    const printed = spawnSync('bash', ['-c', 'printf "$1"', 'x', two.runs[0]!.lines], { encoding: 'utf8' }).stdout;
    expect(printed).to.equal('100%\\$x.yaml:1:3  package a  ok\n100%\\$x.yaml:2:3  package b  ok\n');
  });
});
