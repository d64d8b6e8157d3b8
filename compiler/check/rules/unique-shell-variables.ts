import type { ArgumentNode } from '../../ast/nodes.js';
import type { Rule } from '../rule.js';

/**
 * Two differently named arguments may not map to the same shell variable (SIP3005): `java-distro`
 * and `java_distro` both become `java_distro`, and so does any `target_variable: java_distro`.
 * Reported at the later argument's target_variable (or name). Same-name repeats are SIP3004.
 */
export const uniqueShellVariables: Rule = {
  name: 'unique-shell-variables',
  description: 'two arguments may not map to the same shell variable',
  codes: ['SIP3005'],
  check(ctx) {
    const byVariable = new Map<string, ArgumentNode>();
    for (const arg of ctx.arguments) {
      const first = byVariable.get(arg.shellVariable);
      if (first === undefined) {
        byVariable.set(arg.shellVariable, arg);
      } else if (first.name.value !== arg.name.value) {
        ctx.report('SIP3005', (arg.targetVariable ?? arg.name).loc, {
          first: first.name.value,
          second: arg.name.value,
          variable: arg.shellVariable,
        });
      }
    }
  },
};
