import type { Validator } from './nodes.js';

/** The child validator lists of a node, in program order. One table drives every traversal. */
export function childValidators(node: Validator): readonly (readonly Validator[])[] {
  switch (node.kind) {
    case 'all':
    case 'any':
      return [node.validators];
    case 'os_case':
      return node.branches.map((b) => b.validators);
    case 'argument_case':
      return node.cases.map((c) => c.validators);
    case 'package':
    case 'script':
    case 'copy_script':
    case 'argument_set':
    case 'custom':
      return [];
  }
}

export interface Visitor {
  enter?(node: Validator, ancestors: readonly Validator[]): void;
  leave?(node: Validator, ancestors: readonly Validator[]): void;
}

/** Depth-first walk in program order (the order the emitted program runs validators). */
export function walk(validators: readonly Validator[], visitor: Visitor, ancestors: Validator[] = []): void {
  for (const node of validators) {
    visitor.enter?.(node, ancestors);
    ancestors.push(node);
    for (const list of childValidators(node)) walk(list, visitor, ancestors);
    ancestors.pop();
    visitor.leave?.(node, ancestors);
  }
}

/** All validators in program order. */
export function allValidators(validators: readonly Validator[]): Validator[] {
  const out: Validator[] = [];
  walk(validators, { enter: (n) => out.push(n) });
  return out;
}
