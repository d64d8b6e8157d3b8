import type { Rule } from '../rule.js';

/**
 * An `argument_case` may list a value once (SIP3016). Case values compare as source text and
 * the parser reads YAML with the failsafe schema, so `1.0:` and `"1.0":` are one value and a
 * repeated key is already a YAML duplicate (SIP1002, the later one dropped); this rule guards the
 * AST invariant for any other way cases reach it (plugins, future forms) and reports the later case.
 */
export const uniqueCaseValues: Rule = {
  name: 'unique-case-values',
  description: 'an argument_case may list each value only once',
  codes: ['SIP3016'],
  check(ctx) {
    for (const node of ctx.ofKind('argument_case')) {
      const seen = new Set<string>();
      for (const c of node.cases) {
        if (seen.has(c.value.value)) ctx.report('SIP3016', c.value.loc, { value: c.value.value });
        seen.add(c.value.value);
      }
    }
  },
};
