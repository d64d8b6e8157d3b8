import { createRequire } from 'node:module';
import type { Ajv as AjvType, Options } from 'ajv';

/** Options of every Ajv instance of the project: the generated validators are made with them too. */
export const AJV_OPTIONS: Options = { allErrors: true, verbose: true, allowUnionTypes: true, strict: true };

/**
 * A configured Ajv (the project's annotation keywords registered). Loaded with require, on
 * demand: a run that only uses the precompiled validators never loads ajv's compiler.
 */
export function newAjv(options: Options = {}): AjvType {
  const { Ajv } = createRequire(import.meta.url)('ajv') as typeof import('ajv');
  const ajv = new Ajv({ ...AJV_OPTIONS, ...options });
  ajv.addKeyword({ keyword: 'x-kind', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-unknownKeys', schemaType: 'string' });
  return ajv;
}
