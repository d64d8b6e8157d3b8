import { uniqueChoices } from '../../compiler/check/rules/unique-choices.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(uniqueChoices, {
  valid: [
    {
      name: 'distinct choices; 1.0 and 1.00 are different texts',
      yaml: yaml`
        arguments:
          v: {default: '1.0', choices: [1.0, 1.00, '1']}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'a repeated choice, at the repeat',
      yaml: yaml`
        arguments:
          java_distro:
            default: openjdk
            choices:
              - openjdk
              - oracle-java
              - openjdk
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3015',
          severity: 'warning',
          line: 7,
          column: 9,
          message: "choice 'openjdk' of argument 'java_distro' is listed twice",
        },
      ],
    },
    {
      name: 'quoted and plain spellings of the same text',
      yaml: yaml`
        arguments:
          v: {default: '1.8', choices: [1.8, "1.8", '1.8']}
        validators:
          - package: curl
      `,
      errors: [
        { code: 'SIP3015', severity: 'warning', line: 2, column: 38 },
        { code: 'SIP3015', severity: 'warning', line: 2, column: 45 },
      ],
    },
  ],
});
