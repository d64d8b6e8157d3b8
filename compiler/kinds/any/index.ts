import type { AnyNode, PlainValue } from '../../ast/nodes.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { joinNotes, merge, replace, type Env } from '../../plan/types.js';
import { defineKind } from '../kind.js';
import { kindTemplate } from '../template.js';

const count = (n: number): string => `${n} validator${n === 1 ? '' : 's'}`;

/** `any`: the first of these that is (or can be made) satisfied (runtime/flow.sh `sip_any`). */
export const anyKind = defineKind<AnyNode>({
  name: 'any',
  description: 'The first of these that is (or can be made) satisfied.',
  schema: { type: 'array', 'x-kind': 'validators', description: 'The first of these that is (or can be made) satisfied.' },
  build(value, api) {
    const validators = api.validators(value, api.pointer, api.base.path);
    if ((value as readonly PlainValue[]).length === 0) {
      api.ctx.report(diagnostic('SIP2003', api.base.keyLoc, { what: "'any'", expected: 'a non-empty list (with no alternative it can never pass)', found: 'an empty list' }));
    }
    return { kind: 'any', ...api.base, validators };
  },
  children: (node) => [node.validators],
  lower(node, api) {
    const children = api.list(node.validators, api.index);
    return { ...api.base, kind: 'any', label: count(children.length), children };
  },
  template: kindTemplate('any'),
  runtimeFunctions: ['sip_any'],
  plan(node, env, api) {
    const start = new Map(env);
    const outcomes: Env[] = [];
    const children = node.validators.map((child, i) => {
      const branchEnv = new Map(start);
      const planned = api.node(child, branchEnv);
      outcomes.push(branchEnv);
      return { ...planned, status: 'alternative' as const, note: joinNotes(`alternative ${i + 1} of ${node.validators.length}`, planned.note) };
    });
    replace(env, outcomes.length > 0 ? merge(outcomes) : start);
    return { ...api.leaf('', 'the first alternative that passes wins'), children };
  },
});
