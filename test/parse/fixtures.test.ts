/**
 * Every fixture under test/fixtures/manifests/valid parses and checks without errors, with
 * exactly the warnings listed here; the fixtures shaped like the real Sahara plugins'
 * manifests keep the features those manifests use.
 */
import { existsSync, readFileSync } from 'node:fs';
import { expect } from 'chai';
import type { CopyScriptNode, Manifest, PackageNode, ScriptNode, Validator } from '../../compiler/ast/nodes.js';
import { allValidators } from '../../compiler/ast/walk.js';
import { loadManifest } from '../../compiler/frontend.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { depth, fixtureNames, manifestPath, shown, VALID_DIR, validatorAt } from './helpers.js';

/**
 * What each valid fixture reports: `parse` from the parser alone, `load` from the whole front
 * end (parser + semantic checks + script files). `code severity line:col`.
 */
const EXPECTED: Record<string, { parse: string[]; load: string[] }> = {
  'seed-sample': { parse: [], load: [] },
  spark: { parse: [], load: ['SIP3008 warning 64:36'] },
  cdh: { parse: [], load: ['SIP3010 info 42:22'] },
  ambari: { parse: [], load: ['SIP3008 warning 74:28'] },
  mapr: { parse: [], load: [] },
  'arguments-mapping': { parse: [], load: [] },
  'arguments-list': { parse: ['SIP2011 warning 3:1'], load: ['SIP2011 warning 3:1'] },
  'argument-values': {
    parse: ['SIP2014 warning 26:15', 'SIP2014 warning 27:13'],
    load: ['SIP2014 warning 26:15', 'SIP2014 warning 27:13'],
  },
  packages: { parse: [], load: [] },
  scripts: { parse: ['SIP2012 warning 31:9', 'SIP2013 warning 35:9'], load: ['SIP2012 warning 31:9', 'SIP2013 warning 35:9'] },
  'flow-control': { parse: [], load: [] },
  'yaml-forms': { parse: [], load: [] },
};

function load(name: string): Manifest {
  const file = manifestPath(VALID_DIR, name);
  const r = parseManifest(readFileSync(file, 'utf8'), file);
  expect(r.manifest, `${name} parses`).to.not.equal(undefined);
  return r.manifest!;
}

const ofKind = <K extends Validator['kind']>(m: Manifest, kind: K): Extract<Validator, { kind: K }>[] =>
  allValidators(m.validators, builtinKinds()).filter((v): v is Extract<Validator, { kind: K }> => v.kind === kind);

describe('parse/fixtures: valid manifests', () => {
  it('every fixture folder has an expectation (and every expectation a folder)', () => {
    expect(fixtureNames(VALID_DIR)).to.deep.equal(Object.keys(EXPECTED).sort());
  });

  for (const name of Object.keys(EXPECTED).sort()) {
    describe(name, () => {
      it('parses with exactly the expected parser diagnostics', () => {
        const file = manifestPath(VALID_DIR, name);
        const r = parseManifest(readFileSync(file, 'utf8'), file);
        expect(shown(r.diagnostics)).to.deep.equal(EXPECTED[name]!.parse);
        expect(r.manifest).to.not.equal(undefined);
      });

      it('checks without errors through the whole front end', () => {
        const r = loadManifest(manifestPath(VALID_DIR, name));
        expect(shown(r.diagnostics)).to.deep.equal(EXPECTED[name]!.load);
        expect(r.manifest, 'loadManifest gives the manifest when there are no errors').to.not.equal(undefined);
      });
    });
  }

  it('together, the fixtures use every built-in validator kind and every argument key', () => {
    const kinds = new Set<string>();
    const keys = new Set<string>();
    for (const name of Object.keys(EXPECTED)) {
      const m = load(name);
      for (const v of allValidators(m.validators, builtinKinds())) kinds.add(v.kind);
      for (const a of m.arguments) {
        if (a.description) keys.add('description');
        if (a.default) keys.add('default');
        if (a.choices) keys.add('choices');
        if (a.targetVariable) keys.add('target_variable');
        if (a.required) keys.add('required');
        if (a.hidden) keys.add('hidden');
      }
    }
    expect([...kinds].sort()).to.deep.equal(builtinKinds().names().sort());
    expect([...keys].sort()).to.deep.equal(['choices', 'default', 'description', 'hidden', 'required', 'target_variable']);
  });
});

describe('parse/fixtures: the design document sample', () => {
  it('is the top sample of image-generation.rst, byte for byte', function () {
    // The design document lives next to the repository in the project's workspace, not in it.
    const docFile = new URL('../../../shared/seed/image-generation.rst', import.meta.url);
    if (!existsSync(docFile)) this.skip();
    const doc = readFileSync(docFile, 'utf8');
    const block = doc.split('full sample is presented for context.\n\n::\n\n')[1]!.split('\n\n\nThe Arguments Section')[0]!;
    const sample = block
      .split('\n')
      .map((l) => l.replace(/^ {4}/, ''))
      .join('\n');
    expect(readFileSync(manifestPath(VALID_DIR, 'seed-sample'), 'utf8')).to.equal(sample + '\n');
  });

  it('reads as the document describes it', () => {
    const m = load('seed-sample');
    expect(m.arguments.map((a) => [a.name.value, a.default?.value, a.required, a.choices?.map((c) => c.value), a.shellVariable])).to.deep.equal([
      ['java-distro', 'openjdk', false, ['oracle-java', 'openjdk'], 'java_distro'],
    ]);
    expect(m.validators.map((v) => v.kind)).to.deep.equal(['os_case', 'argument_case', 'script', 'package']);
    const pkgs = m.validators[3] as PackageNode;
    expect(pkgs.packages.map((p) => p.name.value)).to.deep.equal([
      'hadoop', 'hadoop-libhdfs', 'hadoop-native', 'hadoop-pipes', 'hadoop-sbin', 'hadoop-lzo', 'lzo', 'lzo-devel', 'hadoop-lzo-native',
    ]);
    const sets = ofKind(m, 'argument_set');
    expect(sets.map((s) => [s.path, s.argumentName.value, s.value.value])).to.deep.equal([
      ['validators[1].argument_case.cases.openjdk[0].any[0].all[1].argument_set', 'java-version', '1.8.0'],
      ['validators[1].argument_case.cases.openjdk[0].any[1].all[1].argument_set', 'java-version', '1.7.0'],
    ]);
    expect(ofKind(m, 'script').map((s) => s.name.value)).to.deep.equal(['install_oracle_java.sh', 'setup_java.sh']);
  });
});

describe('parse/fixtures: shaped like the real Sahara manifests', () => {
  it('spark: hidden argument, comment inside choices, argument_case on java_distro, flow env_vars', () => {
    const m = load('spark');
    const java = m.arguments.find((a) => a.name.value === 'java_distro')!;
    expect(java.choices!.map((c) => c.value)).to.deep.equal(['openjdk', 'oracle-java']);
    expect(m.arguments.filter((a) => a.hidden).map((a) => a.name.value)).to.deep.equal(['spark_hadoop_dl']);
    expect(m.arguments.every((a) => !a.required)).to.equal(true);
    const ac = ofKind(m, 'argument_case');
    expect(ac.map((a) => a.argumentName.value)).to.deep.equal(['java_distro']);
    expect(ac[0]!.cases.map((c) => c.value.value)).to.deep.equal(['openjdk', 'oracle-java']);
    const install = ofKind(m, 'script').find((s) => s.name.value === 'common/install_spark')!;
    expect(install.envVars.map((e) => e.value)).to.deep.equal(['plugin_version', 'cdh_version', 'spark_hadoop_dl']);
    expect(new Set(ofKind(m, 'os_case').flatMap((o) => o.branches.map((b) => b.key.value)))).to.deep.equal(new Set(['redhat', 'ubuntu']));
    expect(depth(m.validators)).to.equal(3);
  });

  it('cdh: argument_case > any > all > package, four deep; a choice without a case', () => {
    const m = load('cdh');
    expect(depth(m.validators)).to.equal(4);
    const pkg = validatorAt(m, 'validators[2].argument_case.cases.openjdk[0].any[1].all[0].package') as PackageNode;
    expect(pkg.packages.map((p) => p.name.value)).to.deep.equal(['openjdk-8-jdk']);
    expect(ofKind(m, 'any')).to.have.length(1);
    const java = m.arguments.find((a) => a.name.value === 'java_distro')!;
    expect(java.choices!.map((c) => c.value)).to.include('oracle-java');
    expect(ofKind(m, 'argument_case')[0]!.cases.map((c) => c.value.value)).to.deep.equal(['openjdk', 'cloudera-jdk']);
  });

  it('ambari: inline apt-get update first; number-like case keys; argument_case > os_case > argument_case > package', () => {
    const m = load('ambari');
    expect(depth(m.validators)).to.equal(4);
    const first = validatorAt(m, 'validators[0].os_case[0].ubuntu[0].script') as ScriptNode;
    expect([first.name.value, first.inline?.value, first.envVars]).to.deep.equal(['apt_update', 'apt-get update', []]);
    const ac = ofKind(m, 'argument_case')[0]!;
    expect(ac.cases.map((c) => c.value.value)).to.deep.equal(['2.6.2.0', '2.4.3.0']);
    const deep = validatorAt(m, 'validators[1].argument_case.cases.2.6.2.0[0].os_case[0].redhat[0].argument_case.cases.openjdk[0].package');
    expect(deep.kind).to.equal('package');
    expect(m.arguments.find((a) => a.name.value === 'ambari_version')!.choices!.map((c) => c.value)).to.deep.equal(['2.6.2.0', '2.4.3.0']);
  });

  it('mapr: copy_script of common/resources files, an integer default, a folded plain description', () => {
    const m = load('mapr');
    const copies = ofKind(m, 'copy_script') as CopyScriptNode[];
    expect(copies).to.have.length(7);
    expect(copies.every((c) => c.name.value.startsWith('common/resources/'))).to.equal(true);
    const scala = m.arguments.find((a) => a.name.value === 'scala_version')!;
    expect(scala.default?.value).to.equal('1');
    const java = m.arguments.find((a) => a.name.value === 'java_distro')!;
    expect(java.description?.value).to.equal(
      'The distribution of Java to install. Defaults to cloudera-jdk, although the default written below says otherwise, as in the plugin this is modelled on.',
    );
    expect(java.description?.loc.line).to.equal(7);
    expect(java.description?.loc.endLine).to.equal(9);
  });
});
