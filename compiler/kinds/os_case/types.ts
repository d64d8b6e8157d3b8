/** The `os_case` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Location, Text, Validator, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase, Branch } from '../../lower/program.js';

export interface OsCaseBranch {
  /** Distro id, distro id with major version (`centos7`), or family (`redhat`). */
  readonly key: Text;
  readonly validators: readonly Validator[];
  readonly loc: Location;
}

export interface OsCaseNode extends ValidatorBase {
  readonly kind: 'os_case';
  readonly branches: readonly OsCaseBranch[];
}

export interface OsCaseStep extends StepBase {
  readonly kind: 'os_case';
  readonly branches: readonly Branch[];
}
