import { expect } from 'chai';
import { diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import type { DiagnosticDataFor } from '../../compiler/diagnostics/catalogue.js';

// The data a message needs is checked by the type system at each report site: `npx tsc --noEmit`
// (part of `make test`) fails if any `@ts-expect-error` below stops being an error.
const at = { file: 'image.yaml', line: 1, column: 1, endLine: 1, endColumn: 2, start: 0, end: 1 };

describe('diagnostic data is type-checked against the catalogue', () => {
  it('accepts exactly the placeholders of the message and fills them', () => {
    const d = diagnostic('SIP3013', at, { key: 'ubuntu', earlier: 'debian' });
    expect(d.message).to.equal("os_case branch 'ubuntu' can never run: the earlier branch 'debian' already covers it");
  });

  it('lets a message without placeholders omit its data', () => {
    expect(diagnostic('SIP1003', at).message).to.match(/the manifest is empty/);
  });

  it('rejects a missing, misspelt or extra placeholder at compile time', () => {
    // @ts-expect-error 'earlier' is missing
    diagnostic('SIP3013', at, { key: 'ubuntu' });
    // @ts-expect-error 'kye' is not a placeholder of SIP3013
    diagnostic('SIP3013', at, { kye: 'ubuntu', earlier: 'debian' });
    // @ts-expect-error SIP2006 needs its data
    diagnostic('SIP2006', at);
    // @ts-expect-error a placeholder takes a string or a number, not an object
    diagnostic('SIP3004', at, { name: { value: 'x' } });
    const exact: DiagnosticDataFor<'SIP3004'> = { name: 'x' };
    expect(Object.keys(exact)).to.deep.equal(['name']);
  });
});
