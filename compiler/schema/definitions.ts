/**
 * The manifest's JSON Schema: the root and the arguments here, each validator kind's piece in
 * its definition (compiler/kinds/<kind>/); `kindSchemas` gathers them from a kind registry.
 *
 * Two schemas come out of these definitions:
 * - the *checking* schemas, applied by ajv to plain data in which every scalar is its source
 *   text (so every scalar is a JSON string, and an empty value is null). They are shallow:
 *   a nested validator list is only "a list" — the parser checks each item itself, so every
 *   error is reported once, at the right place;
 * - the *editor* schema (`manifest.schema.json`), deep and recursive, for
 *   `# yaml-language-server: $schema=...` completion, where YAML scalars are typed.
 *
 * `x-kind` and `x-unknownKeys` are annotations read by the error mapper (validate.ts):
 * they pick the diagnostic code for a failed `pattern`, and whether an unknown key is a
 * warning (forgiving, as Sahara was) or an error.
 */

export type JsonSchema = { readonly [key: string]: unknown };

export const PACKAGE_NAME_PATTERN = '^[A-Za-z0-9][A-Za-z0-9._+:~-]*$';
export const PACKAGE_VERSION_PATTERN = '^[A-Za-z0-9._+:~-]+$';
export const YAML11_BOOLEAN_PATTERN =
  '^(y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$';

const text = { type: 'string' } as const;
const boolean = { type: 'string', pattern: YAML11_BOOLEAN_PATTERN, 'x-kind': 'boolean' } as const;
/** A nested list of validators: its items are checked one by one by the parser. */
export const validatorList = { type: 'array', 'x-kind': 'validators' } as const;

const argument = {
  type: 'object',
  description: 'One argument of the program: a command-line flag --NAME, and a variable for scripts.',
  properties: {
    description: { ...text, description: 'Help text shown by --help.' },
    default: { type: ['string', 'null'], description: 'Value used when the flag is not given (kept as written: 1.8 stays "1.8").' },
    required: { ...boolean, description: 'The flag must be given (a default is then never used).' },
    hidden: { ...boolean, description: 'Accepted, but not listed by --help.' },
    secret: { ...boolean, description: 'A password or key: never written into the program, the progress output or the report; given when the program runs (SIP_SECRET_<VARIABLE> in the environment, --NAME-file FILE, or --NAME VALUE with a warning).' },
    choices: { type: 'array', items: text, description: 'The only values allowed.' },
    target_variable: { ...text, description: 'Shell variable name given to scripts (default: the name with - turned into _).' },
  },
  additionalProperties: false,
  'x-unknownKeys': 'warning',
} as const;

const argumentsSection = {
  type: ['object', 'array', 'null'],
  description: 'The arguments: a mapping name -> properties (a list of single-key mappings is accepted too).',
  if: { type: 'array' },
  then: { items: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: argument } },
  else: { additionalProperties: argument },
} as const;

/** Checking schema of the root (its validators are checked item by item). */
export const rootSchema: JsonSchema = {
  type: 'object',
  properties: { arguments: argumentsSection, validators: validatorList },
  required: ['validators'],
  additionalProperties: false,
  'x-unknownKeys': 'warning',
};

/** The checking schema of each kind of a registry, by name. */
export function kindSchemas(kinds: { entries(): readonly { readonly definition: { readonly name: string; readonly schema: JsonSchema } }[] }): Record<string, JsonSchema> {
  return Object.fromEntries(kinds.entries().map((k) => [k.definition.name, k.definition.schema]));
}
