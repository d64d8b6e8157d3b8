import type { Text, Validator } from '../../ast/nodes.js';
import { suggestion } from '../../diagnostics/suggest.js';
import { isReserved, isShellIdentifier, shellVariableOf, type ManifestFacts } from '../context.js';
import type { Rule } from '../rule.js';

/**
 * Names read by the program must exist when they are read: declared as arguments, or produced
 * earlier in program order by an `argument_set` or a script's `output`. "Earlier" is
 * permissive: a name produced anywhere before in the walk (inside an `any` alternative or one
 * `os_case` branch, say) counts for everything after it; the run-time check stays.
 *
 * - `argument_case` on an unknown name (SIP3007, error): it fails at run time (§4.2 B13).
 * - `env_vars` naming an unknown name (SIP3008, warning): real manifests do this and the
 *   original silently exported nothing (§4.1 B5); so does the compiled program.
 *
 * `argument_set` and `output` create names, so they are never "unknown". `env_vars` may list
 * the reserved names (every script gets them anyway). Names that cannot become shell variables
 * are left to `valid-produced-names` (SIP3017).
 */
export const knownArgumentNames: Rule = {
  name: 'known-argument-names',
  description: 'argument_case and env_vars must name a declared argument or one produced earlier',
  codes: ['SIP3007', 'SIP3008'],
  check(ctx) {
    for (const node of ctx.ofKind('argument_case')) {
      const name = node.argumentName;
      if (!ctx.isKnownBefore(name.value, node)) {
        ctx.report('SIP3007', name.loc, { name: name.value, suggestion: hint(ctx, name, node) });
      }
    }
    for (const node of ctx.ofKind('script')) {
      for (const name of node.envVars) {
        if (isReserved(name.value) || ctx.isKnownBefore(name.value, node)) continue;
        if (!isShellIdentifier(shellVariableOf(name.value))) continue;
        ctx.report('SIP3008', name.loc, { name: name.value, suggestion: hint(ctx, name, node) });
      }
    }
  },
};

/** Why the name is unknown, or what was probably meant. */
function hint(ctx: ManifestFacts, name: Text, node: Validator): string {
  if (name.value === 'distro') return '; the distro is not an argument: branch on it with os_case';
  if (isReserved(name.value)) return `; '${name.value}' is not an argument: the program gives it to scripts only`;
  const at = ctx.indexOf(node);
  const later = ctx.productions.find((p) => p.name.value === name.value && p.index >= at);
  if (later !== undefined) {
    const by = later.via === 'output' ? "a script's output" : 'argument_set';
    return `; it is set only later, by ${by} at line ${later.name.loc.line}`;
  }
  return suggestion(name.value, ctx.namesKnownBefore(node));
}
