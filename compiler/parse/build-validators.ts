import type { CustomNode, Location, PlainValue, Validator, ValidatorBase } from '../ast/nodes.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { suggestion } from '../diagnostics/suggest.js';
import type { BuildApi } from '../kinds/kind.js';
import type { BuildContext } from './context.js';
import { describeValue, isMapping, printable } from './describe.js';

/**
 * A list of validators → AST nodes. Each item must be a mapping with exactly one key, its
 * kind; the value under the kind is checked by that kind's schema first, so the kind's
 * builder (compiler/kinds/) can trust the shape. An item with errors is left out (its errors are reported).
 *
 * `listPath` is the YAML path of the list (`validators`, `validators[3].os_case[0].redhat`).
 */
export function buildValidators(ctx: BuildContext, list: PlainValue, pointer: string, listPath: string): Validator[] {
  if (!Array.isArray(list)) return [];
  const out: Validator[] = [];
  list.forEach((item, i) => {
    const v = buildValidator(ctx, item, `${pointer}/${i}`, `${listPath}[${i}]`);
    if (v !== undefined) out.push(v);
  });
  return out;
}

function buildValidator(ctx: BuildContext, item: PlainValue, pointer: string, itemPath: string): Validator | undefined {
  const keys = isMapping(item) ? Object.keys(item) : [];
  if (!isMapping(item) || keys.length !== 1) {
    ctx.report(diagnostic('SIP2005', ctx.loc(pointer), { found: describeValue(item) }));
    return undefined;
  }
  const kind = keys[0]!;
  const valuePointer = `${pointer}/${ctx.escape(kind)}`;
  const keyLoc = ctx.keyLoc(valuePointer);
  if (!ctx.schemas.hasKind(kind)) {
    const known = ctx.schemas.kindNames();
    ctx.report(diagnostic('SIP2006', keyLoc, { kind: printable(kind), suggestion: suggestion(kind, known), known: known.join(', ') }));
    return undefined;
  }
  const value = item[kind]!;
  const problems = ctx.schemas.check(kind, value, valuePointer, ctx.index);
  for (const p of problems) ctx.report(p);
  if (problems.some((p) => p.severity === 'error')) return undefined;
  const path = `${itemPath}.${kind}`;
  const base: ValidatorBase = { loc: spanOf(ctx.loc(pointer), keyLoc), keyLoc, path };
  const api: BuildApi = {
    ctx,
    pointer: valuePointer,
    base,
    validators: (list, p, listPath) => buildValidators(ctx, list, p, listPath),
    custom: (data): CustomNode => ({ kind: 'custom', ...base, customKind: kind, value: data }),
  };
  return ctx.schemas.kinds.get(kind)!.definition.build(value, api);
}

/** The item's span, from the kind key to the end of the item. */
function spanOf(item: Location, key: Location): Location {
  return { ...item, line: key.line, column: key.column, start: key.start };
}
