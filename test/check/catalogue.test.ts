/**
 * The catalogue, the rules and their tests cannot drift: every SIP3xxx/SIP4xxx code has exactly
 * one owner (a rule, or the parser for the few only it can see), every owner has a test file
 * named after it, and every code appears in an invalid case of its owner's table.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect } from 'chai';
import { rules } from '../../compiler/check/index.js';
import { catalogue, type DiagnosticCode } from '../../compiler/diagnostics/catalogue.js';
import { testedCodes } from './harness.js';

/** Codes in the SIP3xxx block that the parser reports, and the name of their parserTester. */
const PARSER_OWNED: Readonly<Partial<Record<DiagnosticCode, string>>> = { SIP3004: 'unique-argument-names' };

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));
const semantic = (Object.keys(catalogue) as DiagnosticCode[]).filter((c) => /^SIP[34]\d{3}$/.test(c));

// Load every owner's table, so this file also holds when run on its own (modules load once).
for (const owner of new Set([...rules.map((r) => r.name), ...Object.values(PARSER_OWNED)])) {
  if (existsSync(here(`./${owner}.test.ts`))) await import(`./${owner}.test.ts`);
}

describe('catalogue ↔ rules ↔ tests', () => {
  it('every SIP3xxx/SIP4xxx code has exactly one owner', () => {
    for (const code of semantic) {
      const owners = [...rules.filter((r) => r.codes.includes(code)).map((r) => r.name), ...(PARSER_OWNED[code] ? ['parser'] : [])];
      expect(owners, code).to.have.length(1);
    }
  });

  it('rules only use SIP3xxx/SIP4xxx codes from the catalogue', () => {
    for (const rule of rules) for (const code of rule.codes) expect(semantic, `${rule.name}: ${code}`).to.include(code);
  });

  it('each rule lives in rules/<name>.ts and has test/check/<name>.test.ts; names are unique', () => {
    expect(new Set(rules.map((r) => r.name)).size).to.equal(rules.length);
    for (const rule of rules) {
      expect(existsSync(here(`../../compiler/check/rules/${rule.name}.ts`)), `rules/${rule.name}.ts`).to.equal(true);
      expect(existsSync(here(`./${rule.name}.test.ts`)), `${rule.name}.test.ts`).to.equal(true);
    }
  });

  it("every code is asserted in an invalid case of its owner's table", () => {
    for (const code of semantic) {
      const owner = rules.find((r) => r.codes.includes(code))?.name ?? PARSER_OWNED[code];
      expect(testedCodes.get(owner ?? '')?.has(code), `${code} (owner ${owner})`).to.equal(true);
    }
  });
});
