import type { DiagnosticCode } from '../diagnostics/catalogue.js';
import type { RuleContext } from './context.js';

/**
 * One semantic check. A rule reads the precomputed facts in its context and reports through
 * `ctx.report`, with codes from its own `codes` list only (anything else is a programming
 * error and throws), so the catalogue, the rules and their tests cannot drift apart.
 */
export interface Rule {
  /** Stable name, equal to the file name under `rules/` and the test file name. */
  readonly name: string;
  /** One sentence: what the rule guards against. */
  readonly description: string;
  readonly codes: readonly DiagnosticCode[];
  check(ctx: RuleContext): void;
}
