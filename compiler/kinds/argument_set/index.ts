import type { ArgumentSetNode } from '../../ast/nodes.js';
import { argumentSetAmongChoices } from '../../check/rules/argument-set-among-choices.js';
import { exactly } from '../../plan/types.js';
import { defineKind } from '../kind.js';
import { kindTemplate } from '../template.js';

/** `argument_set`: set an argument for everything after it (runtime/args.sh `sip_arg_set`). */
export const argumentSetKind = defineKind<ArgumentSetNode>({
  name: 'argument_set',
  description: 'Set an argument for everything after it.',
  schema: {
    type: 'object',
    description: 'Set an argument for everything after it.',
    properties: { argument_name: { type: 'string' }, value: { type: 'string' } },
    required: ['argument_name', 'value'],
    additionalProperties: false,
  },
  build(value, api) {
    const m = value as { argument_name: string; value: string };
    return {
      kind: 'argument_set',
      ...api.base,
      argumentName: api.ctx.text(`${api.pointer}/argument_name`, m.argument_name),
      value: api.ctx.text(`${api.pointer}/value`, m.value),
    };
  },
  texts: function* (node) {
    yield [node.argumentName, 'an argument_name'];
    yield [node.value, 'an argument_set value'];
  },
  rules: [argumentSetAmongChoices],
  lower(node, api) {
    const argument = node.argumentName.value;
    api.produce(argument);
    return { ...api.base, kind: 'argument_set', label: `${argument}=${node.value.value}`, argument, value: node.value.value };
  },
  template: kindTemplate('argument_set'),
  direct: true,
  runtimeFunctions: ['sip_arg_set'],
  plan(node, env, api) {
    env.set(node.argumentName.value, exactly(node.value.value));
    return api.leaf(`${node.argumentName.value}=${node.value.value}`);
  },
});
