import { validProducedNames } from '../../compiler/check/rules/valid-produced-names.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(validProducedNames, {
  valid: [
    {
      name: 'identifiers, dashed names, declared arguments',
      yaml: yaml`
        arguments:
          java.version: {default: '8', target_variable: java_version}
        validators:
          - argument_set: {argument_name: java-home, value: /opt}
          - argument_set: {argument_name: java.version, value: '11'}
          - script: {s: {inline: 'echo x', output: _found, env_vars: [java-home, java.version, _found]}}
      `,
    },
  ],
  invalid: [
    {
      name: 'output, argument_set and env_vars names that cannot be variables',
      yaml: yaml`
        validators:
          - argument_set: {argument_name: 2fast, value: x}
          - script:
              s:
                inline: echo x
                output: java.home
                env_vars: [2fast, "a b"]
      `,
      errors: [
        {
          code: 'SIP3017',
          severity: 'error',
          line: 2,
          column: 35,
          message: "'2fast' is not a valid shell variable name, so argument_set cannot use it",
        },
        { code: 'SIP3017', severity: 'error', line: 6, column: 17, message: "so a script's output cannot use it" },
        { code: 'SIP3017', severity: 'error', line: 7, column: 20, message: "'2fast' is not a valid shell variable name, so env_vars" },
        { code: 'SIP3017', severity: 'error', line: 7, column: 27, message: "'a b'" },
      ],
    },
  ],
});
