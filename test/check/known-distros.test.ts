import { knownDistros } from '../../compiler/check/rules/known-distros.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(knownDistros, {
  valid: [
    {
      name: 'families, ids, ids with a major version',
      yaml: yaml`
        validators:
          - os_case:
              - redhat: []
              - debian: []
              - suse: []
              - centos7: []
              - rocky9: []
              - ubuntu22: []
              - redhat-based: []
              - opensuse-leap: []
              - ol: []
              - amzn2: []
              - Ubuntu: []
              - CentOS7: []
      `,
    },
  ],
  invalid: [
    {
      name: 'a misspelt id, with a suggestion and the known list',
      yaml: yaml`
        validators:
          - os_case:
              - ubunto:
                  - package: nfs-common
      `,
      errors: [
        {
          code: 'SIP3014',
          severity: 'warning',
          line: 3,
          column: 9,
          endColumn: 15,
          message: /^unknown distro or family 'ubunto' in os_case; did you mean 'ubuntu'\? \(known: families redhat, debian, suse; ids .*centos7.*\)$/,
        },
      ],
    },
    {
      name: 'a full version; the version is kept in the suggestion; no far-fetched suggestion; the known list given once',
      yaml: yaml`
        validators:
          - os_case:
              - Ubunto: []
              - ubuntu22.04: []
              - centso7: []
              - gentoo: []
      `,
      errors: [
        { code: 'SIP3014', severity: 'warning', line: 3, column: 9, message: "did you mean 'ubuntu'? (known: families" },
        { code: 'SIP3014', severity: 'warning', line: 4, column: 9, message: "'ubuntu22.04' in os_case (listed at the first SIP3014)" },
        { code: 'SIP3014', severity: 'warning', line: 5, column: 9, message: "did you mean 'centos7'?" },
        { code: 'SIP3014', severity: 'warning', line: 6, column: 9, message: "'gentoo' in os_case (listed at the first SIP3014)" },
      ],
    },
  ],
});
