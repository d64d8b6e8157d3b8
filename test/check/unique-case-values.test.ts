import type { ArgumentCaseNode, Manifest } from '../../compiler/ast/nodes.js';
import { uniqueCaseValues } from '../../compiler/check/rules/unique-case-values.js';
import { ruleTester, yaml } from './harness.js';

/**
 * The parser reads case keys as source text with the failsafe schema, so `1.0:` and `"1.0":`
 * are already a YAML duplicate key (SIP1002) and the later one is dropped. The invalid cases
 * therefore duplicate a case in the AST, as any other producer of cases could.
 */
function duplicateFirstCase(m: Manifest): Manifest {
  const [first, ...rest] = m.validators;
  const node = first as ArgumentCaseNode;
  const copy = { ...node.cases[0]!, value: { ...node.cases[0]!.value, loc: { ...node.cases[0]!.value.loc, line: 99, column: 7 } } };
  return { ...m, validators: [{ ...node, cases: [...node.cases, copy] }, ...rest] };
}

ruleTester(uniqueCaseValues, {
  valid: [
    {
      name: 'distinct texts, even when they would be equal as numbers',
      yaml: yaml`
        validators:
          - argument_set: {argument_name: v, value: '1.0'}
          - argument_case: {argument_name: v, cases: {1.0: [], 1.00: [], '1': []}}
      `,
    },
  ],
  invalid: [
    {
      name: 'the same value twice, at the later case',
      yaml: yaml`
        validators:
          - argument_case:
              argument_name: v
              cases:
                '1.0': []
      `,
      transform: duplicateFirstCase,
      errors: [{ code: 'SIP3016', severity: 'error', line: 99, column: 7, message: "argument_case lists the value '1.0' twice" }],
    },
  ],
});
