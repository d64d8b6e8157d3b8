import type { Rule } from '../rule.js';
import { formatChoices } from '../context.js';

/** An argument's default must be one of its choices (SIP3003), compared as source text. */
export const defaultAmongChoices: Rule = {
  name: 'default-among-choices',
  description: "an argument's default must be one of its choices",
  codes: ['SIP3003'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (arg.default === undefined || arg.choices === undefined) continue;
      const value = arg.default.value;
      if (!arg.choices.some((c) => c.value === value)) {
        ctx.report('SIP3003', arg.default.loc, { name: arg.name.value, value, choices: formatChoices(arg.choices) });
      }
    }
  },
};
