// SSH targets for the tests: the SSH test root (test/envs/build-ssh-root.sh) with its own sshd
// on 127.0.0.1 (test/envs/ssh-target.sh), ready in about 0.1-0.3 s, several at once on
// different ports. Each target has its own overlay (scratch dir on /dev/shm when possible), so
// `upper('/tmp')` shows what a run left in the target's /tmp; `connections()` counts the TCP
// connections sshd saw (its VERBOSE log). A client key pair, a known_hosts file with the
// targets' host key and an ssh config using both (`-F`, so the user's ~/.ssh never matters)
// are made once per process.

import { execFile, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { cacheDir, REPO_DIR, sessionsDir } from './envs.js';

const run = promisify(execFile);
const ENVS_DIR = path.join(REPO_DIR, 'test', 'envs');

export interface SshClient {
  /** Directory with the key pair, known_hosts and config. */
  readonly dir: string;
  /** `ssh -F` file: IdentityFile, UserKnownHostsFile (the targets' key), no agent, no ~/.ssh. */
  readonly config: string;
  readonly knownHosts: string;
  readonly identity: string;
}

export interface SshTarget {
  readonly port: number;
  /** `USER@127.0.0.1:PORT` */
  spec(user?: string): string;
  /** Host path of the overlay's upper dir for a path inside the target. */
  upper(inTarget: string): string;
  /** TCP connections sshd accepted so far. */
  connections(): number;
  /** sshd's log so far (VERBOSE: "Accepted publickey for USER ..."). */
  sshdLog(): string;
  /** Run a command in the target (as root, over its sshd). */
  ssh(command: string): Promise<{ code: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

let root: Promise<string> | undefined;
let client: SshClient | undefined;
const live = new Set<number>();

/** Builds the SSH test root if needed (the Debian root first: ~30-60 s the first time, then ~10 s). */
export function ensureSshRoot(): Promise<string> {
  root ??= run('bash', [path.join(ENVS_DIR, 'build-ssh-root.sh'), cacheDir()], { maxBuffer: 1 << 24 }).then((r) => r.stdout.trim().split('\n').at(-1)!);
  return root;
}

/** The client side: key pair, known_hosts, config (made once). */
export function sshClient(): SshClient {
  if (client) return client;
  const dir = mkdtempSync(path.join(tmpdir(), 'sip-ssh-client-'));
  const identity = path.join(dir, 'id_ed25519');
  execFileSync('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'sip-test', '-f', identity]);
  const knownHosts = path.join(dir, 'known_hosts');
  writeFileSync(knownHosts, '');
  const config = path.join(dir, 'config');
  writeFileSync(
    config,
    [
      'Host *',
      `  IdentityFile ${identity}`,
      '  IdentitiesOnly yes',
      '  IdentityAgent none',
      `  UserKnownHostsFile ${knownHosts}`,
      '  GlobalKnownHostsFile /dev/null',
      '  LogLevel ERROR',
      '',
    ].join('\n'),
  );
  client = { dir, config, knownHosts, identity };
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return client;
}

/** The targets' host key line for known_hosts at a port. */
export function knownHostsLine(port: number): string {
  const key = readFileSync(path.join(cacheDir(), 'ssh-base.host-key.pub'), 'utf8').trim().split(/\s+/).slice(0, 2).join(' ');
  return `[127.0.0.1]:${port} ${key}\n`;
}

/** Start a target; its host key goes into the client's known_hosts unless `trusted: false`. */
export async function startTarget(opts: { trusted?: boolean } = {}): Promise<SshTarget> {
  const base = await ensureSshRoot();
  const c = sshClient();
  const scratch = mkdtempSync(path.join(sessionsDirReady(), 'ssh-'));
  for (let attempt = 0; ; attempt++) {
    const port = freePortGuess();
    let pid: number;
    try {
      const r = await run('bash', [path.join(ENVS_DIR, 'ssh-target.sh'), base, scratch, String(port), `${c.identity}.pub`]);
      pid = Number(r.stdout.trim());
    } catch (e) {
      if ((e as { code?: number }).code === 3 && attempt < 20) continue;
      throw e;
    }
    live.add(pid);
    if (opts.trusted !== false) writeFileSync(c.knownHosts, knownHostsLine(port), { flag: 'a' });
    const log = path.join(scratch, 'sshd.log');
    return {
      port,
      spec: (user = 'root') => `${user}@127.0.0.1:${port}`,
      upper: (p) => path.join(scratch, 'upper', p),
      sshdLog: () => (existsSync(log) ? readFileSync(log, 'utf8') : ''),
      connections: () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter((l) => l.startsWith('Connection from ')).length : 0),
      ssh: async (command) => {
        try {
          const r = await run('ssh', ['-F', c.config, '-o', 'BatchMode=yes', '-p', String(port), 'root@127.0.0.1', command]);
          return { code: 0, stdout: r.stdout, stderr: r.stderr };
        } catch (e) {
          const x = e as { code?: number; stdout?: string; stderr?: string };
          return { code: typeof x.code === 'number' ? x.code : -1, stdout: x.stdout ?? '', stderr: x.stderr ?? '' };
        }
      },
      stop: async () => {
        stopPid(pid);
        await new Promise((r) => setTimeout(r, 50));
        rmSync(scratch, { recursive: true, force: true });
      },
    };
  }
}

/** What is in a directory of the target's overlay (files a run created there and left). */
export function leftIn(target: SshTarget, inTarget: string): string[] {
  const p = target.upper(inTarget);
  return existsSync(p) ? readdirSync(p) : [];
}

function stopPid(pid: number): void {
  live.delete(pid);
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // gone
  }
}
process.once('exit', () => {
  for (const pid of live) stopPid(pid);
});

function sessionsDirReady(): string {
  const d = sessionsDir();
  execFileSync('mkdir', ['-p', d]);
  return d;
}

/** A port in a range few services use; ssh-target.sh says 3 when it is taken and we try another. */
function freePortGuess(): number {
  return 20000 + Math.floor(Math.random() * 20000);
}
