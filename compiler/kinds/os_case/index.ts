import type { OsCaseBranch, OsCaseNode, PlainValue } from '../../ast/nodes.js';
import { knownDistros } from '../../check/rules/known-distros.js';
import { reachableOsCaseBranches } from '../../check/rules/reachable-os-case-branches.js';
import type { PlanNode } from '../../plan/types.js';
import { joinNotes, count } from '../../plan/types.js';
import { defineKind } from '../kind.js';
import { pathKey } from '../shared/path-key.js';
import { kindTemplate } from '../template.js';

/** `os_case`: ordered distro-or-family → validators; the first matching entry runs (runtime/case.sh). */
export const osCaseKind = defineKind<OsCaseNode>({
  name: 'os_case',
  description: 'Ordered distro-or-family -> validators; the first matching entry runs.',
  schema: {
    type: 'array',
    description: 'Ordered distro-or-family -> validators; the first matching entry runs.',
    items: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: { type: 'array', 'x-kind': 'validators' }, 'x-kind': 'branch' },
  },
  build(value, api) {
    const { ctx, pointer, base } = api;
    const branches: OsCaseBranch[] = (value as readonly PlainValue[]).map((item, i) => {
      const [key, list] = Object.entries(item as { readonly [k: string]: PlainValue })[0]!;
      const p = `${pointer}/${i}/${ctx.escape(key)}`;
      return { key: ctx.keyText(p, key), validators: api.validators(list, p, `${base.path}[${i}].${pathKey(key)}`), loc: ctx.loc(`${pointer}/${i}`) };
    });
    return { kind: 'os_case', ...base, branches };
  },
  children: (node) => node.branches.map((b) => b.validators),
  texts: function* (node) {
    for (const b of node.branches) yield [b.key, 'an os_case key'];
  },
  rules: [reachableOsCaseBranches, knownDistros],
  lower(node, api) {
    const branches = node.branches.map((b, i) => api.branch(b.key, b.loc, b.validators, [...api.index, i]));
    return { ...api.base, kind: 'os_case', label: branches.map((b) => b.key).join(' | '), branches };
  },
  template: kindTemplate('os_case'),
  stepLists: (step) => (step.kind === 'os_case' ? step.branches.map((b) => b.children) : []),
  runtimeFunctions: ['sip_os_matches'],
  plan(node, env, api) {
    let matched: string | undefined;
    const children = node.branches.map((b, i): PlanNode => {
      const base = { kind: 'branch', path: `${node.path}[${i}].${b.key.value}`, location: api.location(b.loc), label: b.key.value };
      if (matched === undefined && api.osMatches(b.key.value)) {
        matched = b.key.value;
        return { ...base, status: 'runs', note: `matches ${api.distro.id}`, children: api.list(b.validators, env) };
      }
      const why = matched !== undefined ? `'${matched}' matched first` : `does not match ${api.distro.id}`;
      return { ...base, status: 'not-selected', note: joinNotes(why, count(b.validators.length)), children: [] };
    });
    const note = matched === undefined ? 'nothing matches: not selected' : '';
    return { ...api.leaf(node.branches.map((b) => b.key.value).join(' | '), note), children };
  },
});
