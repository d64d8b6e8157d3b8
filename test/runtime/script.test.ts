// sip_script_run and sip_copy_script: clean environment, env_vars, shebang, stdin, cwd,
// output capture, byte-exact bodies, temp files, noexec temp dirs, copy_script in both modes.

import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { type ArgDecl, program, readReport, runBash, scratch, shq } from './harness.js';

/** A BODY_FN that prints exactly `bytes` (via printf %b of \xNN escapes: any byte but NUL). */
function bodyFn(name: string, bytes: Buffer | string): string {
  const b = typeof bytes === 'string' ? Buffer.from(bytes, 'utf8') : bytes;
  const esc = [...b].map((x) => `\\x${x.toString(16).padStart(2, '0')}`).join('');
  return `${name}() { printf '%b' '${esc}'; }`;
}

/** Run one script step; afterwards print the argument map entries named in `show` on stdout (NUL-separated). */
function runScript(opts: {
  body: string | Buffer;
  shebang?: boolean;
  /** The interpreter and argument the compiler found (default: '' '', the runtime reads the #! line). */
  interp?: readonly [string, string];
  output?: string;
  pairs?: string[];
  argv?: string[];
  args?: ArgDecl[];
  env?: Record<string, string | undefined>;
  /** Start from an empty environment (plus `env`) instead of this process's. */
  cleanEnv?: boolean;
  show?: string[];
  extra?: string;
}) {
  const report = path.join(scratch('scr'), 'r.jsonl');
  const text = program({
    args: opts.args ?? [],
    body: `${bodyFn('body_1', opts.body)}
v_1() { sip_script_run image.yaml:7:5 test.sh ${shq(opts.output ?? '')} ${opts.interp !== undefined ? opts.interp.map(shq).join(' ') : opts.shebang === false ? "/bin/bash ''" : "'' ''"} body_1 ${(opts.pairs ?? []).map(shq).join(' ')}; }
s_1() { sip_step script image.yaml:7:5 'validators[0]' test.sh v_1; }
${opts.extra ?? ''}
sip_validators() {
  local rc k
  s_1
  rc=$?
  for k in ${(opts.show ?? []).map(shq).join(' ')}; do
    if sip_arg_is_set "$k"; then printf '%s=%s\\0' "$k" "\${SIP_ARGS[$k]}"; else printf '%s unset\\0' "$k"; fi
  done
  return "$rc"
}`,
  });
  const r = runBash(text, ['--report', report, ...(opts.argv ?? [])], { env: opts.env, cleanEnv: opts.cleanEnv });
  return { ...r, shown: r.stdout.split('\0').filter(Boolean), report: () => readReport(report) };
}

describe('runtime script', function () {
  this.timeout(30_000);

  // Two ways to the clean environment (runtime/script.sh SIP_SCRIPT_FAST): the program's
  // exported names unexported around the fork when they are all upper case (or lower-case
  // proxies), else by the child itself; both must give the same environment.
  for (const [way, extraEnv, fast] of [
    ['upper-case exported names: made in the program around the fork', {}, '1'],
    ['a lower-case, a SIP_ name and an exported function: made by the child', { leak: 'leak', 'BASH_FUNC_leaky%%': '() { echo leak; }', SIP_TMP: '/x' }, '0'],
  ] as const) {
    it(`runs with a clean environment: PATH, HOME, LANG, proxies, distro, test_only, reconcile, env_vars only (${way})`, () => {
      const r = runScript({
      body: '#!/bin/bash\nenv -0 | tr "\\0" "\\1"\n',
      output: 'dump',
      show: ['dump'],
      pairs: ['java_distro=java-distro', 'extra_file=extra-file', 'unset_one=nope'],
      args: [
        { name: 'java-distro', default: 'openjdk' },
        { name: 'extra-file', default: 'a b\n$(c) "d"' },
      ],
      argv: ['--distro', 'centos7', '--test-only'],
      cleanEnv: true,
      env: { PATH: process.env['PATH'], LEAK: 'leak', JAVA_DOWNLOAD_URL: 'http://bad', http_proxy: 'http://proxy:3128', NO_PROXY: 'localhost', ...extraEnv },
      extra: 'sip_exit() { printf "fast=%s\\0" "$SIP_SCRIPT_FAST"; exit "$1"; }',
    });
    expect(r.status, r.stderr).to.equal(0);
    const env = new Map<string, string>();
    for (const rec of r.shown[0]!.slice('dump='.length).split('\x01')) {
      if (!rec) continue;
      const i = rec.indexOf('=');
      env.set(rec.slice(0, i), rec.slice(i + 1));
    }
    const names = [...env.keys()].filter((k) => !['PWD', 'SHLVL', '_', 'OLDPWD'].includes(k)).sort();
    expect(names).to.deep.equal(['HOME', 'LANG', 'NO_PROXY', 'PATH', 'distro', 'extra_file', 'http_proxy', 'java_distro', 'reconcile', 'test_only']);
    expect(env.get('PATH')).to.equal('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
    expect(env.get('HOME')).to.equal('/root');
    expect(env.get('LANG')).to.equal('C.UTF-8');
    expect(env.get('distro')).to.equal('centos7');
    expect(env.get('test_only')).to.equal('1');
    expect(env.get('reconcile')).to.equal('0');
    expect(env.get('java_distro')).to.equal('openjdk');
    expect(env.get('extra_file')).to.equal('a b\n$(c) "d"');
    expect(env.get('http_proxy')).to.equal('http://proxy:3128');
    expect(r.shown[r.shown.length - 1]).to.equal(`fast=${fast}`);
    });
  }

  it('after a script the program exports what it did before (the package tools get the environment they were given)', () => {
    const r = runScript({
      body: '#!/bin/sh\nexit 0\n',
      env: { KEEP_ME: 'kept', http_proxy: 'http://proxy:3128' },
      extra: 'sip_exit() { env | grep -E "^(KEEP_ME|http_proxy|PATH|LC_ALL)=" | sort | tr "\\n" "\\0"; exit "$1"; }',
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.shown.map((l) => l.replace(/^PATH=.*/, 'PATH=…'))).to.deep.equal(['KEEP_ME=kept', 'LC_ALL=C', 'PATH=…', 'http_proxy=http://proxy:3128']);
  });

  it('reconcile mode: test_only=0, reconcile=1', () => {
    const r = runScript({ body: '#!/bin/sh\nprintf "%s/%s" "$test_only" "$reconcile"\n', output: 'o', show: ['o'] });
    expect(r.shown).to.deep.equal(['o=0/1']);
  });

  it('honours the shebang: #!/bin/sh is dash here, #!/usr/bin/env bash is bash, #!/bin/bash -x traces', () => {
    const sh = runScript({ body: '#!/bin/sh\nprintf "%s" "${BASH_VERSION:-none}"\n', output: 'o', show: ['o'] });
    expect(sh.shown).to.deep.equal(['o=none']);
    const env = runScript({ body: '#!/usr/bin/env bash\nprintf "%s" "${BASH_VERSION:+bash}"\n', output: 'o', show: ['o'] });
    expect(env.shown).to.deep.equal(['o=bash']);
    const x = runScript({ body: '#!/bin/bash -x\ntrue marker-for-x\n' });
    expect(x.status).to.equal(0);
    expect(x.stderr).to.contain('+ true marker-for-x');
    const spaced = runScript({ body: '#! /bin/bash  \nprintf "%s" "${BASH_VERSION:+bash}"\n', output: 'o', show: ['o'] });
    expect(spaced.shown).to.deep.equal(['o=bash']);
  });

  for (const names of [
    ['arg', 'file', 'interp', 'pair', 'rc', 'env', 'label'],
    ['arg', 'file', 'interp', 'pair', 'JAVA_HOME', 'RANDOM', 'UID'],
  ]) {
    // both ways (SIP_SCRIPT_FAST): with upper-case exported names only, and with a lower-case
    // one exported (also named like a local of the functions that run the script)
    for (const exported of [{}, { rc: 'exported', env: 'exported' }]) {
      it(`env_vars named like the runner words or bash variables arrive intact (${names.join(', ')}; exported: ${Object.keys(exported).join(', ') || 'upper case only'})`, () => {
        const r = runScript({
          body: `#!/bin/sh\nprintf '%s|' ${names.map((n) => `"$${n}"`).join(' ')}\n`,
          output: 'o',
          show: ['o'],
          pairs: names.map((n) => `${n}=v-${n.toLowerCase()}`),
          args: names.map((n) => ({ name: `v-${n.toLowerCase()}`, default: `value of ${n}` })),
          cleanEnv: true,
          env: { PATH: process.env['PATH'], ...exported },
        });
        expect(r.status, r.stderr).to.equal(0);
        expect(r.shown).to.deep.equal([`o=${names.map((n) => `value of ${n}|`).join('')}`]);
      });
    }
  }

  it('an exported name that is also a local of the functions running the script does not reach it (the slow way unsets every level)', () => {
    const r = runScript({
      body: '#!/bin/sh\nprintf "%s|%s|%s" "${rc-unset}" "${env-unset}" "${location-unset}"\n',
      output: 'o',
      show: ['o'],
      cleanEnv: true,
      env: { PATH: process.env['PATH'], rc: 'x', env: 'y', location: 'z' },
    });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.shown).to.deep.equal(['o=unset|unset|unset']);
  });

  it('runs the interpreter and argument the compiler gives (INTERP ARG), without reading the #! line', () => {
    const r = runScript({ body: '#!/bin/sh\nprintf "%s" "${BASH_VERSION:+bash}"\n', interp: ['/usr/bin/env', 'bash'], output: 'o', show: ['o'] });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.shown).to.deep.equal(['o=bash']);
  });

  it('no shebang (INTERP /bin/bash): /bin/bash, bash-isms work', () => {
    const r = runScript({ body: '[[ -n $BASH_VERSION ]] && printf "%s" "${BASH_VERSION:+bash}"', shebang: false, output: 'o', show: ['o'] });
    expect(r.shown).to.deep.equal(['o=bash']);
  });

  it('stdin is /dev/null, cwd is /, $0 is the private 0700 temp file', () => {
    const r = runScript({
      body: '#!/bin/bash\nread -r x; printf "%s|%s|%s|%s" "$?" "$(readlink /proc/self/fd/0)" "$PWD" "$(stat -c %a "$0")"\n',
      output: 'o',
      show: ['o'],
    });
    expect(r.shown).to.deep.equal(['o=1|/dev/null|/|700']);
  });

  it("the script's stdout goes to the program's stderr (stdout stays empty), stderr too", () => {
    const r = runScript({ body: '#!/bin/sh\necho to-stdout\necho to-stderr >&2\n' });
    expect(r.status).to.equal(0);
    expect(r.stdout).to.equal('');
    expect(r.stderr).to.contain('to-stdout\n');
    expect(r.stderr).to.contain('to-stderr\n');
  });

  it('output: stdout stored with trailing newlines removed (only those); stderr not captured', () => {
    const r = runScript({ body: "#!/bin/bash\nprintf '  lead\\n\\nmid $(x) \\\"q\\\"\\n\\n\\n'\necho noise >&2\n", output: 'out', show: ['out'] });
    expect(r.shown).to.deep.equal(['out=  lead\n\nmid $(x) "q"']);
    expect(r.stderr).to.contain('noise');
    const empty = runScript({ body: '#!/bin/sh\n', output: 'out', show: ['out'] });
    expect(empty.shown).to.deep.equal(['out=']);
  });

  it('output overwrites an existing argument; a failing script stores nothing', () => {
    const ok = runScript({ body: '#!/bin/sh\necho new\n', output: 'a', show: ['a'], args: [{ name: 'a', default: 'old' }] });
    expect(ok.shown).to.deep.equal(['a=new']);
    const bad = runScript({ body: '#!/bin/sh\necho new\nexit 3\n', output: 'a', show: ['a'], args: [{ name: 'a', default: 'old' }] });
    expect(bad.shown).to.deep.equal(['a=old']);
    const none = runScript({ body: '#!/bin/sh\necho new\nexit 3\n', output: 'b', show: ['b'] });
    expect(none.shown).to.deep.equal(['b unset']);
  });

  it('a non-zero exit fails the step with the status in the message', () => {
    const r = runScript({ body: '#!/bin/sh\nexit 3\n' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('script test.sh exited with status 3');
    expect(r.stderr).to.contain('image.yaml:7:5  script test.sh  FAILED');
    expect(r.report()[0]).to.deep.include({ status: 'failed', message: 'script test.sh exited with status 3' });
  });

  it('a missing interpreter fails the step (127), it does not abort the program', () => {
    const r = runScript({ body: '#!/nonexistent/interp\ntrue\n' });
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain('exited with status 127');
  });

  it('the body is written byte-exact (no final newline, CR, high bytes, quotes, here-doc markers)', () => {
    const dir = scratch('bytes');
    const copy = path.join(dir, 'copy');
    const body = Buffer.concat([
      Buffer.from(`#!/bin/sh\ncp "$0" ${copy}\nexit 0\n# EOF\n'"\`$x\\\r\n\t`),
      Buffer.from([0xff, 0xfe, 0x80, 0xc3, 0xa9, 0x01, 0x7f]),
      Buffer.from('\nno final newline'),
    ]);
    const r = runScript({ body });
    expect(r.status, r.stderr).to.equal(0);
    expect(readFileSync(copy).equals(body)).to.equal(true);
  });

  it('an output file is emptied after each script, whether it passed or failed; the script files are the only others (the directory goes at exit)', () => {
    // (a script file holds its body until exit: its text is in the program anyway)
    const extra = `after() { local f n=0; for f in "$SIP_TMP"/*; do [[ -s $f && $f != */script-[0-9]* ]] && n=$((n + 1)); done; printf 'left=%s\\0' "$n"; }`;
    for (const body of ['#!/bin/sh\necho x\n', '#!/bin/sh\nexit 1\n']) {
      const r = runBash(
        program({
          body: `${bodyFn('b', body)}
${extra}
sip_validators() { sip_script_run l x out '' '' b; after; sip_script_run l x '' '' '' b; after; return 0; }`,
        }),
      );
      expect(r.stdout.split('\0').filter(Boolean)).to.deep.equal(['left=0', 'left=0']);
    }
  });

  it('script files: one fresh file a run from the pool of SIP_SCRIPT_STEPS, then the last one again; each body byte-exact, whatever a script did to the files', () => {
    const dir = scratch('pool');
    // run k copies its own file to DIR/k and records its path; its body is k lines long, so a
    // shorter body written over a longer one (or over a file a script filled) must be exact
    const body = (k: number, extra = ''): string => `#!/bin/bash\ncp "$0" ${dir}/${k}; printf '%s %s\\n' ${k} "$0" >>${dir}/paths\n${extra}${'# pad\n'.repeat(6 - k)}`;
    const runs = [1, 2, 3, 4, 5];
    const text = program({
      body: `SIP_SCRIPT_STEPS=3
${runs.map((k) => bodyFn(`b${k}`, body(k, k === 1 ? 'printf junk >"${0%-1}-2"\n' : k === 2 ? 'rm -f "${0%-2}-3"\n' : ''))).join('\n')}
sip_validators() { ${runs.map((k) => `sip_script_run image.yaml:${k}:5 s${k}.sh '' /bin/bash '' b${k} || return 1;`).join(' ')} [[ -x $SIP_TMP/script-3 ]] && echo mode-ok; }`,
    });
    const r = runBash(text, ['--test-only']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('mode-ok\n');
    for (const k of runs) expect(readFileSync(path.join(dir, String(k)), 'utf8'), `run ${k}`).to.equal(body(k, k === 1 ? 'printf junk >"${0%-1}-2"\n' : k === 2 ? 'rm -f "${0%-2}-3"\n' : ''));
    const paths = readFileSync(path.join(dir, 'paths'), 'utf8').trim().split('\n').map((l) => l.replace(/^(\d) .*\/(script-\d)$/, '$1 $2'));
    expect(paths).to.deep.equal(['1 script-1', '2 script-2', '3 script-3', '4 script-3', '5 script-3']);
  });

  it('a script that removes the temp dir (a clean-up of /tmp): the next script gets a new one, with a warning; nothing is left at exit', () => {
    const tmp = scratch('gone');
    const text = program({
      body: `${bodyFn('b1', '#!/bin/sh\nrm -rf "${0%/*}"\n')}
${bodyFn('b2', '#!/bin/sh\necho "two $0"\n')}
${bodyFn('b3', '#!/bin/sh\necho three\n')}
sip_validators() { sip_script_run l:1 one.sh '' /bin/sh '' b1 && sip_script_run l:2 two.sh '' /bin/sh '' b2 && sip_script_run l:3 three.sh out /bin/sh '' b3 && printf '%s\\n' "\${SIP_ARGS[out]}"; }`,
    });
    const r = runBash(text, ['--test-only'], { env: { TMPDIR: tmp } });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.stdout).to.equal('three\n');
    expect(r.stderr.match(/warning: l:2: the temporary directory \S+ is gone \(did a script clean up \S+\?\): making a new one/g)).to.have.length(1);
    expect(r.stderr).to.match(new RegExp(`two ${tmp}/sip\\.[^/]+/script-1\n`));
    expect(readdirSync(tmp)).to.deep.equal([]);
  });

  it('works when the temp dir is on a noexec mount (the interpreter runs the file)', function () {
    const dir = scratch('noexec');
    const mnt = path.join(dir, 'mnt');
    mkdirSync(mnt);
    const m = spawnSync('mount', ['-t', 'tmpfs', '-o', 'noexec,size=4m', 'tmpfs', mnt], { encoding: 'utf8' });
    if (m.status !== 0) this.skip();
    try {
      const r = runScript({ body: '#!/bin/bash\nprintf "%s" "$0"\n', output: 'o', show: ['o'], env: { TMPDIR: mnt } });
      expect(r.status, r.stderr).to.equal(0);
      expect(r.shown[0]).to.match(new RegExp(`^o=${mnt}/sip\\.[^/]+/script-1$`));
    } finally {
      spawnSync('umount', [mnt]);
    }
  });

  it('marks the package cache stale unless the package database is unchanged (a script may install or remove packages)', () => {
    const r = runBash(
      program({
        body: `${bodyFn('b', '#!/bin/sh\n')}
sip_validators() { SIP_PKG_LOADED=1; sip_script_run l x '' '' '' b; printf '%s' "$SIP_PKG_LOADED"; }`,
      }),
    );
    expect(r.stdout).to.equal('2');
  });

  it('a stamp strictly newer than the database files keeps the cache; an older one, or none, does not', function () {
    if (!existsSync('/var/lib/dpkg/status')) this.skip();
    const r = runBash(
      program({
        body: `sip_validators() {
  SIP_PKG_STAMP=''; sip_pkg_db_unchanged; printf 'none=%s ' "$?"
  sip_tmp_dir; sip_pkg_stamp debian; sip_pkg_db_unchanged; printf 'new=%s ' "$?"
  touch -d '2000-01-01' "$SIP_PKG_STAMP"; sip_pkg_db_unchanged; printf 'old=%s ' "$?"
  sip_pkg_stamp debian; rm -- "$SIP_PKG_STAMP"; sip_pkg_db_unchanged; printf 'gone=%s' "$?"
}`,
      }),
    );
    expect(r.stdout).to.equal('none=1 new=0 old=1 gone=1');
  });

  it('makes no stamp when none of the family database files exists (the cache is then read again after each script)', function () {
    if (['rpmdb.sqlite', 'rpmdb.sqlite-wal', 'Packages', 'Packages.db'].some((f) => existsSync(`/var/lib/rpm/${f}`))) this.skip();
    const r = runBash(program({ body: `sip_validators() { sip_tmp_dir; sip_pkg_stamp redhat; printf '%s' "\${SIP_PKG_STAMP:-none}"; }` }));
    expect(r.stdout).to.equal('none');
  });
});

describe('runtime copy_script', function () {
  this.timeout(30_000);
  const CONTENT = '#!/bin/bash\n# package_utils.sh\necho "$1" \'x\'\n';

  function copy(target: string, argv: string[] = [], content = CONTENT) {
    const report = path.join(scratch('cp'), 'r.jsonl');
    const r = runBash(
      program({
        body: `${bodyFn('body_c', content)}
v_c() { sip_copy_script image.yaml:9:5 ${shq(target)} body_c; }
sip_validators() { sip_step copy_script image.yaml:9:5 'validators[0]' package_utils.sh v_c; }`,
      }),
      ['--report', report, ...argv],
    );
    return { ...r, event: readReport(report)[0]! };
  }

  it('reconcile: writes an absent target byte-exact with mode 0644 (changed), then reports ok', () => {
    const target = path.join(scratch('cp'), 'package_utils.sh');
    const a = copy(target);
    expect(a.status, a.stderr).to.equal(0);
    expect(a.event['status']).to.equal('changed');
    expect(readFileSync(target, 'utf8')).to.equal(CONTENT);
    expect(statSync(target).mode & 0o777).to.equal(0o644);
    const b = copy(target);
    expect(b.event['status']).to.equal('ok');
  });

  it('reconcile: rewrites a different target, and replaces a symlink instead of following it', () => {
    const dir = scratch('cp');
    const target = path.join(dir, 't.sh');
    writeFileSync(target, 'old\n');
    expect(copy(target).event['status']).to.equal('changed');
    expect(readFileSync(target, 'utf8')).to.equal(CONTENT);
    const victim = path.join(dir, 'victim');
    writeFileSync(victim, 'precious\n');
    const link = path.join(dir, 'link.sh');
    symlinkSync(victim, link);
    expect(copy(link).event['status']).to.equal('changed');
    expect(readFileSync(victim, 'utf8')).to.equal('precious\n');
    expect(lstatSync(link).isSymbolicLink()).to.equal(false);
    expect(readFileSync(link, 'utf8')).to.equal(CONTENT);
  });

  it('test-only: absent or different fails and writes nothing; identical passes', () => {
    const dir = scratch('cp');
    const target = path.join(dir, 't.sh');
    const absent = copy(target, ['--test-only']);
    expect(absent.status).to.equal(1);
    expect(absent.stderr).to.contain(`${target} is missing`);
    expect(existsSync(target)).to.equal(false);
    writeFileSync(target, `${CONTENT}extra`);
    const diff = copy(target, ['--test-only']);
    expect(diff.status).to.equal(1);
    expect(diff.stderr).to.contain('differs');
    expect(readFileSync(target, 'utf8')).to.equal(`${CONTENT}extra`);
    writeFileSync(target, CONTENT);
    expect(copy(target, ['--test-only']).status).to.equal(0);
    writeFileSync(target, CONTENT.replace('\n', '\0'));
    expect(copy(target, ['--test-only']).status, 'a NUL byte makes it different').to.equal(1);
  });

  it('binary contents with NUL bytes: copied exactly, then recognised as equal; a change after a NUL is seen', () => {
    const dir = scratch('cp');
    const target = path.join(dir, 'blob.bin');
    const blob = Buffer.from([0x00, 0x01, 0xff, 0x00, 0x00, 0x41, 0x0a, 0x00, 0x42]);
    const body = bodyFn('body_c', blob);
    const prog = (argv: string[]) =>
      runBash(
        program({ body: `${body}\nv_c() { sip_copy_script l ${shq(target)} body_c; }\nsip_validators() { sip_step copy_script l p x v_c; }` }),
        argv,
      );
    expect(prog([]).status).to.equal(0);
    expect(readFileSync(target).equals(blob)).to.equal(true);
    expect(prog(['--test-only']).status).to.equal(0);
    for (const other of [Buffer.concat([blob, Buffer.from([0])]), blob.subarray(0, 8), Buffer.from([0x00, 0x01, 0xff, 0x00, 0x00, 0x41, 0x0a, 0x00, 0x43])]) {
      writeFileSync(target, other);
      expect(prog(['--test-only']).status, JSON.stringify([...other])).to.equal(1);
    }
  });

  it('a target that is a directory is an error, not a copy into it', () => {
    const dir = scratch('cp');
    const r = copy(dir);
    expect(r.status).to.equal(1);
    expect(existsSync(path.join(dir, 'copy-1'))).to.equal(false);
  });
});
