/** The plan's distro logic against the real runtime functions (runtime/distro.sh). */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DISTRO_IDS, FAMILIES } from '../../compiler/distros.js';
import { osMatches, planDistro } from '../../compiler/plan/index.js';
import { REPO } from '../emit/programs.js';

describe('plan: distro logic matches the runtime', () => {
  const ids = [...DISTRO_IDS.keys()];
  const distros = [...ids, 'centos7', 'ubuntu22', 'rocky9', 'ol8', 'rhel9', 'debian12', 'opensuse-leap15', 'Fedora', 'plan9', 'mydistro', 'amzn2'];
  const keys = [...FAMILIES, ...ids, 'centos7', 'centos8', 'ubuntu22', 'rocky9', 'ol8', 'OL', 'REDHAT', 'debian12', 'plan9', 'plan', ''];
  let root = '';
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'sip-distro-'));
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  it('gives the same family, major version and os_case matches for every id', () => {
    const script = `
      source ${JSON.stringify(join(REPO, 'runtime', 'distro.sh'))}
      for d in "$@"; do
        sip_distro_detect "$ROOT" "$d"
        line="$d|$SIP_FAMILY|$SIP_DISTRO_MAJOR|"
        for k in ${keys.map((k) => `'${k}'`).join(' ')}; do
          if sip_os_matches "$k"; then line+="$k,"; fi
        done
        printf '%s\\n' "$line"
      done`;
    const out = execFileSync('bash', ['--norc', '--noprofile', '-c', script, 'bash', ...distros], { env: { ROOT: root, PATH: process.env['PATH'] ?? '/usr/bin:/bin' } }).toString();
    const runtime = out.trimEnd().split('\n');
    const planned = distros.map((d) => {
      const p = planDistro(d);
      return `${d}|${p.family}|${p.major}|${keys.filter((k) => osMatches(k, p)).map((k) => `${k},`).join('')}`;
    });
    expect(planned).to.deep.equal(runtime);
  });
});
