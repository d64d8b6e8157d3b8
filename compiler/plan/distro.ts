/**
 * The run-time distro logic of the emitted program with `--distro ID` (runtime/distro.sh
 * `sip_distro_detect` and `sip_distro_family`, `sip_os_matches`), over the shared table of
 * compiler/distros.ts, so that `plan --distro X` selects exactly the os_case branches the
 * program run with `--distro X` selects. test/plan/distro.test.ts runs the real runtime
 * functions against this.
 */
import { baseId, distroAlias, familyOfSystem, osKeyMatches, type Family } from '../distros.js';

export interface PlanDistro {
  /** Lower-case id as given (`centos7`, `rocky`). */
  readonly id: string;
  /** The id without trailing version digits (`centos`). */
  readonly base: string;
  /** Trailing digits of the id (`7`); may be empty. */
  readonly major: string;
  readonly family: Family | 'unknown';
  /** The older Sahara/libguestfs name of the id (`oraclelinux` for `ol`), or ''. */
  readonly alias: string;
  /** os-release `ID_LIKE` words, if given. */
  readonly idLike: string;
}

/** A `--distro` value (optionally with `ID_LIKE` words) as the program sees it. */
export function planDistro(distro: string, idLike = ''): PlanDistro {
  const id = distro.toLowerCase();
  const base = baseId(id);
  const like = idLike.toLowerCase();
  return { id, base, major: id.slice(base.length), family: familyOfSystem(id, like) ?? 'unknown', alias: distroAlias(id) ?? '', idLike: like };
}

/** `sip_os_matches KEY` for this distro. */
export function osMatches(key: string, d: PlanDistro): boolean {
  return osKeyMatches(key, { id: d.id, major: d.major, idLike: d.idLike });
}
