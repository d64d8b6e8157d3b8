import type { Rule } from '../rule.js';

/**
 * The program takes an argument as `--NAME VALUE` or `--NAME=VALUE`: a name that is empty,
 * holds `=`, or starts with `-` can never be given (SIP3023). (Blanks are fine: the flag is
 * one quoted word.)
 */
export const usableArgumentNames: Rule = {
  name: 'usable-argument-names',
  description: 'argument names must be usable as --NAME flags',
  codes: ['SIP3023'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      const name = arg.name.value;
      const why =
        name === ''
          ? 'the name is empty'
          : name.startsWith('-')
            ? 'it starts with "-"'
            : name.includes('=')
              ? 'it holds "=", which separates a flag from its value'
              : undefined;
      if (why !== undefined) ctx.report('SIP3023', arg.name.loc, { name, why });
    }
  },
};
