import { formatChoices } from '../context.js';
import type { Rule } from '../rule.js';

/** `argument_set` on a declared argument with choices must set one of them (SIP3011), compared as source text. */
export const argumentSetAmongChoices: Rule = {
  name: 'argument-set-among-choices',
  description: "argument_set must give an argument with choices one of its choices",
  codes: ['SIP3011'],
  check(ctx) {
    for (const node of ctx.ofKind('argument_set')) {
      const arg = ctx.argumentsByName.get(node.argumentName.value);
      if (arg?.choices === undefined) continue;
      if (!arg.choices.some((c) => c.value === node.value.value)) {
        ctx.report('SIP3011', node.value.loc, {
          name: node.argumentName.value,
          value: node.value.value,
          choices: formatChoices(arg.choices),
        });
      }
    }
  },
};
