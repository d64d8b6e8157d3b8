/**
 * The manifest's JSON Schema, written once here.
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
const validatorList = { type: 'array', 'x-kind': 'validators' } as const;

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

const packageName = { type: 'string', pattern: PACKAGE_NAME_PATTERN, 'x-kind': 'packageName' } as const;
const packageItem = {
  type: ['string', 'object'],
  if: { type: 'object' },
  then: {
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { pattern: PACKAGE_NAME_PATTERN, 'x-kind': 'packageName' },
    // As in Sahara, `version` is optional (`- name: {}` is a package without a version) and
    // other keys are ignored (here: a warning).
    additionalProperties: {
      type: 'object',
      properties: { version: { type: 'string', pattern: PACKAGE_VERSION_PATTERN, 'x-kind': 'packageVersion' } },
      additionalProperties: false,
      'x-unknownKeys': 'warning',
    },
  },
  else: packageName,
} as const;

const scriptProperty = {
  env_vars: { type: 'array', items: text, description: 'Arguments passed to the script as environment variables.' },
  arguments: { type: 'array', items: text, description: 'Old name of env_vars.' },
  output: { ...text, description: "Store the script's standard output (trailing newlines removed) in this argument." },
  inline: { ...text, description: 'The script text itself; the key is then only a label.' },
} as const;

function scriptLike(properties: Record<string, unknown>): JsonSchema {
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

/** Checking schema of each built-in validator kind: the value under the kind's key. */
export const kindSchemas: Readonly<Record<string, JsonSchema>> = {
  package: {
    type: ['string', 'array', 'object'],
    description: 'Packages that must be installed: a name, {name: {version: V}}, or a list of either.',
    if: { type: 'array' },
    then: { minItems: 1, items: packageItem, 'x-kind': 'packageList' },
    else: packageItem,
  },
  script: {
    description: 'Run a script from the resource roots (or inline), passing env_vars; output stores its stdout.',
    ...scriptLike(scriptProperty),
  },
  copy_script: {
    description: 'Copy a resource file byte-exact to /tmp/<basename> (not executed).',
    ...scriptLike(scriptProperty),
  },
  os_case: {
    type: 'array',
    description: 'Ordered distro-or-family -> validators; the first matching entry runs.',
    items: { type: 'object', minProperties: 1, maxProperties: 1, additionalProperties: validatorList, 'x-kind': 'branch' },
  },
  argument_case: {
    type: 'object',
    description: "Run the validators of the case equal to the argument's value.",
    properties: {
      argument_name: text,
      cases: { type: 'object', additionalProperties: validatorList },
    },
    required: ['argument_name', 'cases'],
    additionalProperties: false,
  },
  argument_set: {
    type: 'object',
    description: 'Set an argument for everything after it.',
    properties: { argument_name: text, value: text },
    required: ['argument_name', 'value'],
    additionalProperties: false,
  },
  all: { ...validatorList, description: 'All of these, in order; the first failure fails.' },
  any: { ...validatorList, description: 'The first of these that is (or can be made) satisfied.' },
};

/** Checking schema of the root (its validators are checked item by item). */
export const rootSchema: JsonSchema = {
  type: 'object',
  properties: { arguments: argumentsSection, validators: validatorList },
  required: ['validators'],
  additionalProperties: false,
  'x-unknownKeys': 'warning',
};

export const builtinKinds = ['package', 'script', 'copy_script', 'os_case', 'argument_case', 'argument_set', 'all', 'any'] as const;
