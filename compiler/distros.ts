/**
 * Known Linux distributions and their families: one table shared by the checker (os_case keys),
 * the emitter, `plan --distro` and the run-time detection (`runtime/distro.sh`, whose case
 * lists a test compares with this table), so that they cannot disagree.
 *
 * An os_case key is one of:
 *   - a family (`redhat`, `debian`, `suse`) — every family name is also an id of that family;
 *   - a distro id as reported by /etc/os-release `ID` or libguestfs (`centos`, `ubuntu`, `rocky`);
 *   - an id followed by a major version (`centos7`, `ubuntu22`, `rhel9`).
 * `osKeyMatches` is the TypeScript twin of the runtime's `sip_os_matches`.
 */

export type Family = 'redhat' | 'debian' | 'suse';

export const FAMILIES: readonly Family[] = ['redhat', 'debian', 'suse'];

/** Family → its known ids, in a stable order (the family's own name first). */
export const DISTRO_FAMILIES: { readonly [F in Family]: readonly string[] } = {
  redhat: [
    'redhat',
    'centos',
    'centos7',
    'rhel',
    'redhatenterpriseserver',
    'redhatenterprise',
    'fedora',
    'rocky',
    'almalinux',
    'ol',
    'oraclelinux',
    'scientific',
    'scientificlinux',
    'circle',
    'cloudlinux',
    'amzn',
    'eurolinux',
    'navylinux',
    'virtuozzo',
    'redhat-based',
  ],
  debian: ['debian', 'ubuntu', 'linuxmint', 'kali', 'kalilinux', 'raspbian', 'pop', 'devuan', 'elementary', 'zorin', 'neon', 'debian-based'],
  suse: ['suse', 'opensuse', 'opensuse-leap', 'opensuse-tumbleweed', 'opensuse-microos', 'sles', 'sled', 'sles_sap', 'suse-based'],
};

/** Every known id → its family. */
export const DISTRO_IDS: ReadonlyMap<string, Family> = new Map(
  FAMILIES.flatMap((family) => DISTRO_FAMILIES[family].map((id) => [id, family] as const)),
);

export function isFamily(key: string): key is Family {
  return (FAMILIES as readonly string[]).includes(key);
}

/** An id without its trailing digits (`centos7` → `centos`), as the runtime computes it. */
export function baseId(id: string): string {
  return id.replace(/[0-9]+$/, '');
}

/** Split a major version off a key: `ubuntu22` → {base: 'ubuntu', major: '22'} (no leading zero). */
export function splitMajor(key: string): { readonly base: string; readonly major: string } | undefined {
  const m = /^(.*[^0-9])([1-9][0-9]*)$/.exec(key);
  return m ? { base: m[1]!, major: m[2]! } : undefined;
}

/** The older Sahara/libguestfs name of an id, which os_case keys may also use. */
export function distroAlias(id: string): string | undefined {
  if (id === 'ol') return 'oraclelinux';
  if (id === 'rhel') return 'redhatenterpriseserver';
  if (id.startsWith('opensuse-')) return 'opensuse';
  return undefined;
}

/** The family of a system: from its id, the id without trailing digits, then the `ID_LIKE` words. */
export function familyOfSystem(id: string, idLike = ''): Family | undefined {
  for (const word of [id, baseId(id), ...idLike.split(/\s+/)]) {
    const f = DISTRO_IDS.get(word);
    if (f !== undefined) return f;
  }
  return undefined;
}

/** A system as the program sees it: lower-case id, major version ('' when unknown), `ID_LIKE`. */
export interface DistroSystem {
  readonly id: string;
  readonly major: string;
  readonly idLike?: string;
}

/**
 * Does an os_case key select this system? Like `sip_os_matches`: the key, lower-cased, equals
 * the id, the id without trailing digits, that plus the major version, the id's alias, or the
 * family.
 */
export function osKeyMatches(key: string, system: DistroSystem): boolean {
  const k = key.toLowerCase();
  if (k === '') return false;
  const base = baseId(system.id);
  if (k === system.id || k === base) return true;
  if (system.major !== '' && k === base + system.major) return true;
  if (k === distroAlias(system.id)) return true;
  return k === familyOfSystem(system.id, system.idLike);
}

/** What an os_case key means. */
export type DistroKey =
  | { readonly kind: 'family'; readonly key: string; readonly family: Family }
  | { readonly kind: 'id'; readonly key: string; readonly id: string; readonly family: Family }
  | { readonly kind: 'versioned'; readonly key: string; readonly id: string; readonly major: string; readonly family: Family };

/** Classify an os_case key (case-insensitive, like the runtime); undefined when it names nothing known. */
export function parseDistroKey(key: string): DistroKey | undefined {
  const k = key.toLowerCase();
  if (isFamily(k)) return { kind: 'family', key: k, family: k };
  const family = DISTRO_IDS.get(k);
  if (family !== undefined) return { kind: 'id', key: k, id: k, family };
  const split = splitMajor(k);
  const baseFamily = split && DISTRO_IDS.get(split.base);
  if (split !== undefined && baseFamily !== undefined) return { kind: 'versioned', key: k, id: split.base, major: split.major, family: baseFamily };
  return undefined;
}

/** The family of a key (family name, id or versioned id), if known. */
export function familyOf(key: string): Family | undefined {
  return parseDistroKey(key)?.family;
}

/**
 * Does an earlier os_case key match every system that a later key matches? Then the later
 * branch can never run (first match wins): `redhat` before `centos`, `centos` before
 * `centos7`, `opensuse` before `opensuse-leap`, the same key twice (in any case).
 *
 * Decided by running `osKeyMatches` over representative systems: every known id and the ids
 * the two keys spell, each bare and with the keys' version digits appended, each with every
 * relevant major version and `ID_LIKE` family. Two keys relate only through those, so the
 * answer is exact for the runtime's rule. A key that matches no system is never "covered".
 */
export function distroKeyCovers(earlier: string, later: string): boolean {
  const k = earlier.toLowerCase();
  const l = later.toLowerCase();
  const memoKey = `${k}\n${l}`;
  let answer = coversMemo.get(memoKey);
  if (answer === undefined) {
    answer = covers(k, l);
    if (coversMemo.size > 10_000) coversMemo.clear();
    coversMemo.set(memoKey, answer);
  }
  return answer;
}

const coversMemo = new Map<string, boolean>();

function covers(k: string, l: string): boolean {
  // Quick refusal: the later key always matches the system whose id it spells.
  if (l === '' || !osKeyMatches(k, { id: l, major: '' })) return false;
  const digits = new Set(['', '1', k.slice(baseId(k).length), l.slice(baseId(l).length)]);
  const bases = new Set([...DISTRO_IDS.keys(), k, l, baseId(k), baseId(l), 'opensuse-other']);
  let matched = false;
  for (const b of bases) {
    for (const d of digits) {
      for (const major of digits) {
        for (const idLike of ['', ...FAMILIES]) {
          const system = { id: b + d, major, idLike };
          if (!osKeyMatches(l, system)) continue;
          if (!osKeyMatches(k, system)) return false;
          matched = true;
        }
      }
    }
  }
  return matched;
}

/** All known keys: families first, then the ids of each family. */
export function knownDistroKeys(): readonly string[] {
  return [...FAMILIES, ...[...DISTRO_IDS.keys()].filter((id) => !isFamily(id))];
}

/** The known keys as one line for messages. */
export function describeKnownDistros(): string {
  const ids = [...DISTRO_IDS.keys()].filter((id) => !isFamily(id));
  return `families ${FAMILIES.join(', ')}; ids ${ids.join(', ')}; an id may end in a major version, e.g. ubuntu22`;
}
