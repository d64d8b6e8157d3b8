import type { ScriptNode } from '../../ast/nodes.js';
import { scriptFiles } from '../../check/rules/script-files.js';
import { isReserved, isShellIdentifier } from '../../names.js';
import { defineKind } from '../kind.js';
import { buildScriptFields, scriptLike, scriptProperties } from '../shared/script-like.js';
import { kindTemplate } from '../template.js';

/** `script`: run a script from the resource roots or inline (runtime/script.sh `sip_script_run`). */
export const scriptKind = defineKind<ScriptNode>({
  name: 'script',
  description: 'Run a script from the resource roots (or inline), passing env_vars; output stores its stdout.',
  schema: {
    description: 'Run a script from the resource roots (or inline), passing env_vars; output stores its stdout.',
    ...scriptLike(scriptProperties),
  },
  build(value, api) {
    const f = buildScriptFields(api.ctx, 'script', value, api.pointer);
    return { kind: 'script', ...api.base, ...f };
  },
  texts: function* (node) {
    yield [node.name, 'the script name'];
    if (node.inline) yield [node.inline, 'an inline script'];
    for (const e of node.envVars) yield [e, 'an env_vars name'];
    if (node.output) yield [node.output, 'an output name'];
  },
  // script-files is shared with copy_script: it is registered once, here.
  rules: [scriptFiles],
  lower(node, api) {
    const body = api.body(node.name, node.inline);
    const env: string[] = [];
    const seen = new Set<string>();
    for (const t of node.envVars) {
      if (isReserved(t.value)) continue; // always passed by the runtime
      const variable = api.variableOf(t.value);
      // check/ (valid-produced-names, SIP3017) refused names that are no shell variable
      if (!isShellIdentifier(variable) || seen.has(variable)) continue;
      seen.add(variable);
      env.push(`${variable}=${t.value}`);
    }
    const output = node.output?.value ?? '';
    if (output !== '') api.produce(output);
    return { ...api.base, kind: 'script', label: node.name.value, body, output, env };
  },
  template: kindTemplate('script'),
  wholeStep: true,
  runtimeFunctions: ['sip_script_run', 'sip_script_step'],
  plan(node, env, api) {
    if (node.output !== undefined) env.set(node.output.value, { known: new Set(), runtime: true, unset: false });
    return api.leaf(node.name.value, node.output ? `stores its output in ${node.output.value}` : '');
  },
});
