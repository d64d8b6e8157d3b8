import type {
  ArgumentCaseBranch,
  Location,
  OsCaseBranch,
  PackageSpec,
  PlainValue,
  Text,
  Validator,
  ValidatorBase,
} from '../ast/nodes.js';
import { diagnostic } from '../diagnostics/diagnostic.js';
import { suggestion } from '../diagnostics/suggest.js';
import { builtinKinds } from '../schema/definitions.js';
import type { BuildContext } from './context.js';
import { describeValue, isMapping, printable } from './describe.js';

const BUILTIN = new Set<string>(builtinKinds);

/**
 * A list of validators → AST nodes. Each item must be a mapping with exactly one key, its
 * kind; the value under the kind is checked by that kind's schema first, so the builders
 * below can trust the shape. An item with errors is left out (its errors are reported).
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
    const known = [...BUILTIN, ...ctx.customKinds()];
    ctx.report(diagnostic('SIP2006', keyLoc, { kind: printable(kind), suggestion: suggestion(kind, known), known: known.join(', ') }));
    return undefined;
  }
  const value = item[kind]!;
  const problems = ctx.schemas.check(kind, value, valuePointer, ctx.index);
  for (const p of problems) ctx.report(p);
  if (problems.some((p) => p.severity === 'error')) return undefined;
  const path = `${itemPath}.${kind}`;
  const base: ValidatorBase = { loc: spanOf(ctx.loc(pointer), keyLoc), keyLoc, path };
  switch (kind) {
    case 'package':
      return { kind: 'package', ...base, packages: buildPackages(ctx, value, valuePointer) };
    case 'script':
    case 'copy_script':
      return buildScript(ctx, kind, value, valuePointer, base);
    case 'os_case':
      return buildOsCase(ctx, value, valuePointer, base);
    case 'argument_case':
      return buildArgumentCase(ctx, value, valuePointer, base);
    case 'argument_set': {
      const m = value as { argument_name: string; value: string };
      return {
        kind: 'argument_set',
        ...base,
        argumentName: ctx.text(`${valuePointer}/argument_name`, m.argument_name),
        value: ctx.text(`${valuePointer}/value`, m.value),
      };
    }
    case 'all':
    case 'any': {
      const children = buildValidators(ctx, value, valuePointer, path);
      if ((value as readonly PlainValue[]).length === 0) {
        if (kind === 'any') ctx.report(diagnostic('SIP2003', keyLoc, { what: "'any'", expected: 'a non-empty list (with no alternative it can never pass)', found: 'an empty list' }));
        else ctx.report(diagnostic('SIP2017', keyLoc, { what: "'all'" }));
      }
      return { kind, ...base, validators: children };
    }
    default:
      return { kind: 'custom', ...base, customKind: kind, value };
  }
}

/** The item's span, from the kind key to the end of the item. */
function spanOf(item: Location, key: Location): Location {
  return { ...item, line: key.line, column: key.column, start: key.start };
}

function buildPackages(ctx: BuildContext, value: PlainValue, pointer: string): PackageSpec[] {
  const one = (item: PlainValue, p: string): PackageSpec[] => {
    if (typeof item === 'string') return [{ name: ctx.text(p, item), loc: ctx.loc(p) }];
    if (!isMapping(item)) return [];
    const [name, props] = Object.entries(item)[0]!;
    const pp = `${p}/${ctx.escape(name)}`;
    const version = (props as { version?: string }).version;
    const spec = { name: ctx.keyText(pp, name), loc: ctx.loc(p) };
    return [version === undefined ? spec : { ...spec, version: ctx.text(`${pp}/version`, version) }];
  };
  // A name, a single `{name: {version: V}}` mapping (as Sahara accepted), or a list of either.
  if (!Array.isArray(value)) return one(value, pointer);
  return (value as readonly PlainValue[]).flatMap((item, i) => one(item, `${pointer}/${i}`));
}

function buildScript(
  ctx: BuildContext,
  kind: 'script' | 'copy_script',
  value: PlainValue,
  pointer: string,
  base: ValidatorBase,
): Validator {
  if (typeof value === 'string') {
    const name = ctx.text(pointer, value);
    return kind === 'script' ? { kind, ...base, name, envVars: [] } : { kind, ...base, name };
  }
  const [label, rawProps] = Object.entries(value as { readonly [k: string]: PlainValue })[0]!;
  const namePointer = `${pointer}/${ctx.escape(label)}`;
  const name = ctx.keyText(namePointer, label);
  // Properties: a mapping, or the design document's list of single-key mappings.
  const props: { key: string; value: PlainValue; pointer: string }[] = [];
  if (Array.isArray(rawProps)) {
    ctx.report(diagnostic('SIP2012', ctx.loc(namePointer)));
    const seen = new Set<string>();
    rawProps.forEach((item, i) => {
      for (const [k, v] of Object.entries(item as { readonly [k: string]: PlainValue })) {
        const p = `${namePointer}/${i}/${ctx.escape(k)}`;
        if (seen.has(k)) ctx.report(diagnostic('SIP2021', ctx.keyLoc(p), { key: printable(k) }));
        else props.push({ key: k, value: v, pointer: p });
        seen.add(k);
      }
    });
  } else if (isMapping(rawProps)) {
    for (const [k, v] of Object.entries(rawProps)) props.push({ key: k, value: v, pointer: `${namePointer}/${ctx.escape(k)}` });
  }
  const envVars: Text[] = [];
  let inline: Text | undefined;
  let output: Text | undefined;
  for (const p of props) {
    if (p.key === 'env_vars' || p.key === 'arguments') {
      if (p.key === 'arguments') ctx.report(diagnostic('SIP2013', ctx.keyLoc(p.pointer)));
      if (kind === 'copy_script') ctx.report(diagnostic('SIP2018', ctx.keyLoc(p.pointer), { key: p.key }));
      (p.value as readonly PlainValue[]).forEach((v, i) => {
        if (typeof v === 'string') envVars.push(ctx.text(`${p.pointer}/${i}`, v));
      });
    } else if (p.key === 'inline' && typeof p.value === 'string') inline = ctx.text(p.pointer, p.value);
    else if (p.key === 'output' && typeof p.value === 'string') {
      if (kind === 'copy_script') ctx.report(diagnostic('SIP2018', ctx.keyLoc(p.pointer), { key: 'output' }));
      else output = ctx.text(p.pointer, p.value);
    }
  }
  const withInline = inline === undefined ? {} : { inline };
  if (kind === 'copy_script') return { kind, ...base, name, ...withInline };
  return { kind, ...base, name, envVars, ...withInline, ...(output === undefined ? {} : { output }) };
}

function buildOsCase(ctx: BuildContext, value: PlainValue, pointer: string, base: ValidatorBase): Validator {
  const branches: OsCaseBranch[] = [];
  (value as readonly PlainValue[]).forEach((item, i) => {
    const [key, list] = Object.entries(item as { readonly [k: string]: PlainValue })[0]!;
    const p = `${pointer}/${i}/${ctx.escape(key)}`;
    branches.push({
      key: ctx.keyText(p, key),
      validators: buildValidators(ctx, list, p, `${base.path}[${i}].${pathKey(key)}`),
      loc: ctx.loc(`${pointer}/${i}`),
    });
  });
  return { kind: 'os_case', ...base, branches };
}

function buildArgumentCase(ctx: BuildContext, value: PlainValue, pointer: string, base: ValidatorBase): Validator {
  const m = value as { argument_name: string; cases: { readonly [k: string]: PlainValue } };
  const cases: ArgumentCaseBranch[] = Object.entries(m.cases).map(([v, list]) => {
    const p = `${pointer}/cases/${ctx.escape(v)}`;
    return {
      value: ctx.keyText(p, v),
      validators: buildValidators(ctx, list, p, `${base.path}.cases.${pathKey(v)}`),
      loc: ctx.keyLoc(p),
    };
  });
  return { kind: 'argument_case', ...base, argumentName: ctx.text(`${pointer}/argument_name`, m.argument_name), cases };
}

/** A key as a path segment: bare when it is a simple word, else JSON-quoted (`["1.8"]`-style keys stay readable). */
function pathKey(key: string): string {
  return /^[A-Za-z0-9_.-]+$/.test(key) ? key : JSON.stringify(key);
}
