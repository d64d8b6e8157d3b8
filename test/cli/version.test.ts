import { readFileSync } from 'node:fs';
import { expect } from 'chai';
import { VERSION } from '../../compiler/version.js';

describe('version', () => {
  it('compiler/version.ts says what package.json says', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(VERSION).to.equal(pkg.version);
  });
});
