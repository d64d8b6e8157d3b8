// Sanity tests of the test environments themselves (test/support/envs.ts, test/envs/*.sh):
// the cached roots, the offline package repositories in them, and the overlay runner.
import { expect } from 'chai';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { ensureRoot, openRoot, type RootKind, type RootSession } from './support/envs.js';

const BUILD_TIMEOUT = 300_000;

/** Opens a session per test and disposes of it afterwards. */
function sessionPerTest(kind: RootKind): () => RootSession {
  let s: RootSession | undefined;
  before(async function () {
    this.timeout(BUILD_TIMEOUT);
    await ensureRoot(kind);
  });
  beforeEach(async () => {
    s = await openRoot(kind);
  });
  afterEach(async () => {
    await s?.dispose();
    s = undefined;
  });
  return () => {
    if (!s) throw new Error('no session');
    return s;
  };
}

/** Host processes whose command line contains `marker`. */
function hostProcessesWith(marker: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmd.includes(marker)) found.push(`${pid}: ${cmd}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('test environments', function () {
  describe('debian root', function () {
    const session = sessionPerTest('debian');

    it('is Debian with nothing of ours installed', async function () {
      const s = session();
      const q = await s.sh('dpkg-query -W sip-hello');
      expect(q.code).to.equal(1);
      expect(q.stderr).to.match(/no packages found matching sip-hello/);
      expect((await s.readFile('/etc/debian_version'))?.toString()).to.match(/^12\./);
      expect((await s.readFile('/etc/apt/sources.list'))?.toString()).to.equal(
        'deb [trusted=yes] file:/srv/sip-repo ./\n',
      );
    });

    it('installs a pinned version offline, and the change lands in the upper dir', async function () {
      const s = session();
      const r = await s.sh('DEBIAN_FRONTEND=noninteractive apt-get install -y sip-hello=1.0-1');
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.equal(''); // apt-utils is there: no "debconf: delaying package configuration"
      expect((await s.readFile('/usr/share/sip/sip-hello'))?.toString()).to.equal('1.0-1\n');
      expect(readFileSync(path.join(s.upper, 'usr/share/sip/sip-hello'), 'utf8')).to.equal('1.0-1\n');
      const q = await s.sh("dpkg-query -W -f '${db:Status-Abbrev}${Version}' sip-hello");
      expect(q).to.deep.equal({ code: 0, stdout: 'ii 1.0-1', stderr: '' });
      // the cached root is untouched
      expect(existsSync(path.join(s.root, 'usr/share/sip/sip-hello'))).to.equal(false);
    });

    it('serves every test package: two versions, an epoch, a dependency, 300 more', async function () {
      const s = session();
      const r = await s.sh(
        'apt-cache madison sip-hello | cut -d"|" -f2 | tr -d " "; ' +
          'apt-cache show sip-world | sed -n "s/^Version: //p"; ' +
          'apt-cache pkgnames sip-p | wc -l',
      );
      expect(r.stdout).to.equal('2.0-1\n1.0-1\n1:3.1-2\n300\n');
      const i = await s.sh('apt-get install -y -q sip-dep sip-world sip-p300 >/dev/null && cat /usr/share/sip/*');
      expect(i.code, i.stderr).to.equal(0);
      expect(i.stdout).to.equal('1.0-1\n2.0-1\n1.0-1\n1:3.1-2\n'); // sip-dep, sip-hello, sip-p300, sip-world
    });

    it('handles missing package lists like a fresh system, still offline', async function () {
      const s = session();
      await s.sh('rm -f /var/lib/apt/lists/*_Packages');
      const miss = await s.sh('apt-get install -y sip-tool');
      expect(miss.code).to.equal(100);
      expect(miss.stderr).to.match(/Unable to locate package sip-tool/);
      const upd = await s.sh('apt-get update -q && apt-get install -y -q sip-tool');
      expect(upd.code, upd.stderr).to.equal(0);
      expect((await s.readFile('/usr/share/sip/sip-tool'))?.toString()).to.equal('1.0-1\n');
    });

    it('returns the exit status, stdout and stderr exactly and separately', async function () {
      const s = session();
      const r = await s.run('printf "out\\n\\n"; printf "err" >&2; printf "|%s" "$@" >&2; exit 7', ['a b', '$x;`y`', '']);
      expect(r).to.deep.equal({ code: 7, stdout: 'out\n\n', stderr: 'err|a b|$x;`y`|' });
      const k = await s.sh('kill -TERM $$');
      expect(k.code).to.equal(128 + 15);
      const prog = await s.readFile('/root/prog.sh');
      expect(prog?.toString()).to.match(/^printf "out/);
      expect((await s.sh('stat -c %a /root/prog.sh')).stdout).to.equal('700\n');
    });

    it('runs with a clean environment, stdin /dev/null and no network', async function () {
      const s = session();
      const r = await s.run('env | grep -v "^_=\\|^SHLVL=\\|^PWD=" | sort; readlink /proc/self/fd/0; ls /sys/class/net; pwd', [], {
        env: { FOO: 'x y', LANG: 'C.UTF-8' },
      });
      expect(r.stdout).to.equal(
        'FOO=x y\nHOME=/root\nLANG=C.UTF-8\nPATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n' +
          '/dev/null\nlo\n/\n',
      );
      const cat = await s.sh('cat; echo "rc=$?"');
      expect(cat.stdout).to.equal('rc=0\n');
      const net = await s.sh('exec 3<>/dev/tcp/127.0.0.1/9 || exit 9; echo connected');
      expect(net.code).to.equal(9);
    });

    it('keeps state within a session, and sessions apart', async function () {
      const s = session();
      await s.sh('echo one > /root/marker');
      expect((await s.sh('cat /root/marker')).stdout).to.equal('one\n');
      const other = await openRoot('debian');
      try {
        expect(await other.readFile('/root/marker')).to.equal(undefined);
        expect((await other.sh('test -e /root/marker; echo $?')).stdout).to.equal('1\n');
      } finally {
        await other.dispose();
      }
      expect(existsSync(path.join(s.root, 'root/marker'))).to.equal(false);
      expect(existsSync(path.join(s.upper, 'root/marker'))).to.equal(true);
    });

    it('leaves no process behind', async function () {
      const s = session();
      const marker = `sip-orphan-${process.pid}-${Date.now()}`;
      const t0 = Date.now();
      const r = await s.sh(`(exec -a ${marker} sleep 300) </dev/null >/dev/null 2>&1 & echo started`);
      expect(r.stdout).to.equal('started\n');
      expect(Date.now() - t0).to.be.below(20_000);
      expect(hostProcessesWith(marker)).to.deep.equal([]);
    });

    it('kills a run that times out, with everything it started', async function () {
      const s = session();
      const marker = `sip-timeout-${process.pid}-${Date.now()}`;
      let error: unknown;
      try {
        await s.sh(`(exec -a ${marker} sleep 300) & exec -a ${marker} sleep 301`, { timeoutMs: 1000 });
      } catch (e) {
        error = e;
      }
      expect(String(error)).to.match(/timed out after 1000 ms/);
      await new Promise((r) => setTimeout(r, 200));
      expect(hostProcessesWith(marker)).to.deep.equal([]);
      expect((await s.sh('echo still usable')).stdout).to.equal('still usable\n');
    });

  });

  describe('rhel-like root', function () {
    const session = sessionPerTest('rhel');

    it('looks like Rocky Linux 9 to detection and tool probes', async function () {
      const s = session();
      const r = await s.sh(
        '. /etc/os-release; echo "$ID|$ID_LIKE|$VERSION_ID|$PLATFORM_ID"; cat /etc/redhat-release; ' +
          'test -e /etc/debian_version && echo has-debian_version; ' +
          'for t in dpkg dpkg-query apt apt-get; do command -v $t && echo "found $t"; done; ' +
          'readlink /usr/bin/yum; command -v rpm dnf',
      );
      expect(r.stdout).to.equal(
        'rocky|rhel centos fedora|9.3|platform:el9\nRocky Linux release 9.3 (Blue Onyx)\ndnf\n/usr/bin/rpm\n/usr/bin/dnf\n',
      );
    });

    it('runs rpm -q and dnf offline', async function () {
      const s = session();
      expect((await s.sh('rpm -q sip-release')).stdout).to.equal('sip-release-9.3-1.noarch\n');
      const missing = await s.sh('rpm -q sip-tool');
      expect(missing.code).to.equal(1);
      expect(missing.stdout).to.equal('package sip-tool is not installed\n');
      const inst = await s.sh('dnf -y install sip-tool');
      expect(inst.code, inst.stderr).to.equal(0);
      expect(inst.stderr).not.to.match(/Failed to set locale|Unable to detect release version/);
      expect((await s.sh('rpm -q sip-tool')).stdout).to.equal('sip-tool-1.0-1.noarch\n');
      expect(existsSync(path.join(s.upper, 'usr/share/sip/sip-tool'))).to.equal(true);
      const down = await s.sh('dnf -y install sip-hello-1.0 >/dev/null && rpm -q sip-hello-1.0 && dnf -y install sip-hello-2.0 >/dev/null && rpm -q sip-hello',
      );
      expect(down.stdout).to.equal('sip-hello-1.0-1.noarch\nsip-hello-2.0-1.noarch\n');
      expect((await s.readFile('/usr/share/sip/sip-hello'))?.toString()).to.equal('2.0-1\n');
      const epoch = await s.sh('yum -y install sip-world sip-p042 >/dev/null && rpm -q --qf "%{EPOCH}:%{VERSION}-%{RELEASE}\\n" sip-world');
      expect(epoch.stdout).to.equal('1:3.1-2\n');
      const unknown = await s.sh('dnf -y install sip-nonexistent');
      expect(unknown.code).to.equal(1);
      expect(unknown.stderr).to.match(/Unable to find a match/);
    });

    it('does not share changes between sessions', async function () {
      const s = session();
      expect((await s.sh('dnf -y install sip-tool')).code).to.equal(0);
      const other = await openRoot('rhel');
      try {
        expect((await other.sh('rpm -q sip-tool')).code).to.equal(1);
      } finally {
        await other.dispose();
      }
    });
  });
});
