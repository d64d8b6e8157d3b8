import { expect } from 'chai';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createShellHandlebars, checkShellTemplate } from '../../compiler/emit/helpers.js';
import { compileProgram } from '../../compiler/backend.js';
import { dataKind } from '../../compiler/kinds/data-kind.js';
import { builtinKinds } from '../../compiler/kinds/registry.js';
import { scriptInterpreter } from '../../compiler/lower/bodies.js';
import { cleanupFixtures, load } from '../lower/fixture.js';
import { compileFixture, REPO } from './programs.js';

const TEMPLATES = join(REPO, 'templates');

/** The program without its last line (`sip_main "$@"`): sourcing it defines everything and runs nothing. */
function library(text: string): string {
  const lines = text.trimEnd().split('\n');
  expect(lines.at(-1)).to.equal('sip_main "$@"');
  return lines.slice(0, -1).join('\n') + '\n';
}

/** Run `bash -c '<library>; <command>'` and return stdout as bytes. */
function bashBytes(text: string, command: string): Buffer {
  const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `${library(text)}\n${command}`], { maxBuffer: 64 << 20 });
  expect(r.status, r.stderr.toString()).to.equal(0);
  return r.stdout;
}

describe('emit', () => {
  after(cleanupFixtures);

  describe('templates', () => {
    const files = readdirSync(TEMPLATES).filter((f) => f.endsWith('.hbs'));

    it('has program.hbs and the shared run-all partial; each built-in kind but package (its steps are table rows) its own template.hbs', () => {
      expect(files).to.include.members(['program.hbs', 'run-all.hbs']);
      for (const k of builtinKinds().names()) {
        const files = readdirSync(join(TEMPLATES, '..', 'compiler', 'kinds', k));
        if (k === 'package') expect(files, k).to.not.include('template.hbs');
        else expect(files, k).to.include('template.hbs');
      }
    });

    it('never uses triple-stash {{{ }}} (data goes through q)', () => {
      for (const f of files) expect(readFileSync(join(TEMPLATES, f), 'utf8'), f).to.not.contain('{{{');
    });

    it('only outputs through the shell helpers (q, name, words, heredoc, code, comment)', () => {
      const hb = createShellHandlebars();
      // `comment` is registered by the emitter; declare it for the check.
      hb.registerHelper('comment', () => '');
      const problems = files.flatMap((f) =>
        checkShellTemplate(hb, readFileSync(join(TEMPLATES, f), 'utf8'), f).filter((p) => !/\{\{comment\}\}/.test(p)),
      );
      expect(problems).to.deep.equal([]);
    });
  });

  describe('the program text', () => {
    it('starts with a POSIX-sh guard, then a header naming the manifest, its sha256 and the compiler', () => {
      const p = compileFixture('seed');
      const head = p.text!.split('\n').slice(1, 7);
      expect(p.text!.split('\n')[0]).to.equal('#!/bin/bash');
      expect(head[2]).to.match(/^\[ -n "\$\{BASH_VERSION:-\}" \] \|\| \{ echo .* exit 3; \}$/);
      expect(head[3]).to.equal('# image.yaml: a sahara-image-pack program.');
      expect(head[4]).to.equal(`#   manifest sha256 ${p.plan!.manifestSha256}`);
      expect(head[5]).to.equal('#   compiled by     sahara-image-pack 0.0.0-golden');
    });

    it('run with sh (a file or a -c string) it says "needs bash" and exits 3, before any bash syntax', () => {
      const text = compileFixture('every-kind').text!;
      const dir = mkdtempSync(join(tmpdir(), 'sip-sh-'));
      try {
        writeFileSync(join(dir, 'p.sh'), text);
        for (const shell of ['sh', 'dash', 'posh'].filter((s) => spawnSync('sh', ['-c', `command -v ${s}`]).status === 0)) {
          for (const args of [[join(dir, 'p.sh')], ['-c', text]]) {
            const r = spawnSync(shell, args, { encoding: 'utf8' });
            expect(r.status, `${shell} ${args[0]}`).to.equal(3);
            expect(r.stderr).to.equal('This program needs bash: run it as "bash FILE", not with sh.\n');
          }
        }
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has one function per validator but a package one, with its location and path in a comment; a package step is a row', () => {
      const text = compileFixture('seed').text!;
      expect(text).to.contain(
        "\n# image.yaml:34:5 validators[2].script\nsip_v2() {\n  sip_script_step image.yaml:34:5 'validators[2].script' setup_java.sh /bin/bash '' sip_body_2\n}\n",
      );
      expect(text).to.contain("\nSIP_PKG_STEPS[sip_v0_1_0]='nfs-common|image.yaml:16:13|validators[0].os_case[1].debian[0].package'\n");
      expect(text).to.not.match(/^sip_v0_1_0\(\)/m);
    });

    it('gives each script its interpreter and argument as the kernel reads the #! line; the runtime reads lines it cannot show', () => {
      const cases: [string, string, string][] = [
        ['#!/bin/sh\nx', '/bin/sh', ''],
        ['#! /bin/bash  \n', '/bin/bash', ''],
        ['#!/usr/bin/env  bash -e \n', '/usr/bin/env', 'bash -e'],
        ['#!\t/bin/bash\t-x\n', '/bin/bash', '-x'],
        ['#!/usr/bin/env', '/usr/bin/env', ''],
        ['#!/bin/sh\r\n', '/bin/sh\r', ''],
        ['echo no shebang\n', '/bin/bash', ''],
        ['#!/x/\xff\n', '', ''],
        ['#!/a\x00b\n', '', ''],
      ];
      for (const [body, interp, arg] of cases) {
        expect(scriptInterpreter(Buffer.from(body, 'latin1')), JSON.stringify(body)).to.deep.equal({ interp, interpArg: arg });
      }
      const l = load('validators:\n  - script:\n      x.sh: {inline: "#!/usr/bin/env bash -e\\ntrue\\n"}\n');
      const r = compileProgram(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'x' });
      expect(r.text).to.match(/\n {2}sip_script_step image\.yaml:2:5 'validators\[0\]\.script' x\.sh \/usr\/bin\/env 'bash -e' sip_body_1\n/);
      // with an output, env_vars, or an interpreter line the compiler cannot show: sip_step and sip_script_run
      const o = load('arguments:\n  o: {default: ""}\nvalidators:\n  - script:\n      x.sh: {inline: "#!/x/\\xff\\n", output: o}\n');
      const ro = compileProgram(o.manifest, o.resources, { manifestText: o.text, compilerVersion: 'x' });
      expect(ro.text).to.match(/\n {2}sip_step script image\.yaml:4:5 'validators\[0\]\.script' x\.sh \\\n {4}sip_script_run image\.yaml:4:5 x\.sh o '\/x\/ÿ' '' sip_body_1\n/);
    });

    it('writes a "|" of a path key as \\u007c, so that a package row splits at its own "|"s only', () => {
      const l = load('arguments:\n  v: {default: "a|b"}\nvalidators:\n  - argument_case:\n      argument_name: v\n      cases:\n        "a|b":\n          - package: curl\n');
      const r = compileProgram(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'x' });
      expect(r.text).to.contain(`SIP_PKG_STEPS[sip_v0_0_0]='curl|image.yaml:8:13|validators[0].argument_case.cases."a\\u007cb"[0].package'`);
    });

    it('defines every sip_ function it calls (or the package step row it names)', () => {
      for (const name of ['seed', 'every-kind', 'hostile', 'binary']) {
        const text = compileFixture(name).text!;
        const defined = new Set([...text.matchAll(/^(sip_[A-Za-z0-9_]+)\(\)|^SIP_PKG_STEPS\[(sip_[A-Za-z0-9_]+)\]=/gm)].map((m) => m[1] ?? m[2]));
        const called = new Set([...text.matchAll(/\b(sip_[a-z0-9_]*[a-z0-9])\b(?!\(\))/g)].map((m) => m[1]!));
        // `"sip_pkg_${family}_install"` is a dynamic call: its prefix is not a function.
        // flow.sh runs a package step's row through sip_pkg_step and checks the package
        // database after a script (pkg.sh), only in a program with rows: which has pkg.sh.
        const rows = /^SIP_PKG_STEPS\[/m.test(text);
        const missing = [...called].filter((c) => !defined.has(c) && !/^sip_pkg_(debian|redhat|suse)$/.test(c) && (rows || !['sip_pkg_step', 'sip_pkg_db_unchanged'].includes(c)));
        expect(missing, name).to.deep.equal([]);
      }
    });

    it('includes only the runtime files the program uses', () => {
      const l = load('validators:\n  - argument_set: {argument_name: x, value: y}\n');
      const r = compileProgram(l.manifest, l.resources, { manifestText: l.text, compilerVersion: 'x' });
      const files = [...r.text!.matchAll(/^# ---- runtime\/(\S+)\.sh/gm)].map((m) => m[1]);
      expect(files).to.not.include.members(['pkg', 'script', 'copy-script', 'pkg-debian']);
      expect(files).to.include.members(['main', 'step', 'args', 'flow']);
      expect(r.plan!.runtimeFiles).to.deep.equal(files);
    });

    it('ends with sip_main "$@" and a single newline', () => {
      const text = compileFixture('every-kind').text!;
      expect(text.endsWith('\nsip_main "$@"\n')).to.equal(true);
    });

    it('reports --set errors and writes no program', () => {
      const p = compileFixture('baked', { 'java-distro': 'ibm-java' });
      expect(p.text).to.equal(undefined);
      expect(p.diagnostics.map((d) => d.code)).to.deep.equal(['SIP5002']);
    });
  });

  describe('data reaches bash intact', () => {
    it('carries every argument property of the hostile fixture exactly', () => {
      const p = compileFixture('hostile');
      const out = bashBytes(
        p.text!,
        `for a in SIP_ARG_NAMES SIP_ARG_VARS SIP_ARG_DESCRIPTIONS SIP_ARG_DEFAULTS SIP_ARG_CHOICES_0; do r="$a[@]"; printf '%s\\0' "$a" "\${!r}"; printf '\\1'; done
         for k in "\${!SIP_NAME_VARS[@]}"; do printf '%s=%s\\0' "$k" "\${SIP_NAME_VARS[$k]}"; done`,
      );
      const groups = out.toString('utf8').split('\u0001');
      const arrays = Object.fromEntries(groups.slice(0, 5).map((g) => { const [name, ...values] = g.split('\0').slice(0, -1); return [name, values]; }));
      const args = p.plan!.arguments;
      expect(arrays['SIP_ARG_NAMES']).to.deep.equal(args.map((a) => a.name));
      expect(arrays['SIP_ARG_VARS']).to.deep.equal(args.map((a) => a.variable));
      expect(arrays['SIP_ARG_DESCRIPTIONS']).to.deep.equal(args.map((a) => a.description));
      expect(arrays['SIP_ARG_DEFAULTS']).to.deep.equal(args.map((a) => a.default ?? ''));
      expect(arrays['SIP_ARG_CHOICES_0']).to.deep.equal(args[0]!.choices);
      const nameVars = groups[5]!.split('\0').slice(0, -1).sort();
      expect(nameVars).to.deep.equal(p.plan!.names.map((n) => `${n.name}=${n.variable}`).sort());
    });

    for (const name of ['no-final-newline', 'delimiter', 'binary', 'hostile', 'every-kind', 'seed']) {
      it(`prints the exact bytes of every script body (${name})`, () => {
        const p = compileFixture(name);
        for (const body of p.plan!.bodies) {
          expect(bashBytes(p.text!, body.fn), `${name} ${body.fn}`).to.deep.equal(Buffer.from(body.bytes));
        }
      });
    }

    it('keeps script files byte-exact through the whole pipeline (file → program → bytes)', () => {
      const p = compileFixture('binary');
      expect(bashBytes(p.text!, 'sip_body_2')).to.deep.equal(readFileSync(join(REPO, 'test/fixtures/programs/binary/blob.bin')));
    });

    it('gives argument_case keys literal matching (a "*" key matches only "*")', () => {
      const text = compileFixture('hostile').text!;
      const run = (value: string): string =>
        execFileSync('bash', ['--norc', '--noprofile', '-c', `${library(text)}\nsip_step(){ "$5"; }; sip_all(){ echo "ran $*"; }; SIP_ARGS["it's \\$(touch /tmp/pwned-name)"]="$1"; SIP_NOT_SELECTED=0; sip_v0_body; echo "not-selected=$SIP_NOT_SELECTED"`, 'x', value]).toString();
      expect(run('*')).to.equal('ran sip_v0_1_0\nnot-selected=0\n');
      expect(run('anything')).to.equal('not-selected=1\n');
      expect(run('$(touch /tmp/pwned-default)')).to.equal('ran sip_v0_0_0\nnot-selected=0\n');
      expect(run('a\nb')).to.equal('not-selected=0\n');
    });
  });

  describe('custom kinds', () => {
    it('renders a plugin template for its kind, with the same quoting rules', () => {
      const yaml = 'validators:\n  - package: x\n';
      const l = load(yaml);
      const manifest = {
        ...l.manifest,
        validators: [{ kind: 'custom' as const, customKind: 'motd', value: { text: "it's $(x)" }, loc: l.manifest.loc, keyLoc: l.manifest.loc, path: 'validators[0].motd' }],
      };
      const motd = (template: string) => builtinKinds().with([dataKind({ name: 'motd', description: 'x', schema: { type: 'object' }, template, runtimeFunctions: ['sip_say'] })], 'test');
      const r = compileProgram(manifest, l.resources, { manifestText: yaml, compilerVersion: 'x', kinds: motd('  sip_say {{q value.text}}\n') });
      expect(r.text).to.contain('sip_v0_body() {\n  sip_say "it\'s \\$(x)"\n}\n');
      expect(() => compileProgram(manifest, l.resources, { manifestText: yaml, compilerVersion: 'x', kinds: motd('  sip_say {{value.text}}\n') })).to.throw(/validator kind 'motd' \(test\).*unsafe shell template/);
    });
  });
});
