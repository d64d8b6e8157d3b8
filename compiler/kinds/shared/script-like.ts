/**
 * What `script` and `copy_script` share: the value's shape (a path, or `{path: properties}`),
 * its AST fields, and the copy target. One of the kinds' own helpers, not a kind.
 */
import type { PlainValue, Text } from '../../ast/nodes.js';
import { diagnostic } from '../../diagnostics/diagnostic.js';
import { isMapping, printable } from '../../parse/describe.js';
import type { BuildContext } from '../../parse/context.js';
import type { JsonSchema } from '../../schema/definitions.js';

const text = { type: 'string' } as const;

export const scriptProperties = {
  env_vars: { type: 'array', items: text, description: 'Arguments passed to the script as environment variables.' },
  arguments: { type: 'array', items: text, description: 'Old name of env_vars.' },
  output: { ...text, description: "Store the script's standard output (trailing newlines removed) in this argument." },
  inline: { ...text, description: 'The script text itself; the key is then only a label.' },
} as const;

/** A path, or a one-key mapping `path: properties` (a mapping, or a list of one-key mappings). */
export function scriptLike(properties: Record<string, unknown>): JsonSchema {
  const props = {
    type: ['object', 'array', 'null'],
    if: { type: 'array' },
    then: {
      items: {
        type: 'object',
        minProperties: 1,
        maxProperties: 1,
        properties,
        additionalProperties: false,
        'x-unknownKeys': 'warning',
      },
    },
    else: { properties, additionalProperties: false, 'x-unknownKeys': 'warning' },
  };
  return {
    type: ['string', 'object'],
    if: { type: 'object' },
    then: { minProperties: 1, maxProperties: 1, additionalProperties: props },
    else: { type: 'string', minLength: 1 },
  };
}

export interface ScriptFields {
  readonly name: Text;
  readonly inline?: Text;
  readonly envVars: readonly Text[];
  readonly output?: Text;
}

/** The fields of a script-like value; a copy_script's env_vars/output are refused (SIP2018). */
export function buildScriptFields(ctx: BuildContext, kind: 'script' | 'copy_script', value: PlainValue, pointer: string): ScriptFields {
  if (typeof value === 'string') return { name: ctx.text(pointer, value), envVars: [] };
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
  return { name, envVars, ...(inline === undefined ? {} : { inline }), ...(output === undefined ? {} : { output }) };
}

/** `/tmp/<basename>` of a copy_script path, or undefined when the path has no usable file name. */
export function copyTarget(path: string): string | undefined {
  const base = path.replace(/\/+$/, '').split('/').pop() ?? '';
  if (base === '' || base === '.' || base === '..' || /[\0\n\r]/.test(base)) return undefined;
  return `/tmp/${base}`;
}
