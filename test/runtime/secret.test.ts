// `secret: true` arguments, compiled and run with bash here: the value is never in the program,
// the progress output, the report, a command line (/proc/*/cmdline while the script runs) or
// the script's inherited environment; it is given through SIP_SECRET_<VARIABLE>, --NAME-file,
// a compiled-in env:/file: reference, or (with a warning) --NAME VALUE.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from '../cli/run-cli.js';

const CANARY = 'c4n4ry-s3cr3t $(touch /nonexistent) \'"';
// the script looks for the canary without writing it on its own command line
const SCRIPT = (dir: string) => `#!/bin/bash
printf '%s' "$db_password" > '${dir}/got'
printf '%s' "$user" > '${dir}/got-user'
needle=$(printf '%s' "$db_password" | head -c 12)
for f in /proc/[0-9]*/cmdline; do
  [[ $f == /proc/$$/cmdline ]] && continue
  if tr '\\0' ' ' < "$f" 2>/dev/null | grep -qF -- "$needle"; then echo "$f" >> '${dir}/ps-hits'; fi
done
env | grep '^SIP_SECRET' > '${dir}/env-hits' || true
`;

const MANIFEST = `arguments:
  db-password:
    description: the database password
    secret: true
    required: true
  user:
    description: who
    default: admin
validators:
  - script:
      use.sh:
        env_vars: [db-password, user]
`;

describe('runtime: secret arguments', function () {
  this.timeout(60_000);
  let dir: string;
  let prog: string;
  before(async function () {
    if (process.getuid?.() !== 0) this.skip();
    dir = mkdtempSync(join(tmpdir(), 'sip-secret-'));
    writeFileSync(join(dir, 'use.sh'), SCRIPT(dir));
    writeFileSync(join(dir, 'image.yaml'), MANIFEST);
    prog = join(dir, 'prog.sh');
    const r = await inProcess(['compile', join(dir, 'image.yaml'), '-o', prog]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  function run(args: string[], env: Record<string, string> = {}) {
    for (const f of ['got', 'ps-hits', 'env-hits']) rmSync(join(dir, f), { force: true });
    const report = join(dir, 'r.jsonl');
    const r = spawnSync('bash', [prog, '--distro', 'debian12', '--report', report, ...args], { encoding: 'utf8', env: { ...process.env, ...env } });
    return { ...r, report: existsSync(report) ? readFileSync(report, 'utf8') : '', got: existsSync(join(dir, 'got')) ? readFileSync(join(dir, 'got'), 'utf8') : undefined };
  }

  function expectHidden(r: ReturnType<typeof run>, value: string) {
    expect(r.stderr).to.not.contain(value);
    expect(r.stdout).to.not.contain(value);
    expect(r.report).to.not.contain(value);
    expect(existsSync(join(dir, 'ps-hits')) ? readFileSync(join(dir, 'ps-hits'), 'utf8') : '', 'a command line holds the secret').to.equal('');
    expect(readFileSync(join(dir, 'env-hits'), 'utf8'), 'SIP_SECRET_ inherited').to.equal('');
    expect(readFileSync(prog, 'utf8')).to.not.contain(value);
    expect(readdirSync(tmpdir()).filter((f) => f.startsWith('sip.'))).to.deep.equal([]);
  }

  it('from SIP_SECRET_<VARIABLE>: the script gets it; no output, report, command line or child environment holds it', () => {
    const r = run([], { SIP_SECRET_db_password: 'a-secret' });
    expect(r.status, r.stderr).to.equal(0);
    expect(r.got).to.equal('a-secret');
    expect(readFileSync(join(dir, 'got-user'), 'utf8')).to.equal('admin'); // the other arguments still arrive
    expectHidden(r, 'a-secret');
  });

  it('from --NAME-file FILE (trailing newline dropped)', () => {
    writeFileSync(join(dir, 'pw'), 'other\n', { mode: 0o600 });
    const r = run(['--db-password-file', join(dir, 'pw')]);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.got).to.equal('other');
    expectHidden(r, 'other\n');
  });

  it('--NAME VALUE works, with a warning that argv is visible', () => {
    const r = run(['--db-password', 'a-secret']);
    expect(r.status, r.stderr).to.equal(0);
    expect(r.got).to.equal('a-secret');
    expect(r.stderr).to.contain('--db-password: a secret on the command line is visible to other users (ps)');
  });

  it('missing, unreadable or outside the choices: exit 2, and the value is not shown', async () => {
    const missing = run([]);
    expect(missing.status).to.equal(2);
    expect(missing.stderr).to.contain('missing secret --db-password: give it as SIP_SECRET_db_password in the environment, or --db-password-file FILE');
    const unreadable = run(['--db-password-file', join(dir, 'nope')]);
    expect(unreadable.status).to.equal(2);
    expect(unreadable.stderr).to.contain(`cannot read the secret for --db-password from ${join(dir, 'nope')}`);
    writeFileSync(join(dir, 'choices.yaml'), MANIFEST.replace('    required: true\n', '    required: true\n    choices: [a-secret, other]\n'));
    expect((await inProcess(['compile', join(dir, 'choices.yaml'), '-o', join(dir, 'choices.sh')])).code).to.equal(0);
    const bad = spawnSync('bash', [join(dir, 'choices.sh'), '--distro', 'debian12'], { encoding: 'utf8', env: { ...process.env, SIP_SECRET_db_password: CANARY } });
    expect(bad.status).to.equal(2);
    expect(bad.stderr).to.contain('invalid value for --db-password (a secret: not shown); choices: a-secret, other');
    expect(bad.stderr).to.not.contain('c4n4ry');
  });

  it('--help says how to give it', () => {
    const r = spawnSync('bash', [prog, '--help'], { encoding: 'utf8' });
    expect(r.stdout).to.contain('secret: SIP_SECRET_db_password=... in the environment, or --db-password-file FILE');
  });

  describe('at compile time', () => {
    it('a secret with a default in the manifest is an error (SIP3024)', async () => {
      writeFileSync(join(dir, 'def.yaml'), 'arguments:\n  pw:\n    description: p\n    secret: true\n    default: hunter2\nvalidators:\n  - script: use.sh\n');
      const r = await inProcess(['compile', join(dir, 'def.yaml'), '-o', join(dir, 'def.sh')]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('error SIP3024');
      expect(existsSync(join(dir, 'def.sh'))).to.equal(false);
    });

    it('--set SECRET=value is an error that does not repeat the value (SIP5007)', async () => {
      const r = await inProcess(['compile', join(dir, 'image.yaml'), '--set', 'db-password=a-secret']);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('SIP5007').and.contain("'db-password' is a secret");
      expect(r.stderr).to.not.contain('a-secret');
      expect(r.stdout).to.equal('');
    });

    it('--set SECRET=env:VAR and =file:/PATH compile a reference, read when the program runs', async () => {
      const byEnv = join(dir, 'by-env.sh');
      expect((await inProcess(['compile', join(dir, 'image.yaml'), '--set', 'db-password=env:DB_PW', '-o', byEnv])).code).to.equal(0);
      let r = spawnSync('bash', [byEnv, '--distro', 'debian12'], { encoding: 'utf8', env: { ...process.env, DB_PW: 'other' } });
      expect(r.status, r.stderr).to.equal(0);
      expect(readFileSync(join(dir, 'got'), 'utf8')).to.equal('other');
      writeFileSync(join(dir, 'pw2'), 'a-secret');
      const byFile = join(dir, 'by-file.sh');
      expect((await inProcess(['compile', join(dir, 'image.yaml'), '--set', `db-password=file:${join(dir, 'pw2')}`, '-o', byFile])).code).to.equal(0);
      r = spawnSync('bash', [byFile, '--distro', 'debian12'], { encoding: 'utf8' });
      expect(r.status, r.stderr).to.equal(0);
      expect(readFileSync(join(dir, 'got'), 'utf8')).to.equal('a-secret');
      expect(readFileSync(byFile, 'utf8')).to.not.contain('a-secret\n').and.not.match(/=\(.*'a-secret'/);
    });
  });

  it('plan does not show a secret given to it', async () => {
    const r = await inProcess(['plan', join(dir, 'image.yaml'), '--distro', 'debian12', '--db-password', 'a-secret']);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('db-password = (secret, not shown) (command line)');
    expect(r.stdout + r.stderr).to.not.contain('a-secret');
  });
});
