import { readFileSync, statSync } from 'node:fs';
import { diagnostic, type Diagnostic } from '../diagnostics/diagnostic.js';

export type ReadResult = { readonly text: string; readonly diagnostics: readonly Diagnostic[] } | { readonly text?: undefined; readonly diagnostics: readonly Diagnostic[] };

/** Read a manifest file as UTF-8 text, turning every way it can fail into a diagnostic. */
export function readManifestText(path: string): ReadResult {
  let bytes: Buffer;
  try {
    const st = statSync(path);
    if (st.isDirectory()) {
      return { diagnostics: [diagnostic('SIP1005', undefined, { path, reason: 'it is a directory; give the manifest file inside it (e.g. image.yaml)' })] };
    }
    bytes = readFileSync(path);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const reason = err.code === 'ENOENT' ? 'no such file' : err.code === 'EACCES' ? 'permission denied' : err.message;
    return { diagnostics: [diagnostic('SIP1005', undefined, { path, reason })] };
  }
  if (bytes.includes(0)) {
    return { diagnostics: [diagnostic('SIP1004', undefined, { reason: `${path} contains NUL bytes: is it a binary file?` })] };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return { diagnostics: [diagnostic('SIP1004', undefined, { reason: `${path} is not valid UTF-8` })] };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, diagnostics: [] };
}
