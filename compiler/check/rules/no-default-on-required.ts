import type { Rule } from '../rule.js';

/** A required argument's default is never used (SIP3018, warning): the caller must always give a value. */
export const noDefaultOnRequired: Rule = {
  name: 'no-default-on-required',
  description: 'a required argument with a default: the default is never used',
  codes: ['SIP3018'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (arg.required && arg.default !== undefined) {
        ctx.report('SIP3018', arg.default.loc, { name: arg.name.value, value: arg.default.value });
      }
    }
  },
};
