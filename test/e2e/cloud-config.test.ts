// `compile --format cloud-config` and `--format user-data` under Debian's real cloud-init 22.4.2,
// installed in a copy of the Debian test root (test/envs/build-cloud-init-root.sh). The document
// is the NoCloud seed's user-data, and the test runs the four commands a boot runs, in order:
// `cloud-init init --local`, `cloud-init init` (write_files), `cloud-init modules --mode config`
// (runcmd) and `cloud-init modules --mode final` (scripts_user). Then the program must have run
// once with the baked value, installed its package from the root's offline repository and left
// its report; `cloud-init schema --config-file` (the real command) accepts the document and
// rejects a broken one. Not run: a boot of a VM (no KVM here), so no network datasource.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from '../cli/run-cli.js';
import type { RootSession } from '../support/envs.js';
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
const BAKED = "it's baked $(no)";
const BOOT = ['init --local', 'init', 'modules --mode config', 'modules --mode final'];

/** Put `userData` where the NoCloud datasource reads it, with a fresh instance id. */
async function seed(s: RootSession, userData: Buffer, instance: string): Promise<void> {
  const r = await s.sh(
    `set -e; rm -rf /var/lib/cloud; mkdir -p /var/lib/cloud/seed/nocloud; cd /var/lib/cloud/seed/nocloud
base64 -d >user-data <<'EOF'\n${userData.toString('base64')}\nEOF
printf 'instance-id: %s\\nlocal-hostname: sip\\n' '${instance}' >meta-data`,
  );
  expectCode(r, 0);
}

/** The boot's four cloud-init commands; each must succeed. Returns their combined output. */
async function boot(s: RootSession): Promise<string> {
  let out = '';
  for (const stage of BOOT) {
    const r = await s.sh(`cloud-init ${stage}`);
    expectCode(r, 0);
    out += r.stdout + r.stderr;
  }
  return out;
}

async function compiled(dir: string, format: string, out: string): Promise<Buffer> {
  const r = await inProcess(['compile', join(dir, 'image.yaml'), '--format', format, '--set', `greeting=${BAKED}`, '-o', out]);
  expect(r.code, r.stderr).to.equal(0);
  return readFileSync(out);
}

describeRoot('e2e cloud-config: a NoCloud boot under Debian cloud-init 22.4 in the Debian root', 'cloud-init', (session) => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-cc-'));
    writeFileSync(join(dir, 'image.yaml'), MANIFEST);
    writeFileSync(join(dir, 'greet.sh'), '#!/bin/bash\nprintf "%s\\n" "$greeting" >> /root/greeting\n');
  });
  after(() => dir && rmSync(dir, { recursive: true, force: true }));

  it('cloud-config: valid under `cloud-init schema`, written by write_files, run once by runcmd with the baked value, report left', async () => {
    const s = session();
    const doc = await compiled(dir, 'cloud-config', join(dir, 'user-data.yaml'));
    expect(doc.toString('utf8').startsWith('#cloud-config\n')).to.equal(true);
    await seed(s, doc, 'sip-cc-1');
    const schema = await s.sh('cloud-init schema --config-file /var/lib/cloud/seed/nocloud/user-data');
    expectCode(schema, 0);
    expect(schema.stdout + schema.stderr).to.match(/Valid cloud-config/);
    await boot(s);
    expect((await s.sh('stat -c %a /var/lib/sahara-image-pack/image.sh')).stdout.trim()).to.equal('700');
    expect((await s.readFile('/root/greeting'))?.toString()).to.equal(`${BAKED}\n`);
    const report = (await s.readFile('/var/lib/sahara-image-pack/report.jsonl'))?.toString() ?? '';
    const summary = JSON.parse(report.trim().split('\n').at(-1)!) as Record<string, unknown>;
    expect(summary).to.include({ event: 'summary', exit_code: 0, failed: 0, mode: 'reconcile' });
    expect(summary['changed']).to.equal(1); // sip-hello installed from the root's offline repo
    expect((await s.sh("dpkg-query -W -f '${Status}' sip-hello")).stdout).to.equal('install ok installed');
    // the program's progress went where cloud-init sends runcmd output
    expect((await s.readFile('/var/log/cloud-init-output.log'))?.toString()).to.match(/sip-hello/);
    // a second boot of the same instance runs nothing again (runcmd is once per instance)
    await boot(s);
    expect((await s.readFile('/root/greeting'))?.toString()).to.equal(`${BAKED}\n`);
  });

  it('user-data: the gzip-compressed program is unpacked and run by scripts_user with the baked value', async () => {
    const s = session();
    await s.sh('rm -f /root/greeting');
    const data = await compiled(dir, 'user-data', join(dir, 'user-data.gz'));
    expect([...data.subarray(0, 2)]).to.deep.equal([0x1f, 0x8b]);
    await seed(s, data, 'sip-ud-1');
    await boot(s);
    expect((await s.readFile('/root/greeting'))?.toString()).to.equal(`${BAKED}\n`);
    const out = (await s.readFile('/var/log/cloud-init-output.log'))?.toString() ?? '';
    expect(out).to.match(/OK/);
  });

  it('`cloud-init schema` rejects a broken document (the check is not a no-op)', async () => {
    const s = session();
    writeFileSync(join(dir, 'bad.yaml'), '#cloud-config\nwrite_files:\n  - path: 3\n    encoding: bogus\nruncmd: 5\n');
    await seed(s, readFileSync(join(dir, 'bad.yaml')), 'sip-bad');
    const r = await s.sh('cloud-init schema --config-file /var/lib/cloud/seed/nocloud/user-data');
    expect(r.code).to.not.equal(0);
    expect(r.stdout + r.stderr).to.contain("write_files.0.encoding: 'bogus' is not one of");
  });
});
