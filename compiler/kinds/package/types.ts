/** The `package` kind's AST node and program-plan step (re-exported by ast/nodes.ts and lower/program.ts). */
import type { Location, Text, ValidatorBase } from '../../ast/nodes.js';
import type { StepBase } from '../../lower/program.js';

export interface PackageSpec {
  readonly name: Text;
  readonly version?: Text;
  readonly loc: Location;
}

export interface PackageNode extends ValidatorBase {
  readonly kind: 'package';
  readonly packages: readonly PackageSpec[];
}

export interface PackageItem {
  readonly name: string;
  /** '' means any version. */
  readonly version: string;
  /** The runtime's word for it: `name`, or `name=version` (`=` is never part of a name). */
  readonly spec: string;
}

export interface PackageStep extends StepBase {
  readonly kind: 'package';
  readonly packages: readonly PackageItem[];
}
