import { noDefaultOnRequired } from '../../compiler/check/rules/no-default-on-required.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(noDefaultOnRequired, {
  valid: [
    {
      name: 'required without default; optional with default',
      yaml: yaml`
        arguments:
          a: {required: true}
          b: {required: false, default: x}
          c: {default: ''}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'required with a default, at the default',
      yaml: yaml`
        arguments:
          plugin_version:
            required: true
            default: "5.11"
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3018',
          severity: 'warning',
          line: 4,
          column: 14,
          message: "argument 'plugin_version' is required, so its default '5.11' is never used",
        },
      ],
    },
    {
      name: 'a YAML 1.1 boolean spelling',
      yaml: yaml`
        arguments:
          a: {required: yes, default: '0'}
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3018', severity: 'warning', line: 2, column: 31 }],
    },
  ],
});
