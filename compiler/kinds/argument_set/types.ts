/** The `argument_set` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Text, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase } from '../../lower/program.js';

export interface ArgumentSetNode extends ValidatorBase {
  readonly kind: 'argument_set';
  readonly argumentName: Text;
  readonly value: Text;
}

export interface ArgumentSetStep extends StepBase {
  readonly kind: 'argument_set';
  readonly argument: string;
  readonly value: string;
}
