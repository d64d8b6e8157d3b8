/**
 * The image file on the host, before any appliance starts: is it there, is it a disk image
 * (qemu-img's own detection of the format, never the file name), may we write it, and is
 * anything else using it. Every problem becomes a RunnerError with one line saying what to do.
 */
import { execa } from 'execa';
import { accessSync, constants, openSync, readSync, closeSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { EXIT, RunnerError } from './runner.js';

export interface ImageFile {
  /** Absolute path. */
  readonly path: string;
  /** As qemu-img detected it: qcow2, raw, vmdk, ... */
  readonly format: string;
  readonly virtualSize: number;
  /** The backing files below it, nearest first (empty for a standalone image). */
  readonly backingChain: readonly string[];
}

/** Check the file and read its format; `forWriting` when a reconcile run will commit into it. */
export async function inspectImageFile(given: string, forWriting: boolean): Promise<ImageFile> {
  const path = resolve(given);
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new RunnerError(EXIT.target, `${given}: no such image file`);
    throw new RunnerError(EXIT.target, `${given}: cannot read it (${code ?? (e as Error).message})`);
  }
  if (st.isDirectory()) throw new RunnerError(EXIT.target, `${given} is a directory, not a disk image`);
  if (!st.isFile() && !st.isBlockDevice()) throw new RunnerError(EXIT.target, `${given} is not a regular file or block device`);
  try {
    accessSync(path, constants.R_OK);
  } catch {
    throw new RunnerError(EXIT.target, `${given}: permission denied (cannot read it)`);
  }
  if (forWriting) {
    try {
      // root may write a file whose mode forbids it; a mode without write bits is the owner saying no
      accessSync(path, constants.W_OK);
      if ((st.mode & 0o222) === 0) throw new Error('no write bits');
    } catch {
      throw new RunnerError(EXIT.target, `${given} is read-only: a reconcile run commits its changes into it; make it writable, or check it with --test-only`);
    }
  }
  const r = await execa('qemu-img', ['info', '--output=json', '--backing-chain', path], { reject: false, timeout: 60_000 });
  if (r.failed) {
    const msg = firstLine(String(r.stderr)) || (r.shortMessage ?? "qemu-img failed");
    if ((r as { code?: string }).code === 'ENOENT') throw new RunnerError(EXIT.tool, 'qemu-img is not installed (Debian: apt-get install qemu-utils; or run make deps)');
    if (/lock/i.test(msg)) {
      throw new RunnerError(EXIT.busy, `${given} is in use: another program (a running VM?) holds qemu's lock on it; shut that down first (${msg})`);
    }
    throw new RunnerError(EXIT.target, `${given} is not a disk image qemu-img can read: ${msg}`);
  }
  let chain: { format?: string; 'virtual-size'?: number; filename?: string }[];
  try {
    const v: unknown = JSON.parse(r.stdout);
    chain = Array.isArray(v) ? v : [v as object];
  } catch {
    throw new RunnerError(EXIT.tool, `qemu-img info printed something that is not JSON for ${given}`);
  }
  const top = chain[0] ?? {};
  const format = top.format ?? 'raw';
  if (format === 'raw' && !looksLikeDisk(path)) {
    throw new RunnerError(EXIT.target, `${given} is not a disk image: no partition table and no Linux file system in it`);
  }
  return {
    path,
    format,
    virtualSize: top['virtual-size'] ?? 0,
    backingChain: chain.slice(1).map((c) => c.filename ?? '?'),
  };
}

/**
 * A raw file that is a disk: an MBR or GPT signature, or an ext2/3/4, XFS or btrfs
 * superblock at its usual place. (Anything qemu-img calls raw would otherwise boot an
 * appliance for 15 s only to find nothing.)
 */
function looksLikeDisk(path: string): boolean {
  const buf = Buffer.alloc(65_664);
  let n = 0;
  try {
    const fd = openSync(path, 'r');
    try {
      n = readSync(fd, buf, 0, buf.length, 0);
    } finally {
      closeSync(fd);
    }
  } catch {
    return true; // let libguestfs say what is wrong
  }
  if (n < 1024) return false;
  const mbr = buf[510] === 0x55 && buf[511] === 0xaa;
  const gpt = buf.toString('latin1', 512, 520) === 'EFI PART';
  const ext = buf.readUInt16LE(1080) === 0xef53;
  const xfs = buf.toString('latin1', 0, 4) === 'XFSB';
  const btrfs = n >= 65_608 && buf.toString('latin1', 65_600, 65_608) === '_BHRfS_M';
  return mbr || gpt || ext || xfs || btrfs;
}

function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.replace(/^qemu-img: /, '').trim())
      .find((l) => l !== '') ?? ''
  );
}
