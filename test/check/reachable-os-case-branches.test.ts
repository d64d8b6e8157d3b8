import { reachableOsCaseBranches } from '../../compiler/check/rules/reachable-os-case-branches.js';
import { ruleTester, yaml } from './harness.js';

ruleTester(reachableOsCaseBranches, {
  valid: [
    {
      name: 'specific before general (the design document example)',
      yaml: yaml`
        validators:
          - os_case:
              - fedora:
                  - package: nfs_utils
              - redhat:
                  - package: nfs-utils
              - debian:
                  - package: nfs-common
      `,
    },
    {
      name: 'versioned before unversioned before family; unrelated ids',
      yaml: yaml`
        validators:
          - os_case:
              - centos7: []
              - centos: []
              - rhel: []
              - redhat: []
              - ubuntu22: []
              - ubuntu20: []
              - ubuntu: []
              - opensuse-leap15: []
              - suse: []
          - os_case:
              - ol: []
              - oraclelinux: []
              - rhel: []
              - redhatenterpriseserver: []
      `,
    },
    {
      name: 'the same key in two separate os_case validators',
      yaml: yaml`
        validators:
          - os_case: [{redhat: []}]
          - os_case: [{redhat: []}]
      `,
    },
    {
      name: 'unknown keys are never covered',
      yaml: yaml`
        validators:
          - os_case: [{redhat: []}, {gentoo: []}, {centos7x: []}]
      `,
    },
  ],
  invalid: [
    {
      name: 'a family before its member (the historical centos/redhat manifests), at the later key',
      yaml: yaml`
        validators:
          - os_case:
              - redhat:
                  - package: wget
              - centos:
                  - package: wget
      `,
      errors: [
        {
          code: 'SIP3013',
          severity: 'warning',
          line: 5,
          column: 9,
          endColumn: 15,
          message: "os_case branch 'centos' can never run: the earlier branch 'redhat' already covers it",
        },
      ],
    },
    {
      name: 'the same key twice; an id before the id with a version; a family before a versioned member',
      yaml: yaml`
        validators:
          - os_case:
              - ubuntu: []
              - debian: []
              - ubuntu: []
              - ubuntu22: []
              - debian12: []
              - centos: []
              - centos7: []
      `,
      errors: [
        { code: 'SIP3013', severity: 'warning', line: 5, column: 9, message: "'ubuntu' can never run: the earlier branch 'ubuntu'" },
        { code: 'SIP3013', severity: 'warning', line: 6, column: 9, message: "'ubuntu22' can never run: the earlier branch 'ubuntu'" },
        { code: 'SIP3013', severity: 'warning', line: 7, column: 9, message: "'debian12' can never run: the earlier branch 'debian'" },
        { code: 'SIP3013', severity: 'warning', line: 9, column: 9, message: "'centos7' can never run: the earlier branch 'centos'" },
      ],
    },
    {
      name: 'keys match case-insensitively; aliases (opensuse for opensuse-*)',
      yaml: yaml`
        validators:
          - os_case:
              - Redhat: []
              - centos: []
              - opensuse: []
              - opensuse-leap: []
      `,
      errors: [
        { code: 'SIP3013', severity: 'warning', line: 4, column: 9, message: "the earlier branch 'Redhat'" },
        { code: 'SIP3013', severity: 'warning', line: 6, column: 9, message: "the earlier branch 'opensuse'" },
      ],
    },
    {
      name: 'nested os_case, suse family',
      yaml: yaml`
        validators:
          - all:
              - os_case:
                  - suse: []
                  - sles: []
      `,
      errors: [{ code: 'SIP3013', severity: 'warning', line: 5, column: 13 }],
    },
  ],
});
