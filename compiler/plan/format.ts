import { printable } from '../printable.js';
import type { Plan, PlanNode, PlanStatus } from './types.js';

const STATUS_WORD: Readonly<Record<PlanStatus, string>> = {
  runs: '',
  'not-selected': 'not selected',
  depends: 'depends on a run-time value',
  fails: 'FAILS',
  alternative: '',
};

/**
 * The plan as text, one line per validator (or os_case/argument_case branch), laid out like the
 * program's progress lines: `LOCATION  <indent>KIND LABEL  [status]  (note)`.
 *
 *   Plan for distro centos7 (family redhat)
 *   Arguments:
 *     java-distro = openjdk (default)
 *   Validators:
 *     image.yaml:10:5   os_case redhat | debian
 *     image.yaml:11:9     redhat  (matches centos7)
 *     image.yaml:12:13      package nfs-utils
 *   warning: the os_case at image.yaml:20:5 has no branch for centos7 (family redhat): ...
 */
export function formatPlan(plan: Plan): string {
  const d = plan.distro;
  const lines: string[] = [];
  const version = d.major === '' ? '' : `, version ${d.major}`;
  lines.push(`Plan for distro ${d.id} (family ${d.family}${version})`);
  for (const p of plan.problems) lines.push(`error: ${p}`);
  if (plan.arguments.length > 0) {
    lines.push('Arguments:');
    for (const a of plan.arguments) {
      lines.push(a.value === undefined ? `  ${a.name} is not set` : `  ${a.name} = ${a.secret ? '(secret, not shown)' : a.value} (${a.source})`);
    }
  }
  lines.push('Validators:');
  const rows: [string, string][] = [];
  const visit = (n: PlanNode, depth: number): void => {
    const head = n.kind === 'branch' ? n.label : `${n.kind}${n.label === '' ? '' : ` ${n.label}`}`;
    const word = STATUS_WORD[n.status];
    const tail = [word === '' ? '' : `  [${word}]`, n.note === '' ? '' : `  (${n.note})`].join('');
    rows.push([n.location, `${'  '.repeat(depth)}${head}${tail}`]);
    for (const c of n.children) visit(c, depth + 1);
  };
  for (const n of plan.validators) visit(n, 0);
  const width = Math.max(0, ...rows.map(([loc]) => loc.length));
  for (const [loc, text] of rows) lines.push(`  ${loc.padEnd(width)}  ${text}`);
  if (plan.validators.length === 0) lines.push('  (none)');
  // As the program says at the end of its run: an os_case that selects no branch on this
  // distro (many real manifests branch on `ubuntu:` or `centos:` alone).
  const unselected: string[] = [];
  const find = (n: PlanNode): void => {
    if (n.kind === 'os_case' && n.children.every((c) => c.status === 'not-selected')) unselected.push(n.location);
    for (const c of n.children) find(c);
  };
  for (const n of plan.validators) find(n);
  for (const loc of unselected) lines.push(`warning: the os_case at ${loc} has no branch for ${d.id} (family ${d.family}): none of its steps would run`);
  return lines.map(printable).join('\n') + '\n';
}
