import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { endsWithAssignment, heredocDelimiter, shName, shq, shqPosix } from '../../compiler/emit/quote.js';

/** Seed of the fuzz corpus; override with SIP_FUZZ_SEED=<n> to explore other inputs. */
const SEED = Number(process.env.SIP_FUZZ_SEED ?? 20240607);
const FUZZ_COUNT = 2500;
const LOCALES = ['C', 'C.UTF-8'] as const;

// Pieces of the fuzz corpus (the generator is at the end of the file).
const HOSTILE_PIECES = [
  "'", '"', '$(touch PWNED)', '`touch PWNED`', "'; touch PWNED; '", '"; touch PWNED; "',
  "'\"$(touch PWNED)\"'", "$'\\''; touch PWNED #", '\ntouch PWNED\n', '${x}', '${x:-$(touch PWNED)}',
  '$x', '$HOME', '$', '$$', '$?', '$1', '$((1+1))', '$[1]', '<(touch PWNED)', '>(touch PWNED)',
  '\\', '\\\\', "\\'", '\\n', '\\x41', '\\u0041', '\\\n', '!', '!!', '!$', '*', '?', '[', ']', '[a]',
  '~', '~root', '#', '#!', ' ', '  ', '\t', '\n', '\r', '\r\n', ';', ';;', '&', '&&', '|', '||',
  '<', '>', '>PWNED', '>>', '<<EOF', '(', ')', '{', '}', '{a,b}', '{1..3}', '=', 'a=b', 'x+=1',
  '-n', '-e', '-E', '--', ':', ',', '%', '%1', '@', '+', '/', '.', '..', '^', 'if', 'then', 'fi',
  'done', 'in', 'PWNED', 'SIP_EOF', 'é', 'ü', 'ÿ', '日本', '😀', '👨‍👩‍👧', '\u00a0', '\u00ad', '\u200b',
  '\u200d', '\u202e', '\u2066', '\u2028', '\u2029', '\u3000', '\ufeff', '\u{e0041}', '\u0085', '\x1b[31m',
  '\x7f', '\x01', '\x02', '\x08', '\x0b', '\x0c', '\x1f', '\u2013', '\u201c', '\u201d', '\u2018',
];
const SAFE_CHARS = 'ABCXYZabcxyz0189_@%+=:,./-';

/** Strings aimed at known shellcheck checks (SC2016, SC1003, unicode quote/dash/space checks). */
const SHELLCHECK_EXTRAS = [
  '$HOME', '${x}', '$(id)', '`id`', '$5', 'a$', '$ b', 'a\\', 'a\\\\', "a\\'b", '“quoted”', '‘q’',
  '–dash', '—', '\u00a0', 'x!', "it's!", '$x!', '#!/bin/sh', '~', '*.txt', '[a-z]', 'a=b', '=b',
  '-', '--x', 'if', '\n', '\r', '\t\t', '\x1b', '\x7f', 'é\n', 'a\\nb', '%s', '\\e', '"\\"',
  'x-1', 'x+1', 'x*2', 'ls', 'make', 'cat', 'sh', 'printf', 'patch', 'file', 'time', 'test', '==',
];

describe('emit/quote', () => {
  describe('shq readable output', () => {
    const table: [string, string][] = [
      ['nginx', 'nginx'],
      ['openjdk-11-jdk', 'openjdk-11-jdk'],
      ['1.8', '1.8'],
      ['1:2.3-4ubuntu1', '1:2.3-4ubuntu1'],
      ['g++', 'g++'],
      ['/opt/hadoop/etc', '/opt/hadoop/etc'],
      ['user@host:/p,q%r', 'user@host:/p,q%r'],
      ['-n', '-n'],
      ['--', '--'],
      ['=x', "'=x'"],
      ['a==b', "'a==b'"],
      ['1=2', '1=2'],
      ['', "''"],
      ['a b', "'a b'"],
      ['*', "'*'"],
      ['~', "'~'"],
      ['~root/x', "'~root/x'"],
      ['#comment', "'#comment'"],
      ['a;b&c|d<e>f', "'a;b&c|d<e>f'"],
      ['{a,b}', "'{a,b}'"],
      ['wow!', "'wow!'"],
      ['"double"', `'"double"'`],
      ['C:\\dir\\file', "'C:\\dir\\file'"],
      ['é日本😀', "'é日本😀'"],
      ['a=b', "'a=b'"],
      ['PATH+=x', "'PATH+=x'"],
      ['if', "'if'"],
      ['done', "'done'"],
      ['function', "'function'"],
      ["it's", `"it's"`],
      ['$HOME', '"\\$HOME"'],
      ['$(touch PWNED)', '"\\$(touch PWNED)"'],
      ['`id`', '"\\`id\\`"'],
      ['ends\\', '"ends\\\\"'],
      [`it's "x" \\ $y`, `"it's \\"x\\" \\\\ \\$y"`],
      ["it's!", "$'it\\'s!'"],
      ['$x!', "$'$x!'"],
      ['a\nb', "$'a\\nb'"],
      ['tab\there', "$'tab\\there'"],
      ['crlf\r\n', "$'crlf\\r\\n'"],
      ['\x1b[31mred', "$'\\e[31mred'"],
      ['\x01\x7f', "$'\\x01\\x7f'"],
      ['back\\slash\n', "$'back\\\\slash\\n'"],
      ["quote'\n", "$'quote\\'\\n'"],
      ['\u00a0nbsp', "$'\\xc2\\xa0nbsp'"],
      ['\u202eevil', "$'\\xe2\\x80\\xaeevil'"],
      ['é\n', "$'é\\n'"],
      ['\x85', "$'\\xc2\\x85'"],
      ['\u{e0041}', "$'\\xf3\\xa0\\x81\\x81'"],
    ];
    for (const [input, expected] of table) {
      it(`${JSON.stringify(input)} -> ${expected}`, () => {
        expect(shq(input)).to.equal(expected);
      });
    }

    it('never leaves a letter-initial word bare after NAME= (shellcheck SC2209/SC2100)', () => {
      const cases: [string, string][] = [
        ['make', "'make'"], ['java-8', "'java-8'"], ['_x', "'_x'"], ['g++', "'g++'"],
        ['1.8', '1.8'], ['/opt/x-y', '/opt/x-y'], ['-n', '-n'], ["it's", `"it's"`], ['', "''"],
      ];
      for (const [input, expected] of cases) expect(shq(input, 'assignment'), input).to.equal(expected);
      expect(shq('make')).to.equal('make');
    });

    it('detects assignment prefixes', () => {
      for (const code of ['x=', 'local x=', 'a_1+=', 'arr[3]=', 'f; x=', '(x=']) {
        expect(endsWithAssignment(code), code).to.equal(true);
      }
      for (const code of ['--opt=', 'x==', '1x=', '$x=', 'x', "'x='", 'a.b=']) {
        expect(endsWithAssignment(code), code).to.equal(false);
      }
    });

    it('evaluates to the input in bash for every table entry', () => {
      for (const lang of LOCALES) checkWithBash(table.map(([input]) => input), lang, 'table');
    });
  });

  describe('shq refusals', () => {
    it('throws for NUL, naming the position', () => {
      expect(() => shq('a\0b')).to.throw(Error, /NUL.*index 1/);
      expect(() => shq('\0')).to.throw(Error, /NUL/);
    });

    it('throws for lone surrogates (no UTF-8 encoding)', () => {
      expect(() => shq('a\ud800')).to.throw(Error, /surrogate/);
      expect(() => shq('\udc00b')).to.throw(Error, /surrogate/);
      expect(shq('\ud83d\ude00')).to.equal("'😀'");
    });

    it('throws for non-strings', () => {
      expect(() => shq(undefined as unknown as string)).to.throw(TypeError, /expected a string/);
      expect(() => shq(3 as unknown as string)).to.throw(TypeError);
    });
  });

  describe('shq fuzz with bash as the oracle', () => {
    const inputs = fuzzCorpus(SEED, FUZZ_COUNT);

    for (const lang of LOCALES) {
      it(`round-trips ${FUZZ_COUNT} hostile strings, one word each, nothing executed (LANG=${lang}, seed ${SEED})`, function () {
        this.timeout(30_000);
        checkWithBash(inputs, lang, `seed ${SEED}`);
      });
    }
  });

  describe('shq output under shellcheck', () => {
    it('is clean at all severities with every optional check enabled', function () {
      if (!existsSync('/usr/bin/shellcheck')) this.skip();
      this.timeout(60_000);
      const inputs = [...fuzzCorpus(SEED + 1, 400), ...SHELLCHECK_EXTRAS];
      const lines = ['#!/bin/bash'];
      for (const input of inputs) {
        const q = shq(input);
        lines.push(`x=${shq(input, 'assignment')}`, `printf '%s\\n' "\${x}" ${q} --opt=${q}`);
      }
      const script = `${lines.join('\n')}\n`;
      const run = spawnSync(
        '/usr/bin/shellcheck',
        ['--norc', '--enable=all', '--severity=style', '--shell=bash', '--format=gcc', '-'],
        { input: script, encoding: 'utf8', maxBuffer: 64 << 20 },
      );
      if (run.status !== 0) {
        const findings = run.stdout
          .split('\n')
          .filter(Boolean)
          .slice(0, 10)
          .map((finding) => {
            const line = Number(/^-:(\d+):/.exec(finding)?.[1] ?? 0);
            const input = inputs[Math.floor((line - 2) / 2)];
            return `${finding}\n    input ${JSON.stringify(input)} (seed ${SEED + 1})`;
          });
        expect.fail(`shellcheck reported (exit ${run.status}):\n${findings.join('\n')}\n${run.stderr}`);
      }
    });
  });

  describe('shName', () => {
    it('returns valid identifiers unchanged', () => {
      for (const name of ['a', '_', 'A_1', '_x9', 'hadoop_version', 'JAVA_HOME']) {
        expect(shName(name)).to.equal(name);
      }
    });

    it('rejects anything else', () => {
      const bad = ['', '1a', 'a-b', 'a b', 'a;b', '$x', 'a.b', 'é', 'x\n', 'x=1', '${x}', 'a[0]'];
      for (const name of bad) expect(() => shName(name), JSON.stringify(name)).to.throw(Error, /identifier/);
      expect(() => shName(7 as unknown as string)).to.throw(Error, /identifier/);
    });
  });

  describe('heredocDelimiter', () => {
    it('uses the base when the body does not contain it', () => {
      expect(heredocDelimiter('echo hi\n')).to.equal('SIP_EOF');
      expect(heredocDelimiter('', 'BODY')).to.equal('BODY');
    });

    it('skips candidates that occur in the body, whatever the line ending or indentation', () => {
      expect(heredocDelimiter('a\nSIP_EOF\nb\n')).to.equal('SIP_EOF_1');
      expect(heredocDelimiter('SIP_EOF\r\n')).to.equal('SIP_EOF_1');
      expect(heredocDelimiter('\tSIP_EOF\n')).to.equal('SIP_EOF_1');
      expect(heredocDelimiter('SIP_EOF')).to.equal('SIP_EOF_1');
      expect(heredocDelimiter('SIP_EOF\nSIP_EOF_1\nSIP_EOF_2\r\n')).to.equal('SIP_EOF_3');
      expect(heredocDelimiter('x SIP_EOF_12 y\nSIP_EOF\n')).to.equal('SIP_EOF_2');
    });

    it('is deterministic and never occurs in the body (random bodies made of candidates)', () => {
      const rand = mulberry32(SEED + 2);
      const parts = ['SIP_EOF', 'SIP_EOF_1', 'SIP_EOF_2', 'SIP_EOF_3', '_', '1', '\n', '\r\n', '\t', ' ', 'x'];
      for (let i = 0; i < 500; i += 1) {
        let body = '';
        const n = Math.floor(rand() * 12);
        for (let k = 0; k < n; k += 1) body += pick(rand, parts);
        const delimiter = heredocDelimiter(body);
        expect(body.includes(delimiter), JSON.stringify(body)).to.equal(false);
        expect(heredocDelimiter(body)).to.equal(delimiter);
      }
    });

    it('rejects a base that is not an identifier', () => {
      expect(() => heredocDelimiter('x', 'EOF-1')).to.throw(Error, /identifier/);
      expect(() => heredocDelimiter('x', "E'OF")).to.throw(Error, /identifier/);
    });
  });
});

// ---------------------------------------------------------------------------------------------
// The bash oracle

/**
 * Runs ONE bash process over all `inputs` and asserts, for each: the word is a single word
 * (`set --` gives `$# == 1`), `$1`, an assignment and a concatenation give back the exact UTF-8
 * bytes, it matches itself literally as a `[[ == ]]` pattern, and nothing ran (the working
 * directory stays empty: no PWNED file, no redirection target).
 */
function checkWithBash(inputs: readonly string[], lang: string, origin: string): void {
  const work = mkdtempSync(join(tmpdir(), 'sip-quote-'));
  const cwd = join(work, 'cwd');
  try {
    mkdirSync(cwd);
    const quoted = inputs.map((input) => shq(input));
    const assigned = inputs.map((input) => shq(input, 'assignment'));
    const lines = [
      '#!/bin/bash',
      "probe='é'; printf '%s\\0' \"${#probe}\"",
      ...quoted.map(
        (q, i) => `set -- ${q}; x=${assigned[i]}; [[ $1 == ${q} && $x == "$1" ]]; printf '%s\\0' "$?" "$#" "$1" "$x" @${q}@`,
      ),
    ];
    const scriptPath = join(work, 'oracle.sh');
    writeFileSync(scriptPath, `${lines.join('\n')}\n`);
    const run = spawnSync('bash', ['--norc', '--noprofile', scriptPath], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: lang },
      maxBuffer: 256 << 20,
    });
    const fields = splitNul(run.stdout);
    const where = `(LANG=${lang}, ${origin})`;
    const stderr = run.stderr.toString('utf8');
    expect(fields[0]?.toString(), `locale probe ${where}: ${stderr}`).to.equal(lang === 'C' ? '2' : '1');
    inputs.forEach((input, i) => {
      const got = fields.slice(1 + i * 5, 1 + i * 5 + 5);
      const want = Buffer.from(input, 'utf8');
      const problem =
        got.length < 5 ? 'missing output (bash stopped?)'
        : got[0]?.toString() !== '0' ? 'does not match itself as a [[ == ]] pattern / assignment differs'
        : got[1]?.toString() !== '1' ? `expands to ${got[1]?.toString()} words, not 1`
        : !got[2]?.equals(want) ? `$1 is ${JSON.stringify(got[2]?.toString('latin1'))}`
        : !got[3]?.equals(want) ? `assignment gives ${JSON.stringify(got[3]?.toString('latin1'))}`
        : !got[4]?.equals(Buffer.concat([Buffer.from('@'), want, Buffer.from('@')])) ? 'concatenation differs'
        : null;
      if (problem !== null) {
        expect.fail(
          `shq(${JSON.stringify(input)}) = ${quoted[i]} ${where}, input #${i}: ${problem}\n` +
            `bash exit ${run.status}, stderr: ${stderr.slice(0, 2000)}`,
        );
      }
    });
    expect(run.status, `bash exit status ${where}: ${stderr}`).to.equal(0);
    expect(fields.length, `field count ${where}`).to.equal(1 + inputs.length * 5);
    const left = readdirSync(cwd);
    expect(left, `files created by bash ${where} — something executed`).to.deep.equal([]);
    expect(existsSync(join(work, 'PWNED')), `PWNED in ${work}`).to.equal(false);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function splitNul(buffer: Buffer): Buffer[] {
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = buffer.indexOf(0); i !== -1; i = buffer.indexOf(0, start)) {
    fields.push(buffer.subarray(start, i));
    start = i + 1;
  }
  return fields;
}

// ---------------------------------------------------------------------------------------------
// The fuzz corpus

function fuzzCorpus(seed: number, count: number): string[] {
  const rand = mulberry32(seed);
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const kind = rand();
    if (kind < 0.1) {
      out.push(safeRun(rand, 1 + Math.floor(rand() * 10)));
      continue;
    }
    let s = '';
    const pieces = Math.floor(rand() * 9);
    for (let k = 0; k < pieces; k += 1) {
      const r = rand();
      s += r < 0.55 ? pick(rand, HOSTILE_PIECES) : r < 0.85 ? randomCodePoint(rand) : safeRun(rand, 1 + Math.floor(rand() * 5));
    }
    out.push(s);
  }
  return out;
}

function safeRun(rand: () => number, length: number): string {
  let s = '';
  for (let k = 0; k < length; k += 1) s += SAFE_CHARS[Math.floor(rand() * SAFE_CHARS.length)];
  return s;
}

function randomCodePoint(rand: () => number): string {
  const ranges: [number, number][] = [
    [0x01, 0x1f], [0x20, 0x7e], [0x20, 0x7e], [0x7f, 0x7f], [0x80, 0x9f], [0xa0, 0xff],
    [0x100, 0x7ff], [0x800, 0xd7ff], [0xe000, 0xfffd], [0x10000, 0x10ffff],
  ];
  const [lo, hi] = pick(rand, ranges);
  return String.fromCodePoint(lo + Math.floor(rand() * (hi - lo + 1)));
}

function pick<T>(rand: () => number, list: readonly T[]): T {
  return list[Math.floor(rand() * list.length)] as T;
}

/** Small seeded PRNG (mulberry32): the same seed gives the same corpus on every machine. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('emit/quote shqPosix (words for a POSIX shell: dash, a login shell)', () => {
  it('round-trips every value through dash byte for byte, bare only when safe', () => {
    const values = ['', 'plain-1.2', "it's", "'", 'a b', '$(touch /tmp/sip-pwned)', '`x`', 'new\nline', '*', '~root', 'a;b|c&d', '\\', '!x', '@sip-00ff@'];
    for (const v of values) {
      const r = spawnSync('sh', ['-c', `printf '%s' ${shqPosix(v)}`], { encoding: 'utf8' });
      expect(r.stdout, JSON.stringify(v)).to.equal(v);
    }
    expect(shqPosix('@sip-00ff@')).to.equal('@sip-00ff@');
    expect(shqPosix('')).to.equal("''");
    expect(shqPosix("it's")).to.equal("'it'\\''s'");
  });
});

