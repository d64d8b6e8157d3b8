import { closest } from '../../diagnostics/suggest.js';
import { describeKnownDistros, DISTRO_IDS, knownDistroKeys, parseDistroKey, splitMajor } from '../../distros.js';
import type { Rule } from '../rule.js';

/**
 * `os_case` keys should name a known family, distro id, or id with a major version (SIP3014,
 * warning, not error: `--distro` can still select any key). Keys compare case-insensitively,
 * like the runtime, so `Ubuntu` is fine; `ubuntu22.04` is not (only the major version is kept).
 * The first such message lists the known keys (later ones point to it) and each suggests the closest one (same first letter); for
 * `xxx22`-shaped keys the suggestion keeps the version (`centso7` → `centos7`).
 */
export const knownDistros: Rule = {
  name: 'known-distros',
  description: 'os_case keys should be known distro families, ids, or ids with a major version',
  codes: ['SIP3014'],
  check(ctx) {
    let listed = false;
    for (const node of ctx.ofKind('os_case')) {
      for (const { key } of node.branches) {
        if (parseDistroKey(key.value) !== undefined) continue;
        const guess = suggest(key.value);
        ctx.report('SIP3014', key.loc, {
          key: key.value,
          suggestion: guess === undefined ? '' : `; did you mean '${guess}'?`,
          // the ~40 known keys once per manifest, not at every typo
          known: listed ? 'listed at the first SIP3014' : `known: ${describeKnownDistros()}`,
        });
        listed = true;
      }
    }
  },
};

function suggest(key: string): string | undefined {
  const split = splitMajor(key);
  if (split !== undefined) {
    const base = plausible(split.base, closest(split.base, [...DISTRO_IDS.keys()]));
    if (base !== undefined) return base + split.major;
  }
  return plausible(key, closest(key, knownDistroKeys()));
}

/** Distro names are short: an edit-distance match that changes the first letter (`gentoo` → `centos`) is noise. */
function plausible(key: string, guess: string | undefined): string | undefined {
  return guess !== undefined && guess[0]?.toLowerCase() === key[0]?.toLowerCase() ? guess : undefined;
}
