/** The `copy_script` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Text, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase, ScriptBody } from '../../lower/program.js';

export interface CopyScriptNode extends ValidatorBase {
  readonly kind: 'copy_script';
  readonly name: Text;
  readonly inline?: Text;
}

export interface CopyScriptStep extends StepBase {
  readonly kind: 'copy_script';
  readonly body: ScriptBody;
  /** `/tmp/<basename>` */
  readonly target: string;
}
