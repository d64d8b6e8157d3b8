import { isReserved } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * `argument_set` and `output` may not set `distro`, `test_only` or `reconcile` (SIP3012): the
 * original let `output: distro` overwrite the distro and change later os_case matching (§4.2 B14).
 */
export const noReservedTargets: Rule = {
  name: 'no-reserved-targets',
  description: 'argument_set and output may not set a reserved name',
  codes: ['SIP3012'],
  check(ctx) {
    for (const p of ctx.productions) {
      if (!isReserved(p.name.value)) continue;
      ctx.report('SIP3012', p.name.loc, { what: p.via === 'output' ? "a script's output" : 'argument_set', name: p.name.value });
    }
  },
};
