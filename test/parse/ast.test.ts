/**
 * The AST the parser builds: scalars as source text, YAML paths, 1-based locations, both
 * argument forms normalised to the same nodes, shell variables.
 */
import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import type {
  ArgumentCaseNode,
  ArgumentSetNode,
  CopyScriptNode,
  Manifest,
  OsCaseNode,
  PackageNode,
  ScriptNode,
} from '../../compiler/ast/nodes.js';
import { at, byPath, manifestPath, parse, parseOk, shown, VALID_DIR, validatorAt, withoutLocations } from './helpers.js';

const fixture = (name: string): Manifest => parseOk(readFileSync(manifestPath(VALID_DIR, name), 'utf8'), `${name}/image.yaml`);

describe('parse/ast', () => {
  describe('scalars keep their source text', () => {
    const m = parseOk(`arguments:
  v:
    default: 1.8
    choices: [1.8, 1.80, 1, 01, 0x1F, 1e3, .5, yes, No, off, ~x, "quoted 1.8", 'single']
  n:
    default: 1
  z:
    default: 0
  e:
    default: ""
  o:
    default: 010
validators:
  - argument_case:
      argument_name: v
      cases:
        1.8: []
        01: []
        yes: []
        2.6.2.0: []
        0x1F: []
  - argument_set: {argument_name: v, value: 1.8}
  - argument_set: {argument_name: v, value: yes}
  - argument_set: {argument_name: v, value: 01}
  - package: [7zip, {bc: {version: 1.07}}, {zlib: {version: 8}}, {libc6: {version: 2.31-0ubuntu9.9}}, {e: {version: 1:2.0}}]
`);
    const arg = (name: string) => m.arguments.find((a) => a.name.value === name)!;

    it('in defaults: 1.8, 1, 0, "", 010', () => {
      expect(['v', 'n', 'z', 'e', 'o'].map((n) => arg(n).default?.value)).to.deep.equal(['1.8', '1', '0', '', '010']);
    });

    it('in choices: numbers, hex, exponents and YAML 1.1 booleans stay as written', () => {
      expect(arg('v').choices!.map((c) => c.value)).to.deep.equal(['1.8', '1.80', '1', '01', '0x1F', '1e3', '.5', 'yes', 'No', 'off', '~x', 'quoted 1.8', 'single']);
    });

    it('in argument_case keys (1.8, 01, yes, 2.6.2.0, 0x1F)', () => {
      const ac = m.validators[0] as ArgumentCaseNode;
      expect(ac.cases.map((c) => c.value.value)).to.deep.equal(['1.8', '01', 'yes', '2.6.2.0', '0x1F']);
    });

    it('in argument_set values (1.8, yes, 01)', () => {
      expect(m.validators.slice(1, 4).map((v) => (v as ArgumentSetNode).value.value)).to.deep.equal(['1.8', 'yes', '01']);
    });

    it('in package names and versions', () => {
      const p = m.validators[4] as PackageNode;
      expect(p.packages.map((s) => [s.name.value, s.version?.value])).to.deep.equal([
        ['7zip', undefined],
        ['bc', '1.07'],
        ['zlib', '8'],
        ['libc6', '2.31-0ubuntu9.9'],
        ['e', '1:2.0'],
      ]);
    });

    it('in os_case keys (a distro with its version, like centos7)', () => {
      const o = parseOk('validators:\n  - os_case:\n      - centos7: []\n      - 22.04: []\n').validators[0] as OsCaseNode;
      expect(o.branches.map((b) => b.key.value)).to.deep.equal(['centos7', '22.04']);
    });

    it('a folded, a literal and a multi-line plain description', () => {
      const a = fixture('yaml-forms').arguments;
      expect(a.map((x) => x.description?.value)).to.deep.equal([
        'The distribution of Java to install, written as a folded block scalar.\n',
        'A literal block scalar:\n  kept line by line.\n',
        'a plain scalar that goes on over three lines',
      ]);
    });
  });

  describe('YAML paths', () => {
    it('name every validator by its place: validators[0].os_case[1].debian[0].package', () => {
      const m = fixture('seed-sample');
      expect([...byPath(m).keys()]).to.deep.equal([
        'validators[0].os_case',
        'validators[0].os_case[0].redhat[0].package',
        'validators[0].os_case[1].debian[0].package',
        'validators[1].argument_case',
        'validators[1].argument_case.cases.openjdk[0].any',
        'validators[1].argument_case.cases.openjdk[0].any[0].all',
        'validators[1].argument_case.cases.openjdk[0].any[0].all[0].package',
        'validators[1].argument_case.cases.openjdk[0].any[0].all[1].argument_set',
        'validators[1].argument_case.cases.openjdk[0].any[1].all',
        'validators[1].argument_case.cases.openjdk[0].any[1].all[0].package',
        'validators[1].argument_case.cases.openjdk[0].any[1].all[1].argument_set',
        'validators[1].argument_case.cases.oracle-java[0].script',
        'validators[2].script',
        'validators[3].package',
      ]);
    });

    it('keep number-like case keys bare and quote keys that are not simple words', () => {
      const m = parseOk(`validators:
  - argument_case:
      argument_name: x
      cases:
        1.8: [{package: a}]
        "with space": [{package: b}]
        "a[0]": [{package: c}]
`);
      expect([...byPath(m).keys()]).to.deep.equal([
        'validators[0].argument_case',
        'validators[0].argument_case.cases.1.8[0].package',
        'validators[0].argument_case.cases."with space"[0].package',
        'validators[0].argument_case.cases."a[0]"[0].package',
      ]);
    });

    it('count items of the list they are in, not of the whole manifest', () => {
      const m = fixture('flow-control');
      const v = validatorAt(m, 'validators[2].all[0].any[0].all[0].os_case[0].redhat[0].argument_case.cases.1.8[0].any[1].package') as PackageNode;
      expect(v.packages[0]!.name.value).to.equal('java-1.8.0-openjdk');
    });
  });

  describe('locations are 1-based lines and columns', () => {
    const text = `# a comment on line 1
arguments:
  java-distro:
    default: openjdk
    choices: [openjdk, oracle-java]
validators:
  - package: nfs-utils
  - package:
      - {hadoop: {version: 2.7.1}}
  - script:
      setup.sh:
        env_vars: [java-distro]
        output: result
`;
    const m = parseOk(text);

    it('of arguments: the name key, its Texts', () => {
      const a = m.arguments[0]!;
      expect(at(a.loc)).to.equal('3:3');
      expect(at(a.name.loc)).to.equal('3:3');
      expect([a.name.loc.endLine, a.name.loc.endColumn]).to.deep.equal([3, 14]);
      expect(at(a.default!.loc)).to.equal('4:14');
      expect([a.default!.loc.endLine, a.default!.loc.endColumn]).to.deep.equal([4, 21]);
      expect(a.choices!.map((c) => at(c.loc))).to.deep.equal(['5:15', '5:24']);
    });

    it('of validators: the item from its kind key, the kind key alone', () => {
      const [pkg, versioned, script] = m.validators as [PackageNode, PackageNode, ScriptNode];
      expect([at(pkg.loc), at(pkg.keyLoc)]).to.deep.equal(['7:5', '7:5']);
      expect([pkg.keyLoc.endLine, pkg.keyLoc.endColumn]).to.deep.equal([7, 12]);
      expect(at(versioned.keyLoc)).to.equal('8:5');
      expect(at(script.keyLoc)).to.equal('10:5');
      expect(script.loc.endLine).to.be.greaterThanOrEqual(13);
    });

    it('of package names and versions', () => {
      const [pkg, versioned] = m.validators as [PackageNode, PackageNode];
      expect(at(pkg.packages[0]!.name.loc)).to.equal('7:14');
      expect(at(versioned.packages[0]!.name.loc)).to.equal('9:10');
      expect(at(versioned.packages[0]!.version!.loc)).to.equal('9:28');
    });

    it('of script names, env_vars and output', () => {
      const s = m.validators[2] as ScriptNode;
      expect([at(s.name.loc), s.envVars.map((e) => at(e.loc)), at(s.output!.loc)]).to.deep.equal(['11:7', ['12:20'], '13:17']);
    });

    it('start/end offsets index the text', () => {
      const a = m.arguments[0]!;
      expect(text.slice(a.default!.loc.start, a.default!.loc.end)).to.equal('openjdk');
      const s = m.validators[2] as ScriptNode;
      expect(text.slice(s.output!.loc.start, s.output!.loc.end)).to.equal('result');
    });

    it('of case keys and os_case keys', () => {
      const m2 = fixture('seed-sample');
      const os = m2.validators[0] as OsCaseNode;
      expect(os.branches.map((b) => at(b.key.loc))).to.deep.equal(['12:9', '14:9']);
      const ac = m2.validators[1] as ArgumentCaseNode;
      expect(ac.cases.map((c) => at(c.value.loc))).to.deep.equal(['19:9', '31:9']);
      expect(at(ac.argumentName.loc)).to.equal('17:22');
      expect(at(validatorAt(m2, 'validators[0].os_case[1].debian[0].package').keyLoc)).to.equal('15:13');
    });

    it('count columns in UTF-16 units after non-ASCII text', () => {
      const m2 = parseOk('arguments:\n  x: {description: "é😀", default: v}\nvalidators: []\n');
      // 'é' is one UTF-16 unit, '😀' two: the value starts at column 36 (35 code points, 38 bytes).
      expect(at(m2.arguments[0]!.default!.loc)).to.equal('2:36');
    });

    it('are not shifted by a %YAML directive, a --- marker or CRLF line ends', () => {
      const crlf = parseOk('%YAML 1.1\r\n---\r\nvalidators:\r\n  - package: a\r\n  - package: b\r\n');
      expect(crlf.validators.map((v) => at((v as PackageNode).packages[0]!.name.loc))).to.deep.equal(['4:14', '5:14']);
      expect((crlf.validators[1] as PackageNode).packages[0]!.name.value).to.equal('b');
    });

    it('of the folded description: from its first line to its last', () => {
      const d = fixture('mapr').arguments[0]!.description!;
      expect([d.loc.line, d.loc.column, d.loc.endLine]).to.deep.equal([7, 18, 9]);
    });
  });

  describe('arguments: mapping and list forms give the same nodes', () => {
    it('for the every-key fixtures', () => {
      const mapping = fixture('arguments-mapping');
      const list = fixture('arguments-list');
      expect(withoutLocations(list.arguments)).to.deep.equal(withoutLocations(mapping.arguments));
      expect(withoutLocations(list.validators)).to.deep.equal(withoutLocations(mapping.validators));
      expect(mapping.arguments.map((a) => a.name.value)).to.deep.equal(['java-distro', 'jdk-home', 'hadoop-version', 'mirror']);
    });

    it('with locations pointing into each form', () => {
      const list = fixture('arguments-list');
      expect(list.arguments.map((a) => at(a.name.loc))).to.deep.equal(['4:5', '12:5', '17:5', '21:5']);
      const mapping = fixture('arguments-mapping');
      expect(mapping.arguments.map((a) => at(a.name.loc))).to.deep.equal(['4:3', '12:3', '17:3', '21:3']);
    });

    it('several names in one list item are all read (in order)', () => {
      const r = parse('arguments:\n  - a: {default: x}\n    b: {default: y}\n  - c: {default: z}\nvalidators: []\n');
      expect(r.manifest!.arguments.map((a) => a.name.value)).to.deep.equal(['a', 'b', 'c']);
    });

    it('an empty arguments section gives no arguments', () => {
      expect(parseOk('arguments:\nvalidators: []\n').arguments).to.deep.equal([]);
      expect(parseOk('arguments: {}\nvalidators: []\n').arguments).to.deep.equal([]);
      expect(parseOk('arguments: []\nvalidators: []\n').arguments).to.deep.equal([]);
    });

    it('an argument with no properties is neither required nor hidden and has no default', () => {
      const a = parseOk('arguments:\n  bare: {}\nvalidators: []\n').arguments[0]!;
      expect(withoutLocations(a)).to.deep.equal({ kind: 'argument', name: { value: 'bare' }, required: false, hidden: false, secret: false, shellVariable: 'bare' });
    });
  });

  describe('argument flags take YAML 1.1 booleans', () => {
    const words: [string, boolean][] = [
      ['True', true], ['true', true], ['TRUE', true], ['yes', true], ['Yes', true], ['on', true], ['ON', true], ['y', true], ['Y', true],
      ['False', false], ['false', false], ['no', false], ['No', false], ['off', false], ['OFF', false], ['n', false], ['N', false],
    ];
    for (const [word, value] of words) {
      it(`${word} → ${value}`, () => {
        const r = parse(`arguments:\n  a: {default: x, required: ${word}, hidden: ${word}}\nvalidators: [{package: a}]\n`);
        expect(shown(r.diagnostics)).to.deep.equal([]);
        const a = r.manifest!.arguments[0]!;
        expect([a.required, a.hidden]).to.deep.equal([value, value]);
      });
    }

    it('a quoted boolean is read, with a warning at the value', () => {
      const r = parse(`arguments:\n  a:\n    default: x\n    required: "false"\n    hidden: 'True'\nvalidators: [{package: a}]\n`);
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2014 warning 4:15', 'SIP2014 warning 5:13']);
      const a = r.manifest!.arguments[0]!;
      expect([a.required, a.hidden]).to.deep.equal([false, true]);
      expect(r.diagnostics[0]!.message).to.equal("'required' should be a YAML boolean; the string 'false' is read as false");
    });

    it('a missing flag is false', () => {
      const a = parseOk('arguments:\n  a: {default: x}\nvalidators: []\n').arguments[0]!;
      expect([a.required, a.hidden]).to.deep.equal([false, false]);
    });
  });

  describe('shell variables', () => {
    const m = fixture('argument-values');
    const v = (name: string) => m.arguments.find((a) => a.name.value === name)!;

    it('are the name when it has no dash', () => {
      expect(v('java_version').shellVariable).to.equal('java_version');
    });

    it('turn dashes into underscores', () => {
      expect(v('dashed-name').shellVariable).to.equal('dashed_name');
      expect(parseOk('arguments:\n  a-b-c: {default: x}\nvalidators: []\n').arguments[0]!.shellVariable).to.equal('a_b_c');
    });

    it('are target_variable when given, which wins over the dashes rule', () => {
      expect([v('renamed').shellVariable, v('renamed').targetVariable?.value]).to.deep.equal(['RENAMED_VAR', 'RENAMED_VAR']);
      expect(v('dashed-renamed').shellVariable).to.equal('other_name');
      expect(at(v('dashed-renamed').targetVariable!.loc)).to.equal('38:22');
    });

    it('are taken as written even when invalid (the checker reports it)', () => {
      const a = parseOk('arguments:\n  x: {default: a, target_variable: "9 bad"}\n  "a.b": {default: a}\nvalidators: []\n').arguments;
      expect(a.map((x) => x.shellVariable)).to.deep.equal(['9 bad', 'a.b']);
    });
  });

  describe('packages', () => {
    const m = fixture('packages');
    it('a name, a {name: {version}} mapping, a mixed list, a flow list', () => {
      const ps = m.validators.map((v) => (v as PackageNode).packages.map((p) => (p.version ? `${p.name.value}=${p.version.value}` : p.name.value)));
      expect(ps).to.deep.equal([
        ['hadoop'],
        ['nfs-utils=1.3.3-8'],
        [
          'hadoop-libhdfs',
          'nfs-utils=1.3.3-8',
          'libsnappy1v5=1.1.8-1build3',
          'openjdk-8-jdk-headless=8u392-ga-1',
          'python3.11',
          'g++',
          'libstdc++6=1:12.3.0-1ubuntu1~22.04',
          'zlib=8',
          'bc=1.07',
          'unversioned-mapping',
        ],
        ['curl', 'wget', 'ca-certificates'],
        ['tar=1.34+dfsg-1ubuntu0.1.22.04.2'],
      ]);
    });

    it('a versioned package is located at its name; the spec at the whole item', () => {
      const p = m.validators[1] as PackageNode;
      expect([at(p.packages[0]!.name.loc), at(p.packages[0]!.version!.loc), at(p.packages[0]!.loc)]).to.deep.equal(['6:7', '7:18', '6:7']);
    });
  });

  describe('scripts', () => {
    const m = fixture('scripts');
    const s = (i: number) => m.validators[i] as ScriptNode;

    it('a path', () => {
      expect(withoutLocations(s(0))).to.deep.equal({ kind: 'script', path: 'validators[0].script', name: { value: 'simple_script.sh' }, envVars: [] });
    });

    it('{path: {env_vars, output}}', () => {
      expect([s(2).name.value, s(2).envVars.map((e) => e.value), s(2).output?.value, s(2).inline]).to.deep.equal([
        'set_java_home', ['jdk-home', 'jre-home'], 'java_home_result', undefined,
      ]);
    });

    it('inline (the key is only a label), including a literal block', () => {
      expect([s(3).name.value, s(3).inline?.value, s(3).output?.value]).to.deep.equal(['store_nfs_version', 'rpm -q nfs-utils', 'nfs-version']);
      expect(s(4).inline?.value).to.equal('apt-get update\napt-get -y upgrade\n');
    });

    it("the design document's list of single-key mappings gives the same node as a mapping", () => {
      expect([s(5).inline?.value, s(5).output?.value]).to.deep.equal(['rpm -q nfs-utils', 'nfs-version-again']);
      const listForm = parse('validators:\n  - script:\n      x:\n        - inline: echo\n        - output: o\n        - env_vars: [a]\n');
      const mapForm = parse('validators:\n  - script:\n      x:\n        inline: echo\n        output: o\n        env_vars: [a]\n');
      expect(withoutLocations(listForm.manifest!.validators)).to.deep.equal(withoutLocations(mapForm.manifest!.validators));
      expect(shown(listForm.diagnostics)).to.deep.equal(['SIP2012 warning 4:9']);
      expect(shown(mapForm.diagnostics)).to.deep.equal([]);
    });

    it("'arguments:' is read as env_vars (with a warning); both together are merged in order", () => {
      expect(s(6).envVars.map((e) => e.value)).to.deep.equal(['jdk-home', 'jre-home']);
      const r = parse('validators:\n  - script:\n      x.sh:\n        arguments: [a, b]\n        env_vars: [c]\n');
      expect((r.manifest!.validators[0] as ScriptNode).envVars.map((e) => e.value)).to.deep.equal(['a', 'b', 'c']);
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2013 warning 4:9']);
    });

    it('a path with empty properties', () => {
      expect([s(7).name.value, s(7).envVars]).to.deep.equal(['centos/no_properties', []]);
      expect([s(8).name.value, s(8).envVars]).to.deep.equal(['centos/empty_properties', []]);
    });

    it('copy_script as a path, with empty properties, with inline', () => {
      const c = (i: number) => withoutLocations(m.validators[i]) as CopyScriptNode;
      expect(c(9)).to.deep.equal({ kind: 'copy_script', path: 'validators[9].copy_script', name: { value: 'common/resources/package_utils.sh' } });
      expect(c(10)).to.deep.equal({ kind: 'copy_script', path: 'validators[10].copy_script', name: { value: 'common/resources/versions.py' } });
      expect(c(11)).to.deep.equal({ kind: 'copy_script', path: 'validators[11].copy_script', name: { value: 'inline_copy.txt' }, inline: { value: 'key=value' } });
    });

    it('copy_script ignores env_vars and output, with a warning each', () => {
      const r = parse('validators:\n  - copy_script:\n      a/b/c.sh:\n        env_vars: [x]\n        output: y\n');
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2018 warning 4:9', 'SIP2018 warning 5:9']);
      expect(withoutLocations(r.manifest!.validators[0])).to.deep.equal({ kind: 'copy_script', path: 'validators[0].copy_script', name: { value: 'a/b/c.sh' } });
    });
  });

  describe('flow control', () => {
    it('os_case keeps the order of its entries', () => {
      const o = fixture('flow-control').validators[0] as OsCaseNode;
      expect(o.branches.map((b) => [b.key.value, b.validators.length])).to.deep.equal([['centos7', 1], ['redhat', 1], ['ubuntu', 1], ['debian', 1]]);
    });

    it('argument_case keeps the order of its cases; an empty case list is a case that runs nothing', () => {
      const ac = fixture('yaml-forms').validators[3] as ArgumentCaseNode;
      expect(ac.cases.map((c) => [c.value.value, c.validators.length])).to.deep.equal([['openjdk', 1], ['oracle-java', 0]]);
    });

    it('nests six deep', () => {
      const m = fixture('flow-control');
      const paths = [...byPath(m).keys()].filter((p) => (p.match(/\]\./g) ?? []).length >= 6);
      expect(paths).to.include('validators[2].all[0].any[0].all[0].os_case[0].redhat[0].argument_case.cases.1.8[0].any[0].package');
    });

    it('an argument_set to an undeclared name is kept for the checker to judge', () => {
      const sets = [...byPath(fixture('flow-control')).values()].filter((v): v is ArgumentSetNode => v.kind === 'argument_set');
      expect(sets.map((s) => [s.argumentName.value, s.value.value])).to.deep.equal([['java_version', '1.7'], ['selected_profile', 'yes']]);
    });
  });

  describe('YAML anchors and aliases', () => {
    it('an alias reads as its anchor\'s content', () => {
      const m = parseOk(`arguments:
  a: &java {default: openjdk, choices: [openjdk, oracle-java]}
  b: *java
validators:
  - os_case:
      - redhat: &pkgs
          - package: nfs-utils
      - centos: *pkgs
`);
      expect(m.arguments.map((x) => [x.name.value, x.default?.value, x.choices?.map((c) => c.value)])).to.deep.equal([
        ['a', 'openjdk', ['openjdk', 'oracle-java']],
        ['b', 'openjdk', ['openjdk', 'oracle-java']],
      ]);
      const o = m.validators[0] as OsCaseNode;
      expect(o.branches.map((br) => [br.key.value, (br.validators[0] as PackageNode).packages[0]!.name.value])).to.deep.equal([
        ['redhat', 'nfs-utils'],
        ['centos', 'nfs-utils'],
      ]);
      expect(o.branches[1]!.validators[0]!.path, 'paths follow the alias').to.equal('validators[0].os_case[1].centos[0].package');
      expect(at(o.branches[1]!.validators[0]!.keyLoc), 'locations point at the anchor').to.equal('7:13');
    });

    it('each use of an alias is located where it is written', () => {
      const r = parse('a: &a [x]\nvalidators: [*a, *a]\n');
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2004 warning 1:1', 'SIP2005 error 2:14', 'SIP2005 error 2:18']);
    });

    it('an error inside an anchor is reported once, however often the anchor is used', () => {
      const r = parse('arguments:\n  a: &x {default: a, choices: [a, [b]]}\n  b: *x\n  c: *x\nvalidators: [{package: a}]\n');
      expect(shown(r.diagnostics)).to.deep.equal(['SIP2003 error 2:35']);
    });
  });

  describe('the manifest node', () => {
    it('spans the whole document and carries the file name', () => {
      const m = parseOk('validators:\n  - package: a\n', 'some/dir/image.yaml');
      expect([m.kind, m.file, at(m.loc), m.loc.file]).to.deep.equal(['manifest', 'some/dir/image.yaml', '1:1', 'some/dir/image.yaml']);
    });

    it('every location names the file', () => {
      const m = parseOk('arguments:\n  a: {default: x}\nvalidators:\n  - package: [a, {b: {version: 1}}]\n', 'f.yaml');
      const files = new Set<string>();
      const visit = (x: unknown): void => {
        if (Array.isArray(x)) x.forEach(visit);
        else if (x !== null && typeof x === 'object') {
          for (const [k, v] of Object.entries(x)) {
            if (k === 'loc' || k === 'keyLoc') files.add((v as { file: string }).file);
            else visit(v);
          }
        }
      };
      visit(m);
      expect([...files]).to.deep.equal(['f.yaml']);
    });
  });
});
