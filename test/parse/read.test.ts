/**
 * Reading a manifest file: every way it can fail is a diagnostic (never an exception), located
 * at the offending byte when there is one.
 */
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { loadManifest } from '../../compiler/frontend.js';
import { parseManifest } from '../../compiler/parse/index.js';
import { firstInvalidUtf8, readManifestText } from '../../compiler/parse/read.js';
import { at, shown } from './helpers.js';

describe('parse/read', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-read-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, content: string | Buffer): string => {
    const file = join(dir, name);
    writeFileSync(file, content);
    return file;
  };

  it('reads a UTF-8 manifest as text', () => {
    const file = write('ok.yaml', 'validators:\n  - package: curl # é\n');
    const r = readManifestText(file);
    expect(r.diagnostics).to.deep.equal([]);
    expect(r.text).to.equal('validators:\n  - package: curl # é\n');
  });

  it('drops a UTF-8 byte order mark, so locations are not shifted', () => {
    const file = write('bom.yaml', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('validators:\n  - package: curl\n')]));
    const r = readManifestText(file);
    expect(r.text!.startsWith('validators')).to.equal(true);
    const m = parseManifest(r.text!, file).manifest!;
    expect(at(m.validators[0]!.keyLoc)).to.equal('2:5');
  });

  it('reads CRLF line ends', () => {
    const file = write('crlf.yaml', 'validators:\r\n  - package: curl\r\n');
    const r = loadManifest(file);
    expect(shown(r.diagnostics)).to.deep.equal([]);
  });

  it('a missing file: SIP1005, naming the path (no location)', () => {
    const file = join(dir, 'nope.yaml');
    const r = readManifestText(file);
    expect(r.text).to.equal(undefined);
    expect(shown(r.diagnostics)).to.deep.equal(['SIP1005 error -']);
    expect(r.diagnostics[0]!.message).to.equal(`cannot read ${file}: no such file`);
  });

  it('a directory: SIP1005, saying to give the file inside it', () => {
    const sub = join(dir, 'plugin');
    mkdirSync(sub, { recursive: true });
    const r = readManifestText(sub);
    expect(shown(r.diagnostics)).to.deep.equal(['SIP1005 error -']);
    expect(r.diagnostics[0]!.message).to.equal(`cannot read ${sub}: it is a directory; give the manifest file inside it (e.g. image.yaml)`);
  });

  it('a path through a file (ENOTDIR): SIP1005', () => {
    const file = write('plain.yaml', 'validators: []\n');
    const r = readManifestText(join(file, 'image.yaml'));
    expect(r.diagnostics.map((d) => d.code)).to.deep.equal(['SIP1005']);
  });

  it('an unreadable file: SIP1005 permission denied', function () {
    if (process.getuid?.() === 0) this.skip(); // root reads anything
    const file = write('secret.yaml', 'validators: []\n');
    chmodSync(file, 0o000);
    try {
      const r = readManifestText(file);
      expect(r.diagnostics[0]!.message).to.equal(`cannot read ${file}: permission denied`);
    } finally {
      chmodSync(file, 0o600);
    }
  });

  it('a binary file (NUL bytes): SIP1004 at the first NUL', () => {
    const file = write('image.qcow2', Buffer.from([0x51, 0x46, 0x49, 0xfb, 0x00, 0x00, 0x00, 0x03]));
    const r = readManifestText(file);
    expect(shown(r.diagnostics)).to.deep.equal(['SIP1004 error 1:5']);
    expect(r.diagnostics[0]!.message).to.equal('the file is not a text manifest (it contains NUL bytes: is it a binary file?)');
    expect(r.diagnostics[0]!.loc!.file).to.equal(file);
  });

  it('a NUL after some text: located on its line', () => {
    const file = write('nul.yaml', Buffer.from('validators:\n  - package: a\0b\n'));
    expect(shown(readManifestText(file).diagnostics)).to.deep.equal(['SIP1004 error 2:15']);
  });

  it('a UTF-16 file: SIP1004 (its NUL bytes)', () => {
    const file = write('utf16.yaml', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('validators: []\n', 'utf16le')]));
    expect(readManifestText(file).diagnostics.map((d) => d.code)).to.deep.equal(['SIP1004']);
  });

  it('invalid UTF-8 (a Latin-1 é): SIP1004 at the bad byte', () => {
    const file = write('latin1.yaml', Buffer.concat([Buffer.from('arguments:\n  a:\n    description: caf'), Buffer.from([0xe9]), Buffer.from('\n    default: x\nvalidators: []\n')]));
    const r = readManifestText(file);
    expect(shown(r.diagnostics)).to.deep.equal(['SIP1004 error 3:21']);
    expect(r.diagnostics[0]!.message).to.equal('the file is not a text manifest (it is not valid UTF-8; save it as UTF-8)');
  });

  it('invalid UTF-8 after valid multi-byte text: the column counts characters, not bytes', () => {
    const file = write('mixed.yaml', Buffer.concat([Buffer.from('# ééé '), Buffer.from([0xff]), Buffer.from('\nvalidators: []\n')]));
    expect(shown(readManifestText(file).diagnostics)).to.deep.equal(['SIP1004 error 1:7']);
  });

  it('through loadManifest: no manifest, no source excerpt, no exception', () => {
    for (const name of ['image.qcow2', 'latin1.yaml', 'nope.yaml', 'plugin']) {
      const r = loadManifest(join(dir, name));
      expect(r.manifest, name).to.equal(undefined);
      expect(r.diagnostics.length, name).to.equal(1);
      expect(r.diagnostics[0]!.severity, name).to.equal('error');
    }
  });

  describe('firstInvalidUtf8', () => {
    const table: [string, number[], number][] = [
      ['ASCII', [0x61, 0x62], -1],
      ['two-byte é', [0xc3, 0xa9], -1],
      ['three-byte €', [0xe2, 0x82, 0xac], -1],
      ['four-byte emoji', [0xf0, 0x9f, 0x98, 0x80], -1],
      ['a lone continuation byte', [0x61, 0x80], 1],
      ['a truncated sequence at the end', [0x61, 0xe2, 0x82], 1],
      ['an overlong encoding of NUL', [0xc0, 0x80], 0],
      ['an overlong three-byte form', [0xe0, 0x80, 0x80], 0],
      ['a UTF-16 surrogate', [0xed, 0xa0, 0x80], 0],
      ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
      ['0xFF', [0xff], 0],
    ];
    for (const [name, bytes, want] of table) {
      it(`${name} → ${want}`, () => {
        expect(firstInvalidUtf8(Uint8Array.from(bytes))).to.equal(want);
        let valid = true;
        try {
          new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(bytes));
        } catch {
          valid = false;
        }
        expect(want === -1, 'agrees with TextDecoder').to.equal(valid);
      });
    }
  });
});
