import type { Rule } from '../rule.js';

/** A secret argument cannot have a default (SIP3024, error): the program would carry the value in clear. */
export const noSecretDefaults: Rule = {
  name: 'no-secret-defaults',
  description: 'a secret argument has no default in the manifest',
  codes: ['SIP3024'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      if (arg.secret && arg.default !== undefined) ctx.report('SIP3024', arg.default.loc, { name: arg.name.value });
    }
  },
};
