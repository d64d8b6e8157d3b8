import { noReservedTargets } from '../../compiler/check/rules/no-reserved-targets.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(noReservedTargets, {
  valid: [
    {
      name: 'ordinary targets',
      yaml: yaml`
        validators:
          - argument_set: {argument_name: distro_version, value: '7'}
          - script: {s: {inline: 'echo x', output: distro_name}}
      `,
    },
  ],
  invalid: [
    {
      name: 'output: distro (the Python unit test scenario), at the output value',
      yaml: yaml`
        validators:
          - script:
              probe:
                inline: echo centos
                output: distro
      `,
      errors: [
        {
          code: 'SIP3012',
          severity: 'error',
          line: 5,
          column: 17,
          message: "a script's output cannot set the reserved name 'distro' (reserved: distro, test_only, reconcile)",
        },
      ],
    },
    {
      name: 'argument_set of test_only and reconcile, at the argument_name',
      yaml: yaml`
        validators:
          - argument_set: {argument_name: test_only, value: '1'}
          - argument_set:
              argument_name: reconcile
              value: '0'
      `,
      errors: [
        { code: 'SIP3012', severity: 'error', line: 2, column: 35, message: "argument_set cannot set the reserved name 'test_only'" },
        { code: 'SIP3012', severity: 'error', line: 4, column: 22, message: "'reconcile'" },
      ],
    },
  ],
});
