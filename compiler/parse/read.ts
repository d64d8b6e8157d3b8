import { closeSync, openSync, readFileSync, readSync, statSync } from 'node:fs';
import type { Location } from '../ast/nodes.js';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';
import { SourceFile } from './source.js';

export type ReadResult = { readonly text: string; readonly diagnostics: readonly Diagnostic[] } | { readonly text?: undefined; readonly diagnostics: readonly Diagnostic[] };

/**
 * The largest manifest read: real ones are under 100 KB (scripts live in files beside them);
 * a bigger file is a mistake, and parsing it would take memory without bound.
 */
export const MAX_MANIFEST_BYTES = 2 * 1024 * 1024;

/** Read a manifest file as UTF-8 text, turning every way it can fail into a diagnostic. */
export function readManifestText(path: string): ReadResult {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      return { diagnostics: [diagnostic('SIP1005', undefined, { path, reason: 'it is a directory; give the manifest file inside it (e.g. image.yaml)' })] };
    }
    if (st.size > MAX_MANIFEST_BYTES) {
      // only the head is read, to say where the limit falls
      const head = Buffer.alloc(MAX_MANIFEST_BYTES);
      const fd = openSync(path, 'r');
      try {
        readSync(fd, head, 0, head.length, 0);
      } finally {
        closeSync(fd);
      }
      const reason = `it is ${st.size} bytes; a manifest is at most ${MAX_MANIFEST_BYTES} bytes (2 MiB): keep scripts in files beside it`;
      return { diagnostics: [diagnostic('SIP1004', byteLocation(path, head, MAX_MANIFEST_BYTES - 1), { reason })] };
    }
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return { diagnostics: [diagnostic('SIP1005', undefined, { path, reason })] };
  }
  const nul = bytes.indexOf(0);
  if (nul >= 0) {
    return { diagnostics: [diagnostic('SIP1004', byteLocation(path, bytes, nul), { reason: 'it contains NUL bytes: is it a binary file?' })] };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad >= 0) {
    return { diagnostics: [diagnostic('SIP1004', byteLocation(path, bytes, bad), { reason: 'it is not valid UTF-8; save it as UTF-8' })] };
  }
  let text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, diagnostics: [] };
}

/** Where the byte at `offset` is, as a line and (UTF-16) column, so the user can find a stray byte. */
function byteLocation(path: string, bytes: Buffer, offset: number): Location {
  let before = new TextDecoder('utf-8').decode(bytes.subarray(0, offset));
  let start = before.length;
  if (before.charCodeAt(0) === 0xfeff) {
    before = before.slice(1);
    start--;
  }
  return new SourceFile(path, before + '\ufffd').location(start, start + 1);
}

/** Offset of the first byte that does not belong to a well-formed UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let n: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) [n, min, cp] = [1, 0x80, b & 0x1f];
    else if (b >= 0xe0 && b <= 0xef) [n, min, cp] = [2, 0x800, b & 0x0f];
    else if (b >= 0xf0 && b <= 0xf4) [n, min, cp] = [3, 0x10000, b & 0x07];
    else return i;
    for (let k = 1; k <= n; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += n + 1;
  }
  return -1;
}
