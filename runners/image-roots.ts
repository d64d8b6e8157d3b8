/**
 * Finding the Linux root file system(s) of an image inside the appliance, without
 * libguestfs inspection (which costs about 8 s under TCG): every partition, logical volume
 * and partition-less disk whose file system type is a Linux one is mounted read-only for a
 * moment and counts as a root when it has /etc/os-release (or the older release files).
 * Then the chosen root is mounted read-write with the other file systems its /etc/fstab
 * names (UUID=, LABEL=, /dev/... device names), so packages land where the system has them.
 */
import type { Guestfish } from './guestfish.js';
import { EXIT, RunnerError } from './runner.js';

export interface Root {
  readonly device: string;
  readonly fsType: string;
  /** os-release PRETTY_NAME (or NAME VERSION), or the release file's first line. */
  readonly osName: string;
  readonly id: string;
  readonly versionId: string;
}

const LINUX_FS = new Set(['ext2', 'ext3', 'ext4', 'xfs', 'btrfs', 'jfs', 'reiserfs', 'f2fs']);

/** A guestfish string argument: double-quoted, with `\` and `"` escaped and other bytes as \xHH. */
export function gfQuote(s: string): string {
  let out = '"';
  for (const ch of Buffer.from(s, 'utf8')) {
    if (ch === 0x22 || ch === 0x5c) out += '\\' + String.fromCharCode(ch);
    else if (ch >= 0x20 && ch < 0x7f) out += String.fromCharCode(ch);
    else out += '\\x' + ch.toString(16).padStart(2, '0');
  }
  return out + '"';
}

function lines(s: string): string[] {
  return s.split('\n').map((l) => l.trim()).filter((l) => l !== '');
}

/** Every Linux root in the attached image. Commands prefixed with `-` may fail without ending guestfish. */
export async function findRoots(gf: Guestfish): Promise<Root[]> {
  const devices = lines(await gf.command('list-devices'));
  const partitions = lines(await gf.command('list-partitions'));
  const lvs = lines(await gf.command('-lvs'));
  const wholeDisks = devices.filter((d) => !partitions.some((p) => p.startsWith(d)));
  const roots: Root[] = [];
  for (const device of [...partitions, ...lvs, ...wholeDisks]) {
    const fsType = (await gf.command(`-vfs-type ${gfQuote(device)}`)).trim();
    if (!LINUX_FS.has(fsType)) continue;
    await gf.command(`-mount-ro ${gfQuote(device)} /`);
    const osRelease = await gf.command('-cat /etc/os-release');
    let release = '';
    if (osRelease.trim() === '') {
      for (const f of ['/etc/redhat-release', '/etc/SuSE-release', '/etc/debian_version']) {
        release = (await gf.command(`-head-n 1 ${f}`)).trim();
        if (release !== '') {
          if (f === '/etc/debian_version') release = `Debian ${release}`;
          break;
        }
      }
    }
    await gf.command('-umount-all');
    if (osRelease.trim() === '' && release === '') continue;
    const fields = parseOsRelease(osRelease);
    roots.push({
      device,
      fsType,
      osName: fields['PRETTY_NAME'] ?? ([fields['NAME'], fields['VERSION']].filter(Boolean).join(' ') || release || 'Linux'),
      id: fields['ID'] ?? '',
      versionId: fields['VERSION_ID'] ?? '',
    });
  }
  return roots;
}

/** KEY=VALUE lines of os-release, values unquoted (never sourced). */
export function parseOsRelease(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const m = /^([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!m) continue;
    let v = m[2]!;
    if (/^".*"$/.test(v) || /^'.*'$/.test(v)) v = v.slice(1, -1).replace(/\\(["\\$`])/g, '$1');
    out[m[1]!] = v;
  }
  return out;
}

/** One line per root, for listings. */
export function describeRoots(roots: readonly Root[]): string[] {
  return roots.map((r) => `  ${r.device}  ${r.osName} (${r.fsType})`);
}

/** The root to work on: the one asked for, or the only one; several and no choice is a usage error (the caller lists them). */
export function chooseRoot(roots: readonly Root[], wanted: string | undefined, image: string): Root {
  if (wanted !== undefined) {
    const root = roots.find((r) => r.device === normaliseDevice(wanted));
    if (root) return root;
    throw new RunnerError(
      EXIT.usage,
      roots.length === 0 ? `--root-filesystem ${wanted}: ${image} has no Linux root file system` : `--root-filesystem ${wanted} is not a Linux root of ${image} (its roots are listed above)`,
    );
  }
  if (roots.length === 1) return roots[0]!;
  if (roots.length === 0) throw new RunnerError(EXIT.target, `${image} has no Linux root file system (no partition or volume with /etc/os-release)`);
  throw new RunnerError(EXIT.usage, `${image} has ${roots.length} Linux roots (listed above); choose one with --root-filesystem DEVICE`);
}

/** libguestfs names the first disk /dev/sda whatever the guest calls it: /dev/vda2 and /dev/xvda2 mean /dev/sda2. */
export function normaliseDevice(dev: string): string {
  return dev.replace(/^\/dev\/(?:vd|xvd|hd)([a-z]+)/, '/dev/sd$1');
}

export interface FstabEntry {
  readonly spec: string;
  readonly mountpoint: string;
  readonly type: string;
}

/** The /etc/fstab entries worth mounting for a run: local file systems below /, not noauto, shallow first. */
export function mountableEntries(fstab: string): FstabEntry[] {
  const out: FstabEntry[] = [];
  for (const raw of fstab.split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (line === '') continue;
    const [spec, mountpoint, type = 'auto', options = 'defaults'] = line.split(/\s+/);
    if (spec === undefined || mountpoint === undefined || !mountpoint.startsWith('/') || mountpoint === '/') continue;
    if (options.split(',').includes('noauto') || options.split(',').includes('bind')) continue;
    if (!(LINUX_FS.has(type) || type === 'vfat' || type === 'auto')) continue;
    out.push({ spec, mountpoint: mountpoint.replace(/\\040/g, ' '), type });
  }
  return out.sort((a, b) => a.mountpoint.split('/').length - b.mountpoint.split('/').length);
}

/** Mount the root read-write, then its fstab's file systems; returns a line per entry that could not be mounted. */
export async function mountRoot(gf: Guestfish, root: Root): Promise<string[]> {
  await gf.command(`mount ${gfQuote(root.device)} /`);
  const problems: string[] = [];
  for (const e of mountableEntries(await gf.command('-cat /etc/fstab'))) {
    const device = await resolveSpec(gf, e.spec);
    if (device === undefined) {
      problems.push(`fstab: ${e.spec} for ${e.mountpoint} not found in the image; not mounted`);
      continue;
    }
    if (device === root.device) continue;
    const isDir = (await gf.command(`-is-dir ${gfQuote(e.mountpoint)}`)).trim();
    if (isDir !== 'true') {
      problems.push(`fstab: mount point ${e.mountpoint} is missing in the root; ${e.spec} not mounted`);
      continue;
    }
    await gf.command(`-mount ${gfQuote(device)} ${gfQuote(e.mountpoint)}`);
    if (!lines(await gf.command('mounts')).includes(device)) problems.push(`fstab: ${device} could not be mounted on ${e.mountpoint}`);
  }
  return problems;
}

async function resolveSpec(gf: Guestfish, spec: string): Promise<string | undefined> {
  const byKind = /^(UUID|LABEL)=(.*)$/.exec(spec) ?? /^\/dev\/disk\/by-(uuid|label)\/(.*)$/.exec(spec);
  if (byKind) {
    const cmd = byKind[1]!.toLowerCase() === 'uuid' ? 'findfs-uuid' : 'findfs-label';
    const dev = (await gf.command(`-${cmd} ${gfQuote(byKind[2]!.replace(/^"|"$/g, ''))}`)).trim();
    return dev === '' ? undefined : dev;
  }
  if (spec.startsWith('/dev/')) return normaliseDevice(spec);
  return undefined;
}
