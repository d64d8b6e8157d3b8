import { usableArgumentNames } from '../../compiler/check/rules/usable-argument-names.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(usableArgumentNames, {
  valid: [
    {
      name: 'dashed, underscored and dotted names',
      yaml: yaml`
        arguments:
          java-distro: {default: openjdk}
          hdfs_lib_dir: {default: /usr/lib}
          spark.version: {default: '3', target_variable: spark_version}
          "a b": {default: x, target_variable: a_b}
        validators:
          - package: curl
      `,
    },
  ],
  invalid: [
    {
      name: 'empty, leading dash and "="',
      yaml: yaml`
        arguments:
          "": {default: x, target_variable: a}
          -x: {default: x, target_variable: b}
          a=b: {default: x, target_variable: c}
        validators:
          - package: curl
      `,
      errors: [
        { code: 'SIP3023', severity: 'error', line: 2, column: 3, message: 'the name is empty' },
        { code: 'SIP3023', severity: 'error', line: 3, column: 3, message: 'starts with "-"' },
        { code: 'SIP3023', severity: 'error', line: 4, column: 3, message: 'holds "="' },
      ],
    },
  ],
});
