// compiler/formats/cloud-config.ts and `compile --format cloud-config|user-data`.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'chai';
import { parse } from 'yaml';
import { CLOUD_PROGRAM, CLOUD_REPORT, cloudConfig, userData, userDataSizes } from '../../compiler/formats/cloud-config.js';
import { inProcess } from '../cli/run-cli.js';

interface Doc {
  write_files: { path: string; encoding?: string; content: string; permissions: string; owner: string }[];
  runcmd: string[][];
}

function programOf(doc: Doc): string {
  const f = doc.write_files[0]!;
  return f.encoding === 'gz+b64' ? gunzipSync(Buffer.from(f.content, 'base64')).toString('utf8') : f.content;
}

describe('formats: cloud-config and user-data', function () {
  this.timeout(60_000);
  const opts = { args: [['greeting', "it's \"quoted\"\n$(x)"]] as const, label: 'demo 1.0', compilerVersion: 'sip test' };

  it('a big program goes in as gz+b64 and comes out byte for byte; runcmd has the report path and the values', () => {
    const program = '#!/bin/bash\n' + Array.from({ length: 2000 }, (_x, i) => `echo line ${i}\n`).join('');
    const text = cloudConfig(program, opts);
    expect(text.startsWith('#cloud-config\n')).to.equal(true);
    const doc = parse(text) as Doc;
    expect(doc.write_files[0]!.encoding).to.equal('gz+b64');
    expect(doc.write_files[0]!.path).to.equal(CLOUD_PROGRAM);
    expect(doc.write_files[0]!.permissions).to.equal('0700');
    expect(programOf(doc)).to.equal(program);
    expect(doc.runcmd).to.deep.equal([['/bin/bash', CLOUD_PROGRAM, '--report', CLOUD_REPORT, '--greeting', "it's \"quoted\"\n$(x)"]]);
    expect(cloudConfig(program, opts)).to.equal(text); // deterministic
  });

  it('a program that does not compress is a literal block, exact for every ending and indentation', () => {
    for (const program of ['#!/bin/bash\n  indented first\n\n\ttab\n', 'no newline at the end', 'two newlines\n\n', ' leading space\n']) {
      // short texts: gzip's header and base64 make them longer
      const doc = parse(cloudConfig(program, opts)) as Doc;
      expect(doc.write_files[0]!.encoding, JSON.stringify(program)).to.equal(undefined);
      expect(programOf(doc), JSON.stringify(program)).to.equal(program);
    }
  });

  it('control characters force gz+b64 (a YAML block cannot hold them)', () => {
    const program = 'printf "\x1b[31m"\n';
    const doc = parse(cloudConfig(program, opts)) as Doc;
    expect(doc.write_files[0]!.encoding).to.equal('gz+b64');
    expect(programOf(doc)).to.equal(program);
  });

  it('user data is the program gzipped when that is smaller', () => {
    const program = '#!/bin/bash\n' + 'echo hello\n'.repeat(500);
    const out = userData(program);
    expect(out.subarray(0, 2).toString('hex')).to.equal('1f8b');
    expect(gunzipSync(out).toString()).to.equal(program);
    expect(userData('#!/bin/sh\n').toString()).to.equal('#!/bin/sh\n');
  });

  it('sizes: nothing up to 16 KB, a warning above EC2\'s 16 KB, an error above Nova\'s 65,535 after base64', () => {
    expect(userDataSizes(16384, 'fix')).to.deep.equal([]);
    const warn = userDataSizes(16385, 'FIX');
    expect(warn).to.have.length(1);
    expect(warn[0]!.severity).to.equal('warning');
    expect(warn[0]!.message).to.contain('16385 bytes (21848 after base64)').and.contain('EC2').and.contain('FIX');
    expect(userDataSizes(49149, 'f')[0]!.severity).to.equal('warning'); // 65532 after base64
    const err = userDataSizes(49152, 'FIX'); // 65536 after base64
    expect(err[0]!.severity).to.equal('error');
    expect(err[0]!.message).to.contain('65536 after base64').and.contain('Nova').and.contain('FIX');
  });

  describe('compile --format', () => {
    let dir: string;
    before(() => (dir = mkdtempSync(join(tmpdir(), 'sip-fmt-'))));
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('cloud-config of the demo plugin: compact, fits Nova; just over EC2, said in one warning', async () => {
      const out = join(dir, 'demo.yaml');
      const r = await inProcess(['compile', 'demo', '1.0', '--format', 'cloud-config', '-o', out]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.match(/warning: the user data is \d+ bytes .*above Amazon EC2's limit of 16384 bytes \(fits OpenStack Nova's 65535 after base64\)/);
      const doc = parse(readFileSync(out, 'utf8')) as Doc;
      const program = programOf(doc);
      const full = await inProcess(['compile', 'demo', '1.0']);
      expect(program.length).to.be.lessThan(full.stdout.length);
      const compact = await inProcess(['compile', 'demo', '1.0', '--compact']);
      expect(program).to.equal(compact.stdout);
      expect(Buffer.from(readFileSync(out)).toString('base64').length).to.be.at.most(65535);
    });

    it('user-data writes gzip; an unknown format is a usage error', async () => {
      const out = join(dir, 'ud');
      expect((await inProcess(['compile', 'demo', '1.0', '--format', 'user-data', '-o', out])).code).to.equal(0);
      expect(gunzipSync(readFileSync(out)).toString().startsWith('#!/bin/bash\n')).to.equal(true);
      const bad = await inProcess(['compile', 'demo', '1.0', '--format', 'xml']);
      expect(bad.code).to.equal(2);
      expect(bad.stderr).to.contain("--format must be bash, cloud-config, user-data, ansible, packer; not 'xml'");
    });

    it('a program too big for Nova: an error naming the sizes and the fix, exit 2, no file', async () => {
      writeFileSync(join(dir, 'big.sh'), '#!/bin/bash\n: ' + randomBytes(40_000).toString('base64') + '\n');
      writeFileSync(join(dir, 'big.yaml'), 'validators:\n  - script: big.sh\n');
      const out = join(dir, 'big-cc.yaml');
      const r = await inProcess(['compile', join(dir, 'big.yaml'), '--format', 'cloud-config', '-o', out]);
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/error: the user data is \d+ bytes \(\d+ after base64\): above OpenStack Nova's limit of 65535 bytes after base64; use fewer or smaller scripts/);
      expect(r.stderr).to.contain('no cloud-config written');
      expect(existsSync(out)).to.equal(false);
    });

    it('a secret\'s reference is not spelled out on the runcmd line (the program reads it)', async () => {
      writeFileSync(join(dir, 's.yaml'), 'arguments:\n  pw: {secret: true, required: true}\n  user: {default: a}\nvalidators:\n  - package: curl\n');
      const out = join(dir, 's-cc.yaml');
      const r = await inProcess(['compile', join(dir, 's.yaml'), '--format', 'cloud-config', '--set', 'pw=env:DB_PW', '--set', 'user=b', '-o', out]);
      expect(r.code, r.stderr).to.equal(0);
      const doc = parse(readFileSync(out, 'utf8')) as Doc;
      expect(doc.runcmd[0]!.slice(4)).to.deep.equal(['--user', 'b']);
      expect(programOf(doc)).to.match(/^SIP_ARG_DEFAULTS=\(env:DB_PW b\)$/m);
    });

    it('between the limits: a warning, and the file is written', async () => {
      writeFileSync(join(dir, 'mid.sh'), '#!/bin/bash\n: ' + randomBytes(15_000).toString('base64') + '\n');
      writeFileSync(join(dir, 'mid.yaml'), 'validators:\n  - script: mid.sh\n');
      const out = join(dir, 'mid-ud');
      const r = await inProcess(['compile', join(dir, 'mid.yaml'), '--format', 'user-data', '-o', out]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stderr).to.contain("warning: the user data is").and.contain("above Amazon EC2's limit of 16384 bytes");
      expect(existsSync(out)).to.equal(true);
    });
  });
});
