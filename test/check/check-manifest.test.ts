import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { checkManifest, rules, type Rule } from '../../compiler/check/index.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { Resources } from '../../compiler/resources/resolve.js';
import { yaml } from './harness.js';

const fixtures = fileURLToPath(new URL('../fixtures/manifests/valid/', import.meta.url));

/** The real-corpus oddities the checks are meant to surface (sahara-reference §2.1), and nothing else. */
const EXPECTED_IN_FIXTURES: Readonly<Record<string, readonly string[]>> = {
  ambari: ["SIP3008 warning env_vars names 'unlimited_security_location'"],
  cdh: ["SIP3010 info choice 'oracle-java' of argument 'java_distro'"],
  spark: ["SIP3008 warning env_vars names 'cdh_version'"],
};

function check(text: string, file: string, roots: readonly string[], only?: readonly Rule[]) {
  const { manifest } = parseManifest(text, file);
  expect(manifest, `${file} parses`).to.not.equal(undefined);
  return checkManifest(manifest!, { resources: new Resources(roots), ...(only ? { rules: only } : {}) });
}

describe('checkManifest', () => {
  it('runs every rule and returns diagnostics sorted by line, column, code', () => {
    const text = yaml`
      arguments:
        distro: {default: centos}
        java_distro: {default: zulu, choices: [openjdk, openjdk]}
      validators:
        - os_case:
            - redhat: []
            - centos: []
        - argument_case:
            argument_name: java_distr
            cases: {openjdk: [], zulu: [], ibm: []}
        - script: missing.sh
    `;
    const got = check(text, 'image.yaml', []).map((d) => `${d.loc?.line}:${d.loc?.column} ${d.code}`);
    expect(got).to.deep.equal([
      '2:3 SIP3001',
      '3:26 SIP3003',
      '3:51 SIP3015',
      '7:9 SIP3013',
      '9:22 SIP3007',
      '11:13 SIP4001',
    ]);
  });

  it('throws when a rule reports a code it does not own (the catalogue and the rules cannot drift)', () => {
    const rogue: Rule = { name: 'rogue', description: 'test', codes: ['SIP3001'], check: (ctx) => ctx.report('SIP3002', ctx.manifest.loc, { name: 'x' }) };
    expect(() => check('validators: [{package: curl}]\n', 'image.yaml', [], [rogue])).to.throw(/rogue reported SIP3002/);
  });

  it('lists each rule once', () => {
    expect(new Set(rules).size).to.equal(rules.length);
  });

  describe('the corpus-derived fixtures', () => {
    for (const name of readdirSync(fixtures).sort()) {
      it(`${name}: ${EXPECTED_IN_FIXTURES[name]?.join('; ') ?? 'nothing'}`, () => {
        const file = join(fixtures, name, 'image.yaml');
        const got = check(readFileSync(file, 'utf8'), file, [dirname(file)]);
        const expected = EXPECTED_IN_FIXTURES[name] ?? [];
        expect(got.map((d) => `${d.code} ${d.severity} ${d.message}`)).to.have.length(expected.length);
        got.forEach((d, i) => expect(`${d.code} ${d.severity} ${d.message}`).to.include(expected[i]));
      });
    }
  });
});
