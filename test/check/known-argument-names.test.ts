import { knownArgumentNames } from '../../compiler/check/rules/known-argument-names.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(knownArgumentNames, {
  valid: [
    {
      name: 'declared names',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk, choices: [openjdk]}
          plugin_version: {default: '5.11'}
        validators:
          - argument_case:
              argument_name: java_distro
              cases:
                openjdk:
                  - script: {wget_repo: {inline: 'true', env_vars: [plugin_version, java_distro]}}
      `,
    },
    {
      name: 'names produced earlier by argument_set and output, also inside any and os_case',
      yaml: yaml`
        validators:
          - any:
              - all:
                  - package: java-1.8.0-openjdk-devel
                  - argument_set: {argument_name: java_version, value: 1.8.0}
              - argument_set: {argument_name: java_version, value: 1.7.0}
          - os_case:
              - redhat:
                  - script: {probe: {inline: 'echo /opt', output: java_home}}
          - argument_case:
              argument_name: java_version
              cases:
                1.8.0:
                  - script: {setup: {inline: 'true', env_vars: [java_version, java_home]}}
      `,
    },
    {
      name: 'env_vars may list the names every script gets',
      yaml: yaml`
        validators:
          - script: {s: {inline: 'true', env_vars: [distro, test_only, reconcile]}}
      `,
    },
    {
      name: 'names that cannot be variables are left to valid-produced-names',
      yaml: yaml`
        validators:
          - script: {s: {inline: 'true', env_vars: [a.b]}}
      `,
    },
  ],
  invalid: [
    {
      name: 'argument_case on an unknown name, with a suggestion',
      yaml: yaml`
        arguments:
          java_distro: {default: openjdk}
        validators:
          - argument_case:
              argument_name: java-distro
              cases:
                openjdk: []
      `,
      errors: [
        {
          code: 'SIP3007',
          severity: 'error',
          line: 5,
          column: 22,
          endColumn: 33,
          message:
            "'java-distro' is not a declared argument and nothing earlier sets it (by argument_set or a script's output); did you mean 'java_distro'?",
        },
      ],
    },
    {
      name: 'argument_case before the argument_set that produces the name',
      yaml: yaml`
        validators:
          - argument_case:
              argument_name: JAVA_VERSION
              cases:
                '8': []
          - argument_set: {argument_name: JAVA_VERSION, value: '8'}
      `,
      errors: [
        { code: 'SIP3007', severity: 'error', line: 3, column: 22, message: 'it is set only later, by argument_set at line 6' },
      ],
    },
    {
      name: 'argument_case on distro points to os_case',
      yaml: yaml`
        validators:
          - argument_case:
              argument_name: distro
              cases:
                centos: []
      `,
      errors: [{ code: 'SIP3007', severity: 'error', line: 3, column: 22, message: 'branch on it with os_case' }],
    },
    {
      name: 'env_vars naming undeclared names (real manifests do this): a warning',
      yaml: yaml`
        arguments:
          spark_version: {default: '2.3'}
        validators:
          - script:
              common/install_spark:
                inline: 'true'
                env_vars: [spark_version, cdh_version, spark_versoin]
      `,
      errors: [
        {
          code: 'SIP3008',
          severity: 'warning',
          line: 7,
          column: 35,
          message: "env_vars names 'cdh_version', which is not a declared argument and nothing earlier sets it: the script will not receive it",
        },
        { code: 'SIP3008', severity: 'warning', line: 7, column: 48, message: "did you mean 'spark_version'?" },
      ],
    },
    {
      name: "a script's env_vars cannot see its own output",
      yaml: yaml`
        validators:
          - script: {probe: {inline: 'echo x', output: found, env_vars: [found]}}
      `,
      errors: [{ code: 'SIP3008', severity: 'warning', line: 2, column: 66, message: "set only later, by a script's output at line 2" }],
    },
  ],
});
