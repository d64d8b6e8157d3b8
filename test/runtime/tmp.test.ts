// The private temp dir is removed after success, failure, exit 3 and signals; a signal also
// ends the child the program was waiting for, and the exit status is 128 + the signal.

import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { program, runBash, scratch, startBash } from './harness.js';

// The directory is made on first use (sip_tmp_dir), as a script or copy_script step does.
const SHOW_TMP = `show_tmp() { sip_tmp_dir; printf '%s\\n' "$SIP_TMP" >"$TMP_OUT"; }`;

function tmpOf(file: string): string {
  return readFileSync(file, 'utf8').trim();
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const t = Date.now();
  while (!cond()) {
    if (Date.now() - t > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 25));
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('runtime tmp', function () {
  this.timeout(30_000);

  for (const [name, body, status] of [
    ['success', 'sip_validators() { show_tmp; return 0; }', 0],
    ['failure', 'sip_validators() { show_tmp; return 1; }', 1],
    ['exit 3 (unknown family in a package step)', "sip_validators() { show_tmp; sip_package_ensure l foo; }", 3],
  ] as const) {
    it(`is a private 0700 directory, removed after ${name}`, () => {
      const out = path.join(scratch('tmp'), 'tmp');
      const probe = `${SHOW_TMP}\nmode() { stat -c %a "$SIP_TMP" >"$TMP_OUT.mode"; }\n${body.replace('show_tmp;', 'show_tmp; mode;')}`;
      const r = runBash(program({ body: probe }), ['--distro', 'plan9'], { env: { TMP_OUT: out } });
      expect(r.status, r.stderr).to.equal(status);
      const dir = tmpOf(out);
      expect(dir).to.match(/\/sip\.[A-Za-z0-9]{10}$/);
      expect(readFileSync(`${out}.mode`, 'utf8').trim()).to.equal('700');
      expect(existsSync(dir)).to.equal(false);
    });
  }

  it('is not made at all by a run that writes no file', () => {
    const base = scratch('lazy');
    const out = path.join(base, 'tmp');
    const r = runBash(program({ body: `sip_validators() { printf '[%s]' "$SIP_TMP" >"$TMP_OUT"; return 0; }` }), [], { env: { TMP_OUT: out, TMPDIR: base } });
    expect(r.status, r.stderr).to.equal(0);
    expect(readFileSync(out, 'utf8')).to.equal('[]');
    expect(readdirSync(base)).to.deep.equal(['tmp']);
  });

  it('honours TMPDIR', () => {
    const base = scratch('tmpdir');
    const out = path.join(base, 'tmp');
    runBash(program({ body: `${SHOW_TMP}\nsip_validators() { show_tmp; }` }), [], { env: { TMP_OUT: out, TMPDIR: base } });
    expect(path.dirname(tmpOf(out))).to.equal(base);
    expect(statSync(base).isDirectory()).to.equal(true);
  });

  it('no temp dir is made for --help, --version or a usage error', () => {
    const base = scratch('tmpdir');
    for (const argv of [['--help'], ['--version'], ['--bad']]) {
      runBash(program({ body: 'sip_validators() { return 0; }' }), argv, { env: { TMPDIR: base } });
    }
    expect(readdirSync(base)).to.deep.equal([]);
  });

  for (const [sig, status] of [
    ['SIGTERM', 143],
    ['SIGINT', 130],
    ['SIGHUP', 129],
  ] as const) {
    it(`${sig} during a long script: exits ${status} at once, ends the script and its children, removes the temp dir`, async () => {
      const out = path.join(scratch('sig'), 'tmp');
      const pidFile = `${out}.pid`;
      const prog = program({
        body: `${SHOW_TMP}
body_sleep() { printf '#!/bin/bash\\nsleep 30 &\\necho $! >%q.gc\\necho $$ >%q\\nexec sleep 30\\n' "$PID_FILE" "$PID_FILE"; }
sip_validators() { show_tmp; sip_script_run l sleeper '' '' '' body_sleep; }`,
      });
      const t0 = Date.now();
      const report = `${out}.jsonl`;
      const p = startBash(prog, ['--report', report], { env: { TMP_OUT: out, PID_FILE: pidFile } });
      await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '');
      const child = Number(readFileSync(pidFile, 'utf8').trim());
      const grandchild = Number(readFileSync(`${pidFile}.gc`, 'utf8').trim());
      const dir = tmpOf(out);
      expect(existsSync(dir)).to.equal(true);
      process.kill(p.pid, sig);
      const r = await p.done;
      expect(Date.now() - t0).to.be.below(10_000);
      expect(r.status).to.equal(status);
      expect(r.stderr).to.contain(`interrupted by ${sig}`);
      expect(existsSync(dir)).to.equal(false);
      await waitFor(() => !alive(child), 5_000);
      // the script's own background child is in the same process group: ended too
      await waitFor(() => !alive(grandchild), 5_000);
      const last = readFileSync(report, 'utf8').trim().split('\n').pop()!;
      expect(JSON.parse(last)).to.deep.include({ event: 'summary', exit_code: status });
    });
  }
});
