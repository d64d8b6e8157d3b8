// The hardening suite, part 3: injection. Manifests whose argument descriptions, defaults,
// argument_set values and case values are full of shell metacharacters, newlines and quotes,
// and run-time values with the same plus non-UTF-8 bytes, compiled here and run in the Debian
// test root: every program is shellcheck-clean, no canary file ever appears (in the root's
// /root/canaries), and every value arrives byte for byte.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { describeRoot, expectCode } from '../e2e/support.js';

/** Hostile values; CANARY is replaced by a path that must never be created. */
const HOSTILE = [
  '$(touch CANARY)',
  '`touch CANARY`',
  "'; touch CANARY; '",
  '"; touch CANARY; "',
  '\ntouch CANARY\n',
  '$((0))${IFS}$(touch${IFS}CANARY)',
  "x' \"$(touch CANARY)\" 'y",
  '!! !$ $! $$ $0 $@ $* * ? [a] ~ ~root',
  '\\$(touch CANARY)\\',
  'a;b|c&d>CANARY<e',
  '}; touch CANARY; {',
  "EOF\ntouch CANARY\nEOF\nSIP_EOF_0\n'SIP_EOF'",
  '-- --test-only --report CANARY',
  '\u00e9\u4e2d\u{1f600} \t tab \r cr \x1b[31m esc \x7f',
  '%s%n%d %x \\n \\x00',
  "$'\\x41' ${x:-$(touch CANARY)} ${!x} ${x/a/b}",
];

/** Run-time values as raw bytes: the above plus bytes that are not UTF-8. */
const RAW: Buffer[] = [...HOSTILE.map((h) => Buffer.from(h)), Buffer.from([0xff, 0xfe, 0x24, 0x28, 0x80]), Buffer.from([0xc3, 0x28, 0x0a, 0xa0, 0xa1])];

/** The bytes of `b` as a bash $'...' word. */
function ansiC(b: Buffer): string {
  return "$'" + [...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('') + "'";
}

describeRoot('hardening: injection through manifests and argument values', 'debian', (session) => {
  let dir: string;
  const canaries = '/root/canaries'; // inside the root
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sip-inject-'));
    expectCode(await session().sh(`mkdir -p ${canaries}`), 0);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));
  const noCanaries = async () => expect((await session().sh(`ls -A ${canaries}`)).stdout).to.equal('');

  const canary = (i: number, where: string): string => join(canaries, `c-${where}-${i}`);
  const withCanary = (h: string, path: string): string => h.replaceAll('CANARY', path);

  function build(i: number, hostile: string): string {
    const value = withCanary(hostile, canary(i, 'default'));
    const d = join(dir, `m${i}`);
    mkdirSync(d, { recursive: true });
    // in the root: the values land in /root/got-v and /root/got-w
    writeFileSync(join(d, 'rec.sh'), `#!/bin/bash\nprintf '%s' "$v" > /root/got-v\nprintf '%s' "$w" > /root/got-w\n`);
    const q = JSON.stringify; // JSON strings are YAML double-quoted scalars
    const yaml =
      `arguments:\n  v:\n    description: ${q(withCanary(hostile, canary(i, 'description')))}\n    default: ${q(value)}\n` +
      `  w:\n    description: plain\n    default: w0\n` +
      `validators:\n  - argument_set:\n      argument_name: w\n      value: ${q(withCanary(hostile, canary(i, 'set')))}\n` +
      `  - argument_case:\n      argument_name: w\n      cases:\n        ${q(withCanary(hostile, canary(i, 'set')))}:\n          - script:\n              rec.sh:\n                env_vars: [v, w]\n`;
    writeFileSync(join(d, 'image.yaml'), yaml);
    const loaded = loadManifest(join(d, 'image.yaml'));
    expect(hasErrors(loaded.diagnostics), loaded.diagnostics.map((x) => x.message).join('; ')).to.equal(false);
    const out = compileProgram(loaded.manifest!, loaded.resources, { manifestText: loaded.text!, compilerVersion: 'injection', sets: new Map([['v', value]]) });
    expect(hasErrors(out.diagnostics)).to.equal(false);
    const prog = join(d, 'prog.sh');
    writeFileSync(prog, out.text!);
    return prog;
  }

  it(`${HOSTILE.length} hostile manifests compile to shellcheck-clean programs that run without executing anything`, async () => {
    const s = session();
    const programs: string[] = [];
    for (const [i, h] of HOSTILE.entries()) {
      const value = withCanary(h, canary(i, 'default'));
      const prog = build(i, h);
      programs.push(prog);
      const text = readFileSync(prog, 'utf8');
      expectCode(await s.run(text), 0);
      expect((await s.readFile('/root/got-v'))?.toString(), `value ${i} baked`).to.equal(value);
      expect((await s.readFile('/root/got-w'))?.toString(), `value ${i} set`).to.equal(withCanary(h, canary(i, 'set')));
      // --help prints the description and default: still nothing runs
      expectCode(await s.run(text, ['--help']), 0);
    }
    const sc = spawnSync('shellcheck', ['--norc', '-s', 'bash', '-S', 'style', ...programs], { encoding: 'utf8' });
    expect(sc.status, sc.stdout.slice(0, 2000)).to.equal(0);
    await noCanaries();
  });

  it(`${RAW.length} hostile run-time values (non-UTF-8 bytes too) arrive byte for byte, as --v VALUE and --v=VALUE`, async () => {
    const s = session();
    expectCode(await s.run(readFileSync(build(100, 'plain'), 'utf8'), ['--help']), 0); // the program is /root/prog.sh
    for (const [i, raw] of RAW.entries()) {
      const value = Buffer.from(raw.toString('latin1').replaceAll('CANARY', canary(i, 'runtime')), 'latin1');
      // a value starting with -- needs the --v=VALUE form (the program says so)
      for (const form of value.subarray(0, 2).toString() === '--' ? ['--v='] : ['--v ', '--v=']) {
        const r = await s.sh(`rm -f /root/got-v; exec bash /root/prog.sh ${form}${ansiC(value)}`);
        expect(r.code, `${i} ${form}: ${r.stderr}`).to.equal(0);
        const got = await s.readFile('/root/got-v');
        expect(got?.equals(value), `value ${i} ${form}: got ${got?.toString('hex')}`).to.equal(true);
      }
    }
    await noCanaries();
  });
});
