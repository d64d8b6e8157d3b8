import { argumentHasDefault } from '../../compiler/check/rules/argument-has-default.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(argumentHasDefault, {
  valid: [
    {
      name: 'defaults are checked by presence: 0 and "" are defaults',
      yaml: yaml`
        arguments:
          zero: {default: 0}
          empty: {default: ""}
          text: {default: openjdk, required: false}
        validators:
          - package: curl
      `,
    },
    {
      name: 'a required argument needs no default',
      yaml: yaml`
        arguments:
          plugin_version:
            description: the version
            required: true
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'no default and not required (required missing or false)',
      yaml: yaml`
        arguments:
          java_distro:
            description: which java
          swift_url:
            required: false
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3002',
          severity: 'error',
          line: 2,
          column: 3,
          endColumn: 14,
          message: "argument 'java_distro' is not required, so it needs a default (add 'default:' or 'required: true')",
        },
        { code: 'SIP3002', severity: 'error', line: 4, column: 3 },
      ],
    },
    {
      name: 'an empty (null) default is no default',
      yaml: yaml`
        arguments:
          x:
            default:
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3002', severity: 'error', line: 2, column: 3 }],
    },
    {
      name: 'list form',
      yaml: yaml`
        arguments:
          - java-distro:
              choices: [openjdk]
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3002', severity: 'error', line: 2, column: 5 }],
    },
  ],
});
