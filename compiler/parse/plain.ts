import { isAlias, isMap, isPair, isScalar, isSeq, Scalar, type Document, type Node } from 'yaml';
import type { Location, PlainValue } from '../ast/nodes.js';
import { diagnostic, withRelated, type Diagnostic } from '../diagnostics/diagnostic.js';
import { printable } from './describe.js';
import type { SourceFile } from './source.js';

/** Where a value (and, for mapping entries, its key) sits in the source. */
export interface IndexedNode {
  readonly loc: Location;
  readonly keyLoc?: Location;
  /** True for a quoted or block scalar (the author wrote a string on purpose). */
  readonly quoted: boolean;
}

/** JSON-pointer (`/validators/0/package`) → source location of that value. */
export type NodeIndex = ReadonlyMap<string, IndexedNode>;

export interface PlainDocument {
  readonly value: PlainValue;
  readonly index: NodeIndex;
  readonly diagnostics: readonly Diagnostic[];
}

/** Alias uses expanded per document; real manifests use none. */
const MAX_ALIAS_EXPANSIONS = 10_000;

const NULL_WORDS = new Set(['', '~', 'null', 'Null', 'NULL']);

/**
 * Turn a YAML document parsed with the failsafe schema into plain data where every scalar is
 * its source text (`1.8` stays "1.8"; an empty or `~`/`null` plain scalar becomes null),
 * recording the location of every value by JSON pointer. Duplicate keys are reported here
 * (with the line of the first one); the later value is ignored.
 */
export function toPlain(doc: Document, source: SourceFile): PlainDocument {
  const index = new Map<string, IndexedNode>();
  let aliasExpansions = 0;
  const diagnostics: Diagnostic[] = [];

  const locOf = (node: Node | null | undefined, fallback: number): Location => {
    const r = node?.range;
    return r ? source.location(r[0], r[1]) : source.location(fallback, fallback);
  };

  const convert = (node: unknown, pointer: string, keyLoc: Location | undefined, fallback: number, depth: number): PlainValue => {
    if (isAlias(node)) {
      const target = node.resolve(doc);
      if (target === undefined) {
        // an alias without an anchor must not silently become an empty value
        diagnostics.push(diagnostic('SIP1001', locOf(node, fallback), { detail: `alias *${node.source} has no anchor &${node.source} before it` }));
        return null;
      }
      if (depth > 64) return null;
      // Aliases of aliases multiply ("billion laughs"): stop expanding past a fixed budget.
      if (++aliasExpansions > MAX_ALIAS_EXPANSIONS) {
        if (aliasExpansions === MAX_ALIAS_EXPANSIONS + 1) {
          diagnostics.push(diagnostic('SIP1008', locOf(node, fallback), { feature: 'aliases expanded this many times', hint: ` (more than ${MAX_ALIAS_EXPANSIONS}); write the values out` }));
        }
        return null;
      }
      const value = convert(target, pointer, keyLoc, fallback, depth + 1);
      // The value itself is where `*name` is written; what it holds stays located at the anchor.
      const here = index.get(pointer);
      if (here) index.set(pointer, { ...here, loc: locOf(node, fallback) });
      return value;
    }
    const n = node as Node | null | undefined;
    const loc = locOf(n, fallback);
    const quoted = isScalar(n) && n.type !== undefined && n.type !== Scalar.PLAIN;
    index.set(pointer, keyLoc ? { loc, keyLoc, quoted } : { loc, quoted });
    if (n === null || n === undefined) return null;
    if (isScalar(n)) {
      const v = n.value;
      if (n.type === Scalar.PLAIN && (v === null || (typeof v === 'string' && NULL_WORDS.has(v)))) return null;
      return v === null || v === undefined ? null : String(v);
    }
    if (isSeq(n)) {
      return n.items.map((item, i) => convert(item, `${pointer}/${i}`, undefined, loc.start, depth + 1));
    }
    if (isMap(n)) {
      // no prototype: a key named __proto__ or constructor is just a key
      const out: Record<string, PlainValue> = Object.create(null) as Record<string, PlainValue>;
      const firstKey = new Map<string, Location>();
      for (const pair of n.items) {
        if (!isPair(pair)) continue;
        const keyNode = pair.key as Node | null;
        const kLoc = locOf(keyNode, loc.start);
        let key: string;
        if (isScalar(keyNode) && keyNode.type === Scalar.PLAIN && keyNode.value === '<<') {
          // PyYAML merged `<<: *anchor` into the mapping; silently treating it as a key would lose fields.
          diagnostics.push(diagnostic('SIP1008', kLoc, { feature: 'merge keys (<<)', hint: '; write the merged keys out in full' }));
          continue;
        }
        if (isScalar(keyNode)) key = keyNode.value === null || keyNode.value === undefined ? '' : String(keyNode.value);
        else {
          diagnostics.push(diagnostic('SIP2003', kLoc, { what: 'a mapping key', expected: 'a plain text key', found: describeNode(keyNode) }));
          continue;
        }
        const seen = firstKey.get(key);
        if (seen !== undefined) {
          diagnostics.push(withRelated(diagnostic('SIP1002', kLoc, { key: printable(key) }), [{ loc: seen, message: `the first '${printable(key)}' is here` }]));
          continue;
        }
        firstKey.set(key, kLoc);
        out[key] = convert(pair.value, `${pointer}/${escapePointer(key)}`, kLoc, kLoc.end, depth + 1);
      }
      return out;
    }
    return null;
  };

  const value = convert(doc.contents, '', undefined, 0, 0);
  return { value, index, diagnostics };
}

export function escapePointer(key: string): string {
  return key.replace(/~/g, '~0').replace(/\//g, '~1');
}

function describeNode(n: unknown): string {
  if (isMap(n)) return 'a mapping';
  if (isSeq(n)) return 'a list';
  return 'a complex key';
}
