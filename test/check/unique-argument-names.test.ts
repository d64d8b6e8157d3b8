import { parserTester, yaml } from './harness.js';

/**
 * SIP3004 belongs to the parser: in the mapping form a repeated name is a YAML duplicate key
 * (SIP1002), and the list form is normalised into the AST by the parser, which reports the
 * repeat (SIP3004) and keeps only the first declaration. No rule can see a duplicate.
 */
parserTester('unique-argument-names', ['SIP3004'], {
  valid: [
    {
      name: 'distinct names in the list form',
      yaml: yaml`
        arguments:
          - java-distro: {default: openjdk}
          - java-version: {default: '8'}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'a name repeated in the list form, at the repeat',
      yaml: yaml`
        arguments:
          - java-distro:
              default: openjdk
          - java-distro:
              default: zulu
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3004',
          severity: 'error',
          line: 4,
          column: 5,
          message: "argument 'java-distro' is declared twice",
        },
      ],
    },
  ],
});
