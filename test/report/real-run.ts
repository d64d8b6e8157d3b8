// A real run for the report tests: a small manifest (ok, failing and fix-only scripts, an any,
// an os_case not selected, an argument_case, an argument_set) compiled and run with bash here.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { parseReport, type ReportEvent } from '../../runners/runner.js';

export const MANIFEST = `arguments:
  flavour:
    description: which flavour
    default: plain
validators:
  - script: ok.sh
  - any:
      - script: bad.sh
      - script: ok.sh
  - os_case:
      - redhat:
          - script: ok.sh
  - argument_set:
      argument_name: flavour
      value: spicy
  - argument_case:
      argument_name: flavour
      cases:
        spicy:
          - script: fix.sh
  - script: bad.sh
`;

export interface RealRun {
  readonly dir: string;
  readonly exitCode: number;
  readonly output: string;
  readonly reportText: string;
  readonly report: ReportEvent[];
}

const SCRIPTS: Record<string, string> = {
  'ok.sh': '#!/bin/bash\necho "all fine here"\nexit 0\n',
  'bad.sh': '#!/bin/bash\necho "bad <thing> & \\"stuff\\" ]]> \x01" >&2\nexit 1\n',
  'fix.sh': '#!/bin/bash\n[ "$test_only" = 0 ]\n',
};

/** Compile MANIFEST and run it with `args`; the caller removes `dir`. */
export function realRun(args: readonly string[]): RealRun {
  const dir = mkdtempSync(join(tmpdir(), 'sip-report-'));
  for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'image.yaml'), MANIFEST);
  const loaded = loadManifest(join(dir, 'image.yaml'));
  if (!loaded.manifest) throw new Error(loaded.diagnostics.map((d) => d.message).join('; '));
  const out = compileProgram(loaded.manifest, loaded.resources, { manifestText: loaded.text!, compilerVersion: 'report-test' });
  writeFileSync(join(dir, 'prog.sh'), out.text!);
  const reportFile = join(dir, 'r.jsonl');
  const r = spawnSync('bash', [join(dir, 'prog.sh'), '--report', reportFile, ...args], { encoding: 'utf8' });
  const reportText = existsSync(reportFile) ? readFileSync(reportFile, 'utf8') : '';
  return { dir, exitCode: r.status ?? -1, output: r.stderr, reportText, report: parseReport(reportText) };
}

export function cleanup(run: RealRun): void {
  rmSync(run.dir, { recursive: true, force: true });
}
