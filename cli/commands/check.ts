import { formatDiagnostic, formatSummary, toJson } from '../../compiler/diagnostics/format.js';
import { argumentList } from '../describe-arguments.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../../compiler/frontend.js';
import { resolveArgumentValues } from '../../compiler/argument-values.js';
import { argumentValues, MANIFEST_OPTIONS, maxErrors, one, parseArgs, UsageError } from '../args.js';
import { reportUsage, displayPath, promoteWarnings } from '../output.js';
import { resolveTarget } from '../target.js';

export const CHECK_OPTIONS = { format: { value: true }, ...MANIFEST_OPTIONS } as const;

/** `check (MANIFEST | PLUGIN VERSION) [--format text|json] [--warnings-as-errors] [--ARG VALUE]...`: exit 0 clean or warnings, 2 on errors or a bad value. */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, CHECK_OPTIONS, { allowExtra: true });
    const format = one(args, 'format') ?? 'text';
    if (format !== 'text' && format !== 'json') throw new UsageError(`--format must be text or json, not '${format}'`);
    const target = await resolveTarget(args);
    const loaded = loadManifest(displayPath(target.manifest), { roots: target.roots, maxErrors: maxErrors(args), ...(target.kinds === undefined ? {} : { kinds: target.kinds }) });
    const diagnostics = promoteWarnings(loaded.diagnostics, args.options.has('warnings-as-errors'));
    const failed = hasErrors(diagnostics);
    if (format === 'json') {
      const out = { file: loaded.file, ok: !failed, diagnostics: diagnostics.map(toJson) };
      process.stdout.write(JSON.stringify(out, null, 2) + '\n');
    } else {
      for (const d of diagnostics) process.stderr.write(formatDiagnostic(d, loaded.sources) + '\n\n');
      process.stderr.write(formatSummary(diagnostics, loaded.file) + '\n');
    }
    if (failed || loaded.manifest === undefined) return 2;
    // argument values given (--ARG VALUE, --set ARG=VALUE) are checked as the program would
    const given = argumentValues(args);
    if (given.length > 0) {
      const problems = resolveArgumentValues(loaded.manifest, given, new Map(Object.entries(target.overrides))).problems.filter((p) => !p.startsWith('missing required'));
      if (problems.length > 0) throw new UsageError(`${problems.join('; ')} (arguments: ${argumentList(loaded.manifest.arguments)})`);
    }
    return 0;
  });
}
