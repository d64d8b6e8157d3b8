// Command line and argument map: flags, defaults, required, choices, hidden, --help,
// --version, exit codes 2 and 3, and hostile values arriving intact without executing.

import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { type ArgDecl, program, runBash, scratch } from './harness.js';

const ARGS: ArgDecl[] = [
  { name: 'java-distro', description: 'The Java distribution to install.', default: 'openjdk', choices: ['openjdk', 'oracle-java'] },
  { name: 'plugin_version', description: 'Version of the plugin.', required: true },
  { name: 'secret_url', description: 'Where the secret lives.', default: 'http://x', hidden: true },
  { name: 'scala_version', description: 'Scala.', default: '1' },
  { name: 'empty-default', description: '', default: '' },
];

/** A program whose only validator dumps the argument map, one `name=<value>` record per NUL. */
function dumpProgram(out: string, args: ArgDecl[] = ARGS): string {
  return program({
    args,
    body: `
sip_validators() {
  local k
  for k in "\${!SIP_ARGS[@]}"; do printf '%s=%s\\0' "$k" "\${SIP_ARGS[$k]}"; done >'${out}'
  printf '%s\\n' "$SIP_TEST_ONLY" "$SIP_DISTRO" "$SIP_REPORT_FILE" >'${out}.meta'
  return 0
}`,
  });
}

function runDump(argv: string[], args: ArgDecl[] = ARGS) {
  const out = path.join(scratch('args'), 'dump');
  const r = runBash(dumpProgram(out, args), argv);
  let map: Record<string, string> | undefined;
  if (existsSync(out)) {
    map = {};
    for (const rec of readFileSync(out, 'utf8').split('\0').filter((x) => x !== '')) {
      const i = rec.indexOf('=');
      map[rec.slice(0, i)] = rec.slice(i + 1);
    }
  }
  const meta = existsSync(`${out}.meta`) ? readFileSync(`${out}.meta`, 'utf8').split('\n') : undefined;
  return { ...r, map, meta };
}

describe('runtime args', function () {
  this.timeout(30_000);

  it('fills defaults, takes command-line values, keeps source text (1 stays "1")', () => {
    const r = runDump(['--plugin_version', '2.3.0']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.map).to.deep.equal({
      'java-distro': 'openjdk',
      plugin_version: '2.3.0',
      secret_url: 'http://x',
      scala_version: '1',
      'empty-default': '',
    });
  });

  it('accepts --NAME=VALUE, the manifest spelling, underscores for dashes and dashes for underscores', () => {
    for (const argv of [
      ['--java-distro=oracle-java', '--plugin_version=1'],
      ['--java_distro', 'oracle-java', '--plugin-version', '1'],
      ['--java-distro', 'oracle-java', '--plugin_version', '1'],
    ]) {
      const r = runDump(argv);
      expect(r.status, `${argv.join(' ')}: ${r.stderr}`).to.equal(0);
      expect(r.map!['java-distro']).to.equal('oracle-java');
      expect(r.map!['plugin_version']).to.equal('1');
    }
  });

  it('takes the last of a repeated flag, and an empty value with --x=', () => {
    const r = runDump(['--plugin_version=1', '--plugin_version=2', '--scala_version=']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.map!['plugin_version']).to.equal('2');
    expect(r.map!['scala_version']).to.equal('');
  });

  it('parses --test-only, --distro and --report (both forms)', () => {
    const rep = path.join(scratch('args'), 'r.jsonl');
    const r = runDump(['--test-only', '--distro=Centos7', '--report', rep, '--plugin_version', 'x']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.meta!.slice(0, 3)).to.deep.equal(['1', 'centos7', rep]);
  });

  it('a missing required argument: exit 2 naming it', () => {
    const r = runDump([]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('missing required argument --plugin_version');
    expect(r.map).to.equal(undefined);
  });

  it('a value outside the choices: exit 2 listing the choices', () => {
    const r = runDump(['--plugin_version=1', '--java-distro', 'zulu']);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain("invalid value 'zulu' for --java-distro; choices: openjdk, oracle-java");
  });

  it('a default outside the choices (a baked --set) is caught too', () => {
    const r = runDump([], [{ name: 'a', default: 'x', choices: ['y', 'z'] }]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain('choices: y, z');
  });

  for (const [argv, msg] of [
    [['--plugin_version=1', '--nope'], 'unknown option: --nope'],
    [['--plugin_version=1', '--nope=3'], 'unknown option: --nope'],
    [['--plugin_version'], 'option --plugin_version needs a value'],
    [['--plugin_version', '--test-only'], 'option --plugin_version needs a value'],
    [['--distro'], 'option --distro needs a value'],
    [['--plugin_version=1', 'stray'], 'unexpected argument: stray'],
    [['--plugin_version=1', '-x'], 'unexpected argument: -x'],
    [['--plugin_version=1', '--test-only=yes'], 'option --test-only takes no value'],
    [['--plugin_version=1', '--'], 'unknown option: --'],
  ] as const) {
    it(`usage error: ${argv.join(' ')} -> exit 2`, () => {
      const r = runDump([...argv]);
      expect(r.status).to.equal(2);
      expect(r.stderr).to.contain(msg);
      expect(r.stderr).to.contain('--help');
    });
  }

  it('a value starting with -- is accepted in the = form', () => {
    const r = runDump(['--plugin_version=--weird']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.map!['plugin_version']).to.equal('--weird');
  });

  it('hostile values arrive intact and execute nothing', () => {
    const dir = scratch('hostile');
    const marker = path.join(dir, 'pwned');
    const values = [
      `$(touch ${marker})`,
      `\`touch ${marker}\``,
      `'; touch ${marker}; '`,
      `"; touch ${marker}; "`,
      `a\nb\n\n`,
      `\n$(touch ${marker})\n`,
      `*`,
      `${marker}*`,
      `x]=1 SIP_ARGS[y`,
      `$'\\x41'`,
      '\\',
      ' leading and trailing ',
      '\t\r\x01\x1b[31m',
      'ünïcödé ✓',
      '$PATH ${HOME} $((1+1))',
      'a=b=c',
    ];
    for (const v of values) {
      const r = runDump([`--plugin_version=${v}`, '--secret_url', v]);
      expect(r.status, r.stderr).to.equal(0);
      expect(r.map!['plugin_version']).to.equal(v);
      expect(r.map!['secret_url']).to.equal(v);
      expect(existsSync(marker), `executed: ${JSON.stringify(v)}`).to.equal(false);
    }
  });

  it('hostile values in an error message execute nothing either', () => {
    const marker = path.join(scratch('hostile'), 'pwned');
    const r = runDump(['--plugin_version=1', `--java-distro=$(touch ${marker})`]);
    expect(r.status).to.equal(2);
    expect(r.stderr).to.contain(`$(touch ${marker})`);
    expect(existsSync(marker)).to.equal(false);
  });

  it('--help lists arguments with descriptions, defaults, choices and required; hidden ones omitted; exit 0 on stdout', () => {
    const r = runDump(['--help']);
    expect(r.status).to.equal(0);
    expect(r.map).to.equal(undefined);
    // the usage line names the program file ($0); the text under it names the manifest
    expect(r.stdout).to.match(/^Usage: \S+ \[--test-only \[--keep-going\]\]/);
    expect(r.stdout).to.contain('declared in image.yaml');
    expect(r.stdout).to.match(/--java-distro VALUE +The Java distribution to install\.\n +\(default: openjdk; choices: openjdk oracle-java\)/);
    expect(r.stdout).to.match(/--plugin_version VALUE +Version of the plugin\.\n +\(required\)/);
    expect(r.stdout).to.match(/--scala_version VALUE +Scala\.\n +\(default: 1\)/);
    expect(r.stdout).not.to.contain('secret_url');
    expect(r.stdout).to.contain('--report FILE');
    expect(r.stdout).to.contain('Exit status');
  });

  it('--help works with missing required arguments and bad values, and without root', () => {
    expect(runDump(['--java-distro=bad', '--help']).status).to.equal(0);
  });

  it('--version prints the compiler version and the manifest digest', () => {
    const r = runDump(['--version']);
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal('image.yaml\ncompiled by sahara-image-pack 0.0.0-test\nmanifest sha256 0123456789abcdef\n');
  });

  it('a program without arguments: --help has no Arguments section, any --x is unknown', () => {
    expect(runDump(['--help'], []).stdout).not.to.contain('Arguments:');
    expect(runDump(['--x=1'], []).status).to.equal(2);
  });

  it('sip_arg_get sets SIP_VALUE and prints nothing; an unset name fails naming it', () => {
    const r = runBash(
      program({
        files: ['args'],
        main: false,
        body: `
sip_arg_set a 'x y'
sip_arg_get a; printf '[%s|%s]' "$?" "$SIP_VALUE"
sip_arg_is_set a; printf '[%s]' "$?"
sip_arg_is_set b; printf '[%s]' "$?"
sip_arg_get b; printf '[%s|%s|%s]' "$?" "$SIP_VALUE" "$SIP_MESSAGE"
sip_arg_set b ''
sip_arg_is_set b; printf '[%s]' "$?"`,
      }),
    );
    expect(r.stdout).to.equal("[0|x y][0][1][1||argument 'b' is not set][0]");
    expect(r.stderr).to.equal("argument 'b' is not set\n");
  });

  it('not root: exit 3 (after argument checks)', function () {
    if (spawnSync('bash', ['-c', 'type -P setpriv'], { encoding: 'utf8' }).status !== 0) this.skip();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'sip-nonroot-'));
    after(() => rmSync(dir, { recursive: true, force: true }));
    chmodSync(dir, 0o755);
    const file = path.join(dir, 'p.sh');
    writeFileSync(file, dumpProgram(path.join(dir, 'out')));
    chmodSync(file, 0o644);
    const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', file, '--plugin_version=1'], {
      encoding: 'utf8',
      cwd: '/',
    });
    expect(r.status, r.stderr).to.equal(3);
    expect(r.stderr).to.contain('must be run as root');
    const bad = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', file], { encoding: 'utf8', cwd: '/' });
    expect(bad.status).to.equal(2);
  });

  it('the run gets LC_ALL=C and the sbin directories in PATH (appended, the caller\'s order kept)', () => {
    const r = runBash(program({ body: 'sip_validators() { printf "%s|%s" "$PATH" "$LC_ALL"; }' }), [], { env: { PATH: '/usr/bin:/bin', LC_ALL: 'de_DE.UTF-8' } });
    expect(r.stdout).to.equal('/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin|C');
    const kept = runBash(program({ body: 'sip_validators() { printf "%s" "$PATH"; }' }), [], { env: { PATH: '/sbin:/usr/bin:/bin:/usr/sbin:/usr/local/sbin' } });
    expect(kept.stdout).to.equal('/sbin:/usr/bin:/bin:/usr/sbin:/usr/local/sbin');
  });

  it('sip_bash_ok: the 4.2 floor', () => {
    const r = runBash(
      program({
        files: ['main'],
        main: false,
        body: 'for v in "3 2" "4 0" "4 1" "4 2" "4 4" "5 0" "5 2"; do sip_bash_ok $v; printf "%s " "$?"; done',
      }),
    );
    expect(r.stdout).to.equal('1 1 1 0 0 0 0 ');
  });
});
