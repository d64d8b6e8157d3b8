import { noSecretDefaults } from '../../compiler/check/rules/no-secret-defaults.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(noSecretDefaults, {
  valid: [
    {
      name: 'a secret without a default; a plain argument with one',
      yaml: yaml`
        arguments:
          pw: {secret: true, required: true}
          user: {default: admin}
          other: {secret: false, default: x}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'a secret with a default, at the default',
      yaml: yaml`
        arguments:
          pw:
            secret: true
            default: hunter2
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3024',
          severity: 'error',
          line: 4,
          column: 14,
          message: "argument 'pw' is a secret, so it cannot have a default in the manifest (the program would carry it); give it when the program runs",
        },
      ],
    },
  ],
});
