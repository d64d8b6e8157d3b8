/**
 * Semantic and resource checks (SIP3xxx, SIP4xxx) over a parsed manifest: one rule per file
 * under `rules/`, all run over facts computed once (`context.ts`).
 */
import type { CustomNode, Manifest } from '../ast/nodes.js';
import { pluginDiagnostic, sortDiagnostics, untypedDiagnostic, withRelated, type Diagnostic, type DiagnosticData, type RelatedInfo } from '../diagnostics/diagnostic.js';
import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import type { Resources } from '../resources/resolve.js';
import { computeFacts, type ManifestFacts, type RuleContext } from './context.js';
import type { Rule } from './rule.js';
import { argumentHasDefault } from './rules/argument-has-default.js';
import { bashSafeText } from './rules/bash-safe-text.js';
import { defaultAmongChoices } from './rules/default-among-choices.js';
import { knownArgumentNames } from './rules/known-argument-names.js';
import { noSecretDefaults } from './rules/no-secret-defaults.js';
import { noDefaultOnRequired } from './rules/no-default-on-required.js';
import { noReservedArgumentNames } from './rules/no-reserved-argument-names.js';
import { noOptionClash } from './rules/no-option-clash.js';
import { noReservedTargets } from './rules/no-reserved-targets.js';
import { safeScriptEnvironment } from './rules/safe-script-environment.js';
import { uniqueChoices } from './rules/unique-choices.js';
import { uniqueShellVariables } from './rules/unique-shell-variables.js';
import { usableArgumentNames } from './rules/usable-argument-names.js';
import { validProducedNames } from './rules/valid-produced-names.js';
import { validShellVariables } from './rules/valid-shell-variables.js';

export type { Rule } from './rule.js';
export type { ManifestFacts, RuleContext } from './context.js';

/**
 * The rules about the manifest as a whole (arguments, names across validators), in a fixed
 * order; the rules about one kind come with its definition (compiler/kinds/<kind>/). The
 * output is sorted by location anyway.
 */
export const generalRules: readonly Rule[] = [
  // arguments
  noReservedArgumentNames,
  argumentHasDefault,
  defaultAmongChoices,
  uniqueShellVariables,
  validShellVariables,
  uniqueChoices,
  noDefaultOnRequired,
  noSecretDefaults,
  noOptionClash,
  usableArgumentNames,
  bashSafeText,
  // flow
  knownArgumentNames,
  noReservedTargets,
  validProducedNames,
  safeScriptEnvironment,
];

/** The general rules, then each kind's rules (once each), for a registry. */
export function rulesOf(kinds: KindRegistry): Rule[] {
  const out = new Set<Rule>(generalRules);
  for (const k of kinds.entries()) for (const r of k.definition.rules ?? []) out.add(r);
  return [...out];
}

/** Every rule of the built-in kinds. */
export const rules: readonly Rule[] = rulesOf(builtinKinds());

export interface CheckOptions {
  readonly resources: Resources;
  /** The validator kinds the manifest was parsed with (default: the built-in ones). */
  readonly kinds?: KindRegistry;
  /** Run only these rules (tests); default: all. */
  readonly rules?: readonly Rule[];
}

/** Run the checks; diagnostics come back sorted by location, then code. */
export function checkManifest(manifest: Manifest, options: CheckOptions): Diagnostic[] {
  const kinds = options.kinds ?? builtinKinds();
  const facts = computeFacts(manifest, options.resources, kinds);
  const out: Diagnostic[] = [];
  for (const rule of options.rules ?? (kinds === builtinKinds() ? rules : rulesOf(kinds))) rule.check(contextFor(rule, facts, out));
  if (options.rules === undefined) runKindRules(kinds, facts, out);
  return sortDiagnostics(out);
}

/** The rules of plugin kinds, each on the nodes of its kind, reporting namespaced codes. */
function runKindRules(kinds: KindRegistry, facts: ManifestFacts, out: Diagnostic[]): void {
  for (const { definition, owner } of kinds.entries()) {
    if (definition.kindRules === undefined || definition.kindRules.length === 0) continue;
    const nodes = facts.validators.filter((v): v is CustomNode => v.kind === 'custom' && v.customKind === definition.name);
    if (nodes.length === 0) continue;
    for (const rule of definition.kindRules) {
      rule.check({
        nodes,
        resources: facts.resources,
        report(code, loc, data) {
          const entry = definition.diagnostics?.[code];
          if (!rule.codes.includes(code) || entry === undefined) {
            throw new Error(`rule ${rule.name} of kind '${definition.name}' (${owner}) reported ${code}, which is not among its codes or the kind's diagnostics`);
          }
          out.push(pluginDiagnostic(owner, code, entry, loc, data));
        },
      });
    }
  }
}

function contextFor(rule: Rule, facts: ManifestFacts, out: Diagnostic[]): RuleContext {
  return {
    ...facts,
    report(code, loc, ...rest) {
      if (!rule.codes.includes(code)) throw new Error(`rule ${rule.name} reported ${code}, which is not among its codes`);
      const [data, related] = rest as [DiagnosticData | undefined, readonly RelatedInfo[] | undefined];
      out.push(withRelated(untypedDiagnostic(code, loc, data ?? {}), related ?? []));
    },
  };
}
