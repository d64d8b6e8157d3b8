import { bashSafeText } from '../../compiler/check/rules/bash-safe-text.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(bashSafeText, {
  valid: [
    {
      name: 'any printable text, quotes and UTF-8 included',
      yaml: yaml`
        arguments:
          greeting: {default: "it's \"$(fine)\" — ü ✓"}
        validators:
          - script: {x.sh: {inline: "echo \t done"}}
      `,
    },
  ],
  invalid: [
    {
      name: 'a NUL in a default and an unpaired surrogate in an argument_set value',
      yaml: yaml`
        arguments:
          a: {default: "x\0y"}
        validators:
          - argument_set: {argument_name: b, value: "x\ud800y"}
      `,
      errors: [
        { code: 'SIP3022', severity: 'error', line: 2, column: 16, message: 'A value of argument \'a\' holds a NUL character' },
        { code: 'SIP3022', severity: 'error', line: 4, column: 45, message: 'An argument_set value holds an unpaired surrogate' },
      ],
    },
  ],
});
