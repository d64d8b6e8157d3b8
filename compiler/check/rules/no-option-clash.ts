import { flagSpellings } from '../../names.js';
import type { Rule } from '../rule.js';

/** The emitted program's own options; its parser reads them before any argument. */
export const PROGRAM_OPTIONS = ['help', 'version', 'report', 'test-only', 'distro'] as const;

/**
 * An argument is given as `--NAME` or `--NAME_WITH_UNDERSCORES`; when either spelling is one of
 * the program's own options (`--help`, `--version`, `--report`, `--test-only`, `--distro`) the
 * option wins and the argument can never be set (SIP3020).
 */
export const noOptionClash: Rule = {
  name: 'no-option-clash',
  description: "arguments may not take a flag of the program's own options",
  codes: ['SIP3020'],
  check(ctx) {
    for (const arg of ctx.arguments) {
      const name = arg.name.value;
      const spellings = new Set(flagSpellings(name));
      const option = PROGRAM_OPTIONS.find((o) => spellings.has(o));
      // distro and test_only are reserved names already (SIP3001/SIP3019): one error is enough.
      if (option !== undefined && option !== 'distro' && option !== 'test-only') ctx.report('SIP3020', arg.name.loc, { name, option });
    }
  },
};
