import { chmodSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { argumentValues, MANIFEST_OPTIONS, maxErrors, one, parseArgs, UsageError } from '../args.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { resolveTarget } from '../target.js';
import { shqPosix } from '../../compiler/emit/quote.js';
import { VERSION } from '../../compiler/version.js';
import type { Manifest } from '../../compiler/ast/nodes.js';

const FORMATS = ['bash', 'cloud-config', 'user-data', 'ansible', 'packer'];

const OPTIONS = {
  output: { value: true, alias: '-o' },
  format: { value: true },
  compact: {},
  ...MANIFEST_OPTIONS,
} as const;

/**
 * `compile (MANIFEST | PLUGIN VERSION) [-o FILE] [--NAME VALUE | --set NAME=VALUE]... [--compact] [--format F]`: one
 * bash program on stdout or in FILE (written atomically, mode 0755), or it as cloud-init user
 * data (`cloud-config`, `user-data`: compact, with the size checks of compiler/formats/cloud-config.ts).
 * No file is written when there are errors.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, OPTIONS, { allowExtra: true });
    const format = one(args, 'format') ?? 'bash';
    if (!FORMATS.includes(format)) throw new UsageError(`--format must be ${FORMATS.join(', ')}; not '${format}'`);
    const target = await resolveTarget(args);
    // --NAME VALUE and --set NAME=VALUE: baked in as that argument's default
    const sets = new Map([...Object.entries(target.overrides), ...argumentValues(args)]);
    // compact by default for the cloud formats: user data is limited in size (the one place it is switched on)
    const compact = args.options.has('compact') || format === 'cloud-config' || format === 'user-data';
    const compiled = compileTarget(target, sets, { maxErrors: maxErrors(args), tail: '; no program written', warningsAsErrors: args.options.has('warnings-as-errors'), compact });
    if (compiled === undefined) return 2;
    let out: string | Buffer = compiled.text;
    if (format === 'cloud-config' || format === 'user-data') {
      const cloud = await import('../../compiler/formats/cloud-config.js');
      out = format === 'user-data' ? cloud.userData(compiled.text) : cloud.cloudConfig(compiled.text, { args: visibleSets(compiled.manifest, sets), label: target.label, compilerVersion: `sahara-image-pack ${VERSION}` });
      const fix = 'use fewer or smaller scripts, split the manifest into several programs, or run the program over SSH or in the image instead (sahara-image-pack run)';
      const problems = cloud.userDataSizes(Buffer.byteLength(out), fix);
      for (const p of problems) process.stderr.write(`sahara-image-pack: ${p.severity}: ${p.message}\n`);
      if (problems.some((p) => p.severity === 'error')) {
        process.stderr.write(`sahara-image-pack: no ${format} written\n`);
        return 2;
      }
    }
    if (format === 'ansible') {
      const { ansiblePlaybook, ANSIBLE_HINT } = await import('../../compiler/formats/ansible.js');
      out = ansiblePlaybook(compiled.text, { args: visibleSets(compiled.manifest, sets), secrets: secretsOf(compiled.manifest), label: target.label, compilerVersion: `sahara-image-pack ${VERSION}` });
      process.stderr.write(`sahara-image-pack: ${ANSIBLE_HINT}\n`);
    }
    if (format === 'packer') {
      const { packerProvisioner, PACKER_HINT } = await import('../../compiler/formats/packer.js');
      const given = argumentValues(args).map(([name, value]) => ` --set ${shqPosix(`${name}=${value}`)}`).join('');
      const compileCommand = `sahara-image-pack compile ${args.positionals.map(shqPosix).join(' ')}${given} -o image.sh`;
      out = packerProvisioner({ args: visibleSets(compiled.manifest, sets), label: target.label, compilerVersion: `sahara-image-pack ${VERSION}`, compileCommand });
      process.stderr.write(`sahara-image-pack: ${PACKER_HINT}\n`);
    }
    const output = one(args, 'output');
    if (output === undefined || output === '-') process.stdout.write(out);
    else writeAtomically(output, out, format === 'bash' ? 0o755 : 0o644);
    return 0;
  });
}

/** The baked values to spell out on the runcmd line: all but secrets (their compiled-in reference is read by the program). */
function visibleSets(manifest: Manifest, sets: ReadonlyMap<string, string>): [string, string][] {
  const secret = new Set(manifest.arguments.filter((a) => a.secret).map((a) => a.name.value));
  return [...sets].filter(([name]) => !secret.has(name));
}

/** The secret arguments: [flag name, shell variable]. */
function secretsOf(manifest: Manifest): [string, string][] {
  return manifest.arguments.filter((a) => a.secret).map((a) => [a.name.value, a.shellVariable]);
}

/**
 * Write to a temp file beside the target, then rename: readers never see half a program. A
 * target that exists and is not a regular file (`-o /dev/null`, `/dev/stdout`, a FIFO) is
 * written in place: renaming over it would replace the device node with a file.
 */
export function writeAtomically(file: string, text: string | Uint8Array, mode = 0o755): void {
  const dir = dirname(file);
  if (isDirectory(file)) throw new UsageError(`cannot write ${file}: it is a directory; give a file name, e.g. -o ${join(file, 'image.sh')}`);
  if (isSpecialFile(file)) {
    try {
      writeFileSync(file, text);
    } catch (e) {
      throw new UsageError(`cannot write ${file}: ${WHY[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`);
    }
    return;
  }
  if (!isDirectory(dir)) throw new UsageError(`cannot write ${file}: the directory ${dir} does not exist`);
  const tmp = join(dir, `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode });
    chmodSync(tmp, mode);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${file}: ${WHY[(e as NodeJS.ErrnoException).code ?? ''] ?? (e as Error).message}`);
  }
}

/** The usual reasons in plain words, without the temp file's name. */
const WHY: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENOTDIR: 'a part of the path is not a directory',
  ENOENT: 'cannot create a file there',
};

/** An existing target (links followed) that is neither a regular file nor a directory. */
function isSpecialFile(path: string): boolean {
  try {
    const st = statSync(path);
    return !st.isFile() && !st.isDirectory();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
