import type { Rule } from '../rule.js';

/**
 * A non-required argument needs a default (SIP3002). Checked by presence, not truthiness, so
 * `default: 0` and `default: ""` are fine (the original rejected them, §4.2 B6).
 */
export const argumentHasDefault: Rule = {
  name: 'argument-has-default',
  description: 'an argument that is not required must have a default',
  codes: ['SIP3002'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (!arg.required && arg.default === undefined) ctx.report('SIP3002', arg.name.loc, { name: arg.name.value });
    }
  },
};
