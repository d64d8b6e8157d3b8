/**
 * Semantic and resource checks (SIP3xxx, SIP4xxx) over a parsed manifest: one rule per file
 * under `rules/`, all run over facts computed once (`context.ts`).
 */
import type { Manifest } from '../ast/nodes.js';
import { sortDiagnostics, untypedDiagnostic, withRelated, type Diagnostic, type DiagnosticData, type RelatedInfo } from '../diagnostics/diagnostic.js';
import type { Resources } from '../resources/resolve.js';
import { computeFacts, type ManifestFacts, type RuleContext } from './context.js';
import type { Rule } from './rule.js';
import { argumentHasDefault } from './rules/argument-has-default.js';
import { argumentSetAmongChoices } from './rules/argument-set-among-choices.js';
import { bashSafeText } from './rules/bash-safe-text.js';
import { caseValuesMatchChoices } from './rules/case-values-match-choices.js';
import { defaultAmongChoices } from './rules/default-among-choices.js';
import { knownArgumentNames } from './rules/known-argument-names.js';
import { knownDistros } from './rules/known-distros.js';
import { noSecretDefaults } from './rules/no-secret-defaults.js';
import { noDefaultOnRequired } from './rules/no-default-on-required.js';
import { noReservedArgumentNames } from './rules/no-reserved-argument-names.js';
import { noOptionClash } from './rules/no-option-clash.js';
import { noReservedTargets } from './rules/no-reserved-targets.js';
import { reachableOsCaseBranches } from './rules/reachable-os-case-branches.js';
import { safeScriptEnvironment } from './rules/safe-script-environment.js';
import { scriptFiles } from './rules/script-files.js';
import { uniqueCaseValues } from './rules/unique-case-values.js';
import { uniqueChoices } from './rules/unique-choices.js';
import { uniqueShellVariables } from './rules/unique-shell-variables.js';
import { usableArgumentNames } from './rules/usable-argument-names.js';
import { validProducedNames } from './rules/valid-produced-names.js';
import { validShellVariables } from './rules/valid-shell-variables.js';

export type { Rule } from './rule.js';
export type { ManifestFacts, RuleContext } from './context.js';

/** Every rule, in a fixed order (the output is sorted by location anyway). */
export const rules: readonly Rule[] = [
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
  caseValuesMatchChoices,
  uniqueCaseValues,
  argumentSetAmongChoices,
  noReservedTargets,
  validProducedNames,
  safeScriptEnvironment,
  // os_case
  reachableOsCaseBranches,
  knownDistros,
  // resources
  scriptFiles,
];

export interface CheckOptions {
  readonly resources: Resources;
  /** Run only these rules (tests); default: all. */
  readonly rules?: readonly Rule[];
}

/** Run the checks; diagnostics come back sorted by location, then code. */
export function checkManifest(manifest: Manifest, options: CheckOptions): Diagnostic[] {
  const facts = computeFacts(manifest, options.resources);
  const out: Diagnostic[] = [];
  for (const rule of options.rules ?? rules) rule.check(contextFor(rule, facts, out));
  return sortDiagnostics(out);
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
