/**
 * Runs of package steps: adjacent steps of one plain package each (no version), in a list the
 * program runs as an `all`, printed as one step function `sip_pkgs_run COUNT LINES ROWS`
 * (runtime/pkg.sh) instead of one table row and one `sip_all` word each.
 *
 * LINES is a printf format of the steps' "ok" lines, one a step, exactly as `sip_all` would
 * print them ("LOCATION  %*spackage NAME  %sok%s", the indentation and the colours given at
 * run time): when every package name of the program is installed and no report is open, that
 * is the whole run, one `printf`. ROWS holds each step's row of SIP_PKG_STEPS after its
 * function name ("FN|NAME|LOCATION|PATH", a line each): otherwise the runtime defines the
 * rows and runs the steps through `sip_all`, as if they had been listed one by one.
 *
 * A run is a maximal sequence of two or more package steps, all of one plain package, so that
 * the steps installed together in reconcile mode (runtime/pkg-ahead.sh: adjacent package
 * steps) are the same as step by step. A location holding a newline (a manifest file name)
 * would break ROWS: such a step is left out of runs.
 */
import type { KindRegistry } from '../kinds/registry.js';
import type { PackageStep, ProgramPlan, Step } from '../lower/program.js';

export interface PackageRun {
  /** The run's step function: the first step's name + `_run` (step names end in a digit or `_body`). */
  readonly fn: string;
  readonly steps: readonly PackageStep[];
  /** The printf format of the steps' "ok" lines. */
  readonly lines: string;
  /** "FN|NAME|LOCATION|PATH" a step, a line each. */
  readonly rows: string;
}

export interface PackageRuns {
  readonly runs: readonly PackageRun[];
  /** Step functions that are part of a run (they get no row of SIP_PKG_STEPS). */
  readonly members: ReadonlySet<string>;
  /** A list the program runs as an all (its functions joined by spaces) -> the list with runs in it. */
  readonly lists: ReadonlyMap<string, readonly string[]>;
}

/** The least number of adjacent steps printed as a run. */
const MIN_RUN = 2;

const plainOne = (s: Step | undefined): s is PackageStep =>
  s?.kind === 'package' && s.packages.length === 1 && s.packages[0]!.version === '' && !s.location.includes('\n');

/** `%` and `\` of a location as printf reads them in a format. */
const formatText = (text: string): string => text.replace(/[%\\]/g, (c) => c + c);

/** A package step's row of SIP_PKG_STEPS: "specs|location|path" (runtime/pkg.sh sip_pkg_step). */
export function packageRow(s: PackageStep): string {
  if (s.path.includes('|')) throw new Error(`internal: a package step path holds a '|': ${s.path}`);
  return `${s.packages.map((p) => p.spec).join(' ')}|${s.location}|${s.path}`;
}

function makeRun(steps: readonly PackageStep[]): PackageRun {
  return {
    fn: `${steps[0]!.fn}_run`,
    steps,
    lines: steps.map((s) => `${formatText(s.location)}  %*spackage ${s.packages[0]!.spec}  %sok%s\n`).join(''),
    rows: steps.map((s) => `${s.fn}|${packageRow(s)}`).join('\n'),
  };
}

/** The runs of a plan: in the root list and in each list a kind names in `stepLists`. */
export function packageRuns(plan: ProgramPlan, kinds: KindRegistry): PackageRuns {
  const byFn = new Map(plan.steps.map((s) => [s.fn, s]));
  const runs: PackageRun[] = [];
  const members = new Set<string>();
  const lists = new Map<string, readonly string[]>();
  const isPackage = (fn: string): boolean => byFn.get(fn)?.kind === 'package';
  // a list with each maximal sequence of package steps that makes a run replaced by the run
  const visit = (list: readonly string[]): void => {
    const out: string[] = [];
    let i = 0;
    while (i < list.length) {
      if (!isPackage(list[i]!)) {
        out.push(list[i++]!);
        continue;
      }
      let end = i;
      while (end < list.length && isPackage(list[end]!)) end += 1;
      const sequence = list.slice(i, end);
      const steps = sequence.map((fn) => byFn.get(fn));
      if (steps.length >= MIN_RUN && steps.every(plainOne)) {
        const run = makeRun(steps);
        runs.push(run);
        for (const s of steps) members.add(s.fn);
        out.push(run.fn);
      } else {
        out.push(...sequence);
      }
      i = end;
    }
    if (out.length !== list.length) lists.set(list.join(' '), out);
  };
  visit(plan.root);
  for (const step of plan.steps) {
    const kind = step.kind === 'custom' ? step.customKind : step.kind;
    for (const list of kinds.get(kind)?.definition.stepLists?.(step) ?? []) visit(list);
  }
  return { runs, members, lists };
}
