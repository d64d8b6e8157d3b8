import type { AllNode, PlainValue } from '../../ast/nodes.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { defineKind } from '../kind.js';
import { kindTemplate } from '../template.js';

const count = (n: number): string => `${n} validator${n === 1 ? '' : 's'}`;

/** `all`: these, in order; the first failure fails (runtime/flow.sh `sip_all`). */
export const allKind = defineKind<AllNode>({
  name: 'all',
  description: 'All of these, in order; the first failure fails.',
  schema: { type: 'array', 'x-kind': 'validators', description: 'All of these, in order; the first failure fails.' },
  build(value, api) {
    const validators = api.validators(value, api.pointer, api.base.path);
    if ((value as readonly PlainValue[]).length === 0) api.ctx.report(diagnostic('SIP2017', api.base.keyLoc, { what: "'all'" }));
    return { kind: 'all', ...api.base, validators };
  },
  children: (node) => [node.validators],
  lower(node, api) {
    const children = api.list(node.validators, api.index);
    return { ...api.base, kind: 'all', label: count(children.length), children };
  },
  template: kindTemplate('all'),
  stepLists: (step) => (step.kind === 'all' ? [step.children] : []),
  // sip_all is always in the program (sip_validators runs the root list with it)
  runtimeFunctions: [],
  plan: (node, env, api) => ({ ...api.leaf(''), children: api.list(node.validators, env) }),
});
