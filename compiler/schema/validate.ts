import type { ErrorObject, ValidateFunction } from 'ajv';
import type { PlainValue } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { NodeIndex } from '../parse/plain.js';
import { describeValue, printable } from '../parse/describe.js';
import { newAjv } from './ajv-instance.js';
import { isBuiltinDefinition, builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { builtinValidators } from './precompiled.js';

/**
 * Structural checks with ajv, compiled once per process, errors turned into located
 * diagnostics. Each schema is applied to one piece of the manifest (the root, or the value
 * under one validator's kind key) at a JSON pointer, so error paths map back to source nodes.
 * The built-in kinds' schemas come precompiled (validators.gen.cjs); other kinds (plugins',
 * or a plugin's replacement of a built-in kind) are compiled here.
 */
const checkers = new WeakMap<KindRegistry, SchemaChecker>();

export class SchemaChecker {
  private readonly compiled = new Map<string, ValidateFunction>();

  /** The checker of a registry's kinds, made once per registry. */
  static for(kinds: KindRegistry): SchemaChecker {
    let hit = checkers.get(kinds);
    if (hit === undefined) checkers.set(kinds, (hit = new SchemaChecker(kinds)));
    return hit;
  }

  constructor(readonly kinds: KindRegistry = builtinKinds()) {
    const precompiled = builtinValidators();
    this.compiled.set('$root', precompiled.get('$root')!);
    let ajv: ReturnType<typeof newAjv> | undefined;
    for (const { definition } of kinds.entries()) {
      const builtin = isBuiltinDefinition(definition) ? precompiled.get(definition.name) : undefined;
      this.compiled.set(definition.name, builtin ?? (ajv ??= newAjv()).compile(definition.schema));
    }
  }

  /** The kind names, for "did you mean" and the list of known kinds. */
  kindNames(): string[] {
    return this.kinds.names();
  }

  hasKind(kind: string): boolean {
    return kind !== '$root' && this.compiled.has(kind);
  }

  /** Check `value` (found at `pointer`) against the root schema or a kind's schema. */
  check(schemaName: string, value: PlainValue, pointer: string, index: NodeIndex): Diagnostic[] {
    const validate = this.compiled.get(schemaName);
    if (validate === undefined) throw new Error(`no schema named ${schemaName}`);
    if (validate(value)) return [];
    return mapErrors(validate.errors ?? [], value, pointer, index);
  }
}

const TYPE_WORDS: Record<string, string> = {
  string: 'a text',
  array: 'a list',
  object: 'a mapping',
  null: 'empty',
  boolean: 'a boolean',
  number: 'a number',
};

function mapErrors(errors: readonly ErrorObject[], root: PlainValue, pointer: string, index: NodeIndex): Diagnostic[] {
  const out: Diagnostic[] = [];
  // ajv reports failed `if/then/else` as an extra error at the same place: the inner errors say it better.
  const relevant = errors.filter((e) => e.keyword !== 'if' && e.keyword !== 'propertyNames');
  const typeErrors = new Map<string, ErrorObject[]>();
  for (const e of relevant) {
    if (e.keyword === 'type') {
      const list = typeErrors.get(e.instancePath) ?? [];
      list.push(e);
      typeErrors.set(e.instancePath, list);
    }
  }
  const seen = new Set<string>();
  for (const e of relevant) {
    const at = pointer + e.instancePath;
    const here = index.get(at);
    const loc = here?.loc ?? index.get(pointer)?.loc;
    if (loc === undefined) continue;
    const data = e.data as PlainValue;
    const what = describePointer(at);
    const parent = (e.parentSchema ?? {}) as Record<string, unknown>;
    let d: Diagnostic | undefined;
    switch (e.keyword) {
      case 'type': {
        const all = typeErrors.get(e.instancePath) ?? [e];
        const key = `type:${at}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const expected = [...new Set(all.flatMap((x) => [x.params.type as string | string[]].flat()))]
          .flatMap((t) => String(t).split(','))
          .map((t) => TYPE_WORDS[t] ?? t);
        // A boolean slot is a text slot to ajv (scalars are source text): name it for what it is.
        const words = parent['x-kind'] === 'boolean' ? 'a boolean (true or false)' : joinOr(expected);
        d = diagnostic('SIP2003', loc, { what, expected: words, found: describeValue(data) });
        break;
      }
      case 'pattern': {
        const kind = parent['x-kind'];
        const propertyName = e.params.propertyName as string | undefined;
        if (propertyName !== undefined || (e.propertyName !== undefined && kind === 'packageName')) {
          const name = propertyName ?? e.propertyName ?? '';
          const kl = index.get(`${at}/${escape(name)}`)?.keyLoc ?? loc;
          d = diagnostic('SIP2008', kl, { name: printable(name) });
        } else if (kind === 'packageName') d = diagnostic('SIP2008', loc, { name: printable(String(data)) });
        else if (kind === 'packageVersion') d = diagnostic('SIP2009', loc, { version: printable(String(data)) });
        else if (kind === 'boolean') d = diagnostic('SIP2015', loc, { key: lastKey(at), value: printable(String(data)) });
        else d = diagnostic('SIP2003', loc, { what, expected: `text matching ${String(e.params.pattern)}`, found: describeValue(data) });
        break;
      }
      case 'required': {
        const key = e.params.missingProperty as string;
        d = at === '' && key === 'validators' ? diagnostic('SIP2002', loc) : diagnostic('SIP2010', loc, { where: describeWhere(at), key });
        break;
      }
      case 'additionalProperties': {
        const key = e.params.additionalProperty as string;
        const kl = index.get(`${at}/${escape(key)}`)?.keyLoc ?? loc;
        const known = Object.keys((parent.properties as object | undefined) ?? {});
        const code = parent['x-unknownKeys'] === 'warning' ? 'SIP2004' : 'SIP2019';
        d = diagnostic(code, kl, { key: printable(key), where: describeWhere(at), known: known.length ? known.join(', ') : 'none' });
        break;
      }
      case 'minItems':
        d = parent['x-kind'] === 'packageList' ? diagnostic('SIP2007', loc) : diagnostic('SIP2017', loc, { what });
        break;
      case 'minLength':
        d = diagnostic('SIP2003', loc, { what, expected: 'a non-empty text', found: describeValue(data) });
        break;
      case 'minProperties':
      case 'maxProperties':
        d = diagnostic('SIP2016', loc, { what, found: describeValue(data) });
        break;
      default:
        d = diagnostic('SIP2003', loc, { what, expected: e.message ?? 'valid', found: describeValue(data) });
    }
    out.push(d);
  }
  return out;
}

function escape(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function unescape(seg: string): string {
  return seg.replace(/~1/g, '/').replace(/~0/g, '~');
}

function lastKey(pointer: string): string {
  const segs = pointer.split('/').slice(1).map(unescape);
  for (let i = segs.length - 1; i >= 0; i--) if (!/^\d+$/.test(segs[i]!)) return segs[i]!;
  return 'the manifest';
}

/** `/validators/2/package/1` → "item 2 of 'package'" (1-based for people). */
export function describePointer(pointer: string): string {
  if (pointer === '') return 'the manifest';
  const segs = pointer.split('/').slice(1).map(unescape);
  const last = segs[segs.length - 1]!;
  if (/^\d+$/.test(last)) {
    const parentKey = segs.length > 1 ? lastKey('/' + segs.slice(0, -1).join('/')) : 'the manifest';
    return `item ${Number(last) + 1} of '${parentKey}'`;
  }
  return `'${printable(last)}'`;
}

function describeWhere(pointer: string): string {
  return pointer === '' ? 'the manifest' : describePointer(pointer);
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'valid';
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}
