import { createHash } from 'node:crypto';
import type { ScriptBody } from './program.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text when it can go into a quoted here-doc: valid UTF-8 without NUL. */
export function heredocText(bytes: Uint8Array): string | undefined {
  if (bytes.includes(0)) return undefined;
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

export function hasShebang(bytes: Uint8Array): boolean {
  return bytes[0] === 0x23 && bytes[1] === 0x21; // "#!"
}

/** Script bodies of one program, deduplicated by content, named `sip_body_<n>` in order of first use. */
export class BodyTable {
  private readonly byHash = new Map<string, ScriptBody>();
  readonly bodies: ScriptBody[] = [];

  add(bytes: Uint8Array, source: string): ScriptBody {
    const hash = createHash('sha256').update(bytes).digest('hex');
    const hit = this.byHash.get(hash);
    if (hit !== undefined) return hit;
    const fn = `sip_body_${this.bodies.length + 1}`;
    const text = heredocText(bytes);
    const shebang = hasShebang(bytes);
    const body: ScriptBody =
      text === undefined
        ? { fn, bytes, encoding: 'base64', finalNewline: true, source, shebang }
        : {
            fn,
            bytes,
            encoding: 'heredoc',
            finalNewline: bytes.length === 0 || bytes[bytes.length - 1] === 0x0a,
            text,
            source,
            shebang,
          };
    this.byHash.set(hash, body);
    this.bodies.push(body);
    return body;
  }
}
