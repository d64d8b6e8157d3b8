import type { ArgumentCaseBranch, ArgumentCaseNode, PlainValue } from '../../ast/nodes.js';
import { caseValuesMatchChoices } from '../../check/rules/case-values-match-choices.js';
import { uniqueCaseValues } from '../../check/rules/unique-case-values.js';
import { count, describe, exactly, merge, replace, UNSET, type Env, type PlanNode } from '../../plan/types.js';
import { defineKind } from '../kind.js';
import { pathKey } from '../shared/path-key.js';
import { kindTemplate } from '../template.js';

/** `argument_case`: the validators of the case equal to the argument's value (runtime/args.sh `sip_arg_get`). */
export const argumentCaseKind = defineKind<ArgumentCaseNode>({
  name: 'argument_case',
  description: "Run the validators of the case equal to the argument's value.",
  schema: {
    type: 'object',
    description: "Run the validators of the case equal to the argument's value.",
    properties: {
      argument_name: { type: 'string' },
      cases: { type: 'object', additionalProperties: { type: 'array', 'x-kind': 'validators' } },
    },
    required: ['argument_name', 'cases'],
    additionalProperties: false,
  },
  build(value, api) {
    const { ctx, pointer, base } = api;
    const m = value as { argument_name: string; cases: { readonly [k: string]: PlainValue } };
    const cases: ArgumentCaseBranch[] = Object.entries(m.cases).map(([v, list]) => {
      const p = `${pointer}/cases/${ctx.escape(v)}`;
      return { value: ctx.keyText(p, v), validators: api.validators(list, p, `${base.path}.cases.${pathKey(v)}`), loc: ctx.keyLoc(p) };
    });
    return { kind: 'argument_case', ...base, argumentName: ctx.text(`${pointer}/argument_name`, m.argument_name), cases };
  },
  children: (node) => node.cases.map((c) => c.validators),
  texts: function* (node) {
    yield [node.argumentName, 'an argument_name'];
    for (const c of node.cases) yield [c.value, 'a case value'];
  },
  rules: [caseValuesMatchChoices, uniqueCaseValues],
  lower(node, api) {
    const cases = node.cases.map((c, i) => api.branch(c.value, c.loc, c.validators, [...api.index, i]));
    return { ...api.base, kind: 'argument_case', label: node.argumentName.value, argument: node.argumentName.value, cases };
  },
  template: kindTemplate('argument_case'),
  stepLists: (step) => (step.kind === 'argument_case' ? step.cases.map((c) => c.children) : []),
  runtimeFunctions: ['sip_arg_get'],
  plan(node, env, api) {
    const name = node.argumentName.value;
    const value = env.get(name) ?? UNSET;
    const definite = !value.runtime && !value.unset && value.known.size === 1;
    const current = definite ? [...value.known][0]! : undefined;
    if (!value.runtime && value.known.size === 0) {
      return { ...api.leaf(name, `'${name}' is not set: the program fails here`), status: 'fails' };
    }
    const start = new Map(env);
    const outcomes: Env[] = [];
    let selected = false;
    const children = node.cases.map((c): PlanNode => {
      const key = c.value.value;
      const base = { kind: 'branch', path: `${node.path}.cases.${key}`, location: api.location(c.loc), label: key };
      if (definite) {
        if (key === current) {
          selected = true;
          return { ...base, status: 'runs', note: '', children: api.list(c.validators, env) };
        }
        return { ...base, status: 'not-selected', note: count(c.validators.length), children: [] };
      }
      if (value.runtime || value.known.has(key)) {
        const branchEnv = new Map(start);
        branchEnv.set(name, exactly(key));
        const planned = api.list(c.validators, branchEnv);
        outcomes.push(branchEnv);
        return { ...base, status: 'depends', note: `if ${name} is '${key}'`, children: planned };
      }
      return { ...base, status: 'not-selected', note: count(c.validators.length), children: [] };
    });
    let note: string;
    if (definite) {
      note = selected ? `${name} is '${current}'` : `${name} is '${current}': no case matches, not selected`;
    } else {
      outcomes.push(start); // no case matched
      replace(env, merge(outcomes));
      note = value.runtime ? `depends on the run-time value of ${name}` : `${name} is ${describe(value)}`;
    }
    return { ...api.leaf(name, note), children };
  },
});
