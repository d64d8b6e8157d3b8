import { argumentSetAmongChoices } from '../../compiler/check/rules/argument-set-among-choices.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(argumentSetAmongChoices, {
  valid: [
    {
      name: 'a choice; an argument without choices; a new name',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk, oracle-java]}
          java_home: {default: /usr}
        validators:
          - argument_set: {argument_name: java_distro, value: oracle-java}
          - argument_set: {argument_name: java_home, value: /opt/java}
          - argument_set: {argument_name: java_version, value: 1.8.0}
      `,
    },
  ],
  invalid: [
    {
      name: 'a value outside the choices, at the value',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk, oracle-java]}
        validators:
          - argument_set:
              argument_name: java_distro
              value: zulu
      `,
      errors: [
        {
          code: 'SIP3011',
          severity: 'error',
          line: 6,
          column: 14,
          endColumn: 18,
          message: "argument_set gives 'java_distro' the value 'zulu', which is not one of its choices: 'openjdk', 'oracle-java'",
        },
      ],
    },
    {
      name: 'source text: yes is not true',
      yaml: yaml`
        arguments:
          flag: {default: 'true', choices: ['true', 'false']}
        validators:
          - argument_set: {argument_name: flag, value: yes}
      `,
      errors: [{ code: 'SIP3011', severity: 'error', line: 4, column: 48, message: "the value 'yes'" }],
    },
  ],
});
