/**
 * `compile --format ansible`: an Ansible playbook that runs the compiled program on every host
 * of an inventory with Ansible's own fan-out (SPEC §6 "Fleet scale"). Pure and deterministic.
 *
 * Per host: a private directory (`tempfile`, mode 700, root's), the program copied into it
 * byte for byte (the text is tagged `!unsafe`, so Jinja never templates it), secrets written
 * there as root-only files (`no_log`) and passed as `--NAME-file`, the program run with bash
 * (argv, no shell quoting; stdin /dev/null; `become` when the login user is not root), its JSON
 * Lines report fetched to `sip_report_dir/HOST.jsonl` on the controller, the directory
 * removed whatever happened, and the host failed when the program's exit status is not 0.
 * The task is `changed` when the report's summary counts changed validators.
 */

export interface AnsibleOptions {
  /** `--NAME VALUE` pairs baked in (shown and passed, as in the cloud-config). */
  readonly args: readonly (readonly [string, string])[];
  /** Secret arguments: [flag name, shell variable]; their values come from `sip_secret_<VARIABLE>` or `SIP_SECRET_<VARIABLE>` on the controller. */
  readonly secrets: readonly (readonly [string, string])[];
  readonly label: string;
  readonly compilerVersion: string;
}

export function ansiblePlaybook(program: string, options: AnsibleOptions): string {
  const q = yamlString;
  const argv = ['/bin/sh', '-c', 'exec /bin/bash "$@" </dev/null', 'sh'];
  const secretTasks = options.secrets.flatMap(([name, variable]) => [
    `        - name: secret ${q(name)} into the private directory`,
    '          changed_when: false',
    '          ansible.builtin.copy:',
    `            dest: "{{ sip_dir.path }}/secret-${variable}"`,
    "            mode: '0600'",
    `            content: "{{ sip_secret_${variable} | default(lookup('ansible.builtin.env', 'SIP_SECRET_${variable}')) }}"`,
    '          no_log: true',
  ]);
  const secretArgs = options.secrets.flatMap(([name, variable]) => [`--${name}-file`, `{{ sip_dir.path }}/secret-${variable}`]);
  const lines = [
    '---',
    `# ${oneLine(options.label)}: written by ${oneLine(options.compilerVersion)}. Runs the image program on`,
    '# every host of the inventory (Ansible does the fan-out: --forks N), as root.',
    '#   ansible-playbook -i INVENTORY THIS.yml                         # reconcile',
    '#   ansible-playbook -i INVENTORY THIS.yml -e sip_test_only=true   # check only',
    '#   ... -e sip_hosts=workers   ... -e sip_report_dir=DIR   ... -e \'{"sip_extra_args": ["--NAME", "VALUE"]}\'',
    "# Each host's JSON Lines report lands in sip_report_dir/HOST.jsonl; a host fails when the",
    "# program's exit status is not 0 (1: validation failed, 2: bad argument, 3: unsupported system).",
    `- name: ${q(`${oneLine(options.label)} (sahara-image-pack)`)}`,
    '  hosts: "{{ sip_hosts | default(\'all\') }}"',
    '  become: true',
    '  gather_facts: false',
    '  vars:',
    '    sip_test_only: false',
    '    sip_report_dir: sip-reports',
    '    sip_extra_args: []',
    '  tasks:',
    '    - name: a private directory for the run',
    '      ansible.builtin.tempfile:',
    '        state: directory',
    '        prefix: sip-run.',
    '      register: sip_dir',
    '      changed_when: false',
    '    - name: run, fetch the report, clean up',
    '      block:',
    '        - name: the program',
    '          changed_when: false',
    '          ansible.builtin.copy:',
    '            dest: "{{ sip_dir.path }}/image.sh"',
    "            mode: '0700'",
    `            content: !unsafe ${blockOrQuoted(program)}`.trimEnd(),
    ...secretTasks,
    '        - name: run it',
    '          ansible.builtin.command:',
    '            argv: "{{ sip_argv + ([\'--test-only\'] if sip_test_only | bool else []) + sip_extra_args }}"',
    '          vars:',
    `            sip_argv: [${[...argv.map((a) => '!unsafe ' + q(a)), q('{{ sip_dir.path }}/image.sh'), q('--report'), q('{{ sip_dir.path }}/report.jsonl'), ...options.args.flatMap(([n, v]) => [`!unsafe ${q(`--${n}`)}`, `!unsafe ${q(v)}`]), ...secretArgs.map(q)].join(', ')}]`,
    '          register: sip_run',
    '          failed_when: false',
    '          changed_when: false',
    '        - name: fetch the report',
    '          ansible.builtin.fetch:',
    '            src: "{{ sip_dir.path }}/report.jsonl"',
    '            dest: "{{ sip_report_dir }}/{{ inventory_hostname }}.jsonl"',
    '            flat: true',
    '            fail_on_missing: false',
    '          changed_when: false',
    '      always:',
    '        - name: remove the private directory',
    '          ansible.builtin.file:',
    '            path: "{{ sip_dir.path }}"',
    '            state: absent',
    '          changed_when: false',
    '    - name: the result',
    '      vars:',
    "        sip_report_file: \"{{ sip_report_dir }}/{{ inventory_hostname }}.jsonl\"",
    "        sip_summary: \"{{ (lookup('ansible.builtin.file', sip_report_file, errors='ignore') | default('', true)).splitlines() | map('from_json') | selectattr('event', 'equalto', 'summary') | list | last | default({}) }}\"",
    '      ansible.builtin.debug:',
    "        msg: \"exit {{ sip_run.rc }}: {{ sip_summary.ok | default('-') }} ok, {{ sip_summary.changed | default('-') }} changed, {{ sip_summary.failed | default('-') }} failed\"",
    '      changed_when: (sip_summary.changed | default(0) | int) > 0',
    '      failed_when: sip_run.rc != 0',
    '',
  ];
  return lines.join('\n');
}

/** The README snippet printed with the playbook (stderr), on how to use it. */
export const ANSIBLE_HINT =
  'run it with: ansible-playbook -i INVENTORY PLAYBOOK.yml [-e sip_test_only=true] [-e sip_hosts=GROUP]; reports land in ./sip-reports/HOST.jsonl';

/** A YAML literal block (`|` with an explicit indentation indicator and chomping), for text that ends in a newline. */
function literalBlock(text: string): string {
  const body = text.endsWith('\n') ? text : text + '\n';
  const chomp = text.endsWith('\n\n') ? '+' : text.endsWith('\n') ? '' : '-';
  const indent = ' '.repeat(14);
  return `|2${chomp}\n` + body.split('\n').slice(0, -1).map((l) => (l === '' ? '' : indent + l)).join('\n') + '\n';
}

/** A literal block when YAML keeps the text as is in one; else a double-quoted scalar (CR, control characters). */
function blockOrQuoted(text: string): string {
  return /[^\t\n\x20-\x7e\u00a0-\ud7ff\ue000-\ufffd]/u.test(text) ? yamlString(text) + '\n' : literalBlock(text);
}

/** A double-quoted YAML scalar (JSON escapes are valid YAML). */
export function yamlString(text: string): string {
  return JSON.stringify(text);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
