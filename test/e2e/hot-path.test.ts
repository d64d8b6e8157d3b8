// The hot path of sip_all (runtime/flow.sh): a step of one installed plain package is reported
// by sip_all itself, unless a report is being written (then every step goes through sip_step).
// So the same program run with and without --report must print the same progress, summary and
// exit status, in every mode, on a mix of installed and missing packages, nested flows,
// an any, scripts and keep-going. The same for sip_script_step (runtime/script.sh), which
// reports a script itself without a report, for the runs of package steps (runtime/pkg.sh
// sip_pkgs_run: p001-p002 at the top, p006-p007 two levels down), which print their lines at
// once when all is installed, and for a row of several names (sip_pkg_step: p004 p005).
import { expect } from 'chai';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { openRoot } from '../support/envs.js';
import { compileYaml, describeRoot, expectCode, parseReport } from './support.js';

const MANIFEST = `validators:
  - package: sip-p001
  - package: sip-p002
  - all:
    - package: sip-p003
    - script:
        ok.sh: {}
    - package: [sip-p004, sip-p005]
    - all:
      - package: sip-p006
      - package: sip-p007
  - any:
    - package: sip-p008
    - package: sip-p009
  - package: sip-p010
  - script:
      ok.sh: {}
  - any:
    - script:
        no.sh: {}
    - script:
        ok.sh: {}
`;

describeRoot('e2e hot path: sip_all reports installed packages itself, exactly as sip_step does', 'debian', (session) => {
  // the first script lists the environment; the scripts after it take sip_script_step's hot
  // path (without a report), a failing one (no.sh, in an any: not satisfied) too
  const program = compileYaml(MANIFEST, { 'ok.sh': '#!/bin/sh\nexit 0\n', 'no.sh': '#!/bin/sh\nexit 3\n' });

  it('prints the same lines and counts with and without --report, in each mode', async () => {
    expect(program).to.contain('sip_v0_run() {').and.contain('sip_v2_3_0_run() {');
    // two roots in the same state take the same runs, one of them writing a report
    const plainRoot = session();
    const reportRoot = await openRoot('debian');
    try {
      for (const s of [plainRoot, reportRoot]) {
        // installed: p001, p003, p006 (p002, p007, p010 missing: failures, and keep-going goes on)
        expectCode(await s.sh('apt-get install -y -q sip-p001 sip-p003 sip-p006 >/dev/null 2>&1'), 0);
      }
      for (const args of [['--test-only'], ['--test-only', '--keep-going'], [], ['--test-only'], []]) {
        const plain = await plainRoot.run(program, args);
        const reported = await reportRoot.run(program, [...args, '--report', '/root/r.jsonl']);
        expect(reported.stderr, args.join(' ')).to.equal(plain.stderr);
        expect(reported.code, args.join(' ')).to.equal(plain.code);
        const summary = parseReport((await reportRoot.readFile('/root/r.jsonl'))!.toString()).at(-1)!;
        expect(plain.stderr).to.contain(`: ${String(summary['ok'])} ok,`);
      }
    } finally {
      await reportRoot.dispose();
    }
    const s = plainRoot;
    // after the reconcile runs everything is installed: every step ok, all lines in order
    const last = await s.run(program, ['--test-only']);
    expectCode(last, 0);
    const lines = last.stderr.split('\n').filter((l) => / {2}ok$/.test(l)).map((l) => l.replace(/ {2}ok$/, '').trim());
    expect(lines).to.deep.equal([
      'image.yaml:2:5  package sip-p001',
      'image.yaml:3:5  package sip-p002',
      'image.yaml:5:7    package sip-p003',
      'image.yaml:6:7    script ok.sh',
      'image.yaml:8:7    package sip-p004 sip-p005',
      'image.yaml:10:9      package sip-p006',
      'image.yaml:11:9      package sip-p007',
      'image.yaml:9:7    all 2 validators',
      'image.yaml:4:5  all 4 validators',
      'image.yaml:13:7    package sip-p008',
      'image.yaml:12:5  any 2 validators',
      'image.yaml:15:5  package sip-p010',
      'image.yaml:16:5  script ok.sh',
      'image.yaml:21:7    script ok.sh',
      'image.yaml:18:5  any 2 validators',
    ]);
    expect(last.stderr).to.contain('script no.sh exited with status 3\nimage.yaml:19:7    script no.sh  not satisfied  (any: check pass)\n');
    expect(last.stderr).to.match(/test-only: 11 ok, 0 changed, 0 not selected, 0 failed; flows: 4 ok, 0 failed, 1 not satisfied in an any \(it went on to the next alternative\): OK/);
  });

  it('runs a package step from its row: the label with versions, a path key holding "|", the report', async () => {
    const rows = compileYaml(`arguments:
  v: {default: "a|b"}
validators:
  - argument_case:
      argument_name: v
      cases:
        "a|b":
          - package: {sip-p011: {version: "1.0"}}
          - package: [sip-p012, {sip-p013: {version: "1.0-1"}}]
`);
    const s = await openRoot('debian');
    try {
      const first = await s.run(rows, ['--report', '/root/r.jsonl']);
      expectCode(first, 0);
      expect(first.stderr).to.contain('image.yaml:8:13    package sip-p011 (1.0)  changed');
      expect(first.stderr).to.contain('image.yaml:9:13    package sip-p012 sip-p013 (1.0-1)  changed');
      const events = parseReport((await s.readFile('/root/r.jsonl'))!.toString()).filter((e) => e['kind'] === 'package');
      expect(events.map((e) => [e['path'], e['location'], e['status']])).to.deep.equal([
        ['validators[0].argument_case.cases."a\\u007cb"[0].package', 'image.yaml:8:13', 'changed'],
        ['validators[0].argument_case.cases."a\\u007cb"[1].package', 'image.yaml:9:13', 'changed'],
      ]);
      const again = await s.run(rows, ['--test-only']);
      expectCode(again, 0);
      expect(again.stderr).to.contain('image.yaml:8:13    package sip-p011 (1.0)  ok');
      expect(again.stderr).to.contain('image.yaml:9:13    package sip-p012 sip-p013 (1.0-1)  ok');
    } finally {
      await s.dispose();
    }
  });

  it('a plugin kind that checks packages itself: the package list is read whole, so its names are found', async () => {
    const need = dataKind({
      name: 'need',
      description: 'a package, checked by the kind itself',
      schema: { type: 'string' },
      template: '  sip_package_ensure {{q location}} {{q value}}\n',
      runtimeFunctions: ['sip_package_ensure'],
      label: (v) => String(v),
    });
    const kinds = builtinKinds().with([need], 'p');
    const dir = mkdtempSync(join(tmpdir(), 'sip-need-'));
    try {
      const yaml = 'validators:\n  - package: sip-p021\n  - need: sip-p022\n';
      writeFileSync(join(dir, 'image.yaml'), yaml);
      const l = loadManifest(join(dir, 'image.yaml'), { kinds });
      const text = compileProgram(l.manifest!, l.resources, { manifestText: yaml, compilerVersion: 'x', kinds }).text!;
      expect(text).to.not.match(/^SIP_PACKAGE_NAMES=\(/m);
      const s = await openRoot('debian');
      try {
        expectCode(await s.sh('apt-get install -y -q sip-p021 sip-p022 >/dev/null 2>&1'), 0);
        const r = await s.run(text, ['--test-only']);
        expectCode(r, 0);
        expect(r.stderr).to.contain('image.yaml:3:5  need sip-p022  ok');
      } finally {
        await s.dispose();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
