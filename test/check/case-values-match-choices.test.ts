import { caseValuesMatchChoices } from '../../compiler/check/rules/case-values-match-choices.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(caseValuesMatchChoices, {
  valid: [
    {
      name: 'every choice has a case, every case is a choice',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk, oracle-java]}
        validators:
          - argument_case:
              argument_name: java_distro
              cases:
                openjdk: []
                oracle-java: []
      `,
    },
    {
      name: 'no choices: values are open',
      yaml: yaml`
        arguments:
          ambari_version: {default: 2.4.3.0}
        validators:
          - argument_case:
              argument_name: ambari_version
              cases:
                2.6.2.0: []
      `,
    },
    {
      name: 'an undeclared target (produced by argument_set) is not checked',
      yaml: yaml`
        validators:
          - argument_set: {argument_name: v, value: a}
          - argument_case: {argument_name: v, cases: {b: []}}
      `,
    },
    {
      name: "an earlier script output makes the argument's values open",
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk]}
        validators:
          - script: {detect: {inline: 'echo other', output: java_distro}}
          - argument_case:
              argument_name: java_distro
              cases:
                openjdk: []
                other: []
      `,
    },
    {
      name: 'a default outside the choices is SIP3003, not repeated here',
      yaml: yaml`
        arguments:
          j: {default: zulu, choices: [openjdk]}
        validators:
          - argument_case: {argument_name: j, cases: {openjdk: [], zulu: []}}
      `,
    },
  ],
  invalid: [
    {
      name: 'a case outside the choices, at the case value',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk, oracle-java]}
        validators:
          - argument_case:
              argument_name: java_distro
              cases:
                openjdk: []
                oracle-java: []
                cloudera-jdk: []
      `,
      errors: [
        {
          code: 'SIP3009',
          severity: 'error',
          line: 9,
          column: 9,
          endColumn: 21,
          message: "case 'cloudera-jdk' is not one of the choices of argument 'java_distro': 'openjdk', 'oracle-java'",
        },
      ],
    },
    {
      name: 'source text: case 1.80 does not match choice 1.8',
      yaml: yaml`
        arguments:
          v: {default: '1.8', choices: [1.8]}
        validators:
          - argument_case: {argument_name: v, cases: {1.80: [], 1.8: []}}
      `,
      errors: [{ code: 'SIP3009', severity: 'error', line: 4, column: 47, message: "case '1.80'" }],
    },
    {
      name: 'a value only an argument_set after the case gives is still dead there',
      yaml: yaml`
        arguments:
          v: {default: a, choices: [a, b]}
        validators:
          - argument_case: {argument_name: v, cases: {a: [], b: [], c: []}}
          - argument_set: {argument_name: v, value: c}
      `,
      errors: [{ code: 'SIP3009', severity: 'error', line: 4, column: 61 }],
    },
    {
      name: 'a choice with no case (the CDH oracle-java oddity): info at the argument_name',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk, oracle-java, cloudera-jdk]}
        validators:
          - argument_case:
              argument_name: java_distro
              cases:
                openjdk: []
      `,
      errors: [
        {
          code: 'SIP3010',
          severity: 'info',
          line: 5,
          column: 22,
          message: "choice 'oracle-java' of argument 'java_distro' has no case here: that value runs nothing",
        },
        { code: 'SIP3010', severity: 'info', line: 5, column: 22, message: "choice 'cloudera-jdk'" },
      ],
    },
  ],
});
