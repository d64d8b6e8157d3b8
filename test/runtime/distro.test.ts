// Distro detection on fake trees (the ROOT argument of sip_distro_detect), the family table,
// ID_LIKE, the fallbacks, --distro, and sip_os_matches.

import { existsSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import { program, runBash, scratch, shq, write } from './harness.js';

interface Detected {
  distro: string;
  major: string;
  family: string;
  alias: string;
}

function detect(files: Record<string, string>, override = ''): Detected & { matches: (k: string) => boolean } {
  const root = scratch('root');
  for (const [p, text] of Object.entries(files)) write(path.join(root, p), text);
  const keys = ['centos', 'centos7', 'rhel', 'redhat', 'rocky', 'rocky9', 'almalinux', 'ubuntu', 'ubuntu22', 'ubuntu20', 'debian', 'debian12',
    'suse', 'opensuse', 'opensuse-leap', 'fedora', 'oraclelinux', 'ol', 'unknown', 'UBUNTU', 'mystery', 'mystery5', ''];
  const r = runBash(
    program({
      files: ['distro'],
      main: false,
      body: `
sip_distro_detect ${shq(root)} ${shq(override)}
printf '%s\\n' "$SIP_DISTRO" "$SIP_DISTRO_MAJOR" "$SIP_FAMILY" "$SIP_DISTRO_ALIAS"
for k in ${keys.map(shq).join(' ')}; do
  sip_os_matches "$k"
  printf '%s=%s\\n' "$k" "$?"
done`,
    }),
  );
  expect(r.stderr).to.equal('');
  const lines = r.stdout.split('\n');
  const m = new Map<string, boolean>();
  for (const l of lines.slice(4)) {
    const i = l.lastIndexOf('=');
    if (i >= 0) m.set(l.slice(0, i), l.slice(i + 1) === '0');
  }
  return {
    distro: lines[0]!,
    major: lines[1]!,
    family: lines[2]!,
    alias: lines[3]!,
    matches: (k: string) => {
      if (!m.has(k)) throw new Error(`key ${k} not probed`);
      return m.get(k)!;
    },
  };
}

const osr = (fields: Record<string, string>): string =>
  Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .join('\n') + '\n';

describe('runtime distro', function () {
  this.timeout(30_000);

  it('rocky 9.3: id rocky, major 9, redhat; matches rocky, rocky9, redhat, not centos', () => {
    const d = detect({
      'etc/os-release': osr({ NAME: '"Rocky Linux"', ID: '"rocky"', ID_LIKE: '"rhel centos fedora"', VERSION_ID: '"9.3"' }),
    });
    expect([d.distro, d.major, d.family]).to.deep.equal(['rocky', '9', 'redhat']);
    expect(d.matches('rocky') && d.matches('rocky9') && d.matches('redhat')).to.equal(true);
    expect(d.matches('centos') || d.matches('ubuntu') || d.matches('rhel') || d.matches('unknown') || d.matches('')).to.equal(false);
  });

  it('almalinux 8.9: redhat', () => {
    const d = detect({ 'etc/os-release': osr({ ID: '"almalinux"', ID_LIKE: '"rhel centos fedora"', VERSION_ID: '"8.9"' }) });
    expect([d.distro, d.major, d.family]).to.deep.equal(['almalinux', '8', 'redhat']);
  });

  it('ubuntu 22.04: ubuntu22 and debian match, ubuntu20 does not; keys are case-insensitive', () => {
    const d = detect({
      'etc/os-release': osr({ NAME: '"Ubuntu"', VERSION_ID: '"22.04"', ID: 'ubuntu', ID_LIKE: 'debian', VERSION_CODENAME: 'jammy' }),
    });
    expect([d.distro, d.major, d.family]).to.deep.equal(['ubuntu', '22', 'debian']);
    expect(d.matches('ubuntu22') && d.matches('ubuntu') && d.matches('debian') && d.matches('UBUNTU')).to.equal(true);
    expect(d.matches('ubuntu20') || d.matches('debian12')).to.equal(false);
  });

  it('debian 12 (unquoted values)', () => {
    const d = detect({ 'etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nVERSION_ID="12"\nID=debian\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['debian', '12', 'debian']);
    expect(d.matches('debian12') && d.matches('debian')).to.equal(true);
  });

  it('opensuse-leap 15.5: suse, alias opensuse', () => {
    const d = detect({ 'etc/os-release': osr({ ID: '"opensuse-leap"', ID_LIKE: '"suse opensuse"', VERSION_ID: '"15.5"' }) });
    expect([d.distro, d.major, d.family, d.alias]).to.deep.equal(['opensuse-leap', '15', 'suse', 'opensuse']);
    expect(d.matches('opensuse') && d.matches('suse') && d.matches('opensuse-leap')).to.equal(true);
  });

  it('an unknown id takes its family from ID_LIKE', () => {
    const d = detect({ 'etc/os-release': osr({ ID: 'mystery', ID_LIKE: '"ubuntu debian"', VERSION_ID: '5.1' }) });
    expect([d.distro, d.major, d.family]).to.deep.equal(['mystery', '5', 'debian']);
    expect(d.matches('mystery5') && d.matches('debian')).to.equal(true);
  });

  it('an unknown id without ID_LIKE: family unknown, which no key matches', () => {
    const d = detect({ 'etc/os-release': 'ID=mystery\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['mystery', '', 'unknown']);
    expect(d.matches('unknown')).to.equal(false);
    expect(d.matches('mystery')).to.equal(true);
  });

  it('ol: alias oraclelinux; rhel: redhat family', () => {
    const ol = detect({ 'etc/os-release': 'ID="ol"\nVERSION_ID="8.9"\n' });
    expect([ol.family, ol.alias]).to.deep.equal(['redhat', 'oraclelinux']);
    expect(ol.matches('oraclelinux') && ol.matches('ol') && ol.matches('redhat')).to.equal(true);
    const rhel = detect({ 'etc/os-release': 'ID="rhel"\nVERSION_ID="9.2"\n' });
    expect([rhel.distro, rhel.major, rhel.family]).to.deep.equal(['rhel', '9', 'redhat']);
  });

  it('falls back to /usr/lib/os-release', () => {
    const d = detect({ 'usr/lib/os-release': 'ID=fedora\nVERSION_ID=39\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['fedora', '39', 'redhat']);
  });

  it('only /etc/redhat-release (CentOS 7): centos 7, matching centos7', () => {
    const d = detect({ 'etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['centos', '7', 'redhat']);
    expect(d.matches('centos7') && d.matches('centos') && d.matches('redhat')).to.equal(true);
    const rh = detect({ 'etc/redhat-release': 'Red Hat Enterprise Linux Server release 7.9 (Maipo)' });
    expect([rh.distro, rh.major, rh.family]).to.deep.equal(['rhel', '7', 'redhat']);
  });

  it('/etc/lsb-release, then /etc/debian_version', () => {
    const u = detect({ 'etc/lsb-release': 'DISTRIB_ID=Ubuntu\nDISTRIB_RELEASE=16.04\n', 'etc/debian_version': 'stretch/sid\n' });
    expect([u.distro, u.major, u.family]).to.deep.equal(['ubuntu', '16', 'debian']);
    const d = detect({ 'etc/debian_version': '9.13\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['debian', '9', 'debian']);
    const sid = detect({ 'etc/debian_version': 'trixie/sid\n' });
    expect([sid.distro, sid.major, sid.family]).to.deep.equal(['debian', '', 'debian']);
  });

  it('nothing at all: unknown', () => {
    const d = detect({});
    expect([d.distro, d.major, d.family]).to.deep.equal(['unknown', '', 'unknown']);
  });

  it('os-release is parsed, never sourced: hostile values execute nothing', () => {
    const marker = path.join(scratch('m'), 'pwned');
    const d = detect({
      'etc/os-release': `ID=$(touch ${marker})\nID_LIKE="\`touch ${marker}\`"\nVERSION_ID='$(touch ${marker})'\n; touch ${marker}\n`,
    });
    expect(existsSync(marker)).to.equal(false);
    expect(d.distro).to.equal(`$(touch ${marker})`.toLowerCase());
    expect(d.family).to.equal('unknown');
  });

  it('os-release quoting: escapes in double quotes, single quotes, comments, CRLF-free lines', () => {
    const d = detect({ 'etc/os-release': '# comment\nID="my\\"os"\nID_LIKE=\'rhel\'\nVERSION_ID="1.0"\n' });
    expect([d.distro, d.major, d.family]).to.deep.equal(['my"os', '1', 'redhat']);
  });

  it('--distro overrides: centos7 on an ubuntu tree is centos7 / 7 / redhat', () => {
    const files = { 'etc/os-release': osr({ ID: 'ubuntu', ID_LIKE: 'debian', VERSION_ID: '"22.04"' }) };
    const d = detect(files, 'CentOS7');
    expect([d.distro, d.major, d.family]).to.deep.equal(['centos7', '7', 'redhat']);
    expect(d.matches('centos') && d.matches('centos7') && d.matches('redhat')).to.equal(true);
    expect(d.matches('ubuntu') || d.matches('debian')).to.equal(false);
    const same = detect(files, 'ubuntu');
    expect([same.distro, same.major, same.family]).to.deep.equal(['ubuntu', '22', 'debian']);
    const fam = detect(files, 'redhat');
    expect([fam.distro, fam.family]).to.deep.equal(['redhat', 'redhat']);
    const unk = detect(files, 'plan9');
    expect([unk.distro, unk.major, unk.family]).to.deep.equal(['plan9', '9', 'unknown']);
  });

  it('an unknown id with ID_LIKE keeps that family when --distro names the same id', () => {
    const d = detect({ 'etc/os-release': 'ID=mystery\nID_LIKE=fedora\nVERSION_ID=5\n' }, 'mystery');
    expect([d.distro, d.major, d.family]).to.deep.equal(['mystery', '5', 'redhat']);
  });

  it('the real /etc/os-release of this machine gives a known family', () => {
    const r = runBash(program({ files: ['distro'], main: false, body: 'sip_distro_detect; printf "%s %s" "$SIP_DISTRO" "$SIP_FAMILY"' }));
    expect(r.stdout).to.match(/^\S+ (debian|redhat|suse)$/);
  });
});
