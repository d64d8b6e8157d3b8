import { builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { kindSchemas, rootSchema, type JsonSchema } from './definitions.js';

/**
 * The deep editor schema (draft-07) from the checking definitions: validator lists become
 * recursive references, and scalars accept YAML's typed scalars (an editor reads `1.8` as
 * a number and `yes`/`true` as booleans, where the compiler keeps source text).
 */
export function editorSchema(registry: KindRegistry = builtinKinds()): JsonSchema {
  const kinds = kindSchemas(registry);
  const validator = {
    type: 'object',
    minProperties: 1,
    maxProperties: 1,
    properties: Object.fromEntries(Object.keys(kinds).map((k) => [k, { $ref: `#/definitions/${k}` }])),
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://sahara-image-pack.invalid/manifest.schema.json',
    title: 'sahara-image-pack manifest',
    description: 'OpenStack Sahara image manifest: arguments and validators.',
    ...(deepen(rootSchema) as object),
    definitions: {
      validator,
      validators: { type: 'array', items: { $ref: '#/definitions/validator' } },
      ...Object.fromEntries(Object.entries(kinds).map(([k, s]) => [k, deepen(s)])),
    },
  };
}

function deepen(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(deepen);
  if (schema === null || typeof schema !== 'object') return schema;
  const s = schema as Record<string, unknown>;
  if (s['x-kind'] === 'validators') return { $ref: '#/definitions/validators', ...(s.description ? { description: s.description } : {}) };
  if (s['x-kind'] === 'boolean') return { type: ['boolean', 'string'], pattern: s.pattern, ...(s.description ? { description: s.description } : {}) };
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k.startsWith('x-')) continue;
    if (k === 'type') out[k] = typed(v);
    else out[k] = deepen(v);
  }
  return out;
}

/** A YAML scalar may be typed by an editor: a text slot also takes numbers and booleans. */
function typed(t: unknown): unknown {
  const list = Array.isArray(t) ? t : [t];
  if (!list.includes('string')) return t;
  return [...new Set([...list, 'number', 'boolean'])];
}
