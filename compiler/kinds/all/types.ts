/** The `all` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Validator, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase } from '../../lower/program.js';

export interface AllNode extends ValidatorBase {
  readonly kind: 'all';
  readonly validators: readonly Validator[];
}

export interface AllStep extends StepBase {
  readonly kind: 'all';
  readonly children: readonly string[];
}
