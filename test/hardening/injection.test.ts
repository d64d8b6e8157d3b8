// The hardening suite, part 3: injection. Manifests whose argument descriptions, defaults,
// argument_set values and case values are full of shell metacharacters, newlines and quotes,
// and run-time values with the same plus non-UTF-8 bytes, compiled and run with bash on this
// machine (the program is run as root, in a scratch directory): every program is
// shellcheck-clean, no canary file ever appears, and every value arrives byte for byte.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { compileProgram } from '../../compiler/emit/index.js';
import { loadManifest } from '../../compiler/frontend.js';

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

describe('hardening: injection through manifests and argument values', function () {
  this.timeout(300_000);
  let dir: string;
  let canaries: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'sip-inject-'));
    canaries = join(dir, 'canaries');
    mkdirSync(canaries);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  const canary = (i: number, where: string): string => join(canaries, `c-${where}-${i}`);
  const withCanary = (h: string, path: string): string => h.replaceAll('CANARY', path);

  function build(i: number, hostile: string): string {
    const value = withCanary(hostile, canary(i, 'default'));
    const d = join(dir, `m${i}`);
    mkdirSync(d, { recursive: true });
    writeFileSync(join(d, 'rec.sh'), `#!/bin/bash\nprintf '%s' "$v" > '${d}/got-v'\nprintf '%s' "$w" > '${d}/got-w'\n`);
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

  it(`${HOSTILE.length} hostile manifests compile to shellcheck-clean programs that run without executing anything`, () => {
    const programs: string[] = [];
    HOSTILE.forEach((h, i) => {
      const value = withCanary(h, canary(i, 'default'));
      const prog = build(i, h);
      programs.push(prog);
      const r = spawnSync('bash', [prog, '--distro', 'debian12'], { encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
      const d = join(dir, `m${i}`);
      expect(readFileSync(join(d, 'got-v'), 'utf8'), `value ${i} baked`).to.equal(value);
      expect(readFileSync(join(d, 'got-w'), 'utf8'), `value ${i} set`).to.equal(withCanary(h, canary(i, 'set')));
      // --help prints the description and default: still nothing runs
      expect(spawnSync('bash', [prog, '--help'], { encoding: 'utf8' }).status).to.equal(0);
    });
    const sc = spawnSync('shellcheck', ['--norc', '-s', 'bash', '-S', 'style', ...programs], { encoding: 'utf8' });
    expect(sc.status, sc.stdout.slice(0, 2000)).to.equal(0);
    expect(readdirSync(canaries)).to.deep.equal([]);
  });

  it(`${RAW.length} hostile run-time values (non-UTF-8 bytes too) arrive byte for byte, as --v VALUE and --v=VALUE`, () => {
    const prog = build(100, 'plain');
    const d = join(dir, 'm100');
    RAW.forEach((raw, i) => {
      const value = Buffer.from(raw.toString('latin1').replaceAll('CANARY', canary(i, 'runtime')), 'latin1');
      // a value starting with -- needs the --v=VALUE form (the program says so)
      for (const form of value.subarray(0, 2).toString() === '--' ? ['--v='] : ['--v ', '--v=']) {
        rmSync(join(d, 'got-v'), { force: true });
        const r = spawnSync('bash', ['-c', `exec bash ${prog} --distro debian12 ${form}${ansiC(value)}`], { encoding: 'utf8' });
        expect(r.status, `${i} ${form}: ${r.stderr}`).to.equal(0);
        expect(existsSync(join(d, 'got-v'))).to.equal(true);
        expect(readFileSync(join(d, 'got-v')).equals(value), `value ${i} ${form}: got ${readFileSync(join(d, 'got-v')).toString('hex')}`).to.equal(true);
      }
    });
    expect(readdirSync(canaries)).to.deep.equal([]);
  });
});
