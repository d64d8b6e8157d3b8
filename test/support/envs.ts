// Test environments: real Debian and RHEL-like roots in which a compiled program is executed.
//
// The roots are built once and cached (test/envs/build-*-root.sh; ~30-60 s the first time),
// in `<repo>/.cache/envs` or `$SIP_ENV_CACHE`. A test opens a *session* on a root: a private
// overlay (test/envs/run-in-root.sh) whose upper dir (on /dev/shm when possible, see
// sessionsDir) collects every change the session's runs make, so the cached root stays pristine and sessions never see each other's changes. Each
// run/sh/readFile is a new unshare + overlay mount + chroot on the session's upper dir, with
// no network, a clean environment (PATH, HOME=/root, LANG=C.UTF-8 plus the caller's), stdin
// /dev/null, and nothing left running afterwards. Runs of one session are serialised.
//
// Both roots are offline package worlds (see test/envs/make-deb-repo.sh, make-rpm-repo.sh):
//   sip-hello 1.0-1 and 2.0-1, sip-tool 1.0-1, sip-world 1:3.1-2, sip-dep 1.0-1 (needs sip-hello),
//   sip-p001..sip-p300 1.0-1; each installs /usr/share/sip/<name> holding its version.
// Debian: apt source `deb [trusted=yes] file:/srv/sip-repo ./`, lists present (delete
// /var/lib/apt/lists/*_Packages in a session to test the "lists missing" path).
// RHEL-like: Rocky Linux 9.3 look-alike with Debian's real rpm/dnf, repo file:///srv/sip-rpms,
// `yum` -> dnf, no apt/dpkg on PATH (they are in /usr/lib/sip-hidden/).

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { constants as osConstants } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** `cloud-init`: the Debian root plus Debian's cloud-init package (build-cloud-init-root.sh). */
export type RootKind = 'debian' | 'rhel' | 'cloud-init';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Extra environment variables for the command (on top of PATH, HOME=/root, LANG=C.UTF-8). */
  env?: Record<string, string>;
  /** Kill the run (and everything it started) after this long and throw. Default 10 minutes. */
  timeoutMs?: number;
}

export interface RootSession {
  /** Host path of the overlay's upper dir (files the runs created or changed). */
  readonly upper: string;
  /** Which root this session runs on. */
  readonly kind: RootKind;
  /** Host path of the cached root (the overlay's lower dir). Never write to it. */
  readonly root: string;
  /** Write `programText` into the root (/root/prog.sh, mode 0700) and run `bash /root/prog.sh ...args` inside it. */
  run(programText: string, args?: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** Run a shell command line inside the root (bash -c). */
  sh(command: string, opts?: RunOptions): Promise<RunResult>;
  /** Run an argv inside the root (no shell); argv[0] is looked up in the root's PATH. */
  exec(argv: readonly string[], opts?: RunOptions): Promise<RunResult>;
  /** Read a file from the merged view, as the root sees it (undefined if absent). */
  readFile(pathInRoot: string): Promise<Buffer | undefined>;
  dispose(): Promise<void>;
}

export const REPO_DIR = fileURLToPath(new URL('../..', import.meta.url));
const ENVS_DIR = path.join(REPO_DIR, 'test', 'envs');
const RUN_IN_ROOT = path.join(ENVS_DIR, 'run-in-root.sh');
const BUILDERS: Record<RootKind, string> = {
  debian: path.join(ENVS_DIR, 'build-debian-root.sh'),
  rhel: path.join(ENVS_DIR, 'build-rhel-root.sh'),
  'cloud-init': path.join(ENVS_DIR, 'build-cloud-init-root.sh'),
};
const BUILD_TIMEOUT_MS = 15 * 60_000;
const RUN_TIMEOUT_MS = 10 * 60_000;
const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The cache directory of the roots: `$SIP_ENV_CACHE`, else `<repo>/.cache/envs`. */
export function cacheDir(): string {
  const fromEnv = process.env['SIP_ENV_CACHE'];
  return fromEnv ? path.resolve(fromEnv) : path.join(REPO_DIR, '.cache', 'envs');
}

/**
 * Where sessions keep their overlay upper/work dirs: `$SIP_ENV_SESSIONS`, else a directory on
 * /dev/shm when that is a tmpfs without noexec/nodev (dpkg and rpm fsync a lot, which costs
 * nothing on tmpfs: 300 `dpkg -i` take half the time), else `<cache>/sessions`.
 */
export function sessionsDir(): string {
  const fromEnv = process.env['SIP_ENV_SESSIONS'];
  if (fromEnv) return path.resolve(fromEnv);
  try {
    const shm = readFileSync('/proc/self/mounts', 'utf8')
      .split('\n')
      .map((l) => l.split(' '))
      .filter((f) => f[1] === '/dev/shm')
      .pop();
    const opts = shm?.[3]?.split(',') ?? [];
    if (shm?.[2] === 'tmpfs' && !opts.some((o) => o === 'noexec' || o === 'nodev' || o === 'ro')) {
      return '/dev/shm/sip-envs-sessions';
    }
  } catch {
    // not Linux, or no /proc: fall through
  }
  return path.join(cacheDir(), 'sessions');
}

/** Whether this process can build and run the roots (root, Linux). */
export function envsSupported(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0;
}

interface Spawned {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: Buffer;
  stderr: Buffer;
  timedOut: boolean;
}

const live = new Set<ChildProcess>();

function run(cmd: string, args: readonly string[], timeoutMs: number): Promise<Spawned> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    live.add(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let timedOut = false;
    // run-in-root.sh's unshare ignores SIGTERM; SIGKILL it, and --kill-child takes the
    // namespace (and every process in it) down with it.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => {
      clearTimeout(timer);
      live.delete(child);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      live.delete(child);
      resolve({ code, signal, stdout: Buffer.concat(out), stderr: Buffer.concat(err), timedOut });
    });
  });
}

const ensured = new Map<RootKind, Promise<string>>();

/** Builds the roots if needed (slow the first time: ~30-60 s); used by a mocha root hook / before(). */
export function ensureRoot(kind: RootKind): Promise<string> {
  let p = ensured.get(kind);
  if (!p) {
    p = buildRoot(kind);
    ensured.set(kind, p);
    p.catch(() => ensured.delete(kind));
  }
  return p;
}

async function buildRoot(kind: RootKind): Promise<string> {
  const builder = BUILDERS[kind];
  if (!builder) throw new Error(`unknown root kind ${JSON.stringify(kind)}`);
  if (!envsSupported()) throw new Error('the test roots need Linux and root privileges (mounts, namespaces, chroot)');
  const cache = cacheDir();
  await mkdir(cache, { recursive: true });
  const r = await run('bash', [builder, cache], BUILD_TIMEOUT_MS);
  const stdout = r.stdout.toString('utf8').trim();
  if (r.code !== 0 || r.timedOut) {
    const why = r.timedOut ? 'timed out' : r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
    const log = r.stderr.toString('utf8').split('\n').slice(-40).join('\n');
    throw new Error(`building the ${kind} test root failed (${why}):\n${log}`);
  }
  const dir = stdout.split('\n').pop() ?? '';
  if (!dir || !existsSync(path.join(dir, 'usr/bin/env'))) {
    throw new Error(`building the ${kind} test root printed no root path: ${stdout}`);
  }
  return dir;
}

/** Builds (or reuses) CACHE/debian.qcow2: the Debian root as a 1 GiB qcow2 disk image (one ext4 partition labelled root). */
export async function ensureImage(): Promise<string> {
  await ensureRoot('debian');
  const r = await run('bash', [path.join(ENVS_DIR, 'build-image.sh'), cacheDir()], BUILD_TIMEOUT_MS);
  if (r.code !== 0) throw new Error(`building the Debian test image failed: ${r.stderr.toString('utf8')}`);
  return r.stdout.toString('utf8').trim().split('\n').pop() ?? '';
}

const openSessions = new Set<Session>();
let staleSwept = false;

/** Removes session dirs left behind by test processes that are gone. */
function sweepStaleSessions(dir: string): void {
  if (staleSwept) return;
  staleSwept = true;
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(/^(\d+)-/.exec(name)?.[1]);
    if (!pid || pid === process.pid) continue;
    let alive = true;
    try {
      process.kill(pid, 0);
    } catch (e) {
      alive = (e as NodeJS.ErrnoException).code === 'EPERM';
    }
    if (!alive) rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
  for (const s of openSessions) rmSync(s.scratch, { recursive: true, force: true });
});

/** Build (or reuse the cached) root, then open a fresh throwaway overlay session on it. */
export async function openRoot(kind: RootKind): Promise<RootSession> {
  const root = await ensureRoot(kind);
  const sessions = sessionsDir();
  await mkdir(sessions, { recursive: true });
  sweepStaleSessions(sessions);
  const scratch = await mkdtemp(path.join(sessions, `${process.pid}-${kind}-`));
  const s = new Session(kind, root, scratch);
  openSessions.add(s);
  return s;
}

class Session implements RootSession {
  readonly upper: string;
  private queue: Promise<unknown> = Promise.resolve();
  private disposed = false;

  constructor(
    readonly kind: RootKind,
    readonly root: string,
    readonly scratch: string,
  ) {
    this.upper = path.join(scratch, 'upper');
  }

  run(programText: string, args: readonly string[] = [], opts: RunOptions = {}): Promise<RunResult> {
    return this.serial(async () => {
      const prog = path.join(this.scratch, 'prog.sh');
      await writeFile(prog, programText);
      return text(await this.invoke(['--put', prog, '/root/prog.sh', '0700'], ['bash', '/root/prog.sh', ...args], opts));
    });
  }

  sh(command: string, opts: RunOptions = {}): Promise<RunResult> {
    return this.exec(['bash', '-c', command], opts);
  }

  exec(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
    return this.serial(async () => text(await this.invoke([], argv, opts)));
  }

  readFile(pathInRoot: string): Promise<Buffer | undefined> {
    if (!pathInRoot.startsWith('/')) throw new Error(`readFile needs an absolute path in the root: ${pathInRoot}`);
    return this.serial(async () => {
      const script = 'if [ -f "$1" ]; then exec cat -- "$1"; elif [ -e "$1" ]; then echo "not a regular file: $1" >&2; exit 2; else exit 3; fi';
      const r = await this.invoke([], ['/bin/sh', '-c', script, 'sh', pathInRoot], {});
      if (r.code === 3) return undefined;
      if (r.code !== 0) throw new Error(`readFile ${pathInRoot}: ${r.stderr.toString('utf8')}`);
      return r.stdout;
    });
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.queue.catch(() => undefined);
    openSessions.delete(this);
    await rm(this.scratch, { recursive: true, force: true });
  }

  private serial<T>(f: () => Promise<T>): Promise<T> {
    if (this.disposed) return Promise.reject(new Error('session already disposed'));
    const p = this.queue.then(f, f);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private async invoke(
    extra: readonly string[],
    argv: readonly string[],
    opts: RunOptions,
  ): Promise<{ code: number; stdout: Buffer; stderr: Buffer }> {
    if (argv.length === 0) throw new Error('empty command');
    if (argv[0]!.includes('=')) throw new Error(`command name must not contain '=': ${argv[0]}`);
    const envArgs: string[] = [];
    for (const [k, v] of Object.entries(opts.env ?? {})) {
      if (!ENV_NAME.test(k)) throw new Error(`invalid environment variable name: ${JSON.stringify(k)}`);
      if (v.includes('\0')) throw new Error(`environment value of ${k} contains NUL`);
      envArgs.push('--env', `${k}=${v}`);
    }
    const status = path.join(this.scratch, 'status');
    const timeoutMs = opts.timeoutMs ?? RUN_TIMEOUT_MS;
    const r = await run(
      'bash',
      [RUN_IN_ROOT, '--status', status, ...envArgs, ...extra, '--', this.root, this.scratch, ...argv],
      timeoutMs,
    );
    const st = await readFile(status, 'utf8').catch(() => '');
    if (r.timedOut) {
      throw new Error(`run in the ${this.kind} root timed out after ${timeoutMs} ms: ${argv.join(' ')}\nstderr: ${r.stderr.toString('utf8')}`);
    }
    if (!st.startsWith('started')) {
      const why = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
      throw new Error(`could not set up the ${this.kind} root session (${why}): ${r.stderr.toString('utf8')}`);
    }
    const code = r.code ?? 128 + (r.signal ? (osConstants.signals[r.signal] ?? 0) : 0);
    return { code, stdout: r.stdout, stderr: r.stderr };
  }
}

function text(r: { code: number; stdout: Buffer; stderr: Buffer }): RunResult {
  return { code: r.code, stdout: r.stdout.toString('utf8'), stderr: r.stderr.toString('utf8') };
}
