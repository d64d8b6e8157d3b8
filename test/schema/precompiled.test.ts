import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { kindSchemas } from '../../compiler/schema/definitions.js';
import { builtinValidators, generateValidatorsSource, GENERATED_FILE } from '../../compiler/schema/precompiled.js';

describe('schema: precompiled validators', () => {
  it(`${GENERATED_FILE} is up to date with the built-in kinds' schemas (regenerate with make schema)`, () => {
    const committed = readFileSync(new URL(`../../compiler/schema/${GENERATED_FILE}`, import.meta.url), 'utf8');
    expect(committed === generateValidatorsSource(), `${GENERATED_FILE} is stale: run make schema`).to.equal(true);
  });

  it('provides the root and every built-in kind, and keeps parentSchema annotations in errors', () => {
    const v = builtinValidators();
    expect([...v.keys()].sort()).to.deep.equal(['$root', ...Object.keys(kindSchemas(builtinKinds()))].sort());
    const pkg = v.get('package')!;
    expect(pkg(['ok', 'a;reboot'])).to.equal(false);
    const e = pkg.errors!.find((x) => x.keyword === 'pattern');
    expect((e?.parentSchema as Record<string, unknown>)['x-kind']).to.equal('packageName');
  });
});
