import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import {
  DISTRO_FAMILIES,
  DISTRO_IDS,
  distroAlias,
  distroKeyCovers,
  FAMILIES,
  familyOf,
  familyOfSystem,
  knownDistroKeys,
  osKeyMatches,
  parseDistroKey,
  splitMajor,
} from '../../compiler/distros.js';

describe('distros', () => {
  it('maps every id to exactly one family, the family names included', () => {
    const all = FAMILIES.flatMap((f) => DISTRO_FAMILIES[f]);
    expect(new Set(all).size).to.equal(all.length);
    for (const f of FAMILIES) expect(DISTRO_IDS.get(f)).to.equal(f);
    expect(familyOf('rocky')).to.equal('redhat');
    expect(familyOf('pop')).to.equal('debian');
    expect(familyOf('opensuse-tumbleweed')).to.equal('suse');
    expect(knownDistroKeys().slice(0, 3)).to.deep.equal(['redhat', 'debian', 'suse']);
  });

  const keys: [string, ReturnType<typeof parseDistroKey>][] = [
    ['redhat', { kind: 'family', key: 'redhat', family: 'redhat' }],
    ['centos', { kind: 'id', key: 'centos', id: 'centos', family: 'redhat' }],
    ['centos7', { kind: 'id', key: 'centos7', id: 'centos7', family: 'redhat' }],
    ['ubuntu22', { kind: 'versioned', key: 'ubuntu22', id: 'ubuntu', major: '22', family: 'debian' }],
    ['opensuse-leap15', { kind: 'versioned', key: 'opensuse-leap15', id: 'opensuse-leap', major: '15', family: 'suse' }],
    ['ubuntu22.04', undefined],
    ['ubuntu07', undefined],
    ['Ubuntu', { kind: 'id', key: 'ubuntu', id: 'ubuntu', family: 'debian' }],
    ['gentoo', undefined],
  ];
  for (const [key, want] of keys) {
    it(`parses the os_case key '${key}'`, () => expect(parseDistroKey(key)).to.deep.equal(want));
  }

  it('splits a trailing major version', () => {
    expect(splitMajor('rhel9')).to.deep.equal({ base: 'rhel', major: '9' });
    expect(splitMajor('rhel')).to.equal(undefined);
    expect(splitMajor('42')).to.equal(undefined);
  });

  const covers: [string, string, boolean][] = [
    ['redhat', 'centos', true],
    ['redhat', 'centos7', true],
    ['redhat', 'rhel9', true],
    ['debian', 'ubuntu22', true],
    ['centos', 'centos7', true],
    ['ubuntu', 'ubuntu22', true],
    ['ubuntu', 'ubuntu', true],
    ['gentoo', 'gentoo', true],
    ['centos', 'redhat', false],
    ['centos7', 'centos', false],
    ['ubuntu22', 'ubuntu20', false],
    ['rhel', 'redhat', false],
    ['redhat', 'ubuntu', false],
    ['fedora', 'centos', false],
    ['redhat', 'gentoo', false],
    ['ol', 'oraclelinux', false],
    ['oraclelinux', 'ol', false],
    ['opensuse', 'opensuse-leap', true],
    ['opensuse', 'opensuse-leap15', true],
    ['Redhat', 'CentOS', true],
    ['ubuntu', 'UBUNTU', true],
    ['gentoo', 'gentoo2', true],
    ['', '', false],
  ];
  for (const [earlier, later, want] of covers) {
    it(`'${earlier}' ${want ? 'covers' : 'does not cover'} a later '${later}'`, () => expect(distroKeyCovers(earlier, later)).to.equal(want));
  }

  it('finds the family of a running system from ID, then ID_LIKE', () => {
    expect(familyOfSystem('rocky')).to.equal('redhat');
    expect(familyOfSystem('myos', 'rhel centos fedora')).to.equal('redhat');
    expect(familyOfSystem('centos8')).to.equal('redhat');
    expect(familyOfSystem('elementary', 'ubuntu debian')).to.equal('debian');
    expect(familyOfSystem('gentoo')).to.equal(undefined);
  });

  const systems: [string, { id: string; major: string; idLike?: string }, boolean][] = [
    ['centos', { id: 'centos', major: '7' }, true],
    ['centos7', { id: 'centos', major: '7' }, true],
    ['centos7', { id: 'centos', major: '8' }, false],
    ['centos', { id: 'centos7', major: '' }, true],
    ['REDHAT', { id: 'rocky', major: '9' }, true],
    ['redhat', { id: 'myos', major: '1', idLike: 'rhel fedora' }, true],
    ['debian', { id: 'myos', major: '1', idLike: 'rhel fedora' }, false],
    ['oraclelinux', { id: 'ol', major: '8' }, true],
    ['opensuse', { id: 'opensuse-leap', major: '15' }, true],
    ['', { id: 'centos', major: '7' }, false],
    ['unknown', { id: 'myos', major: '' }, false],
  ];
  for (const [key, system, want] of systems) {
    it(`key '${key}' ${want ? 'selects' : 'does not select'} ${JSON.stringify(system)}`, () => expect(osKeyMatches(key, system)).to.equal(want));
  }

  it('agrees with runtime/distro.sh: same family for every id it lists, and the same aliases', () => {
    const sh = readFileSync(new URL('../../runtime/distro.sh', import.meta.url), 'utf8');
    const body = /sip_distro_family\(\) \{([\s\S]*?)\n\}/.exec(sh)?.[1] ?? '';
    const arms = [...body.matchAll(/^\s*((?:[\w.-]+\s*\|\s*(?:\\\n\s*)?)*[\w.-]+)\)\s*\n\s*SIP_FAMILY=(\w+)/gm)];
    expect(arms.map((a) => a[2])).to.deep.equal(['redhat', 'debian', 'suse']);
    for (const [, words, family] of arms) {
      const runtimeIds = words!.split(/[\s|\\]+/).filter(Boolean);
      for (const id of runtimeIds) expect(familyOf(id), `runtime id ${id}`).to.equal(family);
      // Every id of the table is in the runtime's list, or reached by stripping its digits (centos7).
      for (const id of DISTRO_FAMILIES[family as 'redhat']) expect(runtimeIds, `table id ${id}`).to.include(id.replace(/[0-9]+$/, ''));
    }
    expect([distroAlias('ol'), distroAlias('rhel'), distroAlias('opensuse-leap'), distroAlias('centos')]).to.deep.equal([
      'oraclelinux',
      'redhatenterpriseserver',
      'opensuse',
      undefined,
    ]);
  });
});
