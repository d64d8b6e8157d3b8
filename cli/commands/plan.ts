import { printable } from '../../compiler/printable.js';
import { argumentList } from '../describe-arguments.js';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { formatDiagnostic, formatSummary } from '../../compiler/diagnostics/format.js';
import { loadManifest } from '../../compiler/frontend.js';
import { formatPlan, planManifest } from '../../compiler/plan/index.js';
import { argumentValues, MANIFEST_OPTIONS, one, parseArgs, UsageError } from '../args.js';
import { displayPath, reportUsage } from '../output.js';
import { resolveTarget } from '../target.js';

const OPTIONS = {
  distro: { value: true },
  'id-like': { value: true },
  ...MANIFEST_OPTIONS,
} as const;

/**
 * `plan (MANIFEST | PLUGIN VERSION) --distro ID [--ARG VALUE | --set ARG=VALUE]...`: the validators that would
 * run on that distro with those argument values, as a tree with manifest locations.
 */
export async function run(argv: readonly string[]): Promise<number> {
  return reportUsage(async () => {
    const args = parseArgs(argv, OPTIONS, { allowExtra: true });
    const distro = one(args, 'distro');
    if (distro === undefined) throw new UsageError('plan needs --distro ID (e.g. ubuntu22, rocky9, debian, centos7)');
    const target = await resolveTarget(args);
    const kinds = target.kinds === undefined ? {} : { kinds: target.kinds };
    const loaded = loadManifest(displayPath(target.manifest), { roots: target.roots, ...kinds });
    if (hasErrors(loaded.diagnostics) || loaded.manifest === undefined) {
      for (const d of loaded.diagnostics) process.stderr.write(formatDiagnostic(d, loaded.sources) + '\n\n');
      process.stderr.write(formatSummary(loaded.diagnostics, loaded.file) + '\n');
      return 2;
    }
    // Values as the program would take them (--java-distro or --java_distro), over the plugin's.
    const values = new Map<string, string>([...Object.entries(target.overrides), ...argumentValues(args)]);
    const idLike = one(args, 'id-like');
    const plan = planManifest(loaded.manifest, { distro, args: values, ...kinds, ...(idLike === undefined ? {} : { idLike }) });
    if (plan.problems.length > 0) {
      const known = argumentList(loaded.manifest.arguments);
      throw new UsageError(`${plan.problems.join('; ')} (arguments: ${known})`);
    }
    if (plan.distro.family === 'unknown') {
      process.stderr.write(
        `sahara-image-pack: warning: '${printable(distro)}' is not a known distro id or family (e.g. ubuntu22, rocky9, debian); ` +
          `package steps would stop the program with exit 3 there (give --id-like debian|rhel|suse if it is a derivative)\n`,
      );
    }
    process.stdout.write(formatPlan(plan));
    return 0;
  });
}
