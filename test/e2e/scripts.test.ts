/** Scripts and copy_script, really run in the Debian test root. */
import { expect } from 'chai';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES } from '../emit/programs.js';
import { cleanupFixtures } from '../lower/fixture.js';
import { compileYaml, describeRoot, expectCode, programOf, readText, tmpLeftovers } from './support.js';

after(cleanupFixtures);

/** name=value lines of `env -0` output, without the variables shells add themselves. */
function envOf(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of text.split('\0').filter((e) => e !== '')) {
    const eq = entry.indexOf('=');
    const name = entry.slice(0, eq);
    if (['PWD', 'OLDPWD', 'SHLVL', '_'].includes(name)) continue;
    out[name] = entry.slice(eq + 1);
  }
  return out;
}

describeRoot('e2e scripts', 'debian', (session) => {
  const ENV = compileYaml(
    `arguments:
  java-distro: {default: openjdk}
  with-target: {default: "two  words $(not run)", target_variable: TARGET_VAR}
validators:
  - script: {env.sh: {env_vars: [java-distro, with-target, never-set, distro]}}
`,
    { 'env.sh': '#!/bin/sh\nenv -0 >/root/env.txt\n' },
  );

  it('gives scripts exactly distro, test_only, reconcile, the listed env_vars and a fixed base environment', async () => {
    const s = session();
    const r = await s.run(ENV, [], { env: { JAVA_DOWNLOAD_URL: 'leaked', java_distro: 'from-caller', http_proxy: 'http://proxy:3128', NO_PROXY: 'localhost' } });
    expectCode(r, 0);
    expect(envOf(await readText(s, '/root/env.txt'))).to.deep.equal({
      PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: '/root',
      LANG: 'C.UTF-8',
      http_proxy: 'http://proxy:3128',
      NO_PROXY: 'localhost',
      distro: 'debian',
      test_only: '0',
      reconcile: '1',
      java_distro: 'openjdk',
      TARGET_VAR: 'two  words $(not run)',
    });
  });

  it('passes test_only=1 and reconcile=0 in test-only mode, and command-line values as given', async () => {
    const s = session();
    const r = await s.run(ENV, ['--test-only', '--java_distro', "it's; $(x)", '--with-target=a\nb']);
    expectCode(r, 0);
    const env = envOf(await readText(s, '/root/env.txt'));
    expect(env).to.include({ test_only: '1', reconcile: '0', java_distro: "it's; $(x)", TARGET_VAR: 'a\nb' });
  });

  it('exports the raw distro id (with --distro, the override)', async () => {
    const s = session();
    expectCode(await s.run(ENV, ['--distro', 'ubuntu22']), 0);
    expect(envOf(await readText(s, '/root/env.txt'))['distro']).to.equal('ubuntu22');
  });

  it('honours the shebang: #!/bin/sh runs under dash, #!/bin/bash -x keeps its flag, none runs under bash', async () => {
    const s = session();
    const p = compileYaml(
      `validators:
  - script: sh.sh
  - script: bash-x.sh
  - script: none.sh
`,
      {
        'sh.sh': '#!/bin/sh\nreadlink /proc/$$/exe >/root/sh.txt\n',
        'bash-x.sh': '#!/bin/bash -x\necho "$-" >/root/bash-x.txt\n',
        'none.sh': 'readlink /proc/$$/exe >/root/none.txt\n[[ -n $BASH_VERSION ]] && echo bash >>/root/none.txt\n',
      },
    );
    const r = await s.run(p);
    expectCode(r, 0);
    expect((await readText(s, '/root/sh.txt')).trim()).to.equal('/usr/bin/dash');
    expect(await readText(s, '/root/bash-x.txt')).to.contain('x');
    expect(r.stderr).to.match(/^\+ echo [a-zA-Z]*x/m); // bash -x traces to the program's stderr
    expect(await readText(s, '/root/none.txt')).to.equal('/usr/bin/bash\nbash\n');
  });

  it('runs scripts with stdin /dev/null, cwd / and a private 0700 file that is removed afterwards', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - script: where.sh\n', {
      'where.sh': '#!/bin/bash\n{ readlink /proc/$$/fd/0; pwd; stat -c %a "$0"; echo "$0"; } >/root/where.txt\n',
    });
    expectCode(await s.run(p), 0);
    const [stdin, cwd, mode, file] = (await readText(s, '/root/where.txt')).split('\n');
    expect([stdin, cwd, mode]).to.deep.equal(['/dev/null', '/', '700']);
    expect(file).to.match(/^\/tmp\/sip\.[^/]+\//);
    expectCode(await s.sh(`test ! -e '${file}'`), 0);
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });

  it('stores output without trailing newlines and lets a later argument_case and script see it', async () => {
    const s = session();
    const p = compileYaml(
      `validators:
  - script: {probe.sh: {output: probed}}
  - argument_case:
      argument_name: probed
      cases:
        "line one\\nline two":
          - script: {use.sh: {env_vars: [probed]}}
`,
      { 'probe.sh': '#!/bin/sh\nprintf "line one\\nline two\\n\\n\\n"\n', 'use.sh': '#!/bin/sh\nprintf "%s" "$probed" >/root/probed.txt\n' },
    );
    const r = await s.run(p);
    expectCode(r, 0);
    expect(await readText(s, '/root/probed.txt')).to.equal('line one\nline two');
  });

  it('fails a script that exits non-zero, naming it, and stops the all', async () => {
    const s = session();
    const p = compileYaml('validators:\n  - script: fail.sh\n  - script: never.sh\n', {
      'fail.sh': '#!/bin/sh\necho "about to fail" >&2\nexit 7\n',
      'never.sh': '#!/bin/sh\ntouch /root/never\n',
    });
    const r = await s.run(p);
    expectCode(r, 1);
    expect(r.stderr).to.contain('about to fail').and.contain('script fail.sh exited with status 7');
    expect(await s.readFile('/root/never')).to.equal(undefined);
    expect(await tmpLeftovers(s)).to.deep.equal([]);
  });
});

describeRoot('e2e copy_script and byte-exact bodies', 'debian', (session) => {
  it('copies a binary file byte-exact to /tmp/<basename> and runs a non-UTF-8 script', async () => {
    const s = session();
    const r = await s.run(programOf('binary'));
    expectCode(r, 0);
    expect(await s.readFile('/tmp/blob.bin')).to.deep.equal(readFileSync(join(FIXTURES, 'binary', 'blob.bin')));
    expect(r.stderr).to.contain('caf\uFFFD'); // latin-1 é, printed by the script (decoded here as UTF-8)
  });

  it('in test-only mode only checks copy_script targets: a changed or missing file fails and stays as it is', async () => {
    const s = session();
    const p = programOf('binary');
    expectCode(await s.run(p, ['--test-only']), 0);
    expectCode(await s.sh('printf changed >/tmp/blob.bin'), 0);
    let r = await s.run(p, ['--test-only']);
    expectCode(r, 1);
    expect(r.stderr).to.contain('/tmp/blob.bin differs');
    expect(await readText(s, '/tmp/blob.bin')).to.equal('changed');
    expectCode(await s.sh('rm /tmp/blob.bin'), 0);
    r = await s.run(p, ['--test-only']);
    expectCode(r, 1);
    expect(await s.readFile('/tmp/blob.bin')).to.equal(undefined);
    expectCode(await s.run(p), 0);
    expect(await s.readFile('/tmp/blob.bin')).to.deep.equal(readFileSync(join(FIXTURES, 'binary', 'blob.bin')));
  });

  it('keeps a body without a final newline exact (script, copy and inline output)', async () => {
    const s = session();
    const r = await s.run(programOf('no-final-newline'));
    expectCode(r, 0);
    expect(r.stderr).to.contain('last line');
    expect(await s.readFile('/tmp/no-newline.sh')).to.deep.equal(readFileSync(join(FIXTURES, 'no-final-newline', 'no-newline.sh')));
  });

  it('keeps a body containing the here-doc delimiter exact', async () => {
    const s = session();
    const r = await s.run(programOf('delimiter'));
    expectCode(r, 0);
    expect(r.stderr).to.contain('\ninside\nSIP_SCRIPT_1\n');
    expect(await s.readFile('/tmp/contains-delimiter.sh')).to.deep.equal(readFileSync(join(FIXTURES, 'delimiter', 'contains-delimiter.sh')));
  });
});

describeRoot('e2e hostile values', 'debian', (session) => {
  const pwned = async (): Promise<string[]> => {
    const r = await session().sh('ls -A / /tmp /root');
    return r.stdout.split('\n').filter((l) => l.startsWith('pwned'));
  };

  it('runs the hostile fixture with its defaults: values arrive intact, nothing executes', async () => {
    const s = session();
    const r = await s.run(programOf('hostile'));
    expectCode(r, 0);
    const got = (await readText(s, '/root/show-env.out')).split('\0').filter((e) => e !== '');
    expect(got).to.deep.equal([
      'ITS=$(touch /tmp/pwned-default)',
      'backtick=`touch /tmp/pwned-backtick` !! !$ \\',
      "quote_breaker=x' ; touch /tmp/pwned-quote; echo '",
      'esac=done',
    ]);
    expect(await readText(s, '/tmp/evil name; touch pwned $(id)')).to.equal('$(touch /tmp/pwned-copy)\n');
    expect(await pwned()).to.deep.equal([]);
  });

  it('takes hostile command-line values as data, including flags spelled with quotes and $()', async () => {
    const s = session();
    const values = ['$(touch /tmp/pwned-cli1)', '`touch /tmp/pwned-cli2`', "'; touch /tmp/pwned-cli3; '", 'a\nb; touch /tmp/pwned-cli4', '-x --help'];
    const r = await s.run(programOf('hostile'), [
      "--it's $(touch /tmp/pwned-name)=$(touch /tmp/pwned-default)",
      `--backtick=${values[0]}`,
      '--quote-breaker', values[1]!,
      `--esac=${values[2]}`,
    ]);
    expectCode(r, 0);
    const got = (await readText(s, '/root/show-env.out')).split('\0').filter((e) => e !== '');
    expect(got).to.deep.equal(['ITS=$(touch /tmp/pwned-default)', `backtick=${values[0]}`, `quote_breaker=${values[1]}`, `esac=${values[2]}`]);
    const r2 = await s.run(programOf('hostile'), [`--backtick=${values[3]}`, `--esac=${values[4]}`]);
    expectCode(r2, 0);
    const got2 = (await readText(s, '/root/show-env.out')).split('\0').filter((e) => e !== '');
    expect(got2).to.include(`backtick=${values[3]}`).and.include(`esac=${values[4]}`);
    expect(await pwned()).to.deep.equal([]);
  });

  it('rejects a hostile value outside the choices with exit 2, listing the choices, running nothing', async () => {
    const s = session();
    const r = await s.run(programOf('hostile'), ["--it's $(touch /tmp/pwned-name)", '$(touch /tmp/pwned-badchoice)']);
    expectCode(r, 2);
    expect(r.stderr).to.contain("invalid value '$(touch /tmp/pwned-badchoice)'").and.contain('choices: $(touch /tmp/pwned-default), ; touch /tmp/pwned-semicolon, *');
    expect(await pwned()).to.deep.equal([]);
  });

  it('matches a "*" case literally', async () => {
    const s = session();
    const r = await s.run(programOf('hostile'), ["--it's $(touch /tmp/pwned-name)=*"]);
    expectCode(r, 0);
    expect(r.stderr).to.match(/argument_set star-selected=yes\s+ok/);
    expect(await pwned()).to.deep.equal([]);
  });
});
