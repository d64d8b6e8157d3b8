import { isShellIdentifier } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * An argument's shell variable (`target_variable`, else the name with `-` turned into `_`) must
 * be a shell identifier (SIP3006): the original exported `java-distro=...`, which the shell
 * rejects, so the script silently ran without the value (§4.1 B3).
 */
export const validShellVariables: Rule = {
  name: 'valid-shell-variables',
  description: "an argument's shell variable must be a valid shell identifier",
  codes: ['SIP3006'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (!isShellIdentifier(arg.shellVariable)) {
        ctx.report('SIP3006', (arg.targetVariable ?? arg.name).loc, { name: arg.name.value, variable: arg.shellVariable });
      }
    }
  },
};
