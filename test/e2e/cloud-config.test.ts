// `compile --format cloud-config` for real, as far as this machine allows: the document is
// checked by Debian's cloud-init 22.4.2 schema code; its write_files and runcmd entries are
// handled by cloud-init's own cc_write_files / util.shellify (host python3, the package
// unpacked, paths staged, see test/envs/cloud-init-stage.py); the staged files are copied into
// the Debian test root and the runcmd script is run there as scripts_user runs it. Then the
// program must have run with the baked value and left its report at the known path.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from '../cli/run-cli.js';
import { cacheDir } from '../support/envs.js';
import { describeRoot, expectCode } from './support.js';

const MANIFEST = `arguments:
  greeting:
    description: what to say
    default: hello
validators:
  - script:
      greet.sh:
        env_vars: [greeting]
  - package: sip-hello
`;

function cloudInit(): string | undefined {
  const r = spawnSync('bash', ['test/envs/fetch-cloud-init.sh', cacheDir()], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : undefined;
}

describeRoot('e2e cloud-config: cloud-init 22.4 write_files + runcmd in the Debian root', 'debian', (session) => {
  let dir: string;
  let doc: string;
  let ci: string | undefined;
  before(async function () {
    ci = cloudInit();
    if (ci === undefined) this.skip(); // offline machine without the package cached
    dir = mkdtempSync(join(tmpdir(), 'sip-cc-'));
    writeFileSync(join(dir, 'image.yaml'), MANIFEST);
    writeFileSync(join(dir, 'greet.sh'), '#!/bin/bash\nprintf "%s\\n" "$greeting" > /root/greeting\n');
    doc = join(dir, 'user-data.yaml');
    const r = await inProcess(['compile', join(dir, 'image.yaml'), '--format', 'cloud-config', '--set', "greeting=it's baked $(no)", '-o', doc]);
    expect(r.code, r.stderr).to.equal(0);
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('is valid under cloud-init schema, and runs once with the baked value, leaving its report', async () => {
    const text = readFileSync(doc, 'utf8');
    expect(text.startsWith('#cloud-config\n')).to.equal(true);
    const stage = join(dir, 'stage');
    const staged = spawnSync('python3', ['test/envs/cloud-init-stage.py', doc, stage], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ci!, 'usr/lib/python3/dist-packages') } });
    expect(staged.status, staged.stderr).to.equal(0);
    expect(staged.stdout).to.contain('Valid cloud-config');
    const tar = spawnSync('tar', ['-C', stage, '-czf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 });
    expect(tar.status).to.equal(0);
    const s = session();
    const copy = await s.sh(`base64 -d <<'EOF' | tar -xzf - -C / --no-same-owner\n${tar.stdout.toString('base64')}\nEOF`);
    expectCode(copy, 0);
    // as cc_scripts_user: run each executable in the instance's scripts dir
    const run = await s.sh('stat -c %a /var/lib/sahara-image-pack/image.sh && /var/lib/cloud/instance/scripts/runcmd');
    expectCode(run, 0);
    expect(run.stdout.trim()).to.equal('700');
    expect((await s.readFile('/root/greeting'))?.toString()).to.equal("it's baked $(no)\n");
    const report = (await s.readFile('/var/lib/sahara-image-pack/report.jsonl'))?.toString() ?? '';
    const summary = JSON.parse(report.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).to.include({ event: 'summary', exit_code: 0, failed: 0, mode: 'reconcile' });
    expect(summary['changed']).to.equal(1); // sip-hello installed from the root's offline repo
    const pkg = await s.sh("dpkg-query -W -f '${Status}' sip-hello");
    expect(pkg.stdout).to.equal('install ok installed');
  });

  it('a document cloud-init rejects is caught by the same check (the check is not a no-op)', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, '#cloud-config\nwrite_files:\n  - path: 3\n    encoding: bogus\nruncmd: 5\n');
    const r = spawnSync('python3', ['test/envs/cloud-init-stage.py', bad, join(dir, 'stage-bad')], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: join(ci!, 'usr/lib/python3/dist-packages') } });
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.contain("write_files.0.encoding: 'bogus' is not one of");
  });
});
