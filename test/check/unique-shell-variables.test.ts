import { uniqueShellVariables } from '../../compiler/check/rules/unique-shell-variables.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(uniqueShellVariables, {
  valid: [
    {
      name: 'distinct variables; target_variable resolving a would-be clash',
      yaml: yaml`
        arguments:
          java-distro: {default: openjdk}
          java_distro: {default: openjdk, target_variable: java_distro2}
          plugin_version: {default: '5'}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'a dashed and an underscored name, at the later name',
      yaml: yaml`
        arguments:
          java-distro: {default: openjdk}
          java_distro: {default: openjdk}
        validators:
          - package: curl
      `,
      errors: [
        {
          code: 'SIP3005',
          severity: 'error',
          line: 3,
          column: 3,
          message: "arguments 'java-distro' and 'java_distro' both map to the shell variable 'java_distro'; give one a target_variable",
        },
      ],
    },
    {
      name: 'a target_variable equal to another argument, at the target_variable',
      yaml: yaml`
        arguments:
          hdfs_lib_dir: {default: /usr/lib}
          lib:
            default: /opt
            target_variable: hdfs_lib_dir
          lib2: {default: /x, target_variable: hdfs_lib_dir}
        validators:
          - package: curl
      `,
      errors: [
        { code: 'SIP3005', severity: 'error', line: 5, column: 22, message: "'hdfs_lib_dir' and 'lib'" },
        { code: 'SIP3005', severity: 'error', line: 6, column: 40, message: "'hdfs_lib_dir' and 'lib2'" },
      ],
    },
  ],
});
