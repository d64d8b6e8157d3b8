import { expect } from 'chai';
import { formatPlan, planManifest, planDistro, osMatches, type PlanNode } from '../../compiler/plan/index.js';
import { cleanupFixtures, load } from '../lower/fixture.js';

const SEED = `arguments:
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
  - argument_case:
      argument_name: java-version
      cases:
        1.8.0: [{package: java8-extras}]
        1.7.0: [{package: java7-extras}]
  - script: {probe.sh: {output: probed}}
  - argument_case:
      argument_name: probed
      cases:
        yes: [{package: probed-yes}]
        no: [{package: probed-no}]
  - os_case:
      - centos: [{package: centos-only}]
      - fedora: [{package: fedora-only}]
`;
const FILES = { 'install_oracle_java.sh': 'true\n', 'probe.sh': 'echo yes\n' };

function find(nodes: readonly PlanNode[], path: string): PlanNode {
  for (const n of nodes) {
    if (n.path === path) return n;
    const hit = findOrUndefined(n.children, path);
    if (hit) return hit;
  }
  throw new Error(`no plan node ${path}`);
}
function findOrUndefined(nodes: readonly PlanNode[], path: string): PlanNode | undefined {
  try {
    return find(nodes, path);
  } catch {
    return undefined;
  }
}

describe('plan', () => {
  after(cleanupFixtures);

  it('decides os_case by distro: the first matching key wins, by id, id+major or family', () => {
    const { manifest } = load(SEED, FILES);
    const centos = planManifest(manifest, { distro: 'centos7' });
    expect(centos.distro).to.deep.include({ id: 'centos7', base: 'centos', major: '7', family: 'redhat' });
    expect(find(centos.validators, 'validators[0].os_case[0].redhat').status).to.equal('runs');
    expect(find(centos.validators, 'validators[0].os_case[1].debian').status).to.equal('not-selected');
    expect(find(centos.validators, 'validators[5].os_case[0].centos').status).to.equal('runs');
    const fedora = planManifest(manifest, { distro: 'fedora' });
    expect(find(fedora.validators, 'validators[5].os_case[0].centos').status).to.equal('not-selected');
    expect(find(fedora.validators, 'validators[5].os_case[1].fedora').status).to.equal('runs');
    const ubuntu = planManifest(manifest, { distro: 'ubuntu' });
    expect(find(ubuntu.validators, 'validators[0].os_case[1].debian').status).to.equal('runs');
    expect(find(ubuntu.validators, 'validators[5].os_case').note).to.equal('nothing matches: not selected');
    const plan9 = planManifest(manifest, { distro: 'plan9' });
    expect(plan9.distro.family).to.equal('unknown');
    expect(find(plan9.validators, 'validators[0].os_case').children.map((c) => c.status)).to.deep.equal(['not-selected', 'not-selected']);
  });

  it('places an unknown id in a family through ID_LIKE', () => {
    expect(planDistro('mydistro', 'rhel fedora').family).to.equal('redhat');
    expect(planDistro('mydistro', 'ubuntu debian').family).to.equal('debian');
  });

  it('matches keys like sip_os_matches', () => {
    const d = planDistro('ol8');
    expect(['ol8', 'ol', 'redhat', 'OL'].map((k) => osMatches(k, d))).to.deep.equal([true, true, true, true]);
    expect(osMatches('oraclelinux', planDistro('ol'))).to.equal(true);
    expect(osMatches('centos', d)).to.equal(false);
    expect(osMatches('', d)).to.equal(false);
  });

  it('resolves argument_case from defaults and the command line', () => {
    const { manifest } = load(SEED, FILES);
    const byDefault = planManifest(manifest, { distro: 'centos' });
    expect(byDefault.arguments).to.deep.equal([{ name: 'java-distro', value: 'openjdk', source: 'default' }]);
    expect(find(byDefault.validators, 'validators[1].argument_case.cases.openjdk').status).to.equal('runs');
    expect(find(byDefault.validators, 'validators[1].argument_case.cases.oracle-java').status).to.equal('not-selected');
    const oracle = planManifest(manifest, { distro: 'centos', args: { java_distro: 'oracle-java' } });
    expect(oracle.arguments[0]).to.deep.equal({ name: 'java-distro', value: 'oracle-java', source: 'command line' });
    expect(find(oracle.validators, 'validators[1].argument_case.cases.oracle-java').status).to.equal('runs');
    // java-version is never set on this path: the later argument_case fails at run time
    expect(find(oracle.validators, 'validators[2].argument_case').status).to.equal('fails');
  });

  it('shows the alternatives of any and propagates what each may set', () => {
    const { manifest } = load(SEED, FILES);
    const p = planManifest(manifest, { distro: 'centos' });
    const any = find(p.validators, 'validators[1].argument_case.cases.openjdk[0].any');
    expect(any.children.map((c) => [c.status, c.note])).to.deep.equal([
      ['alternative', 'alternative 1 of 2'],
      ['alternative', 'alternative 2 of 2'],
    ]);
    const jv = find(p.validators, 'validators[2].argument_case');
    expect(jv.note).to.equal("java-version is one of '1.8.0', '1.7.0'");
    expect(jv.children.map((c) => c.status)).to.deep.equal(['depends', 'depends']);
  });

  it('shows every case of an argument set by a script output as depending on the run-time value', () => {
    const { manifest } = load(SEED, FILES);
    const p = planManifest(manifest, { distro: 'centos' });
    const probed = find(p.validators, 'validators[4].argument_case');
    expect(probed.note).to.equal('depends on the run-time value of probed');
    expect(probed.children.map((c) => [c.label, c.status])).to.deep.equal([['yes', 'depends'], ['no', 'depends']]);
  });

  it('reports the problems the program would stop on', () => {
    const { manifest } = load('arguments:\n  a: {required: true}\n  b: {default: x, choices: [x, y]}\nvalidators:\n  - package: p\n');
    const p = planManifest(manifest, { distro: 'debian', args: { b: 'z', c: '1' } });
    expect(p.problems).to.deep.equal(['unknown argument --c', 'missing required argument --a', "invalid value 'z' for --b; choices: x, y"]);
  });

  it('formats a readable tree with locations', () => {
    const { manifest } = load(SEED, FILES);
    const text = formatPlan(planManifest(manifest, { distro: 'centos7' }));
    expect(text.split('\n').slice(0, 12).join('\n')).to.equal(
      [
        'Plan for distro centos7 (family redhat, version 7)',
        'Arguments:',
        '  java-distro = openjdk (default)',
        'Validators:',
        '  image.yaml:8:5    os_case redhat | debian',
        '  image.yaml:9:9      redhat  (matches centos7)',
        '  image.yaml:10:13      package nfs-utils',
        "  image.yaml:11:9     debian  [not selected]  ('redhat' matched first; 1 validator)",
        "  image.yaml:13:5   argument_case java-distro  (java-distro is 'openjdk')",
        '  image.yaml:16:9     openjdk',
        '  image.yaml:17:13      any  (the first alternative that passes wins)',
        '  image.yaml:18:15        all  (alternative 1 of 2)',
      ].join('\n'),
    );
  });

  it('warns about each os_case that selects no branch on the distro, as the program does at run end', () => {
    const { manifest } = load('validators:\n  - os_case:\n      - ubuntu:\n          - package: a\n  - os_case:\n      - debian:\n          - package: b\n');
    const text = formatPlan(planManifest(manifest, { distro: 'rocky9' }));
    const warnings = text.split('\n').filter((l) => l.startsWith('warning: '));
    expect(warnings).to.have.length(2);
    expect(warnings[0]).to.match(/^warning: the os_case at \S+:2:5 has no branch for rocky9 \(family redhat\): none of its steps would run$/);
    expect(formatPlan(planManifest(manifest, { distro: 'debian12' }))).to.match(/warning: the os_case at \S+:2:5/).and.not.match(/:5:5 has no branch/);
  });

  it('escapes control characters of hostile values in the text', () => {
    const { manifest } = load('validators:\n  - argument_set: {argument_name: x, value: "a\\u001b[31mb\\nc"}\n');
    const text = formatPlan(planManifest(manifest, { distro: 'debian' }));
    expect(text).to.contain('argument_set x=a\\x1b[31mb\\nc');
    expect(text).to.not.contain('\u001b');
  });
});
