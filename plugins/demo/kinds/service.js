// `service`: a service enabled or disabled at boot, running or stopped now.
//
//   - service:
//       name: ssh            # the unit (ssh or ssh.service) or SysV script name
//       enabled: true        # optional: enabled at boot (true) or not (false)
//       running: true        # optional: running now (true) or stopped (false)
//
// Where systemd runs (/run/systemd/system exists), systemctl does the work: is-enabled /
// enable / disable, is-active / start / stop. Where it does not (inside an image being
// built, a chroot), the program does what `systemctl enable` does offline: the unit's
// [Install] WantedBy=/RequiredBy= targets get (or lose) the symlink
// /etc/systemd/system/<target>.wants/<unit>; a service with no systemd unit but an
// /etc/init.d script is handled by update-rc.d or chkconfig. `running` is then not checked
// and not acted on (nothing runs in an image; an enabled service starts at boot): the step
// says so in its message. Runtime: demo-service.sh.

const BOOLEAN = '^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$';
const yes = (v) => (v === undefined ? '' : /^(y|yes|true|on)$/i.test(v) ? '1' : '0');

/** @param {import('../../../compiler/plugins/kinds.js').KindModuleApi} api */
export function serviceKind(api) {
  return api.dataKind({
    name: 'service',
    description: 'A service enabled/disabled at boot and running/stopped now (systemctl; offline: unit symlinks or rc tools).',
    schema: {
      type: 'object',
      description: 'A service enabled/disabled at boot and running/stopped now (systemctl; offline: unit symlinks or rc tools).',
      properties: {
        name: { type: 'string', pattern: '^[A-Za-z0-9_][A-Za-z0-9_.@:-]*$', description: 'Unit or SysV script name.' },
        enabled: { type: 'string', pattern: BOOLEAN, 'x-kind': 'boolean', description: 'Enabled at boot.' },
        running: { type: 'string', pattern: BOOLEAN, 'x-kind': 'boolean', description: 'Running now (only where systemd runs).' },
      },
      required: ['name'],
      additionalProperties: false,
    },
    label: (v) => [v.name, v.enabled === undefined ? '' : yes(v.enabled) === '1' ? 'enabled' : 'disabled', v.running === undefined ? '' : yes(v.running) === '1' ? 'running' : 'stopped'].filter(Boolean).join(' '),
    data: (v) => ({ name: v.name, enabled: yes(v.enabled), running: yes(v.running) }),
    diagnostics: {
      SERVICE001: { severity: 'warning', message: "service '{name}' says neither enabled nor running: it checks nothing" },
    },
    rules: [
      {
        name: 'service-states',
        description: 'a service validator should ask for something',
        codes: ['SERVICE001'],
        check(ctx) {
          for (const node of ctx.nodes) {
            if (node.value.enabled === undefined && node.value.running === undefined) ctx.report('SERVICE001', node.keyLoc, { name: node.value.name });
          }
        },
      },
    ],
    template: api.readText('kinds/service.hbs'),
    runtimeFunctions: ['sip_service_ensure'],
    runtime: [{ name: 'demo-service', text: api.readText('kinds/service.sh') }],
  });
}
