/**
 * cloud-init user data for the compiled program (SPEC §6 "cloud-init"):
 *
 * - `cloudConfig`: a `#cloud-config` document that writes the program with `write_files`
 *   (`encoding: gz+b64` when that is smaller than the program as a literal block) and runs it
 *   once per instance with `runcmd`, with the baked values and `--report` to a known path.
 * - `userData`: the plain `#!` program, gzip-compressed when that is smaller (cloud-init
 *   recognises gzip user data by its magic bytes).
 * - `userDataSizes`: what the clouds will say about its size: EC2 takes at most 16 KB of raw
 *   user data, Nova at most 65,535 bytes after its base64 encoding.
 *
 * Pure and deterministic: gzip with mtime 0 and level 9, no timestamps.
 */
import { gzipSync } from 'node:zlib';

/** Where the program and its report live on the instance. */
export const CLOUD_PROGRAM = '/var/lib/sahara-image-pack/image.sh';
export const CLOUD_REPORT = '/var/lib/sahara-image-pack/report.jsonl';

export const EC2_LIMIT_RAW = 16 * 1024;
export const NOVA_LIMIT_BASE64 = 65_535;

export interface CloudConfigOptions {
  /** `--NAME VALUE` pairs for the run, in order (the baked values, shown for the reader). */
  readonly args: readonly (readonly [string, string])[];
  /** One comment line naming what the program is (`demo 1.0`, `image.yaml`). */
  readonly label: string;
  readonly compilerVersion: string;
}

export function gzip(bytes: Uint8Array): Buffer {
  return gzipSync(bytes, { level: 9 });
}

export function cloudConfig(program: string, options: CloudConfigOptions): string {
  const bytes = Buffer.from(program, 'utf8');
  const packed = gzip(bytes).toString('base64');
  const literal = literalBlock(program);
  const content =
    literal !== undefined && literal.length <= packed.length
      ? `    content: ${literal}`
      : `    encoding: gz+b64\n    content: ${packed}\n`;
  const argv = ['/bin/bash', CLOUD_PROGRAM, '--report', CLOUD_REPORT, ...options.args.flatMap(([n, v]) => [`--${n}`, v])];
  return (
    '#cloud-config\n' +
    `# ${oneLine(options.label)}: written by ${oneLine(options.compilerVersion)}. Writes the image program and runs it\n` +
    `# once per instance; progress in /var/log/cloud-init-output.log, the report in ${CLOUD_REPORT}.\n` +
    'write_files:\n' +
    `  - path: ${CLOUD_PROGRAM}\n` +
    "    owner: 'root:root'\n" +
    "    permissions: '0700'\n" +
    content +
    'runcmd:\n' +
    `  - [${argv.map(yamlString).join(', ')}]\n`
  );
}

/** The program as user data: gzip when smaller (it is, for any real program). */
export function userData(program: string): Buffer {
  const bytes = Buffer.from(program, 'utf8');
  const packed = gzip(bytes);
  return packed.length < bytes.length ? packed : bytes;
}

export interface SizeProblem {
  readonly severity: 'warning' | 'error';
  readonly message: string;
}

/** The size diagnostics of user data of `raw` bytes: a warning above EC2's limit, an error above Nova's. */
export function userDataSizes(raw: number, fix: string): SizeProblem[] {
  const b64 = 4 * Math.ceil(raw / 3);
  const sizes = `${raw} bytes (${b64} after base64)`;
  if (b64 > NOVA_LIMIT_BASE64) {
    return [{ severity: 'error', message: `the user data is ${sizes}: above OpenStack Nova's limit of ${NOVA_LIMIT_BASE64} bytes after base64; ${fix}` }];
  }
  if (raw > EC2_LIMIT_RAW) {
    return [{ severity: 'warning', message: `the user data is ${sizes}: above Amazon EC2's limit of ${EC2_LIMIT_RAW} bytes (fits OpenStack Nova's ${NOVA_LIMIT_BASE64} after base64); ${fix}` }];
  }
  return [];
}

/**
 * The text as a YAML literal block (`|2` and what follows), or undefined when a block cannot
 * hold it exactly: characters YAML does not allow in a document, CR, a BOM.
 */
function literalBlock(text: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff\ufffe\uffff]|[\ud800-\udfff]/.test(text) || text === '') return undefined;
  const chomp = text.endsWith('\n\n') ? '+' : text.endsWith('\n') ? '' : '-';
  const body = (text.endsWith('\n') ? text.slice(0, -1) : text)
    .split('\n')
    .map((l) => (l === '' ? '' : `      ${l}`))
    .join('\n');
  return `|2${chomp}\n${body}\n`;
}

/** A YAML double-quoted scalar (JSON strings are YAML). */
function yamlString(s: string): string {
  return JSON.stringify(s);
}

function oneLine(s: string): string {
  return s.replace(/[\r\n]+/g, ' ');
}
