import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { lowerManifest, copyTarget, type LowerOptions } from '../../compiler/lower/index.js';
import type { ProgramPlan, Step } from '../../compiler/lower/program.js';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { cleanupFixtures, load } from './fixture.js';
import { fakeRuntime } from './fake-runtime.js';

const runtime = fakeRuntime();

function lower(yaml: string, files: Record<string, string | Uint8Array> = {}, options: Partial<LowerOptions> = {}) {
  const l = load(yaml, files);
  const errors = l.diagnostics.filter((d) => d.severity === 'error');
  expect(errors.map((d) => `${d.code} ${d.message}`), 'front-end errors').to.deep.equal([]);
  return lowerManifest(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'sip test', runtime, ...options });
}

function plan(yaml: string, files: Record<string, string | Uint8Array> = {}, options: Partial<LowerOptions> = {}): ProgramPlan {
  const r = lower(yaml, files, options);
  expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).to.deep.equal([]);
  return r.plan!;
}

function step<K extends Step['kind']>(p: ProgramPlan, fn: string, kind: K): Extract<Step, { kind: K }> {
  const s = p.steps.find((x) => x.fn === fn);
  expect(s, fn).to.not.equal(undefined);
  expect(s!.kind).to.equal(kind);
  return s as Extract<Step, { kind: K }>;
}

const SEED = `
arguments:
  java-distro:
    description: The java distribution.
    default: openjdk
    required: false
    choices: [oracle-java, openjdk]
validators:
  - os_case:
      - redhat:
          - package: nfs-utils
      - debian:
          - package: nfs-common
  - argument_case:
      argument_name: java-distro
      cases:
        openjdk:
          - any:
            - all:
              - package: java-1.8.0-openjdk-devel
              - argument_set: {argument_name: java-version, value: 1.8.0}
            - all:
              - package: java-1.7.0-openjdk-devel
              - argument_set: {argument_name: java-version, value: 1.7.0}
        oracle-java:
          - script: install_oracle_java.sh
  - script: setup_java.sh
  - package: [hadoop, {hadoop-libhdfs: {version: 2.7.1-1}}]
`;
const SEED_FILES = { 'install_oracle_java.sh': '#!/bin/bash\nexit 0\n', 'setup_java.sh': 'echo hi\n' };

describe('lower', () => {
  after(cleanupFixtures);

  describe('the program', () => {
    it('names every validator after its position and lists steps in program order', () => {
      const p = plan(SEED, SEED_FILES);
      expect(p.root).to.deep.equal(['sip_v0', 'sip_v1', 'sip_v2', 'sip_v3']);
      expect(p.steps.map((s) => s.fn)).to.deep.equal([
        'sip_v0', 'sip_v0_0_0', 'sip_v0_1_0',
        'sip_v1', 'sip_v1_0_0', 'sip_v1_0_0_0', 'sip_v1_0_0_0_0', 'sip_v1_0_0_0_1', 'sip_v1_0_0_1', 'sip_v1_0_0_1_0', 'sip_v1_0_0_1_1', 'sip_v1_1_0',
        'sip_v2', 'sip_v3',
      ]);
      for (const s of p.steps) expect(s.bodyFn).to.equal(`${s.fn}_body`);
      const os = step(p, 'sip_v0', 'os_case');
      expect(os.branches.map((b) => [b.key, b.children])).to.deep.equal([['redhat', ['sip_v0_0_0']], ['debian', ['sip_v0_1_0']]]);
      expect(os.location).to.equal('image.yaml:9:5');
      expect(os.path).to.equal('validators[0].os_case');
      const ac = step(p, 'sip_v1', 'argument_case');
      expect(ac.argument).to.equal('java-distro');
      expect(ac.cases.map((c) => [c.key, c.children])).to.deep.equal([['openjdk', ['sip_v1_0_0']], ['oracle-java', ['sip_v1_1_0']]]);
      expect(step(p, 'sip_v1_0_0', 'any').children).to.deep.equal(['sip_v1_0_0_0', 'sip_v1_0_0_1']);
      const set = step(p, 'sip_v1_0_0_0_1', 'argument_set');
      expect([set.argument, set.value, set.label]).to.deep.equal(['java-version', '1.8.0', 'java-version=1.8.0']);
      expect(step(p, 'sip_v1_0_0_0_1', 'argument_set').path).to.equal('validators[1].argument_case.cases.openjdk[0].any[0].all[1].argument_set');
    });

    it('keeps package names and versions as given, version "" for any', () => {
      const p = plan(SEED, SEED_FILES);
      const pkg = step(p, 'sip_v3', 'package');
      expect(pkg.packages).to.deep.equal([{ name: 'hadoop', version: '', spec: 'hadoop' }, { name: 'hadoop-libhdfs', version: '2.7.1-1', spec: 'hadoop-libhdfs=2.7.1-1' }]);
      expect(pkg.label).to.equal('hadoop hadoop-libhdfs (2.7.1-1)');
    });

    it('records the manifest sha256 and the compiler version', () => {
      const p = plan(SEED, SEED_FILES);
      expect(p.manifestSha256).to.equal(createHash('sha256').update(SEED).digest('hex'));
      expect(p.compilerVersion).to.equal('sip test');
      expect(p.manifestFile).to.equal('image.yaml');
    });

    it('is deterministic', () => {
      const a = plan(SEED, SEED_FILES);
      const b = plan(SEED, SEED_FILES);
      expect(JSON.stringify(a)).to.equal(JSON.stringify(b));
    });
  });

  describe('arguments', () => {
    const ARGS = `
arguments:
  java-distro: {description: Java, default: openjdk, choices: [openjdk, oracle-java]}
  secret: {required: true, hidden: true}
  home: {default: "", target_variable: JAVA_HOME_DIR}
validators:
  - script: {s.sh: {env_vars: [java-distro, home, secret, produced-name, distro, java-distro], output: out-var}}
  - argument_set: {argument_name: later-name, value: x}
  - argument_set: {argument_name: java-distro, value: oracle-java}
`;
    it('builds the argument table in declaration order', () => {
      const p = plan(ARGS, { 's.sh': 'true\n' });
      expect(p.arguments).to.deep.equal([
        { name: 'java-distro', variable: 'java_distro', description: 'Java', default: 'openjdk', required: false, hidden: false, secret: false, choices: ['openjdk', 'oracle-java'], baked: false },
        { name: 'secret', variable: 'secret', description: '', default: undefined, required: true, hidden: true, secret: false, choices: undefined, baked: false },
        { name: 'home', variable: 'JAVA_HOME_DIR', description: '', default: '', required: false, hidden: false, secret: false, choices: undefined, baked: false },
      ]);
    });

    it('lists every storable name: declared, then produced by output/argument_set in program order', () => {
      const p = plan(ARGS, { 's.sh': 'true\n' });
      expect(p.names).to.deep.equal([
        { name: 'java-distro', variable: 'java_distro' },
        { name: 'secret', variable: 'secret' },
        { name: 'home', variable: 'JAVA_HOME_DIR' },
        { name: 'out-var', variable: 'out_var' },
        { name: 'later-name', variable: 'later_name' },
      ]);
    });

    it('exports env_vars under their shell variable, skipping reserved names and duplicates', () => {
      const p = plan(ARGS, { 's.sh': 'true\n' });
      const s = step(p, 'sip_v0', 'script');
      expect(s.env).to.deep.equal(['java_distro=java-distro', 'JAVA_HOME_DIR=home', 'secret=secret', 'produced_name=produced-name']);
      expect(s.output).to.equal('out-var');
    });

    it('bakes --set values in as defaults (a baked required argument is no longer required)', () => {
      const p = plan(ARGS, { 's.sh': 'true\n' }, { sets: new Map([['java-distro', 'oracle-java'], ['secret', "it's $(x)"]]) });
      expect(p.arguments[0]).to.include({ default: 'oracle-java', baked: true, required: false });
      expect(p.arguments[1]).to.include({ default: "it's $(x)", baked: true, required: false });
      expect(p.arguments[2]).to.include({ default: '', baked: false });
    });

    it('accepts --set as name=value strings and as a record', () => {
      expect(plan(ARGS, { 's.sh': 'true\n' }, { sets: ['secret=a=b'] }).arguments[1]!.default).to.equal('a=b');
      expect(plan(ARGS, { 's.sh': 'true\n' }, { sets: { secret: '' } }).arguments[1]!.default).to.equal('');
    });

    it('rejects --set of an undeclared name, with a suggestion', () => {
      const r = lower(ARGS, { 's.sh': 'true\n' }, { sets: new Map([['java_distro', 'openjdk']]) });
      expect(r.plan).to.equal(undefined);
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['SIP5001']);
      expect(r.diagnostics[0]!.message).to.contain("did you mean 'java-distro'").and.contain('declared: java-distro, secret, home');
    });

    it('rejects --set of a value outside the choices, listing them', () => {
      const r = lower(ARGS, { 's.sh': 'true\n' }, { sets: new Map([['java-distro', 'ibm']]) });
      expect(r.plan).to.equal(undefined);
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['SIP5002']);
      expect(r.diagnostics[0]!.message).to.contain('openjdk, oracle-java');
    });

    it('rejects a malformed --set string and a NUL in a value', () => {
      const r = lower(ARGS, { 's.sh': 'true\n' }, { sets: ['novalue', 'secret=a\0b'] });
      expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['SIP5006', 'SIP5005']);
    });
  });

  describe('script bodies', () => {
    const SCRIPTS = `
validators:
  - script: a.sh
  - script: b.sh
  - script: a.sh
  - copy_script: common/resources/c.sh
  - script: {label one: {inline: "echo inline"}}
  - script: bin.sh
  - script: delim.sh
  - copy_script: {sub/dir/inline-copy: {inline: "x\\n"}}
`;
    const FILES = {
      'a.sh': '#!/bin/sh\necho a\n',
      'b.sh': 'echo b',
      'common/resources/c.sh': '#!/bin/bash -x\n',
      'bin.sh': new Uint8Array([0x23, 0x21, 0x2f, 0x62, 0x69, 0x6e, 0x2f, 0x73, 0x68, 0x0a, 0xff, 0xfe, 0x00, 0x0a]),
      'delim.sh': 'echo SIP_SCRIPT\nSIP_SCRIPT\necho SIP_SCRIPT_1\n',
    };

    it('deduplicates bodies by content and names them in order of first use', () => {
      const p = plan(SCRIPTS, FILES);
      expect(p.bodies.map((b) => [b.fn, b.source])).to.deep.equal([
        ['sip_body_1', 'a.sh'],
        ['sip_body_2', 'b.sh'],
        ['sip_body_3', 'common/resources/c.sh'],
        ['sip_body_4', 'label one (inline)'],
        ['sip_body_5', 'bin.sh'],
        ['sip_body_6', 'delim.sh'],
        ['sip_body_7', 'sub/dir/inline-copy (inline)'],
      ]);
      expect(step(p, 'sip_v2', 'script').body.fn).to.equal('sip_body_1');
    });

    it('keeps the bytes exactly, and says whether there is a shebang', () => {
      const p = plan(SCRIPTS, FILES);
      const [a, b, c, inline, bin] = p.bodies;
      expect(Buffer.from(a!.bytes).toString()).to.equal('#!/bin/sh\necho a\n');
      expect([a!.encoding, a!.shebang]).to.deep.equal(['text', true]);
      expect([b!.encoding, b!.shebang]).to.deep.equal(['text', false]);
      expect(c!.shebang).to.equal(true);
      expect(Buffer.from(inline!.bytes).toString()).to.equal('echo inline');
      expect(inline!.text).to.equal('echo inline');
      expect(Buffer.from(bin!.bytes)).to.deep.equal(Buffer.from(FILES['bin.sh']));
      expect([bin!.encoding, bin!.shebang]).to.deep.equal(['base64', true]);
    });

    it('keeps a text body as its exact text', () => {
      const p = plan(SCRIPTS, FILES);
      for (const b of p.bodies.filter((x) => x.encoding === 'text')) expect(Buffer.from(b.text!, 'utf8')).to.deep.equal(Buffer.from(b.bytes));
    });

    it('uses base64 for bodies that are not valid UTF-8 (or hold NUL), text otherwise', () => {
      const p = plan('validators:\n  - script: latin1.sh\n  - script: nul.sh\n  - script: bom.sh\n  - script: empty.sh\n', {
        'latin1.sh': Buffer.from('echo caf\xe9\n', 'latin1'),
        'nul.sh': Buffer.from('echo a\0b\n'),
        'bom.sh': Buffer.from('\ufeffecho bom\n'),
        'empty.sh': '',
      });
      expect(p.bodies.map((b) => b.encoding)).to.deep.equal(['base64', 'base64', 'text', 'text']);
      expect(p.bodies[3]!.text).to.equal('');
    });

    it('copies copy_script bodies to /tmp/<basename>', () => {
      const p = plan(SCRIPTS, FILES);
      expect(step(p, 'sip_v3', 'copy_script').target).to.equal('/tmp/c.sh');
      expect(step(p, 'sip_v7', 'copy_script').target).to.equal('/tmp/inline-copy');
      expect(copyTarget('a/b/')).to.equal('/tmp/b');
      expect(copyTarget('..')).to.equal(undefined);
      expect(copyTarget('x/.')).to.equal(undefined);
      expect(copyTarget('')).to.equal(undefined);
    });

    it('refuses a manifest that did not pass check (a missing script is check/\'s SIP4001)', () => {
      const l = load('validators:\n  - script: missing.sh\n');
      expect(l.diagnostics.map((d) => d.code)).to.deep.equal(['SIP4001']);
      expect(() => lowerManifest(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'x', runtime })).to.throw(/missing.sh.*passed check/);
    });

    it('reports a copy_script without a usable file name', () => {
      const l = load('validators:\n  - copy_script: {"..": {inline: x}}\n');
      const r = lowerManifest(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'x', runtime });
      expect(r.diagnostics.map((d) => d.code)).to.include('SIP5003');
    });
  });

  describe('runtime files', () => {
    it('includes only the files the program uses, with their sip-requires closure, dependencies first', () => {
      const p = plan('validators:\n  - package: curl\n');
      expect(p.runtimeFunctions).to.deep.equal(['sip_all', 'sip_main', 'sip_pkg_step', 'sip_pkgs_run', 'sip_step']);
      expect(p.runtimeFiles).to.deep.equal(['log', 'args', 'flow', 'packages', 'step', 'tmp', 'main']);
    });

    it('adds the files of every kind used (a requirement may name a function)', () => {
      const p = plan(SEED.replace('- script: setup_java.sh', '- copy_script: setup_java.sh'), SEED_FILES);
      expect(p.runtimeFunctions).to.deep.equal([
        'sip_all', 'sip_any', 'sip_arg_get', 'sip_arg_set', 'sip_copy_script', 'sip_main', 'sip_os_matches', 'sip_pkg_step', 'sip_pkgs_run', 'sip_script_run', 'sip_script_step', 'sip_step',
      ]);
      expect(p.runtimeFiles).to.deep.equal(['log', 'args', 'case', 'copy', 'flow', 'packages', 'step', 'tmp', 'main', 'script']);
    });
  });

  describe('custom kinds', () => {
    it('are lowered by their registered kind', () => {
      const yaml = 'validators:\n  - package: x\n';
      const l = load(yaml);
      const custom = { ...l.manifest, validators: [{ kind: 'custom' as const, customKind: 'sysctl', value: { 'vm.swappiness': '10' }, loc: l.manifest.loc, keyLoc: l.manifest.loc, path: 'validators[0].sysctl' }] };
      expect(() => lowerManifest(custom, l.resources, { manifestText: yaml, compilerVersion: 'x', runtime })).to.throw(/no validator kind 'sysctl'/);
      const kinds = builtinKinds().with([dataKind({ name: 'sysctl', description: 'x', schema: {}, template: '', runtimeFunctions: ['sip_say'] })], 'test');
      const ok = lowerManifest(custom, l.resources, { manifestText: yaml, compilerVersion: 'x', runtime, kinds });
      expect(ok.plan!.steps[0]).to.include({ kind: 'custom', customKind: 'sysctl', fn: 'sip_v0' });
      expect(ok.plan!.runtimeFunctions).to.include('sip_say');
    });
  });
});

describe('lower: values a bash program cannot carry', () => {
  after(cleanupFixtures);

  it('leaves a NUL character in a manifest value to check/ (SIP3022), so check and compile agree', () => {
    const l = load('validators:\n  - argument_set: {argument_name: x, value: "a\\0b"}\n');
    expect(l.diagnostics.map((d) => [d.code, d.loc?.line])).to.deep.equal([['SIP3022', 2]]);
  });
});
