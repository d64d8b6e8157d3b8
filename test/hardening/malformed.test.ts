// The hardening suite, part 1: malformed manifests. Every one gives exit 2 from `compile`, at
// least one error diagnostic with a file:line:col location, no output file, no stack trace; the
// big ones also run as real processes with a small heap (bounded memory).
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { inProcess } from '../cli/run-cli.js';

type Bytes = string | Buffer;
interface Case {
  readonly name: string;
  readonly text: Bytes | (() => Bytes);
  /** Also run as a real node process with a 256 MB heap. */
  readonly big?: boolean;
}

const v = (body: string): string => `validators:\n${body}`;
const deepFlow = (n: number): string => v(`  - all: ${'['.repeat(n)}${']'.repeat(n)}\n`);
function deepBlock(n: number): string {
  let s = 'validators:\n';
  let ind = '  ';
  for (let i = 0; i < n; i++) {
    s += `${ind}- any:\n`;
    ind += '  ';
  }
  return s + `${ind}- pakage: a\n`;
}

const SYNTAX: Case[] = [
  { name: 'unclosed flow sequence', text: v('  - package: [a, b\n  - script: x\n') },
  { name: 'unclosed flow mapping', text: v('  - {package: a\n') },
  { name: 'unclosed double quote', text: v('  - package: "abc\n') },
  { name: 'unclosed single quote', text: v("  - package: 'abc\n") },
  { name: 'tab indentation', text: v('\t- package: a\n') },
  { name: 'misaligned sequence item', text: v('  - package: a\n   - package: b\n') },
  { name: 'key without colon', text: 'validators\n  - package: a\n' },
  { name: 'reserved character @', text: v('  - package: a\n@bad\n') },
  { name: 'reserved character `', text: v('  - package: `a`\n') },
  { name: 'undefined alias', text: v('  - package: *nothing\n') },
  { name: 'nested mapping on one line', text: v('  - package: a: b\n') },
  { name: 'unclosed flow sequence in choices', text: 'arguments:\n  a:\n    description: d\n    choices: [x, y\n    default: x\nvalidators: []\n' },
  { name: 'a directive after content', text: v('  - package: a\n%YAML 1.1\n') },
  { name: 'block scalar with bad indentation indicator', text: v('  - script:\n      x.sh: |0\n        echo\n') },
  { name: 'duplicate top-level key', text: 'validators: []\nvalidators: []\n' },
];

const TYPES: Case[] = [
  { name: 'top level is a list', text: '- package: a\n' },
  { name: 'top level is a scalar', text: 'just text\n' },
  { name: 'validators is a mapping', text: 'validators:\n  package: a\n' },
  { name: 'validators is a scalar', text: 'validators: yes\n' },
  { name: 'arguments is a scalar', text: 'arguments: 3\nvalidators: []\n' },
  { name: 'argument is a scalar', text: 'arguments:\n  a: 1\nvalidators: []\n' },
  { name: 'description is a mapping', text: 'arguments:\n  a:\n    description: {x: 1}\n    default: x\nvalidators: []\n' },
  { name: 'default is a list', text: 'arguments:\n  a:\n    description: d\n    default: [1, 2]\nvalidators: []\n' },
  { name: 'required is not a boolean', text: 'arguments:\n  a:\n    description: d\n    required: maybe\nvalidators: []\n' },
  { name: 'choices is a scalar', text: 'arguments:\n  a:\n    description: d\n    default: x\n    choices: x\nvalidators: []\n' },
  { name: 'package version is a list', text: v('  - package:\n      a: {version: [1, 2]}\n') },
  { name: 'script is a list', text: v('  - script: [a, b]\n') },
  { name: 'os_case is a scalar', text: v('  - os_case: ubuntu\n') },
  { name: 'all is a scalar', text: v('  - all: x\n') },
  { name: 'any is a mapping', text: v('  - any: {a: b}\n') },
];

const SHAPES: Case[] = [
  { name: 'unknown validator kind', text: v('  - pakage: a\n') },
  { name: 'two kinds in one validator', text: v('  - package: a\n    script: b\n') },
  { name: 'empty validator', text: v('  - {}\n') },
  { name: 'validator is a scalar', text: v('  - package\n') },
  { name: 'validator is null', text: v('  -\n') },
  { name: 'os_case entry with two keys', text: v('  - os_case:\n      - ubuntu: []\n        centos: []\n') },
  { name: 'argument_case without cases', text: 'arguments:\n  a:\n    description: d\n    default: x\nvalidators:\n  - argument_case:\n      argument_name: a\n' },
  { name: 'argument_set without value', text: 'arguments:\n  a:\n    description: d\n    default: x\nvalidators:\n  - argument_set:\n      argument_name: a\n' },
  { name: 'unknown top-level key', text: 'validatorz: []\n' },
  { name: 'unknown argument field', text: 'arguments:\n  a:\n    description: d\n    defualt: x\nvalidators: []\n' },
  { name: 'no validators key', text: 'arguments: {}\n' },
  { name: 'empty file', text: '' },
  { name: 'only comments', text: '# nothing here\n' },
  { name: 'package version is a mapping', text: v('  - package:\n      a:\n        version: {x: 1}\n') },
  { name: 'script output is a list', text: v('  - script:\n      ok.sh:\n        output: [X]\n') },
];

const REFERENCES: Case[] = [
  { name: 'argument_case on an undeclared argument', text: v('  - argument_case:\n      argument_name: nope\n      cases:\n        x: []\n') },
  { name: 'argument_set value is a list', text: 'arguments:\n  a:\n    description: d\n    default: x\nvalidators:\n  - argument_set:\n      argument_name: a\n      value: [x]\n' },
  { name: 'default not among the choices', text: 'arguments:\n  a:\n    description: d\n    default: z\n    choices: [x, y]\nvalidators: []\n' },
  { name: 'duplicate argument name', text: 'arguments:\n  a:\n    description: d\n    default: x\n  a:\n    description: e\n    default: y\nvalidators: []\n' },
  { name: 'argument_case cases is a list', text: 'arguments:\n  a:\n    description: d\n    default: x\nvalidators:\n  - argument_case:\n      argument_name: a\n      cases: [x]\n' },
  { name: 'argument_set to a value outside the choices', text: 'arguments:\n  a:\n    description: d\n    default: x\n    choices: [x]\nvalidators:\n  - argument_set:\n      argument_name: a\n      value: q\n' },
  { name: 'argument name that is not a shell-safe name', text: 'arguments:\n  "a b":\n    description: d\n    default: x\nvalidators: []\n' },
  { name: 'argument named like a program option', text: 'arguments:\n  test-only:\n    description: d\n    default: x\nvalidators: []\n' },
];

const PATHS: Case[] = [
  { name: 'script not found', text: v('  - script: missing.sh\n') },
  { name: 'copy_script not found', text: v('  - copy_script: missing.sh\n') },
  { name: 'script path escaping the root', text: v('  - script: ../../etc/passwd\n') },
  { name: 'absolute script path', text: v('  - script: /etc/passwd\n') },
  { name: 'script path is a directory', text: v('  - script: sub\n') },
  { name: 'empty script path', text: v('  - script: ""\n') },
  { name: 'script path with a newline', text: v('  - script: "ok.sh\\nrm -rf /"\n') },
  { name: 'script path with a NUL escape', text: v('  - script: "ok\\0.sh"\n') },
];

const ENCODINGS: Case[] = [
  { name: 'BOM, then a tab error (located on the right column)', text: '\ufeff' + v('\t- package: a\n') },
  { name: 'UTF-16 LE with BOM', text: () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(v('  - package: a\n'), 'utf16le')]) },
  { name: 'UTF-16 BE with BOM', text: () => Buffer.from([0xfe, 0xff, ...[...Buffer.from(v('  - package: a\n'), 'utf16le')].flatMap((_b, i, a) => (i % 2 === 0 ? [a[i + 1]!, a[i]!] : []))]) },
  { name: 'UTF-32 LE', text: () => Buffer.concat([Buffer.from([0xff, 0xfe, 0, 0]), ...[...v('  - package: a\n')].map((c) => Buffer.from([c.charCodeAt(0), 0, 0, 0]))]) },
  { name: 'invalid UTF-8 bytes', text: () => Buffer.concat([Buffer.from(v('  - package: a')), Buffer.from([0xff, 0xfe, 0x80]), Buffer.from('\n')]) },
  { name: 'a truncated UTF-8 sequence', text: () => Buffer.concat([Buffer.from(v('  - package: ')), Buffer.from([0xe2, 0x82]), Buffer.from('\n')]) },
  { name: 'CRLF line ends with an error on line 3', text: 'validators:\r\n  - package: a\r\n  - pakage: b\r\n' },
  { name: 'NUL byte', text: v('  - package: a\0\n') },
  { name: 'binary junk', text: () => Buffer.from(Array.from({ length: 4096 }, (_x, i) => (i * 7919) % 256)) },
  { name: 'a control character in a package name', text: v('  - package: "a\\e[31mred"\n') },
  { name: 'a package name with shell metacharacters', text: v('  - package: "a;rm -rf /"\n') },
];

const SIZES: Case[] = [
  { name: '10 MB scalar', text: () => v(`  - package: ${'a'.repeat(10_000_000)}\n`), big: true },
  { name: '10 MB of validators with one error at the end', text: () => v('  - package: a\n'.repeat(700_000) + '  - pakage: z\n'), big: true },
  { name: '10,000-deep flow nesting', text: () => deepFlow(10_000), big: true },
  { name: '10,000-deep block nesting', text: () => deepBlock(10_000), big: true },
  { name: 'a 1 MB key', text: () => v(`  - ${'k'.repeat(1_000_000)}: a\n`), big: true },
  { name: '100,000 aliases of one anchor (billion laughs)', text: () => `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\nvalidators: []\n`, big: true },
];

const ALL: readonly Case[] = [...SYNTAX, ...TYPES, ...SHAPES, ...REFERENCES, ...PATHS, ...ENCODINGS, ...SIZES];

const RUNNER = "const { main } = await import('./cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";

function realProcess(args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--max-old-space-size=256', '--stack-size=984', '--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', ...args],
      { cwd: process.cwd(), maxBuffer: 64 * 1024 * 1024, timeout: 60_000 },
      (err, _stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stderr }),
    );
  });
}

function expectRejected(r: { code: number; stderr: string }, file: string, out: string): void {
  expect(r.stderr, 'no stack trace').to.not.match(/^\s+at .+[:(]\d+/m);
  expect(r.stderr, 'no internal error').to.not.match(/internal error|TypeError|ReferenceError|RangeError|heap out of memory|Unhandled/);
  expect(r.code, r.stderr.slice(0, 600)).to.equal(2);
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  expect(r.stderr.slice(0, 100_000), 'a located error').to.match(new RegExp(`^${escaped}:\\d+:\\d+: error SIP\\d{4}: `, 'm'));
  expect(r.stderr, 'the summary').to.contain('no program written');
  expect(existsSync(out), 'no output file').to.equal(false);
}

describe('hardening: malformed manifests', function () {
  this.timeout(120_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-malformed-'));
    writeFileSync(join(dir, 'ok.sh'), '#!/bin/bash\ntrue\n');
    mkdirSync(join(dir, 'sub'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`has at least 60 cases (${ALL.length})`, () => {
    expect(ALL.length).to.be.at.least(60);
    expect(new Set(ALL.map((c) => c.name)).size).to.equal(ALL.length);
  });

  ALL.forEach((c, i) => {
    it(c.name, async () => {
      const file = join(dir, `m${i}.yaml`);
      const out = join(dir, `m${i}.sh`);
      writeFileSync(file, typeof c.text === 'function' ? c.text() : c.text);
      expectRejected(await inProcess(['compile', file, '-o', out]), file, out);
      if (c.big) expectRejected(await realProcess(['compile', file, '-o', out]), file, out);
      rmSync(file);
    });
  });
});
