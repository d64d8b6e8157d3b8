/** Helpers for end-to-end tests: compile a manifest, run it in a test root, read the results. */
import { expect } from 'chai';
import { readdir } from 'node:fs/promises';
import { compileProgram } from '../../compiler/backend.js';
import { envsSupported, openRoot, type RootKind, type RootSession, type RunResult } from '../support/envs.js';
import { load } from '../lower/fixture.js';

export { programOf } from '../emit/programs.js';
export type { RootSession, RunResult } from '../support/envs.js';

/** Compile YAML (as `image.yaml`) with script files; throws on any error. */
export function compileYaml(yaml: string, files: Readonly<Record<string, string | Uint8Array>> = {}, sets?: Readonly<Record<string, string>>): string {
  const l = load(yaml, files);
  try {
    const errors = l.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) throw new Error(errors.map((d) => `${d.code} ${d.message}`).join('\n'));
    const out = compileProgram(l.manifest, l.resources, { manifestText: yaml, compilerVersion: 'sahara-image-pack e2e', ...(sets ? { sets } : {}) });
    if (out.text === undefined) throw new Error(out.diagnostics.map((d) => `${d.code} ${d.message}`).join('\n'));
    return out.text;
  } finally {
    l.dispose();
  }
}

/**
 * A describe block with one root session shared by its tests (opened in `before`, disposed in
 * `after`); skipped where the roots cannot run (not root, not Linux).
 */
export function describeRoot(title: string, kind: RootKind, body: (session: () => RootSession) => void): void {
  const d = envsSupported() ? describe : describe.skip;
  d(title, function () {
    this.timeout(600_000);
    let s: RootSession | undefined;
    before(async () => {
      s = await openRoot(kind);
    });
    body(() => {
      if (s === undefined) throw new Error('no session');
      return s;
    });
    // registered last, so that it runs after the body's own `after` hooks
    after(async () => {
      await s?.dispose();
    });
  });
}

/** Expect an exit status, showing the program's output when it differs. */
export function expectCode(r: RunResult, code: number): void {
  expect(r.code, `exit status ${r.code}, expected ${code}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`).to.equal(code);
}

/** Put shims first on PATH for `tools`: each logs `tool args...` to /root/calls.log, then runs the real one. */
export async function installShims(s: RootSession, tools: readonly string[]): Promise<void> {
  const script = tools
    .map((t) => `real=$(command -v ${t}) || exit 1
printf '#!/bin/sh\\nprintf "%%s\\\\n" "${t} $*" >>/root/calls.log\\nexec %s "$@"\\n' "$real" >/usr/local/sbin/${t}
chmod 0755 /usr/local/sbin/${t}`)
    .join('\n');
  const r = await s.sh(`set -e\n${script}\n: >/root/calls.log`);
  expectCode(r, 0);
}

/** Remove the shims of `tools`. */
export async function removeShims(s: RootSession, tools: readonly string[]): Promise<void> {
  expectCode(await s.sh(tools.map((t) => `rm -f /usr/local/sbin/${t}`).join('\n')), 0);
}

/** The commands logged by the shims since the last call (and clear the log). */
export async function takeCalls(s: RootSession): Promise<string[]> {
  const r = await s.sh('cat /root/calls.log 2>/dev/null; : >/root/calls.log');
  return r.stdout.split('\n').filter((l) => l !== '');
}

/** Regular files below the session's upper dir (what the runs changed), relative, sorted. */
export async function changedFiles(s: RootSession): Promise<string[]> {
  const entries = await readdir(s.upper, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isFile())
    .map((e) => `${e.parentPath}/${e.name}`.slice(s.upper.length + 1))
    .sort();
}

/** The program's own temp dirs (mktemp -d /tmp/sip.XXXXXXXXXX) still in the root's /tmp. */
export async function tmpLeftovers(s: RootSession): Promise<string[]> {
  const r = await s.sh('ls -A /tmp');
  return r.stdout.split('\n').filter((l) => l.startsWith('sip.'));
}

/** The installed version of a Debian package in the root ('' when not installed). */
export async function debVersion(s: RootSession, name: string): Promise<string> {
  const r = await s.sh(`dpkg-query -W -f='\${db:Status-Abbrev}|\${Version}' ${name} 2>/dev/null`);
  const [status, version] = r.stdout.split('|');
  return status?.startsWith('ii') ? (version ?? '') : '';
}

/** The installed version-release of an rpm in the root ('' when not installed). */
export async function rpmVersion(s: RootSession, name: string): Promise<string> {
  const r = await s.sh(`rpm -q --qf '%{VERSION}-%{RELEASE}' ${name} 2>/dev/null`);
  return r.code === 0 ? r.stdout : '';
}

/** A file of the root as text ('' when absent). */
export async function readText(s: RootSession, path: string): Promise<string> {
  return (await s.readFile(path))?.toString('utf8') ?? '';
}

export interface ReportEvent {
  readonly event: string;
  readonly [key: string]: unknown;
}

/** Parse a JSON Lines report (each line must be one JSON object). */
export function parseReport(text: string): ReportEvent[] {
  return text
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as ReportEvent);
}
