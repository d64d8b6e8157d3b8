import { createHash } from 'node:crypto';
import type { ScriptBody } from './program.js';

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text when it can go into a bash string: valid UTF-8 without NUL. */
export function bodyText(bytes: Uint8Array): string | undefined {
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

/**
 * How the runtime starts a script (runtime/script.sh `sip_script_run INTERP ARG`): the
 * interpreter and its one argument of the `#!` line, read as the kernel reads it (blanks
 * after `#!` skipped, the interpreter up to the next space or tab, the rest of the line with
 * its surrounding spaces and tabs removed as one argument), or `/bin/bash` without one.
 * `interp: ''` asks the runtime to read the line itself: a first line that is not UTF-8 text
 * or holds a NUL (bash's `read` drops NULs, which a word here could not show).
 */
export function scriptInterpreter(bytes: Uint8Array): { interp: string; interpArg: string } {
  if (!hasShebang(bytes)) return { interp: '/bin/bash', interpArg: '' };
  const end = bytes.indexOf(0x0a);
  const text = bodyText(bytes.subarray(2, end === -1 ? bytes.length : end));
  if (text === undefined) return { interp: '', interpArg: '' };
  const line = text.replace(/^[ \t]+/, '');
  const interp = /^[^ \t]*/.exec(line)![0];
  return { interp, interpArg: line.slice(interp.length).replace(/^[ \t]+|[ \t]+$/g, '') };
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
    const text = bodyText(bytes);
    const shebang = hasShebang(bytes);
    const body: ScriptBody =
      text === undefined
        ? { fn, bytes, encoding: 'base64', source, shebang }
        : { fn, bytes, encoding: 'text', text, source, shebang };
    this.byHash.set(hash, body);
    this.bodies.push(body);
    return body;
  }
}
