import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import Handlebars from 'handlebars';
import {
  checkShellTemplate,
  compileShellTemplate,
  createShellHandlebars,
  registerCodeHelper,
  registerShellPartial,
} from '../../compiler/emit/helpers.js';
import { shName } from '../../compiler/emit/quote.js';
import { ShCode, heredoc, isShCode, trustedCode, word, words } from '../../compiler/emit/sh.js';

const HOSTILE = [
  '$(touch PWNED)', '`touch PWNED`', "'; touch PWNED; '", '"; touch PWNED; "', 'a b', '', "it's!",
  '\n', 'line1\nline2\r\n', '\\', '*', '~', '#x', '-n', 'make', 'x-1', 'é日本😀', '\x1b[31m', '\u202e',
  '${HOME}', '!!', '>PWNED', 'SIP_EOF', 'a=b', 'if',
];

describe('emit/sh', () => {
  it('creates ShCode only through its constructors', () => {
    const Forge = ShCode as unknown as new (token: symbol, text: string) => ShCode;
    expect(() => new Forge(Symbol('ShCode'), 'rm -rf /')).to.throw(TypeError);
    expect(isShCode(word('true'))).to.equal(true);
    expect(isShCode('true')).to.equal(false);
    expect(String(words(['a', 'b c']))).to.equal("a 'b c'");
  });

  describe('constructors', () => {
    it('word and words quote', () => {
      expect(word('a b').text).to.equal("'a b'");
      expect(word('make', 'assignment').text).to.equal("'make'");
      expect(words(['a', '', 'b c', 2]).text).to.equal("a '' 'b c' 2");
    });

    it('trustedCode wraps text as code', () => {
      expect(trustedCode('set -u').text).to.equal('set -u');
      expect(() => trustedCode(1 as unknown as string)).to.throw(TypeError);
    });

    it('heredoc picks a delimiter absent from the body and refuses what it cannot carry', () => {
      expect(heredoc('echo hi\n').text).to.equal("<<'SIP_EOF'\necho hi\nSIP_EOF");
      expect(heredoc('SIP_EOF\n').text).to.equal("<<'SIP_EOF_1'\nSIP_EOF\nSIP_EOF_1");
      expect(heredoc('').text).to.equal("<<'SIP_EOF'\nSIP_EOF");
      expect(() => heredoc('no newline')).to.throw(Error, /end with a newline/);
      expect(() => heredoc('a\0\n')).to.throw(Error, /NUL/);
    });

    it('heredoc carries bodies byte for byte through bash', () => {
      const bodies = [
        '#!/bin/sh\necho "$HOME" `id` $(touch PWNED)\n',
        'SIP_EOF\nSIP_EOF_1\n\tSIP_EOF_2\nSIP_EOF_3\r\nend\n',
        "'\\\n\\\\\n$'\\n'\n",
        '\r\n\r\n',
        'é日本😀\x01\x7f\x1b[0m\n',
        '',
        'SIP_EOF',
      ].map((b) => (b === '' || b.endsWith('\n') ? b : `${b}\n`));
      const script = bodies.map((b) => `cat ${heredoc(b)}\nprintf '\\0'`).join('\n');
      for (const lang of ['C', 'C.UTF-8']) {
        const out = runBash(`${script}\n`, lang);
        expect(out.fields.map((f) => f.toString('utf8')), `LANG=${lang}`).to.deep.equal(bodies);
      }
    });
  });

  describe('handlebars helpers', () => {
    const source = [
      '#!/bin/bash',
      'value={{q value}}',
      '{{name fn}}() {',
      '  local {{name var}}={{q value}}',
      "  printf '%s\\0' \"${value}\" \"${ {{~name var~}} }\" {{q value}} --opt={{q value}}",
      '}',
      '{{name fn}}',
      "printf '%s\\0' {{words list}}",
      '{{#each list}}',
      "printf '%s\\0' {{q this}}",
      '{{/each}}',
      '{{#if flag}}',
      '{{code snippet}}',
      '{{/if}}',
      'cat {{heredoc body}}',
      "printf '\\0'",
      '',
    ].join('\n');

    it('renders data as quoted words; bash reads back the exact values and runs nothing', () => {
      const hb = createShellHandlebars();
      const render = compileShellTemplate<Record<string, unknown>>(hb, source, 'probe.hbs');
      const programs: ShCode[] = [];
      const expected: string[] = [];
      for (const [i, value] of HOSTILE.entries()) {
        const list = [value, 'x', value];
        const body = `${value}\n`;
        programs.push(render({ value, fn: `step_${i}`, var: 'my_var', list, flag: true, snippet: trustedCode(`printf '%s\\0' ${word(value).text}`), body }));
        expected.push(value, value, value, `--opt=${value}`, ...list, ...list, value, body);
      }
      expect(programs.every(isShCode)).to.equal(true);
      for (const lang of ['C', 'C.UTF-8']) {
        const { fields } = runBash(programs.map((p) => p.text).join('\n'), lang);
        expect(fields.map((f) => f.toString('utf8')), `LANG=${lang}`).to.deep.equal(expected);
      }
    });

    it('quotes {{q}} after NAME= as an assignment value and produces shellcheck-clean text', function () {
      const hb = createShellHandlebars();
      const render = compileShellTemplate<Record<string, unknown>>(hb, source, 'probe.hbs');
      const program = render({ value: 'make', fn: 'f', var: 'v', list: ['java-8'], flag: false, snippet: trustedCode('true'), body: '' });
      expect(program.text).to.contain("value='make'\n");
      expect(program.text).to.contain("local v='make'\n");
      expect(program.text).to.contain("make --opt=make\n");
      if (!existsSync('/usr/bin/shellcheck')) this.skip();
      const texts = HOSTILE.map((value, i) =>
        render({ value, fn: `step_${i}`, var: 'v', list: [value, 'java-8'], flag: true, snippet: trustedCode('true'), body: `${value}\n` }).text,
      );
      const run = spawnSync('/usr/bin/shellcheck', ['--norc', '--enable=all', '--severity=style', '--format=gcc', '-'], {
        input: texts.join('\n'),
        encoding: 'utf8',
      });
      expect(run.stdout + run.stderr).to.equal('');
    });

    it('rejects output that does not go through a shell helper, with locations', () => {
      const hb = createShellHandlebars();
      const cases: [string, RegExp][] = [
        ['echo {{value}}', /t:1:6: \{\{value\}\} outputs without a shell helper/],
        ['echo {{{value}}}', /t:1:6: triple-stash/],
        ['echo {{& value}}', /triple-stash/],
        ["echo {{lookup a 'b'}}", /\{\{lookup\}\} outputs/],
        ['echo {{"literal"}}', /\{\{literal\}\} outputs/],
        ['echo {{this}}', /\{\{this\}\} outputs/],
        ['x\n{{@index}}', /t:2:1: \{\{@index\}\} outputs/],
        ['{{#each xs as |q|}}{{q}}{{/each}}', /shadows the helper q/],
        ['{{#lookup a}}x{{/lookup}}', /block helper \{\{#lookup\}\} is not allowed/],
        ['{{#*inline "p"}}x{{/inline}}', /decorators are not allowed/],
        ['{{q x}} {{q.y}}', /\{\{q\.y\}\} outputs/],
        ['cat {{heredoc b}} && echo', /t:1:5: \{\{heredoc \.\.\.\}\} must end its line/],
      ];
      for (const [template, expected] of cases) {
        const problems = checkShellTemplate(hb, template, 't');
        expect(problems.join('\n'), template).to.match(expected);
        expect(() => compileShellTemplate(hb, template, 't'), template).to.throw(Error, /unsafe shell template/);
      }
      expect(checkShellTemplate(hb, "{{#each xs}}{{q this}} {{name ../n}}{{/each}}{{> part}}{{!c}}", 't')).to.deep.equal([]);
      expect(checkShellTemplate(hb, 'cat {{heredoc b}}\ncat {{heredoc c}}', 't')).to.deep.equal([]);
    });

    it('helpers refuse values that are not data of the right kind', () => {
      const hb = createShellHandlebars();
      const render = (template: string, context: unknown): string => compileShellTemplate(hb, template)(context).text;
      expect(() => render('{{q missing}}', {})).to.throw(TypeError, /must be a string or finite number, got undefined/);
      expect(() => render('{{q v}}', { v: { a: 1 } })).to.throw(TypeError, /got object/);
      expect(() => render('{{q v}}', { v: true })).to.throw(TypeError, /got boolean/);
      expect(() => render('{{q}}', {})).to.throw(TypeError, /exactly one argument/);
      expect(() => render('{{q a b}}', { a: 'x', b: 'y' })).to.throw(TypeError, /exactly one argument/);
      expect(() => render('{{q v context="raw"}}', { v: 'x' })).to.throw(TypeError, /context/);
      expect(() => render('{{name v}}', { v: 'a;b' })).to.throw(Error, /identifier/);
      expect(() => render('{{words v}}', { v: 'a b' })).to.throw(TypeError, /array/);
      expect(() => render('{{words v}}', { v: ['a', null] })).to.throw(TypeError, /words\[1\]/);
      expect(() => render('{{code v}}', { v: 'rm -rf /' })).to.throw(TypeError, /only ShCode/);
      expect(() => render('{{heredoc v}}', { v: 'x' })).to.throw(Error, /newline/);
      expect(render('{{q v}} {{q n}} {{q v context="assignment"}}', { v: 'make', n: 7 })).to.equal("make 7 'make'");
    });

    it('custom code helpers must return ShCode; partials are checked too', () => {
      const hb = createShellHandlebars();
      registerCodeHelper(hb, 'call', (fn: unknown) => trustedCode(shName(String(fn))));
      registerCodeHelper(hb, 'leak', (v: unknown) => v as ShCode);
      expect(compileShellTemplate(hb, '{{call f}}')({ f: 'step_2' }).text).to.equal('step_2');
      expect(() => compileShellTemplate(hb, '{{leak v}}')({ v: '$(id)' })).to.throw(TypeError, /must return ShCode/);
      expect(() => registerShellPartial(hb, 'bad', 'echo {{v}}')).to.throw(Error, /bad:1:6/);
      registerShellPartial(hb, 'good', 'echo {{q v}}');
      expect(compileShellTemplate(hb, 'x; {{> good}}')({ v: 'a b' }).text).to.equal("x; echo 'a b'");
    });

    it('uses an isolated environment (the global Handlebars has no shell helpers)', () => {
      createShellHandlebars();
      expect(Handlebars.helpers).to.not.have.property('q');
    });
  });
});

/** Runs `script` in one bash under LANG, in an empty directory that must stay empty. */
function runBash(script: string, lang: string): { fields: Buffer[] } {
  const work = mkdtempSync(join(tmpdir(), 'sip-sh-'));
  const cwd = join(work, 'cwd');
  try {
    mkdirSync(cwd);
    const path = join(work, 'script.sh');
    writeFileSync(path, script);
    const run = spawnSync('bash', ['--norc', '--noprofile', path], {
      cwd,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LANG: lang },
      maxBuffer: 64 << 20,
    });
    expect(run.status, `bash failed: ${run.stderr.toString()}\n${script}`).to.equal(0);
    expect(readdirSync(cwd), 'files created: something executed').to.deep.equal([]);
    const fields: Buffer[] = [];
    let start = 0;
    for (let i = run.stdout.indexOf(0); i !== -1; i = run.stdout.indexOf(0, start)) {
      fields.push(run.stdout.subarray(start, i));
      start = i + 1;
    }
    expect(run.stdout.length, 'output after the last NUL').to.equal(start);
    return { fields };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
