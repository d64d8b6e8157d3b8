import { defaultAmongChoices } from '../../compiler/check/rules/default-among-choices.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(defaultAmongChoices, {
  valid: [
    {
      name: 'default among choices, compared as source text',
      yaml: yaml`
        arguments:
          java_distro:
            default: openjdk
            choices:
              - openjdk
              # a comment inside the list, as real manifests have
              - oracle-java
          version:
            default: 1.8
            choices: ['1.7', "1.8"]
        validators:
          - package: curl
      `,
    },
    {
      name: 'no choices, or no default',
      yaml: yaml`
        arguments:
          a: {default: anything}
          b: {required: true, choices: [x, y]}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'default outside the choices, at the default',
      yaml: yaml`
        arguments:
          java_distro:
            default: cloudera-jdk
            choices: [openjdk, oracle-java]
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3003',
          severity: 'error',
          line: 3,
          column: 14,
          endColumn: 26,
          message: "the default 'cloudera-jdk' of argument 'java_distro' is not one of its choices: 'openjdk', 'oracle-java'",
        },
      ],
    },
    {
      name: 'source text, not numbers: 1.80 is not 1.8',
      yaml: yaml`
        arguments:
          version: {default: 1.80, choices: [1.8, '1.7']}
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3003', severity: 'error', line: 2, column: 22, message: "the default '1.80'" }],
    },
  ],
});
