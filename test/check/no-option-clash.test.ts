import { noOptionClash } from '../../compiler/check/rules/no-option-clash.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(noOptionClash, {
  valid: [
    {
      name: 'names that only look like options',
      yaml: yaml`
        arguments:
          help-text: {default: x}
          report_dir: {default: /tmp}
          version_id: {default: '1'}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: "each of the program's own flags, in either spelling",
      yaml: yaml`
        arguments:
          help: {default: x}
          version: {default: '1'}
          report: {default: /tmp/r}
        validators:
          - package: curl
      `,
      errors: [
        { code: 'SIP3020', severity: 'error', line: 2, column: 3, message: "the program's own option --help" },
        { code: 'SIP3020', severity: 'error', line: 3, column: 3, message: '--version' },
        { code: 'SIP3020', severity: 'error', line: 4, column: 3, message: '--report' },
      ],
    },
  ],
});
