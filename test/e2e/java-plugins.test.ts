// The bundled vanilla (Hadoop) and spark plugins, for real in the Debian and RHEL-like test
// roots: fake release archives on a mirror at 127.0.0.1 inside the root, the JRE stand-in
// packages of the offline repositories (test/envs/make-*-repo.sh). Test-only first (exact:
// what is missing, nothing changed, nothing downloaded), reconcile (installs), reconcile
// again (changes nothing, downloads nothing), test-only (passes), drift, a bad checksum.
import { expect } from 'chai';
import { pluginProgram } from '../support/plugin-program.js';
import { changedFiles, debVersion, describeRoot, expectCode, readText, rpmVersion, type RootSession } from './support.js';
import { fakeRelease, MIRROR, putProgram, runWithMirror, takeDownloads, type FakeRelease } from './java-plugins-support.js';

const HADOOP_FILES = {
  'bin/hadoop': '#!/bin/sh\necho "Hadoop 3.4.1 (fake)"\n',
  'sbin/start-dfs.sh': '#!/bin/sh\nexit 0\n',
  'etc/hadoop/hadoop-env.sh': '# The fake release\'s own hadoop-env.sh\n# export JAVA_HOME=\n',
  'share/doc/hadoop/README.txt': 'a fake Hadoop release for the sahara-image-pack tests\n',
};
const SPARK_FILES = {
  'bin/spark-shell': '#!/bin/sh\necho "Spark 3.5.3 (fake)"\n',
  'conf/spark-env.sh.template': '# template\n',
  'jars/spark-core.jar': 'not really a jar\n',
};

/** Run a program with the mirror; the lines it printed that say it changed something. */
async function reconcile(s: RootSession, program: string, args: readonly string[] = []) {
  const r = await runWithMirror(s, program, args);
  return { ...r, changes: r.stderr.split('\n').filter((l) => /^(installed|created|made|wrote): /.test(l)) };
}

function javaChecks(kind: 'debian' | 'rhel') {
  return kind === 'debian'
    ? { pkg: 'openjdk-17-jre-headless', javaHome: '/usr/lib/jvm/java-17-openjdk-amd64', version: (s: RootSession) => debVersion(s, 'openjdk-17-jre-headless') }
    : { pkg: 'java-17-openjdk-headless', javaHome: '/usr/lib/jvm/java-17-openjdk', version: (s: RootSession) => rpmVersion(s, 'java-17-openjdk-headless') };
}

for (const kind of ['debian', 'rhel'] as const) {
  describeRoot(`e2e ${kind}: the vanilla and spark plugins`, kind, (session) => {
    const java = javaChecks(kind);
    let hadoop: FakeRelease;
    let spark: FakeRelease;
    before(async () => {
      const s = session();
      hadoop = fakeRelease(s, 'hadoop-3.4.1.tar.gz', 'hadoop-3.4.1', HADOOP_FILES);
      spark = fakeRelease(s, 'spark-3.5.3-bin-hadoop3.tgz', 'spark-3.5.3-bin-hadoop3', SPARK_FILES);
      // the URL baked in, as a site would with --set (or a config file); the checksum from the .sha512 beside it
      putProgram(s, 'vanilla.sh', await pluginProgram('vanilla', '3.4', { hadoop_url: `${MIRROR}/${hadoop.file}` }));
      putProgram(s, 'spark.sh', await pluginProgram('spark', '3.5', { spark_url: `${MIRROR}/${spark.file}`, spark_checksum: `sha256:${spark.sha256}` }));
    });

    it('vanilla test-only on a fresh system: exit 1, exactly what is missing, nothing changed or downloaded', async () => {
      const s = session();
      const before = await changedFiles(s);
      const r = await runWithMirror(s, 'vanilla.sh', ['--test-only', '--keep-going']);
      expectCode(r, 1);
      for (const line of [
        `package ${java.pkg}`,
        'missing: group hadoop',
        'missing: user hadoop',
        'missing: /opt/hadoop-3.4.1 (hadoop 3.4.1)',
        'missing: /opt/hadoop -> hadoop-3.4.1',
        'missing: /var/lib/hadoop',
        'missing: /var/log/hadoop',
        'missing: /opt/hadoop/etc/hadoop/hadoop-env.sh (is Hadoop unpacked?)',
      ]) {
        expect(r.stderr, line).to.contain(line);
      }
      expect(await takeDownloads(s)).to.deep.equal([]);
      // (rpm's sqlite database leaves its -shm/-wal files even after a read)
      const ours = (files: string[]) => files.filter((f) => !f.startsWith('root/') && !/^var\/lib\/rpm\/rpmdb\.sqlite-(shm|wal)$/.test(f));
      expect(ours(await changedFiles(s))).to.deep.equal(ours(before));
      expect(await java.version(s)).to.equal('');
    });

    it('vanilla reconcile installs Java, the user, the release, its folders and environment', async () => {
      const s = session();
      const r = await reconcile(s, 'vanilla.sh');
      expectCode(r, 0);
      expect(await java.version(s)).to.equal('99.0-1');
      expect(await takeDownloads(s)).to.deep.equal([`GET /${hadoop.file}`, `GET /${hadoop.file}.sha512`]);
      const facts = await s.sh(
        'getent passwd hadoop | cut -d: -f6,7; getent group hadoop | cut -d: -f1; readlink /opt/hadoop; stat -c "%U:%G %a" /opt/hadoop-3.4.1 /opt/hadoop/bin/hadoop /var/lib/hadoop /var/log/hadoop; /opt/hadoop/bin/hadoop',
      );
      expectCode(facts, 0);
      expect(facts.stdout.split('\n')).to.deep.equal(['/var/lib/hadoop:/usr/sbin/nologin', 'hadoop', 'hadoop-3.4.1', 'root:root 755', 'root:root 755', 'hadoop:hadoop 750', 'hadoop:hadoop 755', 'Hadoop 3.4.1 (fake)', '']);
      expect(await readText(s, '/opt/hadoop-3.4.1/.sahara-image-pack')).to.equal(`version=3.4.1\nurl=${MIRROR}/${hadoop.file}\nchecksum=sha512:${hadoop.sha512}\n`);
      expect(await readText(s, '/etc/profile.d/hadoop.sh')).to.equal(
        [
          '# Written by sahara-image-pack (hadoop plugin); changes are overwritten.',
          `export JAVA_HOME=${java.javaHome}`,
          'export HADOOP_HOME=/opt/hadoop',
          'export HADOOP_CONF_DIR=/opt/hadoop/etc/hadoop',
          'export HADOOP_LOG_DIR=/var/log/hadoop',
          'case :$PATH: in *:/opt/hadoop/bin:*) ;; *) PATH=$PATH:/opt/hadoop/bin:/opt/hadoop/sbin ;; esac',
          'export PATH',
          '',
        ].join('\n'),
      );
      expect(await readText(s, '/opt/hadoop/etc/hadoop/hadoop-env.sh')).to.equal(`${HADOOP_FILES['etc/hadoop/hadoop-env.sh']}# sahara-image-pack: JAVA_HOME for the Hadoop daemons\nexport JAVA_HOME=${java.javaHome}\n`);
      // a login shell sees it all
      const login = await s.sh('. /etc/profile.d/hadoop.sh && hadoop && echo "$JAVA_HOME" && java -version');
      expect(login.stdout).to.equal(`Hadoop 3.4.1 (fake)\n${java.javaHome}\n`);
      expect(login.stderr).to.contain('openjdk version "17.0.99"');
    });

    it('vanilla reconcile again changes nothing and downloads nothing; test-only passes', async () => {
      const s = session();
      const stamp = await s.sh('stat -c "%n %Y %i" /opt/hadoop-3.4.1 /opt/hadoop /etc/profile.d/hadoop.sh /opt/hadoop/etc/hadoop/hadoop-env.sh');
      const again = await reconcile(s, 'vanilla.sh');
      expectCode(again, 0);
      expect(again.changes).to.deep.equal([]);
      expect(await takeDownloads(s)).to.deep.equal([]);
      expect((await s.sh('stat -c "%n %Y %i" /opt/hadoop-3.4.1 /opt/hadoop /etc/profile.d/hadoop.sh /opt/hadoop/etc/hadoop/hadoop-env.sh')).stdout).to.equal(stamp.stdout);
      expectCode(await runWithMirror(s, 'vanilla.sh', ['--test-only']), 0);
    });

    it('drift is found by test-only and repaired by reconcile', async () => {
      const s = session();
      expectCode(await s.sh('echo "export JAVA_HOME=/elsewhere" >>/etc/profile.d/hadoop.sh && chmod 0700 /var/log/hadoop'), 0);
      const check = await runWithMirror(s, 'vanilla.sh', ['--test-only', '--keep-going']);
      expectCode(check, 1);
      expect(check.stderr).to.contain('different: /etc/profile.d/hadoop.sh');
      expect(check.stderr).to.contain('wrong: /var/log/hadoop is hadoop:hadoop 700, not hadoop:hadoop 755');
      expect(check.stderr).to.not.match(/missing: /);
      const fix = await reconcile(s, 'vanilla.sh');
      expectCode(fix, 0);
      expect(fix.changes).to.deep.equal(['made: /var/log/hadoop (hadoop:hadoop 755)', 'wrote: /etc/profile.d/hadoop.sh']);
      expectCode(await runWithMirror(s, 'vanilla.sh', ['--test-only']), 0);
    });

    it('a checksum that does not match: reconcile fails and leaves the installed release as it was', async () => {
      const s = session();
      const bad = await runWithMirror(s, 'vanilla.sh', ['--hadoop_checksum', `sha256:${'0'.repeat(64)}`]);
      expectCode(bad, 1);
      expect(bad.stderr).to.contain(`checksum mismatch for ${MIRROR}/${hadoop.file}: sha256 ${hadoop.sha256}, expected ${'0'.repeat(64)}`);
      expect(await readText(s, '/opt/hadoop-3.4.1/.sahara-image-pack')).to.contain(`checksum=sha512:${hadoop.sha512}`);
      expect((await s.sh('ls -A /opt')).stdout).to.equal('hadoop\nhadoop-3.4.1\n');
      expectCode(await runWithMirror(s, 'vanilla.sh', ['--test-only']), 0);
    });

    it('spark on the same base: Java is already there; its own user, release and environment', async () => {
      const s = session();
      const check = await runWithMirror(s, 'spark.sh', ['--test-only', '--keep-going']);
      expectCode(check, 1);
      expect(check.stderr).to.match(new RegExp(`package ${java.pkg}\\s+ok\\n`));
      expect(check.stderr).to.contain('missing: user spark').and.contain('missing: /opt/spark-3.5.3 (spark 3.5.3)');
      await takeDownloads(s);
      const r = await reconcile(s, 'spark.sh');
      expectCode(r, 0);
      // the checksum was given, so only the archive is fetched
      expect(await takeDownloads(s)).to.deep.equal([`GET /${spark.file}`]);
      expect(await readText(s, '/opt/spark-3.5.3/.sahara-image-pack')).to.equal(`version=3.5.3\nurl=${MIRROR}/${spark.file}\nchecksum=sha256:${spark.sha256}\n`);
      const login = await s.sh('. /etc/profile.d/spark.sh && spark-shell && echo "$SPARK_HOME $SPARK_CONF_DIR $JAVA_HOME" && stat -c "%U:%G" /var/lib/spark');
      expect(login.stdout).to.equal(`Spark 3.5.3 (fake)\n/opt/spark /opt/spark/conf ${java.javaHome}\nspark:spark\n`);
      const again = await reconcile(s, 'spark.sh');
      expectCode(again, 0);
      expect(again.changes).to.deep.equal([]);
      expect(await takeDownloads(s)).to.deep.equal([]);
      expectCode(await runWithMirror(s, 'spark.sh', ['--test-only']), 0);
      // vanilla is still satisfied beside it
      expectCode(await runWithMirror(s, 'vanilla.sh', ['--test-only']), 0);
    });
  });
}
