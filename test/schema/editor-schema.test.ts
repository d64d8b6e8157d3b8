/**
 * The editor schema (compiler/schema/manifest.schema.json, for `# yaml-language-server:
 * $schema=...`): generated from the same definitions as the checking schemas, kept up to date,
 * and in agreement with the parser: it accepts every valid fixture and rejects invalid ones,
 * reading YAML with the core schema as an editor does (so `1.8` is a number there).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { expect } from 'chai';
import { parse as parseYaml } from 'yaml';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { editorSchema } from '../../compiler/schema/editor.js';
import { fixtureNames, manifestPath, REPO_ROOT, VALID_DIR } from '../parse/helpers.js';

const SCHEMA_FILE = join(REPO_ROOT, 'compiler', 'schema', 'manifest.schema.json');
/** The file's exact expected text, as compiler/schema/write-editor-schema.ts writes it. */
const EXPECTED_TEXT = JSON.stringify(editorSchema(), null, 2) + '\n';

function compile(strict: boolean): ValidateFunction {
  const ajv = new Ajv({ allErrors: true, strict, allowUnionTypes: true });
  return ajv.compile(JSON.parse(EXPECTED_TEXT) as object);
}

/** YAML as an editor reads it: YAML 1.2 core schema, typed scalars. */
function editorRead(text: string): unknown {
  return parseYaml(text, { schema: 'core', version: '1.2', uniqueKeys: false });
}

describe('schema/editor: manifest.schema.json', () => {
  it('is up to date with editorSchema() (regenerate: npx tsx compiler/schema/write-editor-schema.ts)', () => {
    expect(existsSync(SCHEMA_FILE), `${SCHEMA_FILE} exists`).to.equal(true);
    expect(readFileSync(SCHEMA_FILE, 'utf8')).to.equal(EXPECTED_TEXT);
  });

  it('is a draft-07 schema that ajv compiles in strict mode', () => {
    const s = JSON.parse(EXPECTED_TEXT) as { $schema: string; definitions: Record<string, unknown> };
    expect(s.$schema).to.equal('http://json-schema.org/draft-07/schema#');
    expect(() => compile(true)).to.not.throw();
  });

  it('has a definition for every built-in kind and no x- annotations left', () => {
    const s = JSON.parse(EXPECTED_TEXT) as { definitions: Record<string, unknown> };
    for (const k of ['package', 'script', 'copy_script', 'os_case', 'argument_case', 'argument_set', 'all', 'any', 'validator', 'validators']) {
      expect(s.definitions, k).to.have.property(k);
    }
    expect(EXPECTED_TEXT).to.not.match(/"x-[a-zA-Z]+"/);
  });

  it('adds the kinds of a plugin registry given to editorSchema()', () => {
    const firewall = dataKind({ name: 'firewall', description: 'x', schema: { type: 'object', properties: { port: { type: 'string' } } }, template: '  return 0\n' });
    const s = editorSchema(builtinKinds().with([firewall], 'test')) as {
      definitions: { validator: { properties: Record<string, unknown> }; firewall: unknown };
    };
    expect(s.definitions.validator.properties).to.have.property('firewall');
    expect(s.definitions.firewall).to.deep.equal({ type: 'object', properties: { port: { type: ['string', 'number', 'boolean'] } } });
  });

  describe('accepts every valid fixture', () => {
    const validate = compile(false);
    for (const name of fixtureNames(VALID_DIR)) {
      it(name, () => {
        const data = editorRead(readFileSync(manifestPath(VALID_DIR, name), 'utf8'));
        const ok = validate(data);
        expect(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 1)).to.equal(true);
      });
    }
  });

  describe('rejects invalid manifests', () => {
    const validate = compile(false);
    const bad: [string, string][] = [
      ['an unknown validator kind', 'validators:\n  - pakage: curl\n'],
      ['a validator item with two keys', 'validators:\n  - package: a\n    script: b.sh\n'],
      ['an empty validator item', 'validators:\n  - {}\n'],
      ['no validators', 'arguments: {}\n'],
      ['a list at the root', '- package: a\n'],
      ['an empty package list', 'validators:\n  - package: []\n'],
      ['a hostile package name', 'validators:\n  - package: a;reboot\n'],
      ['a hostile name in a list', 'validators:\n  - package: [curl, "$(id)"]\n'],
      ['a bad version', 'validators:\n  - package: [{curl: {version: "1; rm"}}]\n'],
      ['required: maybe', 'arguments:\n  a: {required: maybe}\nvalidators: [{package: a}]\n'],
      ['a nested wrong type', 'validators:\n  - all:\n      - any:\n          - os_case:\n              - redhat: x\n'],
      ['an unknown key in argument_set', 'validators:\n  - argument_set: {argument_name: a, value: b, other: c}\n'],
      ['argument_case without cases', 'validators:\n  - argument_case: {argument_name: a}\n'],
      ['a script with two paths', 'validators:\n  - script: {a.sh: {}, b.sh: {}}\n'],
      ['choices that is not a list', 'arguments:\n  a: {default: x, choices: x}\nvalidators: [{package: a}]\n'],
    ];
    for (const [name, yaml] of bad) {
      it(name, () => {
        expect(validate(editorRead(yaml))).to.equal(false);
      });
    }
  });
});
