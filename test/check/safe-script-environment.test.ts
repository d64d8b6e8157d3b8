import { safeScriptEnvironment } from '../../compiler/check/rules/safe-script-environment.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(safeScriptEnvironment, {
  valid: [
    {
      name: 'ordinary variables',
      yaml: yaml`
        arguments:
          java_home: {default: /usr/lib/jvm}
          path-prefix: {default: /opt}
        validators:
          - script: {set.sh: {inline: 'true', env_vars: [java_home, path-prefix]}}
      `,
    },
  ],
  invalid: [
    {
      name: 'a declared argument mapped onto PATH, and a produced name that is LD_PRELOAD',
      yaml: yaml`
        arguments:
          search: {default: /opt/bin, target_variable: PATH}
        validators:
          - argument_set: {argument_name: LD_PRELOAD, value: /x.so}
          - script: {set.sh: {inline: 'true', env_vars: [search, LD_PRELOAD]}}
      `,
      errors: [
        { code: 'SIP3021', severity: 'warning', line: 5, column: 50, message: "'search' as the variable PATH" },
        { code: 'SIP3021', severity: 'warning', line: 5, column: 58, message: 'LD_PRELOAD' },
      ],
    },
  ],
});
