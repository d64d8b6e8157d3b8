/**
 * The image runner: run the program inside a qcow2 or raw disk image through ONE libguestfs
 * appliance (guestfish), all or nothing.
 *
 *   1. check the file (image-file.ts): there, readable, a disk image, writable for reconcile,
 *      not held by a running VM;
 *   2. lock it and put a qcow2 overlay on it (image-state.ts); leftovers of killed runs are
 *      cleaned up first;
 *   3. one guestfish on the overlay: launch, find the Linux root(s) without inspection
 *      (image-roots.ts), mount the chosen root and its fstab file systems, upload the
 *      program and in-image.sh into a private mkdtemp directory, run it with bash in one
 *      `sh` call (its lines stream through the appliance console), download its log and
 *      report, remove the directory;
 *   4. reconcile and exit 0: commit the overlay into the image; anything else (test-only, a
 *      failure, Ctrl-C, a runner error): delete it. The image itself is only ever read until
 *      that commit, so test-only runs leave it byte-identical (content and mtime).
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../compiler/package-root.js';
import { Guestfish, GuestfishFailed, GuestfishTimeout } from './guestfish.js';
import { inspectImageFile } from './image-file.js';
import { chooseRoot, describeRoots, findRoots, gfQuote, mountRoot } from './image-roots.js';
import { createOverlay, lockImage, type Overlay } from './image-state.js';
import { ConsoleFrames } from './console-frames.js';
import { EXIT, parseReport, proxyEnvironment, RunnerError, type ProgramToRun, type RunContext, type Runner, type RunResult } from './runner.js';

export interface ImageRunnerOptions {
  readonly image: string;
  /** The root to work on when the image has several (`/dev/sda2`; `/dev/vda2` means the same). */
  readonly rootFilesystem?: string;
  /** Give the appliance a network (default: for reconcile runs, which may install packages). */
  readonly network?: boolean;
  /** Seconds the appliance may take to start (default 300; TCG takes 12-25 s). */
  readonly launchTimeoutSec?: number;
  /** Seconds the program may run (default: no limit). */
  readonly timeoutSec?: number;
}

/** Runs the program inside the image (see its header). */
const IN_IMAGE_SCRIPT = 'runners/in-image.sh';

export class ImageRunner implements Runner {
  constructor(readonly options: ImageRunnerOptions) {}

  async run(program: ProgramToRun, context: RunContext): Promise<RunResult> {
    const started = Date.now();
    const target = this.options.image;
    const phase = (line: string) => context.progress.write(`sahara-image-pack: ${line}\n`);
    const state = { output: '', report: [] as RunResult['report'] };
    try {
      const image = await inspectImageFile(target, !program.testOnly);
      const chain = image.backingChain.length > 0 ? `, backed by ${image.backingChain.join(' <- ')}` : '';
      phase(`${target}: ${image.format} image, ${(image.virtualSize / 2 ** 30).toFixed(1)} GiB${chain}`);
      const lock = await lockImage(image, program.label);
      try {
        const overlay = await createOverlay(image, phase);
        let committed = false;
        try {
          const exitCode = await this.inAppliance(overlay, program, context, phase, state);
          if (exitCode === EXIT.ok && !program.testOnly) {
            if (context.signal?.aborted) throw new RunnerError(EXIT.interrupted, 'interrupted before the changes were committed; the image is unchanged');
            phase('committing the changes into the image');
            await overlay.commit();
            committed = true;
          }
          return { target, exitCode, output: state.output, report: state.report, durationMs: Date.now() - started };
        } finally {
          if (!committed) overlay.discard();
        }
      } finally {
        await lock.release();
      }
    } catch (e) {
      if (!(e instanceof RunnerError)) throw e;
      return { target, exitCode: e.exitCode, output: state.output, report: state.report, durationMs: Date.now() - started, error: e.message };
    }
  }

  /** Steps 3: one guestfish session on the overlay; returns the program's exit status. */
  private async inAppliance(
    overlay: Overlay,
    program: ProgramToRun,
    context: RunContext,
    phase: (line: string) => void,
    state: { output: string; report: RunResult['report'] },
  ): Promise<number> {
    const network = this.options.network ?? !program.testOnly;
    const { env, note } = libguestfsEnvironment(process.env);
    if (note) phase(note);
    const mark = `@sip-${randomBytes(6).toString('hex')}@`;
    const frames = new ConsoleFrames(mark, (_n, line) => context.progress.write(line + '\n'));
    const smp = Math.min(2, availableParallelism());
    const gf = new Guestfish({ drives: [{ path: overlay.path, format: 'qcow2' }], network, smp, env, onConsole: (c) => frames.push(c) });
    const onAbort = () => gf.kill();
    context.signal?.addEventListener('abort', onAbort);
    const host = mkdtempSync(join(tmpdir(), 'sip-image-'));
    try {
      const t0 = Date.now();
      const launchSec = this.options.launchTimeoutSec ?? 300;
      const hint = launchHint(env);
      phase(`starting the libguestfs appliance${network ? ' (with network)' : ''}...`);
      await this.step(gf, context, 'run', launchSec * 1000, `the libguestfs appliance did not start within ${launchSec} s; ${hint}`, hint);
      phase(`appliance up in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      const roots = await this.step(gf, context, () => findRoots(gf));
      if (roots.length > 1) {
        phase(`${this.options.image} has ${roots.length} Linux roots:`);
        for (const l of describeRoots(roots)) context.progress.write(l + '\n');
      }
      const root = chooseRoot(roots, this.options.rootFilesystem, this.options.image);
      phase(`root ${root.device}: ${root.osName}`);
      for (const p of await this.step(gf, context, () => mountRoot(gf, root))) phase(p);
      if ((await this.step(gf, context, '-is-file /bin/bash')).trim() !== 'true') {
        throw new RunnerError(EXIT.unsupported, `${root.device} has no /bin/bash; the program needs bash 4.2 or newer`);
      }
      const dir = (await this.step(gf, context, 'mkdtemp /tmp/sip-run.XXXXXXXXXX')).trim();
      if (!/^\/tmp\/sip-run\.[A-Za-z0-9]+$/.test(dir)) throw new RunnerError(EXIT.tool, `guestfish mkdtemp gave '${dir}'`);
      const dns = network ? nameserverOf(await this.step(gf, context, '-debug sh "cat /etc/resolv.conf"')) : '';
      writeFileSync(join(host, 'program.sh'), program.text);
      writeFileSync(join(host, 'args'), program.args.map((a) => a + '\0').join(''));
      const programEnv = { ...proxyEnvironment(), ...(program.env ?? {}) };
      writeFileSync(join(host, 'env'), Object.entries(programEnv).map(([n, v]) => `${n}=${v}\0`).join(''), { mode: 0o600 });
      writeFileSync(join(host, 'dns'), dns);
      const uploads: [string, string][] = [...['program.sh', 'args', 'env', 'dns'].map((f): [string, string] => [join(host, f), f]), [join(packageRoot(), IN_IMAGE_SCRIPT), 'in-image.sh']];
      for (const [from, name] of uploads) {
        await this.step(gf, context, `upload ${gfQuote(from)} ${gfQuote(`${dir}/${name}`)}`);
      }
      phase(`running the program (${program.testOnly ? 'test-only' : 'reconcile'}) in ${root.device}`);
      const timeout = this.options.timeoutSec === undefined ? undefined : this.options.timeoutSec * 1000;
      const out = await this.step(gf, context, `sh ${gfQuote(`/bin/bash ${dir}/in-image.sh ${dir} ${mark}`)}`, timeout, `the program did not finish within ${this.options.timeoutSec} s (--timeout); the image is unchanged`);
      const rc = /rc=(\d+)\s*$/.exec(out);
      await this.step(gf, context, `download ${gfQuote(`${dir}/log`)} ${gfQuote(join(host, 'log'))}`);
      await this.step(gf, context, `-download ${gfQuote(`${dir}/report.jsonl`)} ${gfQuote(join(host, 'report.jsonl'))}`);
      await this.step(gf, context, `rm-rf ${gfQuote(dir)}`);
      state.output = existsSync(join(host, 'log')) ? readFileSync(join(host, 'log'), 'utf8') : '';
      state.report = existsSync(join(host, 'report.jsonl')) ? parseReport(readFileSync(join(host, 'report.jsonl'), 'utf8')) : [];
      // lines the console did not carry intact: show them now, from the log
      const logLines = state.output.split('\n');
      if (logLines.at(-1) === '') logLines.pop();
      const missing = frames.missing(logLines.length);
      if (missing.length > 0) {
        phase(`${missing.length} of the program's ${logLines.length} output lines did not come through the console intact; here they are, from its log:`);
        for (const n of missing) context.progress.write(`${logLines[n - 1]}\n`);
      }
      if (!rc) throw new RunnerError(EXIT.tool, `the program's wrapper did not report an exit status (guestfish said: ${out.trim().slice(-200)})`);
      await this.step(gf, context, () => gf.quit());
      return Number(rc[1]);
    } finally {
      context.signal?.removeEventListener('abort', onAbort);
      gf.kill();
      await gf.whenExited();
      rmSync(host, { recursive: true, force: true });
    }
  }

  /** One guestfish command (or a function of several); guestfish failures, time-outs and Ctrl-C become RunnerErrors. */
  private async step<T = string>(
    gf: Guestfish,
    context: RunContext,
    what: string | (() => Promise<T>),
    timeoutMs?: number,
    onTimeout?: string,
    launch?: string,
  ): Promise<T> {
    try {
      return typeof what === 'string' ? ((await gf.command(what, timeoutMs)) as T) : await what();
    } catch (e) {
      if (context.signal?.aborted) throw new RunnerError(EXIT.interrupted, 'interrupted; the image is unchanged');
      if (e instanceof GuestfishTimeout) throw new RunnerError(launch !== undefined ? EXIT.tool : EXIT.timeout, onTimeout ?? e.message);
      if (e instanceof GuestfishFailed) throw new RunnerError(...classify(e, launch));
      throw e;
    }
  }
}

/** What a guestfish failure means for the user: exit status and one line. */
function classify(e: GuestfishFailed, launchHint: string | undefined): [number, string] {
  const text = e.errors.join('; ') || e.message;
  if (/No space left on device/i.test(text)) return [EXIT.target, `the image's file system is full (${errorText(e)}); grow the image or free space in it`];
  if (/lock/i.test(text) && /write/i.test(text)) return [EXIT.busy, `the image is in use by another program (a running VM?): ${errorText(e)}`];
  if (launchHint !== undefined) return [EXIT.tool, `the libguestfs appliance could not start: ${errorText(e)}; ${launchHint}`];
  return [EXIT.tool, `guestfish failed: ${errorText(e)}`];
}

/** The failing command's message (a failed launch says several things: all of them, short). */
function errorText(e: GuestfishFailed): string {
  const text = e.errors.length > 0 ? e.errors.join(' ') : e.message;
  return text.replace(/\s+/g, ' ').replace(/\*stdin\*:\d+: /g, '').slice(0, 400);
}

/**
 * The environment for guestfish: ours as it is (LIBGUESTFS_*, SUPERMIN_*, TMPDIR and the
 * proxies pass through), plus LIBGUESTFS_BACKEND_SETTINGS=force_tcg where KVM exists but
 * cannot run ordinary guests (a paravirtual kvm_pvm host), unless the user set it.
 */
export function libguestfsEnvironment(env: NodeJS.ProcessEnv): { env: Record<string, string | undefined>; note?: string } {
  if (env['LIBGUESTFS_BACKEND_SETTINGS'] !== undefined) return { env: { ...env } };
  if (existsSync('/sys/module/kvm_pvm')) {
    return { env: { ...env, LIBGUESTFS_BACKEND_SETTINGS: 'force_tcg' }, note: 'KVM here is kvm_pvm, which cannot run the appliance: using TCG (set LIBGUESTFS_BACKEND_SETTINGS to choose)' };
  }
  return { env: { ...env } };
}

/** What to try when the appliance does not start or stalls. */
function launchHint(env: Record<string, string | undefined>): string {
  if (/force_tcg/.test(env['LIBGUESTFS_BACKEND_SETTINGS'] ?? '')) return 'run libguestfs-test-tool to see why';
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
    return 'where KVM cannot run guests, set LIBGUESTFS_BACKEND_SETTINGS=force_tcg';
  } catch {
    return 'run libguestfs-test-tool to see why';
  }
}

function nameserverOf(resolvConf: string): string {
  return /^nameserver\s+([0-9a-fA-F.:]+)\s*$/m.exec(resolvConf)?.[1] ?? '';
}
