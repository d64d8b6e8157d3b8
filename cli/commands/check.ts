import { formatDiagnostic, formatSummary, toJson } from '../../compiler/diagnostics/format.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../../compiler/frontend.js';
import { MANIFEST_OPTIONS, maxErrors, one, parseArgs, UsageError } from '../args.js';
import { reportUsage, displayPath } from '../output.js';
import { resolveTarget } from '../target.js';

export const CHECK_OPTIONS = { format: { value: true }, ...MANIFEST_OPTIONS } as const;

/** `check (MANIFEST | PLUGIN VERSION) [--format text|json]`: exit 0 clean or warnings, 2 on errors. */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, CHECK_OPTIONS);
    const format = one(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
    const target = await resolveTarget(args);
    const loaded = loadManifest(displayPath(target.manifest), { roots: target.roots, maxErrors: maxErrors(args) });
    const failed = hasErrors(loaded.diagnostics);
    if (format === 'json') {
      const out = { file: loaded.file, ok: !failed, diagnostics: loaded.diagnostics.map(toJson) };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d, loaded.sources) + '\n\n');
      process.stderr.write(formatSummary(loaded.diagnostics, loaded.file) + '\n');
    }
    return failed ? 2 : 0;
  });
}
