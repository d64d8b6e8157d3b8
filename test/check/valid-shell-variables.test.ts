import { validShellVariables } from '../../compiler/check/rules/valid-shell-variables.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(validShellVariables, {
  valid: [
    {
      name: 'identifiers, dashes turned into underscores, valid target_variable',
      yaml: yaml`
        arguments:
          java-distro: {default: openjdk}
          _private: {default: x}
          JAVA_HOME2: {default: x}
          "1st": {default: x, target_variable: first}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'a name that cannot become a variable, at the name',
      yaml: yaml`
        arguments:
          java.version: {default: '8'}
          2nd: {default: x}
          "with space": {default: x}
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3006',
          severity: 'error',
          line: 2,
          column: 3,
          message:
            "argument 'java.version' maps to 'java.version', which is not a valid shell variable name; set target_variable to a name matching ^[A-Za-z_][A-Za-z0-9_]*$",
        },
        { code: 'SIP3006', severity: 'error', line: 3, column: 3, message: "'2nd'" },
        { code: 'SIP3006', severity: 'error', line: 4, column: 3, message: "maps to 'with space'" },
      ],
    },
    {
      name: 'an invalid target_variable, at the target_variable',
      yaml: yaml`
        arguments:
          java_distro:
            default: openjdk
            target_variable: java-distro
        validators:
          - package: curl
      `,
      errors: [{ code: 'SIP3006', severity: 'error', line: 4, column: 22, message: "maps to 'java-distro'" }],
    },
  ],
});
