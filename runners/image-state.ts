/**
 * What a run keeps on the host beside an image: its lock and its overlay.
 *
 * Lock: an exclusive flock(1) on the image file itself, held by a small `flock ... cat`
 * process whose stdin is ours: it is released when the run ends however it ends (even on
 * `kill -9`, the pipe closes and the lock goes with it). A second run on the same image is
 * refused; an owner file says which process holds it.
 *
 * Overlay: a qcow2 file in the state directory whose backing file is the image. The program
 * works on it; a successful reconcile run commits it into the image (`qemu-img commit`), any
 * other run deletes it. Under the lock no other run can be using an overlay of this image, so
 * any overlay found there is a leftover of a killed run and is removed. A commit is
 * journalled: a run killed during one leaves the journal and the overlay, and the next run
 * finishes that commit (a commit only copies the overlay's clusters into the image, so doing
 * it again is harmless) before it starts.
 */
import { execa, type ResultPromise } from 'execa';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ImageFile } from './image-file.js';
import { EXIT, RunnerError } from './runner.js';

/** `$SIP_STATE_DIR`, else /var/tmp/sahara-image-pack for root (overlays can grow large; not tmpfs), else a per-user dir in the temp dir. */
export function stateDir(): string {
  const fromEnv = process.env['SIP_STATE_DIR'];
  if (fromEnv) return fromEnv;
  return process.getuid?.() === 0 ? '/var/tmp/sahara-image-pack' : join(tmpdir(), `sahara-image-pack-${process.getuid?.() ?? 'user'}`);
}

/** The image's files in the state dir share this prefix. */
function keyOf(image: ImageFile): string {
  return createHash('sha256').update(image.path).digest('hex').slice(0, 16);
}

export interface ImageLock {
  release(): Promise<void>;
}

/** Take the image's lock, or refuse (EXIT.busy) naming the run that holds it. */
export async function lockImage(image: ImageFile, label: string): Promise<ImageLock> {
  const dir = stateDir();
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const owner = join(dir, `${keyOf(image)}.owner`);
  let holder: ResultPromise;
  try {
    holder = execa('flock', ['--nonblock', '--conflict-exit-code', '75', image.path, 'sh', '-c', 'echo locked && exec cat >/dev/null'], {
      stdin: 'pipe',
      stdout: 'pipe',
      stderr: 'pipe',
      reject: false,
      buffer: false,
    });
  } catch (e) {
    throw new RunnerError(EXIT.tool, `cannot run flock(1): ${(e as Error).message} (Debian: util-linux)`);
  }
  const locked = await new Promise<boolean | string>((res) => {
    (holder.stdout as Readable).once('data', () => res(true));
    void holder.then((r) => res(r.exitCode === 75 ? false : `flock failed: ${String(r.stderr ?? '') || r.shortMessage}`));
  });
  if (locked !== true) {
    if (locked === false) {
      const who = existsSync(owner) ? readFileSync(owner, 'utf8').trim() : 'another process';
      throw new RunnerError(EXIT.busy, `${image.path} is locked by another run (${who}); wait for it to finish, or stop it`);
    }
    throw new RunnerError(EXIT.tool, locked);
  }
  writeFileSync(owner, `sahara-image-pack pid ${process.pid}, ${label}, since ${new Date().toISOString()}\n`);
  return {
    async release() {
      rmSync(owner, { force: true });
      holder.stdin?.end();
      await holder;
    },
  };
}

export interface Overlay {
  readonly path: string;
  /** Copy the overlay's changes into the image (journalled), then delete it. */
  commit(): Promise<void>;
  /** Delete the overlay (the image is untouched). */
  discard(): void;
}

/** Messages about what a killed run left behind and what was done about it. */
export type Notice = (line: string) => void;

/**
 * Under the lock: finish a commit that a killed run left half done, remove leftover
 * overlays, then create this run's overlay on the image.
 */
export async function createOverlay(image: ImageFile, notice: Notice): Promise<Overlay> {
  const dir = stateDir();
  const key = keyOf(image);
  const journal = join(dir, `${key}.committing`);
  if (existsSync(journal)) {
    const left = readFileSync(journal, 'utf8').trim();
    if (existsSync(left)) {
      notice(`a previous run was stopped while committing its changes into the image; finishing that commit first`);
      await commitInto(left);
    }
    rmSync(journal, { force: true });
  }
  for (const f of readdirSync(dir)) {
    if (f.startsWith(`${key}-`) && f.endsWith('.qcow2')) {
      rmSync(join(dir, f), { force: true });
      notice(`removed the overlay of an interrupted run (${f}); the image was not changed by it`);
    }
  }
  const path = join(dir, `${key}-${process.pid}.qcow2`);
  const r = await execa('qemu-img', ['create', '-q', '-f', 'qcow2', '-F', image.format, '-b', image.path, path], { reject: false, timeout: 60_000 });
  if (r.failed) throw new RunnerError(EXIT.tool, `cannot create an overlay in ${dir}: ${r.stderr.trim() || r.shortMessage}`);
  return {
    path,
    async commit() {
      writeFileSync(journal, path + '\n');
      await commitInto(path);
      rmSync(journal, { force: true });
      rmSync(path, { force: true });
    },
    discard() {
      rmSync(path, { force: true });
    },
  };
}

async function commitInto(overlay: string): Promise<void> {
  const r = await execa('qemu-img', ['commit', '-q', overlay], { reject: false });
  if (r.failed) throw new RunnerError(EXIT.tool, `qemu-img commit failed: ${r.stderr.trim() || r.shortMessage}; the changes are kept in ${overlay}`);
}
