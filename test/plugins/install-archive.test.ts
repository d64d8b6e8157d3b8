// plugins/common/java-apps/install-archive.sh on its own, against a node HTTP server on
// 127.0.0.1: the three downloaders (curl, wget, bash's /dev/tcp), the .sha512 forms, and the
// archives and answers it must refuse without touching what is installed.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { bundledPluginDir } from '../../compiler/plugins/registry.js';

const SCRIPT = join(bundledPluginDir(), 'common', 'java-apps', 'install-archive.sh');
const run = promisify(execFile);

describe('plugins: install-archive.sh (download, verify, unpack)', function () {
  this.timeout(60_000);
  let dir: string;
  let server: Server;
  let base: string;
  const files = new Map<string, Buffer>();
  const served: string[] = [];
  /** A bin folder with only the tools named (plus what the script needs), to choose the downloader. */
  let bins: Record<'curl' | 'wget' | 'bash', string>;

  function tarball(name: string, tops: readonly string[]): Buffer {
    const work = mkdtempSync(join(dir, 'src-'));
    for (const t of tops) {
      mkdirSync(join(work, t, 'bin'), { recursive: true });
      writeFileSync(join(work, t, 'bin', 'tool'), `#!/bin/sh\necho ${t}\n`, { mode: 0o755 });
    }
    const out = join(dir, name);
    execFileSync('tar', ['-czf', out, '-C', work, ...tops]);
    return readFileSync(out);
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sip-archive-'));
    server = createServer((req, res) => {
      served.push(req.url ?? '');
      const body = files.get(req.url ?? '');
      if (body === undefined) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'Content-Length': body.length }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const good = tarball('app-1.0.tar.gz', ['app-1.0']);
    const sha512 = createHash('sha512').update(good).digest('hex');
    files.set('/app-1.0.tar.gz', good);
    files.set('/app-1.0.tar.gz.sha512', Buffer.from(`SHA512 (app-1.0.tar.gz) = ${sha512}\n`));
    files.set('/old/app-1.0.tar.gz', good);
    // the old Apache form: upper case, in groups, over two lines
    const groups = sha512.toUpperCase().match(/.{1,8}/g)!;
    files.set('/old/app-1.0.tar.gz.sha512', Buffer.from(`app-1.0.tar.gz: ${groups.slice(0, 8).join(' ')}\n                ${groups.slice(8).join(' ')}\n`));
    files.set('/plain/app-1.0.tar.gz', good);
    files.set('/plain/app-1.0.tar.gz.sha512', Buffer.from(`${sha512}  app-1.0.tar.gz\n`));
    files.set('/two/app-1.0.tar.gz', tarball('two.tar.gz', ['a', 'b']));
    files.set('/bad/app-1.0.tar.gz', Buffer.from('not a tarball'));
    bins = { curl: join(dir, 'bin-curl'), wget: join(dir, 'bin-wget'), bash: join(dir, 'bin-bash') };
    const common = ['bash', 'tar', 'gzip', 'sha512sum', 'sha256sum', 'mktemp', 'mkdir', 'mv', 'ln', 'rm', 'chmod', 'readlink', 'cat'];
    for (const [tool, b] of Object.entries(bins)) {
      mkdirSync(b);
      for (const t of [...common, ...(tool === 'bash' ? [] : [tool])]) symlinkSync((await run('bash', ['-c', `command -v ${t}`])).stdout.trim(), join(b, t));
    }
  });
  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(dir, { recursive: true, force: true });
  });

  async function install(prefix: string, tool: keyof typeof bins, env: Record<string, string>) {
    served.length = 0;
    return run(join(bins[tool], 'bash'), [SCRIPT], { env: { PATH: bins[tool], product: 'app', app_version: '1.0', install_dir: prefix, test_only: '0', ...env } }).then(
      (r) => ({ code: 0, stderr: r.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, stderr: e.stderr ?? '' }),
    );
  }

  for (const [tool, path, form] of [['curl', '/app-1.0.tar.gz', 'SHA512 (name) = hex'], ['wget', '/old/app-1.0.tar.gz', "Apache's old grouped"], ['bash', '/plain/app-1.0.tar.gz', 'sha512sum']] as const) {
    it(`downloads with ${tool}, checks the published .sha512 (${form} form), installs, and then does nothing`, async () => {
      const prefix = join(dir, `opt-${tool}`);
      const r = await install(prefix, tool, { app_url: `${base}${path}` });
      expect(r.code, r.stderr).to.equal(0);
      expect(served).to.deep.equal([path, `${path}.sha512`]);
      expect(readdirSync(prefix).sort()).to.deep.equal(['app', 'app-1.0']);
      expect((await run(join(prefix, 'app', 'bin', 'tool'))).stdout).to.equal('app-1.0\n');
      const again = await install(prefix, tool, { app_url: `${base}${path}` });
      expect(again.code, again.stderr).to.equal(0);
      expect(served).to.deep.equal([]);
      const check = await install(prefix, tool, { app_url: `${base}${path}`, test_only: '1' });
      expect(check.code, check.stderr).to.equal(0);
    });
  }

  it('refuses a 404, a bad checksum, a non-archive and an archive of two top folders, leaving the installed release', async () => {
    const prefix = join(dir, 'opt-refuse');
    expect((await install(prefix, 'curl', { app_url: `${base}/app-1.0.tar.gz` })).code).to.equal(0);
    const record = readFileSync(join(prefix, 'app-1.0', '.sahara-image-pack'), 'utf8');
    const cases: [Record<string, string>, RegExp][] = [
      [{ app_url: `${base}/missing.tar.gz` }, /different: .*another place/],
      [{ app_url: `${base}/app-1.0.tar.gz`, app_checksum: `sha256:${'0'.repeat(64)}` }, /checksum mismatch for .*: sha256 [0-9a-f]{64}, expected 0{64}/],
      [{ app_url: `${base}/bad/app-1.0.tar.gz`, app_checksum: `sha256:${createHash('sha256').update('not a tarball').digest('hex')}` }, /is not a \.tar\.gz archive/],
      [{ app_url: `${base}/two/app-1.0.tar.gz`, app_checksum: `sha256:${createHash('sha256').update(files.get('/two/app-1.0.tar.gz')!).digest('hex')}` }, /must hold exactly one top folder/],
      [{ app_url: `${base}/app-1.0.tar.gz`, app_checksum: 'md5:abc' }, /wants sha512:HEX or sha256:HEX/],
    ];
    for (const [env, message] of cases) {
      for (const tool of ['curl', 'bash'] as const) {
        const r = await install(prefix, tool, env);
        expect(r.code, `${tool} ${JSON.stringify(env)}: ${r.stderr}`).to.equal(1);
        expect(r.stderr, `${tool} ${JSON.stringify(env)}`).to.match(message);
      }
    }
    const gone = await install(prefix, 'bash', { app_url: `${base}/missing.tar.gz` });
    expect(gone.stderr).to.contain(`cannot download ${base}/missing.tar.gz: HTTP/1.1 404 Not Found`);
    expect(readFileSync(join(prefix, 'app-1.0', '.sahara-image-pack'), 'utf8')).to.equal(record);
    expect(readdirSync(prefix).sort()).to.deep.equal(['app', 'app-1.0']);
    const https = await install(join(dir, 'opt-https'), 'bash', { app_url: 'https://example.invalid/app.tar.gz' });
    expect(https.code).to.equal(1);
    expect(https.stderr).to.contain('neither curl nor wget is installed (install one, or give an http:// mirror)');
  });
});
