/**
 * What every runner shares: the program it is handed, what it gives back, and the exit
 * statuses a runner adds to the program's own (0-3).
 *
 * A runner never reads a manifest: it takes the emitted program's text and its arguments
 * (the CLI compiled it), runs it on one target (an image, a host, this machine), streams the
 * program's progress lines as they come, and returns the program's real exit status, its
 * progress output and its JSON Lines report.
 */
import type { Writable } from 'node:stream';

/** The emitted program and how to call it. */
export interface ProgramToRun {
  /** The bash program, byte for byte as `compile` writes it. */
  readonly text: string;
  /** What it was compiled from, for messages: a manifest path or `PLUGIN VERSION`. */
  readonly label: string;
  /** The program's own arguments: `--test-only`, `--ARG VALUE`... (never `--report`: the runner adds it). */
  readonly args: readonly string[];
  /** Environment entries the program must get (secrets, as SIP_SECRET_<VARIABLE>): never put on a command line. */
  readonly env?: Readonly<Record<string, string>>;
  readonly testOnly: boolean;
}

/** How a run reports while it goes. */
export interface RunContext {
  /** Phase lines and the program's progress lines, as they happen (the CLI passes stderr). */
  readonly progress: Writable;
  /** Aborted on Ctrl-C or SIGTERM: the runner cleans up and returns EXIT.INTERRUPTED. */
  readonly signal?: AbortSignal;
}

/** One JSON Lines event of the program's report (`validator` or `summary`). */
export type ReportEvent = Readonly<Record<string, unknown>> & { readonly event: string };

export interface RunResult {
  /** The target as the user named it: the image path, `user@host:port`, `local`. */
  readonly target: string;
  /** The program's exit status (0-3), or one of the runner statuses of EXIT. */
  readonly exitCode: number;
  /** Everything the program wrote to stderr (its progress lines), as text. */
  readonly output: string;
  /** The program's report, parsed; empty when the program did not get to write one. */
  readonly report: readonly ReportEvent[];
  readonly durationMs: number;
  /** One line saying what went wrong and what to do, when the runner itself failed. */
  readonly error?: string;
}

export interface Runner {
  run(program: ProgramToRun, context: RunContext): Promise<RunResult>;
}

/**
 * Exit statuses. 0-3 are the program's own (README, "The emitted program"); a runner adds
 * the ones above, each meaning one kind of failure of the runner itself.
 */
export const EXIT = {
  ok: 0,
  failed: 1,
  usage: 2,
  unsupported: 3,
  /** The target cannot be used: image missing/unreadable/not a disk image/no Linux root; host unreachable or refused. */
  target: 4,
  /** The target is busy: another run holds the image, or a running VM has it open. */
  busy: 5,
  /** The runner's tool failed: libguestfs cannot start or stalled, ssh/guestfish missing. */
  tool: 6,
  /** The run took longer than --timeout. */
  timeout: 7,
  /** Ctrl-C or SIGTERM: the run was stopped and cleaned up; nothing was changed. */
  interrupted: 130,
} as const;

/** A runner failure: what went wrong and what to do, with its exit status. */
export class RunnerError extends Error {
  constructor(
    readonly exitCode: number,
    message: string,
  ) {
    super(message);
  }
}

/** Parse a JSON Lines report; lines that are not JSON objects with an `event` are skipped. */
export function parseReport(text: string): ReportEvent[] {
  const events: ReportEvent[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const v: unknown = JSON.parse(line);
      if (v !== null && typeof v === 'object' && typeof (v as { event?: unknown }).event === 'string') events.push(v as ReportEvent);
    } catch {
      // a line cut short by a killed program: the rest of the report still counts
    }
  }
  return events;
}

/** The summary event of a report, if the program got to write it. */
export function summaryOf(report: readonly ReportEvent[]): ReportEvent | undefined {
  return report.findLast((e) => e.event === 'summary');
}

/** The proxy variables handed to the program (and by it to scripts), as virt-customize does. */
const PROXY_VARIABLES = ['http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY'];

/** Those of the proxy variables that this process has: name -> value. */
export function proxyEnvironment(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const n of PROXY_VARIABLES) {
    const v = process.env[n];
    if (v !== undefined) env[n] = v;
  }
  return env;
}
