import type { Rule } from '../rule.js';

/**
 * A choice may be listed once (SIP3015, warning). Choices compare as source text, so `1.0` and
 * `"1.0"` are the same choice; `1.0` and `1.00` are not.
 */
export const uniqueChoices: Rule = {
  name: 'unique-choices',
  description: 'a choice may be listed only once',
  codes: ['SIP3015'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      const seen = new Set<string>();
      for (const choice of arg.choices ?? []) {
        if (seen.has(choice.value)) ctx.report('SIP3015', choice.loc, { value: choice.value, name: arg.name.value });
        seen.add(choice.value);
      }
    }
  },
};
