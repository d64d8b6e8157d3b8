import type { Text } from '../../ast/nodes.js';
import { isShellIdentifier, shellVariableOf } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * Names that `output`, `argument_set` and `env_vars` use without a declaration must become
 * shell variables by the arguments' rule (`-` → `_`) (SIP3017): scripts receive them in their
 * environment. Declared arguments are checked at the declaration instead (SIP3006).
 */
export const validProducedNames: Rule = {
  name: 'valid-produced-names',
  description: 'undeclared names used by output, argument_set and env_vars must be valid shell variable names',
  codes: ['SIP3017'],
  check(ctx) {
    const check = (name: Text, what: string): void => {
      if (ctx.isDeclared(name.value) || isShellIdentifier(shellVariableOf(name.value))) return;
      ctx.report('SIP3017', name.loc, { name: name.value, what });
    };
    for (const p of ctx.productions) check(p.name, p.via === 'output' ? "a script's output" : 'argument_set');
    for (const node of ctx.ofKind('script')) for (const name of node.envVars) check(name, 'env_vars');
  },
};
