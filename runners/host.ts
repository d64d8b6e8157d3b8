/**
 * The host runner: run the program as root on a live system, through ONE process that
 * reaches it (a transport: `ssh HOST COMMAND`, or `sh -c COMMAND` for this machine).
 *
 * That process runs a short POSIX-sh prelude (root, or `sudo -n` when not root; bash
 * present), which starts on-host.sh (its text is the command's argument). The program, its
 * arguments and its environment entries (secrets) then go down stdin, so the program is
 * copied first and run from a private `mktemp -d` directory, never piped into a shell; the
 * program itself reads /dev/null. stdin stays open for the whole run: closing it (on
 * --timeout, Ctrl-C, or when the connection dies) makes the target stop the program's whole
 * process group and remove the directory. The program's lines come back on stdout as they
 * happen, then its report and its exit status, between random marks.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { shqPosix } from '../compiler/emit/quote.js';
import { packageRoot } from '../compiler/package-root.js';
import { EXIT, parseReport, RunnerError, type ProgramToRun, type RunContext, type Runner, type RunResult } from './runner.js';

/** How a host is reached: one process whose stdin/stdout/stderr are the target's. */
export interface Transport {
  /** The target as the user named it: `user@host:port`, `local`. */
  readonly target: string;
  /** The process to start, given the shell command line the target must run. */
  command(shellCommand: string): { file: string; args: string[] };
  /** What a failure before the program started means (the process's exit status and stderr), or undefined. */
  failure(exitCode: number | null, stderr: string): RunnerError | undefined;
  /** Environment entries to hand the program besides the secrets (local runs: the proxy variables). */
  extraEnv?(): Record<string, string>;
  /** The login user, for messages about sudo. */
  readonly user?: string;
}

export interface HostRunnerOptions {
  /** Seconds the program may run (default: no limit). */
  readonly timeoutSec?: number;
  /** Seconds to wait for the target to stop the program and clean up once told to (default 10). */
  readonly graceSec?: number;
}

const ON_HOST_SCRIPT = 'runners/on-host.sh';
let onHostText: string | undefined;

/**
 * The command line the target's login shell runs: checks bash, becomes root (as is, or
 * `sudo -n`), then on-host.sh. Its failures are MARK error lines, so they never look like
 * the program's.
 */
export function hostCommand(mark: string): string {
  onHostText ??= readFileSync(join(packageRoot(), ON_HOST_SCRIPT), 'utf8');
  const m = shqPosix(mark);
  return [
    `command -v bash >/dev/null 2>&1 || { echo ${m} error nobash; exit 0; };`,
    `if [ "$(id -u)" -eq 0 ]; then set --;`,
    `elif ! command -v sudo >/dev/null 2>&1; then echo ${m} error nosudo; exit 0;`,
    `elif sip_e=$(sudo -n true 2>&1); then set -- sudo -n;`,
    `else printf '%s error sudo %s\\n' ${m} "$(printf '%s' "$sip_e" | tr '\\n' ' ')"; exit 0; fi;`,
    `exec "$@" bash -c ${shqPosix(onHostText)} sip-run ${m}`,
  ].join(' ');
}

export class HostRunner implements Runner {
  constructor(
    readonly transport: Transport,
    readonly options: HostRunnerOptions = {},
  ) {}

  run(program: ProgramToRun, context: RunContext): Promise<RunResult> {
    const started = Date.now();
    const target = this.transport.target;
    const mark = `@sip-${randomBytes(8).toString('hex')}@`;
    const { file, args } = this.transport.command(hostCommand(mark));
    return new Promise((resolve) => {
      const state = {
        startedOnHost: false,
        inReport: false,
        reportText: '',
        output: '',
        stderr: '',
        rc: undefined as number | undefined,
        /** The target stopped the program because we closed its stdin (else it ended by itself). */
        stoppedOnHost: false,
        hostError: undefined as string | undefined,
        stopping: undefined as 'timeout' | 'interrupted' | undefined,
        spawnError: undefined as NodeJS.ErrnoException | undefined,
      };
      // its own process group: a Ctrl-C on the terminal reaches us, and we stop the target cleanly
      const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
      const progress = (line: string) => context.progress.write(line + '\n');

      const onStdoutLine = (line: string) => {
        if (line.startsWith(mark + ' ')) {
          const [word, ...rest] = line.slice(mark.length + 1).split(' ');
          if (word === 'started') {
            state.startedOnHost = true;
            progress(`sahara-image-pack: running the program (${program.testOnly ? 'test-only' : 'reconcile'}) in ${rest.join(' ')}`);
            flushStderr();
          } else if (word === 'report') state.inReport = true;
          else if (word === 'rc') {
            state.inReport = false;
            state.rc = Number(rest[0]);
            state.stoppedOnHost = rest[1] === 'stopped';
            child.stdin.end();
            // everything is here; a process the program left running may still hold the channel open
            doneTimer = setTimeout(() => killGroup(child.pid), 3000);
          } else if (word === 'error') state.hostError = rest.join(' ');
          return;
        }
        if (state.inReport) state.reportText += line + '\n';
        else {
          state.output += line + '\n';
          progress(line);
        }
      };
      let pendingStderr: string[] = [];
      const flushStderr = () => {
        for (const l of pendingStderr) progress(l);
        pendingStderr = [];
      };
      const onStderrLine = (line: string) => {
        state.stderr += line + '\n';
        if (state.startedOnHost) progress(line);
        else pendingStderr.push(line);
      };
      lines(child.stdout, onStdoutLine);
      lines(child.stderr, onStderrLine);
      child.stdin.on('error', () => {
        // the process went away before it read everything: its exit says why
      });

      let graceTimer: NodeJS.Timeout | undefined;
      let doneTimer: NodeJS.Timeout | undefined;
      const stop = (why: 'timeout' | 'interrupted') => {
        if (state.stopping !== undefined || state.rc !== undefined) return;
        state.stopping = why;
        child.stdin.end();
        graceTimer = setTimeout(() => killGroup(child.pid), (this.options.graceSec ?? 10) * 1000);
      };
      const timer = this.options.timeoutSec === undefined ? undefined : setTimeout(() => stop('timeout'), this.options.timeoutSec * 1000);
      const onAbort = () => stop('interrupted');
      if (context.signal?.aborted) onAbort();
      context.signal?.addEventListener('abort', onAbort);

      child.on('error', (e: NodeJS.ErrnoException) => {
        state.spawnError = e;
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        clearTimeout(graceTimer);
        clearTimeout(doneTimer);
        context.signal?.removeEventListener('abort', onAbort);
        const base = { target, output: state.output, report: parseReport(state.reportText), durationMs: Date.now() - started };
        const fail = (e: RunnerError): RunResult => ({ ...base, exitCode: e.exitCode, error: e.message });
        if (state.spawnError) {
          const tool = file;
          resolve(fail(new RunnerError(EXIT.tool, state.spawnError.code === 'ENOENT' ? `${tool} is not installed (install openssh-client for --ssh)` : `cannot start ${tool}: ${state.spawnError.message}`)));
          return;
        }
        if (state.rc !== undefined && !state.stoppedOnHost) {
          // it ended by itself, even if a stop was asked for at the last moment
          resolve({ ...base, exitCode: state.rc });
          return;
        }
        if (state.stopping === 'timeout') {
          const cleaned = state.rc !== undefined ? 'it was stopped on the target and its directory removed' : 'the target was told to stop it and remove its directory';
          resolve(fail(new RunnerError(EXIT.timeout, `the program did not finish within ${this.options.timeoutSec} s (--timeout); ${cleaned}`)));
          return;
        }
        if (state.stopping === 'interrupted') {
          resolve(fail(new RunnerError(EXIT.interrupted, 'interrupted; the program was stopped on the target and its directory removed')));
          return;
        }
        if (state.rc !== undefined) {
          resolve({ ...base, exitCode: state.rc });
          return;
        }
        if (state.hostError !== undefined) {
          resolve(fail(hostFailure(state.hostError, this.transport)));
          return;
        }
        const early = state.startedOnHost ? undefined : this.transport.failure(code, state.stderr);
        const said = lastLine(state.stderr);
        resolve(
          fail(
            early ??
              new RunnerError(
                EXIT.target,
                state.startedOnHost
                  ? `the connection to ${target} ended before the program finished${said ? ` (${said})` : ''}`
                  : `${target}: the program could not be started (exit ${String(code)}${said ? `: ${said}` : ''})`,
              ),
          ),
        );
      });

      // the payload: the program, its arguments, its environment; then stdin stays open
      const env = { ...(this.transport.extraEnv?.() ?? {}), ...(program.env ?? {}) };
      const parts = [
        Buffer.from(program.text),
        Buffer.from([...program.args].map((a) => a + '\0').join('')),
        Buffer.from(Object.entries(env).map(([n, v]) => `${n}=${v}\0`).join('')),
      ];
      child.stdin.write(`sip-payload 1 ${parts.map((p) => p.length).join(' ')}\n`);
      for (const p of parts) child.stdin.write(p);
    });
  }
}

/** A MARK error line from the target, as a runner error. */
function hostFailure(text: string, transport: Transport): RunnerError {
  const [word, ...rest] = text.split(' ');
  const who = transport.user ?? 'the login user';
  const where = transport.target;
  switch (word) {
    case 'nobash':
      return new RunnerError(EXIT.unsupported, `${where} has no bash; the program needs bash 4.2 or newer`);
    case 'nosudo':
      return new RunnerError(EXIT.target, `${where}: ${who} is not root and sudo is not installed; log in as root, or install sudo`);
    case 'sudo': {
      const said = rest.join(' ').trim();
      if (/password is required/i.test(said) || said === '') {
        return new RunnerError(EXIT.target, `${where}: ${who} is not root and sudo wants a password (sudo -n failed); log in as root, or give ${who} passwordless sudo (NOPASSWD)`);
      }
      return new RunnerError(EXIT.target, `${where}: ${who} is not root and sudo -n failed (${said}); log in as root, or allow ${who} to run commands with sudo without a password or a terminal`);
    }
    case 'mktemp':
      return new RunnerError(EXIT.target, `${where}: cannot make a private directory in /tmp (mktemp -d failed); is /tmp full or read-only?`);
    default:
      return new RunnerError(EXIT.tool, `${where}: ${rest.join(' ') || text}`);
  }
}

/** Kill a detached child's whole process group (it may have children of its own). */
function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function lastLine(text: string): string {
  return text.trimEnd().split('\n').at(-1)?.trim() ?? '';
}

/** Call `each` with every complete line of a stream, and with a last unterminated one at its end. */
function lines(stream: NodeJS.ReadableStream, each: (line: string) => void): void {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    rest += chunk;
    let i: number;
    while ((i = rest.indexOf('\n')) >= 0) {
      each(rest.slice(0, i));
      rest = rest.slice(i + 1);
    }
  });
  stream.on('end', () => {
    if (rest !== '') each(rest);
    rest = '';
  });
}
