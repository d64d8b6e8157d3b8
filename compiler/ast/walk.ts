import type { Validator } from './nodes.js';

/** Where a node's child validator lists come from: its kind (compiler/kinds/registry.ts). */
export interface ChildLists {
  children(node: Validator): readonly (readonly Validator[])[];
}

export interface Visitor {
  enter?(node: Validator, ancestors: readonly Validator[]): void;
  leave?(node: Validator, ancestors: readonly Validator[]): void;
}

/** Depth-first walk in program order (the order the emitted program runs validators). */
export function walk(validators: readonly Validator[], kinds: ChildLists, visitor: Visitor, ancestors: Validator[] = []): void {
  for (const node of validators) {
    visitor.enter?.(node, ancestors);
    ancestors.push(node);
    for (const list of kinds.children(node)) walk(list, kinds, visitor, ancestors);
    ancestors.pop();
    visitor.leave?.(node, ancestors);
  }
}

/** All validators in program order. */
export function allValidators(validators: readonly Validator[], kinds: ChildLists): Validator[] {
  const out: Validator[] = [];
  walk(validators, kinds, { enter: (n) => out.push(n) });
  return out;
}
