import { chmodSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, basename, join } from 'node:path';
import { MANIFEST_OPTIONS, many, maxErrors, one, parseArgs, UsageError } from '../args.js';
import { compileTarget } from '../compile-target.js';
import { reportUsage } from '../output.js';
import { resolveTarget } from '../target.js';

const OPTIONS = {
  output: { value: true, alias: '-o' },
  set: { value: true, repeatable: true },
  format: { value: true },
  compact: {},
  ...MANIFEST_OPTIONS,
} as const;

/**
 * `compile (MANIFEST | PLUGIN VERSION) [-o FILE] [--set NAME=VALUE]... [--compact]`: one bash
 * program on stdout or in FILE (written atomically, mode 0755). No file is written when there are errors.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, OPTIONS);
    const format = one(args, 'format') ?? 'bash';
    if (format !== 'bash') throw new UsageError(format === 'cloud-config' ? '--format cloud-config is not implemented yet' : `--format must be bash, not '${format}'`);
    const target = await resolveTarget(args);
    const sets = new Map(Object.entries(target.overrides));
    for (const s of many(args, 'set')) {
      const eq = s.indexOf('=');
      if (eq <= 0) throw new UsageError(`--set wants NAME=VALUE, got '${s}'`);
      sets.set(s.slice(0, eq), s.slice(eq + 1));
    }
    const compiled = compileTarget(target, sets, { maxErrors: maxErrors(args), tail: '; no program written', compact: args.options.has('compact') });
    if (compiled === undefined) return 2;
    const output = one(args, 'output');
    if (output === undefined || output === '-') process.stdout.write(compiled.text);
    else writeAtomically(output, compiled.text);
    return 0;
  });
}

/** Write to a temp file beside the target, then rename: readers never see half a program. */
function writeAtomically(file: string, text: string): void {
  const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { mode: 0o755 });
    chmodSync(tmp, 0o755);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`cannot write ${file}: ${(e as Error).message}`);
  }
}
