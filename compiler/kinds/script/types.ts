/** The `script` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Text, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase, ScriptBody } from '../../lower/program.js';

export interface ScriptNode extends ValidatorBase {
  readonly kind: 'script';
  /** The script path (or, with `inline`, just a label). */
  readonly name: Text;
  readonly inline?: Text;
  readonly envVars: readonly Text[];
  readonly output?: Text;
}

export interface ScriptStep extends StepBase {
  readonly kind: 'script';
  readonly body: ScriptBody;
  /** Name receiving the trimmed stdout; '' for none. */
  readonly output: string;
  /** `VAR=NAME` pairs: export the current value of NAME as VAR, when NAME is set. */
  readonly env: readonly string[];
}
