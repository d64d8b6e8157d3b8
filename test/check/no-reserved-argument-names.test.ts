import { noReservedArgumentNames } from '../../compiler/check/rules/no-reserved-argument-names.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(noReservedArgumentNames, {
  valid: [
    {
      name: 'ordinary names',
      yaml: yaml`
        arguments:
          java-distro: {default: openjdk}
          distro_version: {default: '7'}
          testonly: {default: x}
        validators:
          - package: curl
      `,
    },
    {
      name: 'a reserved-looking name given another target_variable',
      yaml: yaml`
        arguments:
          test-only: {default: x, target_variable: my_test_only}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'each reserved name, at its key',
      yaml: yaml`
        arguments:
          distro: {default: centos}
          test_only: {default: '0'}
          reconcile: {default: '1'}
        validators:
          - package: curl
      `,
      errors: [
        { code: 'SIP3001', severity: 'error', line: 2, column: 3, endColumn: 9, message: "argument 'distro' uses a reserved name" },
        { code: 'SIP3001', severity: 'error', line: 3, column: 3, message: "'test_only'" },
        { code: 'SIP3001', severity: 'error', line: 4, column: 3, message: "'reconcile'" },
      ],
    },
    {
      name: 'list form',
      yaml: yaml`
        arguments:
          - distro:
              default: centos
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3001', severity: 'error', line: 2, column: 5 }],
    },
    {
      name: 'a dashed name that maps to a reserved variable',
      yaml: yaml`
        arguments:
          test-only: {default: '0'}
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3019',
          severity: 'error',
          line: 2,
          column: 3,
          message: "argument 'test-only' maps to the shell variable 'test_only', which the program reserves",
        },
      ],
    },
    {
      name: 'a target_variable that is reserved, at the target_variable',
      yaml: yaml`
        arguments:
          os:
            default: centos
            target_variable: distro
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3019', severity: 'error', line: 4, column: 22, message: 'set a different target_variable' }],
    },
  ],
});
