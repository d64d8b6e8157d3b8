/** The `argument_case` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Location, Text, Validator, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase, Branch } from '../../lower/program.js';

export interface ArgumentCaseBranch {
  readonly value: Text;
  readonly validators: readonly Validator[];
  readonly loc: Location;
}

export interface ArgumentCaseNode extends ValidatorBase {
  readonly kind: 'argument_case';
  readonly argumentName: Text;
  readonly cases: readonly ArgumentCaseBranch[];
}

export interface ArgumentCaseStep extends StepBase {
  readonly kind: 'argument_case';
  readonly argument: string;
  readonly cases: readonly Branch[];
}
