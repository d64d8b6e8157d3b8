import { isReserved, RESERVED_NAMES } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * Arguments may not be called `distro`, `test_only` or `reconcile` (SIP3001): the program
 * gives every script those itself. Nor may an argument map to one of them as its shell
 * variable (`test-only`, or `target_variable: distro`) (SIP3019): the script would receive the
 * program's value, never the argument's. (The original raised a KeyError here, §4.2 B8.)
 */
export const noReservedArgumentNames: Rule = {
  name: 'no-reserved-argument-names',
  description: 'arguments may not use, or map to, the reserved names distro, test_only and reconcile',
  codes: ['SIP3001', 'SIP3019'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (isReserved(arg.name.value)) {
        ctx.report('SIP3001', arg.name.loc, { name: arg.name.value });
      } else if (isReserved(arg.shellVariable)) {
        ctx.report('SIP3019', (arg.targetVariable ?? arg.name).loc, {
          name: arg.name.value,
          variable: arg.shellVariable,
          reserved: RESERVED_NAMES.join(', '),
        });
      }
    }
  },
};
