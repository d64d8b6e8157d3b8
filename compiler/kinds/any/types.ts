/** The `any` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Validator, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase } from '../../lower/program.js';

export interface AnyNode extends ValidatorBase {
  readonly kind: 'any';
  readonly validators: readonly Validator[];
}

export interface AnyStep extends StepBase {
  readonly kind: 'any';
  readonly children: readonly string[];
}
