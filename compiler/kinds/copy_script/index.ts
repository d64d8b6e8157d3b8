import type { CopyScriptNode } from '../../ast/nodes.js';
import { defineKind } from '../kind.js';
import { buildScriptFields, copyTarget, scriptLike, scriptProperties } from '../shared/script-like.js';
import { kindTemplate } from '../template.js';

/** `copy_script`: a resource file copied byte-exact to /tmp/<basename> (runtime/copy-script.sh). */
export const copyScriptKind = defineKind<CopyScriptNode>({
  name: 'copy_script',
  description: 'Copy a resource file byte-exact to /tmp/<basename> (not executed).',
  schema: {
    description: 'Copy a resource file byte-exact to /tmp/<basename> (not executed).',
    ...scriptLike(scriptProperties),
  },
  build(value, api) {
    const { name, inline } = buildScriptFields(api.ctx, 'copy_script', value, api.pointer);
    return { kind: 'copy_script', ...api.base, name, ...(inline === undefined ? {} : { inline }) };
  },
  texts: function* (node) {
    yield [node.name, 'the copy_script name'];
    if (node.inline) yield [node.inline, 'an inline script'];
  },
  lower(node, api) {
    const target = copyTarget(node.name.value);
    if (target === undefined) {
      api.error('SIP5003', node.name.loc, { name: node.name.value });
      return undefined;
    }
    const body = api.body(node.name, node.inline);
    return { ...api.base, kind: 'copy_script', label: `${node.name.value} -> ${target}`, body, target };
  },
  template: kindTemplate('copy_script'),
  direct: true,
  runtimeFunctions: ['sip_copy_script'],
  plan: (node, _env, api) => api.leaf(node.name.value),
});
