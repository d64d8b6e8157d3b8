import { formatChoices } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * An `argument_case` on a declared argument with `choices`:
 *
 * - a case whose value the argument can never have is dead (SIP3009, error). The values the
 *   argument can have at that point are its choices, its default (a default outside the
 *   choices is already SIP3003) and the values of `argument_set`s earlier in program order
 *   (one outside the choices is already SIP3011); reporting those cases again would only
 *   repeat the first mistake. When a script's `output` sets the argument earlier, its value is
 *   whatever the script prints, so no case is reported.
 * - a choice with no case runs nothing (SIP3010, info), reported at the argument_case's
 *   `argument_name`. Cases without choices, or on names that are not declared arguments, are
 *   not checked: their values are open.
 */
export const caseValuesMatchChoices: Rule = {
  name: 'case-values-match-choices',
  description: 'argument_case values must be values the argument can have; each choice should have a case',
  codes: ['SIP3009', 'SIP3010'],
  check(ctx) {
    for (const node of ctx.ofKind('argument_case')) {
      const name = node.argumentName.value;
      const arg = ctx.argumentsByName.get(name);
      if (arg?.choices === undefined) continue;
      const earlier = ctx.productionsBefore(name, node);
      if (!earlier.some((p) => p.via === 'output')) {
        const possible = new Set(arg.choices.map((c) => c.value));
        if (arg.default !== undefined) possible.add(arg.default.value);
        for (const p of earlier) if (p.value !== undefined) possible.add(p.value.value);
        for (const c of node.cases) {
          if (!possible.has(c.value.value)) {
            ctx.report('SIP3009', c.value.loc, { value: c.value.value, name, choices: formatChoices(arg.choices) });
          }
        }
      }
      const covered = new Set(node.cases.map((c) => c.value.value));
      const reported = new Set<string>();
      for (const choice of arg.choices) {
        if (covered.has(choice.value) || reported.has(choice.value)) continue;
        reported.add(choice.value);
        ctx.report('SIP3010', node.argumentName.loc, { value: choice.value, name });
      }
    }
  },
};
