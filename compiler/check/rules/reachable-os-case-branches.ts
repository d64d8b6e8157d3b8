import { distroKeyCovers } from '../../distros.js';
import type { Rule } from '../rule.js';

/**
 * The first matching `os_case` branch runs, so a branch is dead when an earlier key already
 * matches every system it matches (SIP3013, warning): the same key twice, a family before one
 * of its members (`redhat` before `centos`), or an id before the same id with a major version
 * (`centos` before `centos7`). Put specific keys first. Unknown keys are never "covered" (their
 * family is unknown; they get SIP3014).
 */
export const reachableOsCaseBranches: Rule = {
  name: 'reachable-os-case-branches',
  description: 'an os_case branch after one that already covers it can never run',
  codes: ['SIP3013'],
  check(ctx) {
    for (const node of ctx.ofKind('os_case')) {
      node.branches.forEach((branch, i) => {
        const earlier = node.branches.slice(0, i).find((e) => distroKeyCovers(e.key.value, branch.key.value));
        if (earlier !== undefined) {
          ctx.report('SIP3013', branch.key.loc, { key: branch.key.value, earlier: earlier.key.value }, [
            { loc: earlier.key.loc, message: `the earlier branch '${earlier.key.value}'` },
          ]);
        }
      });
    }
  },
};
