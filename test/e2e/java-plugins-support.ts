/** The vanilla and spark plugin tests: small fake release archives and a mirror serving them inside a root. */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RootSession, RunResult } from '../support/envs.js';

export const MIRROR_PORT = 8000;
export const MIRROR = `http://127.0.0.1:${MIRROR_PORT}`;
const MIRROR_SCRIPT = fileURLToPath(new URL('../support/http-mirror.pl', import.meta.url));

export interface FakeRelease {
  readonly file: string;
  readonly sha256: string;
  readonly sha512: string;
}

/**
 * A release archive shaped like Apache's: one top folder `top` holding `files` (path -> text;
 * a path ending in bin/... or sbin/... is made executable). Written into the session's
 * /srv/mirror, with FILE.sha512 in Apache's "SHA512 (name) = hex" form beside it.
 */
export function fakeRelease(s: RootSession, name: string, top: string, files: Readonly<Record<string, string>>): FakeRelease {
  const work = mkdtempSync(join(tmpdir(), 'sip-release-'));
  try {
    for (const [path, text] of Object.entries(files)) {
      const full = join(work, top, path);
      mkdirSync(join(full, '..'), { recursive: true });
      writeFileSync(full, text, { mode: /(^|\/)s?bin\//.test(path) ? 0o755 : 0o644 });
    }
    const mirror = join(s.upper, 'srv', 'mirror');
    mkdirSync(mirror, { recursive: true });
    const file = join(mirror, name);
    execFileSync('tar', ['-czf', file, '--owner=1234', '--group=1234', '-C', work, top]);
    const bytes = readFileSync(file);
    const sha512 = createHash('sha512').update(bytes).digest('hex');
    writeFileSync(`${file}.sha512`, `SHA512 (${name}) = ${sha512}\n`);
    return { file: name, sha256: createHash('sha256').update(bytes).digest('hex'), sha512 };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Put a program into the session as /root/NAME. */
export function putProgram(s: RootSession, name: string, text: string): void {
  mkdirSync(join(s.upper, 'root'), { recursive: true });
  writeFileSync(join(s.upper, 'root', name), text, { mode: 0o700 });
}

/**
 * Run `bash /root/PROGRAM ARGS...` inside the root with the mirror up on 127.0.0.1 (in the
 * run's own network namespace); the mirror's request log is /root/mirror.log.
 */
export async function runWithMirror(s: RootSession, program: string, args: readonly string[]): Promise<RunResult> {
  copyFileSync(MIRROR_SCRIPT, join(s.upper, 'root', 'mirror.pl'));
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return s.sh(
    `perl /root/mirror.pl /srv/mirror ${MIRROR_PORT} /root/mirror.log & mirror=$!
for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/${MIRROR_PORT}) 2>/dev/null && break; sleep 0.05; done
bash /root/${program} ${quoted}; rc=$?
kill "$mirror"; exit "$rc"`,
  );
}

/** The requests the mirror served since the last call (and clear its log). */
export async function takeDownloads(s: RootSession): Promise<string[]> {
  const r = await s.sh('cat /root/mirror.log 2>/dev/null; rm -f /root/mirror.log');
  return r.stdout.split('\n').filter((l) => l.startsWith('GET ') && l !== 'GET ?');
}
