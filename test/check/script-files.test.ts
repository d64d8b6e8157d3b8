import { scriptFiles } from '../../compiler/check/rules/script-files.js';
import { ruleTester, yaml } from './harness.js';

const bash = '#!/bin/bash\necho hi\n';

ruleTester(scriptFiles, {
  valid: [
    {
      name: 'plain and mapping forms, subdirectories, copy_script',
      yaml: yaml`
        validators:
          - script: common/install_spark
          - script:
              centos/wget_repo:
                env_vars: [plugin_version]
          - copy_script: common/resources/package_utils.sh
      `,
      files: {
        'common/install_spark': bash,
        'centos/wget_repo': bash,
        'common/resources/package_utils.sh': 'f() { :; }\n',
      },
    },
    {
      name: 'inline scripts are not looked up: their name is a label',
      yaml: yaml`
        validators:
          - script: {apt_update: {inline: apt-get update}}
          - copy_script: {/etc/motd: {inline: hello}}
      `,
    },
    {
      name: 'the first root holding the file wins; later roots are searched',
      yaml: yaml`
        validators:
          - script: a.sh
          - script: b.sh
      `,
      roots: ['one', 'two'],
      files: { 'one/a.sh': bash, 'two/a.sh': '', 'two/b.sh': bash },
    },
    {
      name: 'a path that normalises inside the root',
      yaml: yaml`
        validators:
          - script: common/../centos/./x.sh
      `,
      files: { 'centos/x.sh': bash },
    },
  ],
  invalid: [
    {
      name: 'not found: lists the roots searched, at the path',
      yaml: yaml`
        validators:
          - script: centos/wget_repo
          - copy_script: common/resources/spec.json
      `,
      roots: ['one', 'two'],
      errors: [
        {
          code: 'SIP4001',
          severity: 'error',
          line: 2,
          column: 13,
          endColumn: 29,
          message: /^script 'centos\/wget_repo' not found; searched: \S*sip-check-\S*\/one, \S*\/two$/,
        },
        { code: 'SIP4001', severity: 'error', line: 3, column: 18, message: "script 'common/resources/spec.json' not found" },
      ],
    },
    {
      name: 'not found in the mapping form, at the path key',
      yaml: yaml`
        validators:
          - script:
              centos/wget_repo:
                env_vars: [x]
      `,
      errors: [{ code: 'SIP4001', severity: 'error', line: 3, column: 7 }],
    },
    {
      name: 'absolute paths, .. and ~ escape the root',
      yaml: yaml`
        validators:
          - script: /etc/passwd
          - script: ../outside.sh
          - script: common/../../outside.sh
          - copy_script: ~/x
      `,
      files: { 'outside.sh': bash },
      roots: ['root'],
      errors: [
        {
          code: 'SIP4002',
          severity: 'error',
          line: 2,
          column: 13,
          message: "script path '/etc/passwd' escapes its resource root (absolute paths, '..' and links that lead out of the root are not allowed)",
        },
        { code: 'SIP4002', severity: 'error', line: 3, column: 13 },
        { code: 'SIP4002', severity: 'error', line: 4, column: 13 },
        { code: 'SIP4002', severity: 'error', line: 5, column: 18 },
      ],
    },
    {
      name: 'an empty file: a warning (the original called it "not found")',
      yaml: yaml`
        validators:
          - script: empty.sh
      `,
      files: { 'empty.sh': '' },
      errors: [{ code: 'SIP4003', severity: 'warning', line: 2, column: 13, message: /^script 'empty\.sh' is empty \(\S+\/empty\.sh\)$/ }],
    },
    {
      name: 'a directory',
      yaml: yaml`
        validators:
          - script: centos
      `,
      files: { centos: { dir: true } },
      errors: [{ code: 'SIP4004', severity: 'error', line: 2, column: 13, message: "script 'centos' is a directory, not a file" }],
    },
    {
      name: 'unreadable (a symlink loop)',
      yaml: yaml`
        validators:
          - script: loop.sh
      `,
      files: { 'loop.sh': { symlink: 'loop.sh' } },
      errors: [{ code: 'SIP4005', severity: 'error', line: 2, column: 13, message: /^cannot read script 'loop\.sh' \(\S+\): .*ELOOP/ }],
    },
    {
      name: 'not a usable file name (a newline)',
      yaml: yaml`
        validators:
          - script: "centos/a\nb.sh"
      `,
      errors: [
        {
          code: 'SIP4006',
          severity: 'error',
          line: 2,
          column: 13,
          message: 'is not a usable file name (empty, or containing NUL or a newline)',
        },
      ],
    },
  ],
});
