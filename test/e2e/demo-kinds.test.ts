/**
 * The demo plugin's own kinds, `file` and `service` (plugins/demo/kinds/), really run in the
 * Debian and the RHEL-like test roots, in both modes. systemd does not run in the roots (as
 * in an image being built), so `service` takes its offline path: unit symlinks, rc tools.
 */
import { expect } from 'chai';
import { compileWithDemoKinds } from './demo-kinds-support.js';
import { describeRoot, expectCode, readText, type RootSession } from './support.js';

const FILES = `
validators:
  - file:
      path: /etc/sip-demo/inline.conf
      content: "a = 1\\nit's $(not) run\\n"
  - file:
      path: /etc/sip-demo/deep/from-source.bin
      source: data/blob.bin
      mode: "0600"
      owner: daemon:daemon
  - file:
      path: /etc/sip-demo/empty
      content:
      mode: "4750"
      owner: "0"
`;
const BLOB = Buffer.from([0x00, 0xff, 0x0a, 0x41, 0x00, 0x0a]);

const stat = async (s: RootSession, path: string): Promise<string> => (await s.sh(`stat -c '%a %U:%G %i %F' ${path}`)).stdout.trim();

const UNIT = '[Unit]\nDescription=test\n\n[Service]\nExecStart=/bin/true\n\n[Install]\nWantedBy=multi-user.target\nRequiredBy=sip-extra.target\n';
const SERVICES = (enabled: string, running = ''): string => `
validators:
  - service:
      name: sip-unit
      enabled: ${enabled}
${running === '' ? '' : `      running: ${running}\n`}  - service:
      name: sip-legacy.service
      enabled: ${enabled}
`;
const LEGACY = `#!/bin/sh
### BEGIN INIT INFO
# Provides:          sip-legacy
# Required-Start:
# Required-Stop:
# Default-Start:     2 3 4 5
# Default-Stop:      0 1 6
# Short-Description: test
### END INIT INFO
exit 0
`;

for (const root of ['debian', 'rhel'] as const) {
  describeRoot(`e2e ${root}: the demo plugin's file kind`, root, (session) => {
    let program: string;
    before(async () => {
      program = await compileWithDemoKinds(FILES, { 'data/blob.bin': BLOB });
    });

    it('test-only on a fresh root exits 1 naming each missing file, and writes nothing', async () => {
      const s = session();
      const r = await s.run(program, ['--test-only']);
      expectCode(r, 1);
      expect(r.stderr).to.contain('/etc/sip-demo/inline.conf: missing');
      expect((await s.sh('ls /etc/sip-demo 2>&1')).code).to.not.equal(0);
    });

    it('reconcile writes the bytes, mode and owner, making the directories', async () => {
      const s = session();
      const r = await s.run(program);
      expectCode(r, 0);
      expect(await readText(s, '/etc/sip-demo/inline.conf')).to.equal("a = 1\nit's $(not) run\n");
      expect(await s.readFile('/etc/sip-demo/deep/from-source.bin')).to.deep.equal(BLOB);
      expect(await stat(s, '/etc/sip-demo/deep/from-source.bin')).to.match(/^600 daemon:daemon \d+ regular file$/);
      expect(await stat(s, '/etc/sip-demo/inline.conf')).to.match(/^644 root:root /);
      expect(await stat(s, '/etc/sip-demo/empty')).to.match(/^4750 root:root \d+ regular empty file$/);
      expect(await stat(s, '/etc/sip-demo/deep')).to.match(/^755 root:root \d+ directory$/);
      expect((await s.sh('ls -A /etc/sip-demo /etc/sip-demo/deep')).stdout, 'no temp file left').to.not.contain('.sip-');
    });

    it('then test-only passes, and a second reconcile changes nothing', async () => {
      const s = session();
      expectCode(await s.run(program, ['--test-only']), 0);
      const again = await s.run(program);
      expectCode(again, 0);
      expect(again.stderr).to.match(/reconcile: \d+ ok, 0 changed/);
    });

    it('test-only names a wrong mode, owner or contents; reconcile fixes mode and owner in place and replaces contents by rename', async () => {
      const s = session();
      const inodeBefore = (await stat(s, '/etc/sip-demo/inline.conf')).split(' ')[2];
      const blobInode = (await stat(s, '/etc/sip-demo/deep/from-source.bin')).split(' ')[2];
      expectCode(await s.sh('chmod 0666 /etc/sip-demo/inline.conf && chown root:root /etc/sip-demo/deep/from-source.bin && printf x >>/etc/sip-demo/empty'), 0);
      const check = await s.run(program, ['--test-only', '--keep-going']);
      expectCode(check, 1);
      expect(check.stderr).to.contain('/etc/sip-demo/inline.conf: mode 666, not 644');
      expect(check.stderr).to.contain('/etc/sip-demo/deep/from-source.bin: owner is not daemon:daemon');
      expect(check.stderr).to.contain('/etc/sip-demo/empty: contents differ');
      const fix = await s.run(program);
      expectCode(fix, 0);
      expect(await stat(s, '/etc/sip-demo/inline.conf')).to.match(new RegExp(`^644 root:root ${inodeBefore} `));
      expect(await stat(s, '/etc/sip-demo/deep/from-source.bin')).to.match(new RegExp(`^600 daemon:daemon ${blobInode} `));
      expect(await stat(s, '/etc/sip-demo/empty')).to.match(/^4750 root:root \d+ regular empty file$/);
      expectCode(await s.run(program, ['--test-only']), 0);
    });

    it('replaces a symlink at the path instead of writing through it', async () => {
      const s = session();
      expectCode(await s.sh('rm /etc/sip-demo/inline.conf && echo keep >/root/target && ln -s /root/target /etc/sip-demo/inline.conf'), 0);
      const check = await s.run(program, ['--test-only']);
      expectCode(check, 1);
      expect(check.stderr).to.contain('/etc/sip-demo/inline.conf: not a regular file');
      expectCode(await s.run(program), 0);
      expect(await readText(s, '/root/target')).to.equal('keep\n');
      expect(await stat(s, '/etc/sip-demo/inline.conf')).to.match(/regular file$/);
    });
  });

  describeRoot(`e2e ${root}: the demo plugin's service kind (systemd not running)`, root, (session) => {
    before(async () => {
      const s = session();
      const r = await s.sh(
        `set -e; mkdir -p /lib/systemd/system; printf '%s' '${UNIT}' >/lib/systemd/system/sip-unit.service\n` +
          `cat >/etc/init.d/sip-legacy <<'EOF'\n${LEGACY}EOF\nchmod 0755 /etc/init.d/sip-legacy`,
      );
      expectCode(r, 0);
    });
    const links = ['/etc/systemd/system/multi-user.target.wants/sip-unit.service', '/etc/systemd/system/sip-extra.target.requires/sip-unit.service'];
    const linkTargets = async (s: RootSession): Promise<string[]> => Promise.all(links.map(async (l) => (await s.sh(`readlink ${l}`)).stdout.trim()));
    const rcLinks = async (s: RootSession): Promise<string> => (await s.sh('ls /etc/rc2.d /etc/rc3.d /etc/rc.d/rc3.d 2>/dev/null | grep sip-legacy')).stdout;

    it('test-only: a disabled unit and init script fail "enabled: true", and nothing is written', async () => {
      const s = session();
      const r = await s.run(await compileWithDemoKinds(SERVICES('true')), ['--test-only']);
      expectCode(r, 1);
      expect(r.stderr).to.contain('service sip-unit is disabled, not enabled');
      expect(await linkTargets(s)).to.deep.equal(['', '']);
    });

    it('reconcile enables: the WantedBy/RequiredBy symlinks, and rc links through the rc tool', async () => {
      const s = session();
      const r = await s.run(await compileWithDemoKinds(SERVICES('true', 'true')));
      expectCode(r, 0);
      // /lib is /usr/lib in both roots (merged /usr): the unit is found there first
      for (const t of await linkTargets(s)) expect(t).to.match(/^(\/usr)?\/lib\/systemd\/system\/sip-unit\.service$/);
      expect(await rcLinks(s)).to.match(/S\d\dsip-legacy/);
      expect(r.stderr).to.contain("systemd is not running here, so 'running' is left to boot");
    });

    it('then test-only passes (running is not checked without systemd), and a second reconcile changes nothing', async () => {
      const s = session();
      const program = await compileWithDemoKinds(SERVICES('true', 'yes'));
      expectCode(await s.run(program, ['--test-only']), 0);
      const again = await s.run(program);
      expectCode(again, 0);
      expect(again.stderr).to.match(/reconcile: \d+ ok, 0 changed/);
    });

    it('"enabled: false" disables: test-only fails first, reconcile removes the links', async () => {
      const s = session();
      const program = await compileWithDemoKinds(SERVICES('false'));
      const check = await s.run(program, ['--test-only']);
      expectCode(check, 1);
      expect(check.stderr).to.contain('service sip-unit is enabled, not disabled');
      expectCode(await s.run(program), 0);
      expect(await linkTargets(s)).to.deep.equal(['', '']);
      expect(await rcLinks(s)).to.not.match(/S\d\dsip-legacy/);
      expectCode(await s.run(program, ['--test-only']), 0);
    });

    it('an unknown service fails in both modes, naming it', async () => {
      const s = session();
      const program = await compileWithDemoKinds('validators:\n  - service: {name: sip-nowhere, enabled: true}\n');
      for (const args of [['--test-only'], []]) {
        const r = await s.run(program, args);
        expectCode(r, 1);
        expect(r.stderr).to.contain('service sip-nowhere: no such unit or init script');
      }
    });
  });
}

/**
 * Where systemd runs, `service` asks systemctl. systemd cannot run in the test roots, so a
 * stand-in systemctl (a shell script keeping unit states in /root/units/) answers, and the
 * program is started with /run/systemd/system present (the roots' /run is a tmpfs per run).
 */
const FAKE_SYSTEMCTL = `#!/bin/sh
# stand-in systemctl: state files /root/units/NAME.enabled and NAME.active; logs each call
printf '%s\\n' "systemctl $*" >>/root/systemctl.log
q=0; [ "$1" = "--quiet" ] && shift
cmd=$1; shift; [ "$1" = "--quiet" ] && shift; [ "$1" = "--" ] && shift
u=/root/units/$1
case $cmd in
  cat) [ -e "$u.known" ] ;;
  is-enabled) [ -e "$u.enabled" ] ;;
  is-active) [ -e "$u.active" ] ;;
  enable) touch "$u.enabled" ;;
  disable) rm -f "$u.enabled" ;;
  start) touch "$u.active" ;;
  stop) rm -f "$u.active" ;;
  *) exit 64 ;;
esac
`;

for (const root of ['debian', 'rhel'] as const) {
  describeRoot(`e2e ${root}: the demo plugin's service kind with systemd running (stand-in systemctl)`, root, (session) => {
    before(async () => {
      const s = session();
      const r = await s.sh(`set -e; mkdir -p /root/units; : >/root/units/sip-web.known\ncat >/usr/local/sbin/systemctl <<'EOF'\n${FAKE_SYSTEMCTL}EOF\nchmod 0755 /usr/local/sbin/systemctl`);
      expectCode(r, 0);
    });
    /** Run the program with /run/systemd/system present; the calls systemctl got. */
    const runOnline = async (s: RootSession, program: string, args: string[]): Promise<{ code: number; stderr: string; calls: string[] }> => {
      expectCode(await s.run(program, ['--help']), 0); // puts the program at /root/prog.sh
      const r = await s.sh(`: >/root/systemctl.log; mkdir -p /run/systemd/system; bash /root/prog.sh ${args.join(' ')}; rc=$?; cat /root/systemctl.log >&2; exit $rc`);
      return { code: r.code, stderr: r.stderr, calls: r.stderr.split('\n').filter((l) => l.startsWith('systemctl ')) };
    };
    const MANIFEST = (enabled: string, running: string): string => `validators:\n  - service: {name: sip-web, enabled: ${enabled}, running: ${running}}\n`;

    it('test-only asks systemctl is-enabled, fails naming the state, changes nothing', async () => {
      const s = session();
      const r = await runOnline(s, await compileWithDemoKinds(MANIFEST('yes', 'yes')), ['--test-only']);
      expect(r.code, r.stderr).to.equal(1);
      expect(r.stderr).to.contain('service sip-web is disabled, not enabled');
      expect(r.calls).to.deep.equal(['systemctl is-enabled --quiet -- sip-web', 'systemctl cat -- sip-web']);
    });

    it('reconcile enables and starts; test-only then passes; a second reconcile calls no enable/start', async () => {
      const s = session();
      const program = await compileWithDemoKinds(MANIFEST('yes', 'yes'));
      const r = await runOnline(s, program, []);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.calls).to.include('systemctl enable --quiet -- sip-web').and.include('systemctl start -- sip-web');
      expect((await runOnline(s, program, ['--test-only'])).code).to.equal(0);
      const again = await runOnline(s, program, []);
      expect(again.code).to.equal(0);
      expect(again.calls.filter((c) => /enable --|start --/.test(c))).to.deep.equal([]);
    });

    it('disabled and stopped: disable and stop', async () => {
      const s = session();
      const program = await compileWithDemoKinds(MANIFEST('no', 'no'));
      expect((await runOnline(s, program, ['--test-only'])).stderr).to.contain('service sip-web is enabled, not disabled');
      const r = await runOnline(s, program, []);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.calls).to.include('systemctl disable --quiet -- sip-web').and.include('systemctl stop -- sip-web');
      expect((await runOnline(s, program, ['--test-only'])).code).to.equal(0);
    });
  });
}
