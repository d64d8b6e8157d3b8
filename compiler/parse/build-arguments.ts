import type { ArgumentNode, Location, PlainValue, Text } from '../ast/nodes.js';
import { diagnostic, withRelated } from '../diagnostics/diagnostic.js';
import { shellVariableOf } from '../names.js';
import { YAML11_BOOLEAN_PATTERN } from '../schema/definitions.js';
import { isMapping } from './describe.js';
import type { BuildContext } from './context.js';

const TRUE_WORDS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON']);
const BOOLEAN_WORDS = new RegExp(YAML11_BOOLEAN_PATTERN);

/**
 * The `arguments` section → argument nodes. Both forms are accepted: the canonical mapping
 * `name: {props}` and the design document's list `- name: {props}` (normalised, with a
 * warning; a name given twice in the list is an error, as a duplicate key would be).
 */
export function buildArguments(ctx: BuildContext, value: PlainValue, pointer: string): ArgumentNode[] {
  if (value === null) return [];
  const entries: { name: string; props: PlainValue; pointer: string }[] = [];
  if (Array.isArray(value)) {
    ctx.report(diagnostic('SIP2011', ctx.keyLoc(pointer)));
    const first = new Map<string, Location>();
    value.forEach((item, i) => {
      if (!isMapping(item)) return;
      for (const [name, props] of Object.entries(item)) {
        const p = `${pointer}/${i}/${ctx.escape(name)}`;
        const seen = first.get(name);
        if (seen !== undefined) {
          ctx.report(withRelated(diagnostic('SIP3004', ctx.keyLoc(p), { name }), [{ loc: seen, message: `the first declaration of '${name}'` }]));
          continue;
        }
        first.set(name, ctx.keyLoc(p));
        entries.push({ name, props, pointer: p });
      }
    });
  } else if (isMapping(value)) {
    for (const [name, props] of Object.entries(value)) entries.push({ name, props, pointer: `${pointer}/${ctx.escape(name)}` });
  }
  const out: ArgumentNode[] = [];
  for (const e of entries) {
    const props = isMapping(e.props) ? e.props : {};
    const nameText: Text = { value: e.name, loc: ctx.keyLoc(e.pointer) };
    const opt = (key: string): Text | undefined => {
      const v = props[key];
      return typeof v === 'string' ? ctx.text(`${e.pointer}/${key}`, v) : undefined;
    };
    const choices = Array.isArray(props.choices)
      ? props.choices.flatMap((c, i) => (typeof c === 'string' ? [ctx.text(`${e.pointer}/choices/${i}`, c)] : []))
      : undefined;
    const targetVariable = opt('target_variable');
    const node: ArgumentNode = {
      kind: 'argument',
      name: nameText,
      required: flag(ctx, props, `${e.pointer}/required`, 'required'),
      hidden: flag(ctx, props, `${e.pointer}/hidden`, 'hidden'),
      secret: flag(ctx, props, `${e.pointer}/secret`, 'secret'),
      shellVariable: targetVariable?.value ?? shellVariableOf(e.name),
      loc: ctx.keyLoc(e.pointer),
      ...defined('description', opt('description')),
      ...defined('default', opt('default')),
      ...defined('choices', choices),
      ...defined('targetVariable', targetVariable),
    };
    out.push(node);
  }
  return out;
}

/** A YAML 1.1 boolean (`yes`, `True`, `off`...). A quoted one still counts, with a warning. */
function flag(ctx: BuildContext, props: { readonly [k: string]: PlainValue }, pointer: string, key: string): boolean {
  const v = props[key];
  if (typeof v !== 'string') return false;
  const value = TRUE_WORDS.has(v);
  // A quoted word that is no boolean at all (`"maybe"`) is the schema's error (SIP2015), not this warning.
  if (ctx.isQuoted(pointer) && BOOLEAN_WORDS.test(v)) ctx.report(diagnostic('SIP2014', ctx.loc(pointer), { key, value: v, boolean: String(value) }));
  return value;
}

function defined<K extends string, V>(key: K, v: V | undefined): { [P in K]?: V } {
  return (v === undefined ? {} : { [key]: v }) as { [P in K]?: V };
}
