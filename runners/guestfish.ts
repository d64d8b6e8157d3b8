/**
 * One guestfish process driven over its stdin: one libguestfs appliance for a whole run.
 *
 * guestfish reads commands line by line from a pipe and runs them as they come; after each
 * command we send `echo` with a unique end marker, so the text before the marker on stdout is
 * that command's output. Without the `-` prefix guestfish exits at the first failing command,
 * so a failure shows as the process ending, with `libguestfs: error:` lines on stderr.
 * Console text of the appliance (what processes write to /dev/console) arrives as
 * "appliance" events; an event handler copies it to fd 3, which `onConsole` receives as it
 * happens.
 *
 * guestfish is started under `setpriv --pdeathsig KILL` when available, so that it dies with
 * the runner even on `kill -9`; libguestfs's own recovery process then ends qemu.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';

export interface Drive {
  readonly path: string;
  readonly format: string;
}

export interface GuestfishOptions {
  readonly drives: readonly Drive[];
  readonly network: boolean;
  /** Virtual CPUs of the appliance (TCG runs them on host threads). */
  readonly smp?: number;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Console text of the appliance, in chunks as it comes (not split into lines), one char per byte (latin1). */
  readonly onConsole?: (chunk: string) => void;
}

/** guestfish ended (a command failed, or it could not start): its error lines. */
export class GuestfishFailed extends Error {
  constructor(
    message: string,
    readonly errors: readonly string[],
  ) {
    super(message);
  }
}

/** A command did not finish in time; guestfish was killed. */
export class GuestfishTimeout extends Error {}

interface Pending {
  readonly marker: string;
  readonly resolve: (out: string) => void;
  readonly reject: (e: Error) => void;
}

export class Guestfish {
  private readonly proc: ChildProcess;
  private stdout = '';
  private stderr = '';
  private pending: Pending | undefined;
  private seq = 0;
  /** Where in stderr the current command's messages begin. */
  private commandStart = 0;
  private ended: Error | undefined;
  private readonly exited: Promise<void>;

  constructor(options: GuestfishOptions) {
    const args = ['--rw', ...(options.network ? ['--network'] : [])];
    for (const d of options.drives) args.push(`--format=${d.format}`, '-a', d.path);
    const [file, argv] = existsSync('/usr/bin/setpriv') ? ['/usr/bin/setpriv', ['--pdeathsig', 'KILL', 'guestfish', ...args]] : ['guestfish', args];
    this.proc = spawn(file, argv, { stdio: ['pipe', 'pipe', 'pipe', 'pipe'], env: { ...options.env, SHELL: '/bin/sh' } });
    const out = this.proc.stdout as Readable;
    out.setEncoding('utf8');
    out.on('data', (chunk: string) => {
      this.stdout += chunk;
      this.settle();
    });
    const err = this.proc.stderr as Readable;
    err.setEncoding('utf8');
    err.on('data', (chunk: string) => {
      this.stderr += chunk;
      if (this.stderr.length > 256 * 1024) {
        const cut = this.stderr.length - 128 * 1024;
        this.stderr = this.stderr.slice(cut);
        this.commandStart = Math.max(0, this.commandStart - cut);
      }
    });
    const consoleStream = this.proc.stdio[3] as Readable | undefined;
    if (consoleStream) {
      consoleStream.setEncoding('latin1');
      consoleStream.on('data', (chunk: string) => options.onConsole?.(chunk));
    }
    (this.proc.stdin as Writable).on('error', () => {
      // guestfish gone: reported through its exit
    });
    this.exited = new Promise<void>((resolve) => {
      this.proc.on('error', (e) => {
        this.stderr += `libguestfs: error: cannot run guestfish: ${e.message} (Debian: apt-get install libguestfs-tools)\n`;
      });
      this.proc.on('close', (code, signal) => {
        this.finish(code ?? undefined, signal ?? undefined);
        resolve();
      });
    });
    this.write('event sip appliance "printf \'%s\' \\"$1\\" >&3"\n');
    if (options.smp !== undefined && options.smp > 1) this.write(`set-smp ${options.smp}\n`);
  }

  /** Run one guestfish command; resolves with its output. Rejects when guestfish ends first or the time runs out. */
  command(line: string, timeoutMs?: number): Promise<string> {
    if (line.includes('\n')) throw new Error(`a guestfish command is one line: ${JSON.stringify(line)}`);
    if (this.ended) return Promise.reject(this.ended);
    if (this.pending) throw new Error('one guestfish command at a time');
    const marker = `@@SIP-END-${++this.seq}@@`;
    this.commandStart = this.stderr.length;
    return new Promise<string>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (f: () => void) => {
        if (timer) clearTimeout(timer);
        f();
      };
      this.pending = { marker, resolve: (o) => done(() => resolve(o)), reject: (e) => done(() => reject(e)) };
      if (timeoutMs !== undefined) {
        timer = setTimeout(() => {
          const p = this.pending;
          this.pending = undefined;
          this.kill();
          p?.reject(new GuestfishTimeout(`guestfish: '${line.split(' ')[0]}' did not finish in ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
      }
      this.write(`${line}\necho ${marker}\n`);
    });
  }

  /** The `libguestfs: error:` lines guestfish printed so far (prefixes removed). */
  errors(): string[] {
    return errorLines(this.stderr);
  }

  /** Everything guestfish wrote to stderr (the last 128-256 KiB). */
  stderrText(): string {
    return this.stderr;
  }

  /** Close stdin and wait for guestfish to exit: it shuts the appliance down (sync, unmount). Rejects when that failed. */
  async quit(): Promise<void> {
    (this.proc.stdin as Writable).end();
    await this.exited;
    if (this.proc.exitCode !== 0) throw this.ended ?? new GuestfishFailed('guestfish did not shut down cleanly', this.errors());
  }

  /** End guestfish now (libguestfs's recovery process ends qemu). */
  kill(): void {
    if (this.proc.exitCode === null && this.proc.signalCode === null) this.proc.kill('SIGKILL');
  }

  /** Resolves when guestfish has exited, however. */
  whenExited(): Promise<void> {
    return this.exited;
  }

  private write(text: string): void {
    (this.proc.stdin as Writable).write(text);
  }

  private settle(): void {
    const p = this.pending;
    if (!p) return;
    const end = this.stdout.indexOf(`${p.marker}\n`);
    if (end < 0) return;
    const out = this.stdout.slice(0, end);
    this.stdout = this.stdout.slice(end + p.marker.length + 1);
    this.pending = undefined;
    p.resolve(out);
  }

  private finish(code: number | undefined, signal: string | undefined): void {
    // the failing command's own messages (those of earlier `-` commands came before it)
    const own = errorLines(this.stderr.slice(this.commandStart));
    const errors = own.length > 0 ? own : this.errors().slice(-1);
    const how = signal ? `was killed by ${signal}` : `exited with status ${code ?? '?'}`;
    this.ended = new GuestfishFailed(errors.length > 0 ? errors.join('; ') : `guestfish ${how}`, errors);
    const p = this.pending;
    this.pending = undefined;
    p?.reject(this.ended);
  }
}

/** `libguestfs: error: ...` lines of guestfish's stderr, without their prefixes, the FAQ boilerplate dropped. */
export function errorLines(stderr: string): string[] {
  const out: string[] = [];
  for (const line of stderr.split('\n')) {
    const m = /(?:^|: )libguestfs: error: (.*)$/.exec(line);
    if (m?.[1] !== undefined) out.push(m[1].trim());
  }
  return out;
}
