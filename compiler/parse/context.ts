import type { Location, Text } from '../ast/nodes.js';
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { SchemaChecker } from '../schema/validate.js';
import { escapePointer, type NodeIndex } from './plain.js';

/** What the AST builders share: the node index, the schemas, and the diagnostics sink. */
export class BuildContext {
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    readonly index: NodeIndex,
    readonly schemas: SchemaChecker,
    private readonly fallback: Location,
  ) {}

  report(d: Diagnostic): void {
    this.diagnostics.push(d);
  }

  loc(pointer: string): Location {
    return this.index.get(pointer)?.loc ?? this.fallback;
  }

  /** The location of the key that holds this value (or the value itself for list items). */
  keyLoc(pointer: string): Location {
    const n = this.index.get(pointer);
    return n?.keyLoc ?? n?.loc ?? this.fallback;
  }

  isQuoted(pointer: string): boolean {
    return this.index.get(pointer)?.quoted ?? false;
  }

  text(pointer: string, value: string): Text {
    return { value, loc: this.loc(pointer) };
  }

  keyText(pointer: string, value: string): Text {
    return { value, loc: this.keyLoc(pointer) };
  }

  escape(key: string): string {
    return escapePointer(key);
  }
}
