/**
 * The checking schemas (compiler/schema/definitions.ts) and the mapping of ajv's errors to
 * located diagnostics (compiler/schema/validate.ts): one diagnostic per problem, the right
 * code for each kind of problem, custom kinds from plugins.
 */
import { expect } from 'chai';
import type { CustomNode } from '../../compiler/ast/nodes.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { kindSchemas, PACKAGE_NAME_PATTERN, PACKAGE_VERSION_PATTERN, YAML11_BOOLEAN_PATTERN } from '../../compiler/schema/definitions.js';
import { describePointer, SchemaChecker } from '../../compiler/schema/validate.js';
import { parse, shown } from '../parse/helpers.js';

describe('schema/checking', () => {
  it('has a schema for every built-in kind', () => {
    const names = ['package', 'script', 'copy_script', 'os_case', 'argument_case', 'argument_set', 'all', 'any'];
    expect(Object.keys(kindSchemas(builtinKinds()))).to.deep.equal(names);
    const c = new SchemaChecker();
    for (const k of names) expect(c.hasKind(k), k).to.equal(true);
    expect(c.hasKind('$root'), 'the root schema is not a kind').to.equal(false);
    expect(c.kindNames()).to.deep.equal(names);
  });

  describe('patterns', () => {
    const name = new RegExp(PACKAGE_NAME_PATTERN);
    const version = new RegExp(PACKAGE_VERSION_PATTERN);
    const bool = new RegExp(YAML11_BOOLEAN_PATTERN);
    it('package names: real ones pass, shell syntax does not', () => {
      for (const ok of ['nfs-utils', 'g++', 'libstdc++6', 'python3.11', 'java-1.8.0-openjdk-devel', '7zip', 'a', 'nss-softokn-freebl.i686', 'perl:any']) expect(name.test(ok), ok).to.equal(true);
      for (const bad of ['', '-rf', '.x', 'a b', 'a;b', '$(id)', '`id`', 'a\nb', 'a|b', 'a>b', '/tmp/x', "a'b", 'a"b', 'a*', 'é']) expect(name.test(bad), bad).to.equal(false);
    });
    it('versions: epochs, tildes and revisions pass, spaces and shell syntax do not', () => {
      for (const ok of ['1.3.3-8', '1:2.3-4ubuntu1', '1.0~rc1', '8u392-ga-1', '1.34+dfsg-1', '8', '2.31-0ubuntu9.9']) expect(version.test(ok), ok).to.equal(true);
      for (const bad of ['', '1 2', '1;2', '$(x)', '1\n2', '>=1.0', '1*']) expect(version.test(bad), bad).to.equal(false);
    });
    it('booleans: exactly the YAML 1.1 words', () => {
      for (const ok of ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF']) {
        expect(bool.test(ok), ok).to.equal(true);
      }
      for (const bad of ['yES', 'tRUE', '1', '0', 'maybe', '', ' yes', 'yes ']) expect(bool.test(bad), bad).to.equal(false);
    });
  });

  describe('one diagnostic per problem', () => {
    const cases: [string, string, string[]][] = [
      ['a type error under if/then/else (package as a mapping of a list)', 'validators:\n  - package: {a: [1]}\n', ['SIP2003 error 2:18']],
      ['a bad name under if/then/else', 'validators:\n  - package: [a b]\n', ['SIP2008 error 2:15']],
      ['a bad name as a property name', 'validators:\n  - package: [{"a b": {}}]\n', ['SIP2008 error 2:16']],
      ['a null where a text or mapping is expected', 'validators:\n  - script:\n', ['SIP2003 error 2:12']],
      ['several problems in one value: each once', 'validators:\n  - argument_set: {argument_name: [a], value: [b], x: 1}\n', ['SIP2003 error 2:35', 'SIP2003 error 2:47', 'SIP2019 error 2:52']],
      ['a bad argument in the list form', 'arguments:\n  - a: {required: maybe}\nvalidators: [{package: a}]\n', ['SIP2011 warning 1:1', 'SIP2015 error 2:19']],
    ];
    for (const [name, yaml, want] of cases) {
      it(name, () => {
        expect(shown(parse(yaml).diagnostics)).to.deep.equal(want);
      });
    }
  });

  describe('describePointer names places for people', () => {
    const table: [string, string][] = [
      ['', 'the manifest'],
      ['/validators', "'validators'"],
      ['/validators/2', "item 3 of 'validators'"],
      ['/validators/0/package/1', "item 2 of 'package'"],
      ['/arguments/java~1distro', "'java/distro'"],
      ['/arguments/a~0b/choices/0', "item 1 of 'choices'"],
      ['/0', "item 1 of 'the manifest'"],
    ];
    for (const [pointer, words] of table) {
      it(`${JSON.stringify(pointer)} → ${words}`, () => expect(describePointer(pointer)).to.equal(words));
    }
    it('escapes control characters in keys', () => {
      expect(describePointer('/arguments/a\nb')).to.equal("'a\\nb'");
    });
  });

  describe('custom kinds from plugins', () => {
    const firewall = dataKind({
      name: 'firewall',
      description: 'a port to open',
      schema: {
        type: 'object',
        properties: { port: { type: 'string', pattern: '^[0-9]+$' }, proto: { type: 'string' } },
        required: ['port'],
        additionalProperties: false,
      },
      template: '  return 0\n',
    });
    const kinds = builtinKinds().with([firewall], 'test');
    const schemas = SchemaChecker.for(kinds);

    it('are known to the checker', () => {
      expect(schemas.kindNames().at(-1)).to.equal('firewall');
      expect(schemas.hasKind('firewall')).to.equal(true);
      expect(SchemaChecker.for(kinds), 'one checker per registry').to.equal(schemas);
    });

    it('build custom nodes with their value as plain source-text data', () => {
      const r = parseManifest('validators:\n  - firewall: {port: 8080, proto: tcp}\n', 'image.yaml', { kinds });
      expect(shown(r.diagnostics)).to.deep.equal([]);
      const v = r.manifest!.validators[0] as CustomNode;
      expect([v.kind, v.customKind, v.path, v.value]).to.deep.equal(['custom', 'firewall', 'validators[0].firewall', { port: '8080', proto: 'tcp' }]);
    });

    it('are checked by their schema, with located diagnostics', () => {
      const r = parseManifest('validators:\n  - firewall: {proto: tcp, extra: 1}\n', 'image.yaml', { kinds });
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2010 error 2:15', 'SIP2019 error 2:28']);
    });

    it('are suggested for misspellings', () => {
      const r = parseManifest('validators:\n  - firewal: {port: 1}\n', 'image.yaml', { kinds });
      expect(r.diagnostics[0]!.message).to.contain("did you mean 'firewall'?");
      expect(r.diagnostics[0]!.message).to.contain('argument_set, all, any, firewall)');
    });

    it('can be nested in built-in kinds', () => {
      const r = parseManifest('validators:\n  - os_case:\n      - redhat:\n          - firewall: {port: "22"}\n', 'image.yaml', { kinds });
      expect(r.manifest!.validators[0]!.kind).to.equal('os_case');
      expect(shown(r.diagnostics)).to.deep.equal([]);
    });

    it('a plugin may override a built-in kind', () => {
      const own = builtinKinds().with([dataKind({ name: 'package', description: 'x', schema: { type: 'string' }, template: '  return 0\n' })], 'test');
      expect(own.names()).to.deep.equal(builtinKinds().names());
      expect(own.get('package')!.owner).to.equal('test');
      const r = parseManifest('validators:\n  - package: [a]\n', 'image.yaml', { kinds: own });
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2003 error 2:14']);
      const ok = parseManifest('validators:\n  - package: a\n', 'image.yaml', { kinds: own });
      expect(ok.manifest!.validators[0]).to.include({ kind: 'custom', customKind: 'package', value: 'a' });
    });
  });
});
