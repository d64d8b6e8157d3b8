/**
 * Bad manifests: every problem is a located diagnostic with a stable code (never an
 * exception), at the line and column a reader would point at.
 */
import { expect } from 'chai';
import type { Diagnostic } from '../../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../../compiler/frontend.js';
import { parse, shown } from './helpers.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

interface Case {
  readonly name: string;
  readonly yaml: string;
  /** Every diagnostic, `CODE severity line:col`, in source order. */
  readonly expect: readonly string[];
  /** Substrings the first diagnostic's message must contain. */
  readonly message?: readonly string[];
  /** Whether a (partial) manifest still comes back; default: only when there are no errors. */
  readonly manifest?: boolean;
}

function runCases(cases: readonly Case[]): void {
  for (const c of cases) {
    it(c.name, () => {
      let r: ReturnType<typeof parse> | undefined;
      expect(() => (r = parse(c.yaml))).to.not.throw();
      expect(shown(r!.diagnostics)).to.deep.equal(c.expect);
      const first = sortByPlace(r!.diagnostics)[0];
      for (const part of c.message ?? []) expect(first?.message).to.contain(part);
      if (c.manifest !== undefined) expect(r!.manifest !== undefined, 'manifest returned').to.equal(c.manifest);
    });
  }
}

function sortByPlace(ds: readonly Diagnostic[]): Diagnostic[] {
  return [...ds].sort((a, b) => (a.loc?.start ?? 0) - (b.loc?.start ?? 0) || (a.code < b.code ? -1 : 1));
}

describe('parse/bad-input', () => {
  describe('malformed YAML (SIP1001), with no manifest', () => {
    runCases([
      {
        name: 'an unclosed flow sequence inside a block',
        yaml: 'validators:\n  - package: [a, b\n  - script: x\n',
        expect: ['SIP1001 error 3:3'],
        message: ['YAML syntax error: ', 'end with a ]'],
        manifest: false,
      },
      { name: 'an unclosed flow sequence at the end of the file', yaml: 'validators: [a, b\n', expect: ['SIP1001 error 2:1'], manifest: false },
      { name: 'an unclosed flow mapping', yaml: 'validators:\n  - {package: a\n', expect: ['SIP1001 error 3:1'], manifest: false },
      { name: 'an unclosed double quote', yaml: 'validators:\n  - package: "abc\n', expect: ['SIP1001 error 3:1'], message: ['Missing closing "quote'], manifest: false },
      {
        name: 'a sequence item indented one column too far',
        yaml: 'validators:\n  - package: a\n   - package: b\n',
        expect: ['SIP1001 error 3:4'],
        message: ['All sequence items must start at the same column'],
        manifest: false,
      },
      {
        name: 'a mapping key indented less than its siblings',
        yaml: 'validators:\n  - package: a\n  script: b\n',
        expect: ['SIP1001 error 3:1'],
        manifest: false,
      },
      { name: 'tab indentation at the start of a line', yaml: 'validators:\n\t- package: a\n', expect: ['SIP1001 error 2:1'], message: ['Tabs are not allowed as indentation'], manifest: false },
      { name: 'one tab before a sequence item gives one error, not four', yaml: 'validators:\n  - package: a\n\t- script: b\n', expect: ['SIP1001 error 3:1'], message: ['Tabs are not allowed as indentation'], manifest: false },
      { name: 'a tab after spaces in the indentation', yaml: 'validators:\n  - package: a\n  \t- package: b\n', expect: ['SIP1001 error 3:3'], manifest: false },
      { name: 'a key without its colon', yaml: 'validators\n  - package: a\n', expect: ['SIP1001 error 1:1'], manifest: false },
      { name: 'a nested mapping on one line', yaml: 'validators:\n  - package: a: b\n', expect: ['SIP1001 error 2:14'], message: ['Nested mappings are not allowed in compact mappings'], manifest: false },
      { name: 'a reserved character (one error per line: no follow-on complaints)', yaml: 'validators:\n  - package: a\n@bad\n', expect: ['SIP1001 error 3:1'], manifest: false },
      {
        name: 'the message is one line, without the library\'s own "at line N, column M"',
        yaml: 'validators:\n  - package: a\n   - package: b\n',
        expect: ['SIP1001 error 3:4'],
        message: ['All sequence items must start at the same column'],
      },
    ]);

    it('messages keep to one line', () => {
      const r = parse('validators:\n  - package: [a, b\n  - script: x\n');
      for (const d of r.diagnostics) expect(d.message).to.not.match(/\n| at line \d+/);
    });
  });

  describe('duplicate keys (SIP1002), with the first one as related information', () => {
    runCases([
      {
        name: 'at the root',
        yaml: 'validators:\n  - package: a\nvalidators:\n  - package: b\n',
        expect: ['SIP1002 error 3:1'],
        message: ["duplicate key 'validators'"],
      },
      {
        name: 'in an argument, in a flow mapping',
        yaml: 'arguments:\n  a: {default: x, default: y}\nvalidators: [{package: a}]\n',
        expect: ['SIP1002 error 2:19'],
        message: ["duplicate key 'default'"],
      },
      {
        name: 'an argument declared twice in the mapping form',
        yaml: 'arguments:\n  a:\n    default: x\n  b:\n    default: y\n  a:\n    default: z\nvalidators: [{package: a}]\n',
        expect: ['SIP1002 error 6:3'],
        message: ["duplicate key 'a'"],
      },
      {
        name: 'an argument declared twice in the list form (SIP3004)',
        yaml: 'arguments:\n  - a: {default: x}\n  - a: {default: y}\nvalidators: [{package: a}]\n',
        expect: ['SIP2011 warning 1:1', 'SIP3004 error 3:5'],
        message: [],
      },
      {
        name: 'a case given twice',
        yaml: 'arguments:\n  a: {default: x}\nvalidators:\n  - argument_case:\n      argument_name: a\n      cases:\n        x: []\n        y: []\n        x: [{package: b}]\n',
        expect: ['SIP1002 error 9:9'],
        message: ["duplicate key 'x'"],
      },
      {
        name: 'two kinds in one validator item are two keys, not a duplicate',
        yaml: 'validators:\n  - package: a\n    package: b\n',
        expect: ['SIP1002 error 3:5'],
      },
      {
        name: 'a script property given twice in the list form (SIP2021)',
        yaml: 'validators:\n  - script:\n      x:\n        - output: a\n        - output: b\n',
        expect: ['SIP2012 warning 4:9', 'SIP2021 error 5:11'],
      },
      {
        name: 'a duplicated package version key',
        yaml: 'validators:\n  - package:\n      - a:\n          version: 1\n          version: 2\n',
        expect: ['SIP1002 error 5:11'],
        message: ["duplicate key 'version'"],
      },
    ]);
  });

  describe('the root', () => {
    runCases([
      { name: 'an empty file', yaml: '', expect: ['SIP1003 error 1:1'], manifest: false },
      { name: 'only whitespace and blank lines', yaml: '   \n\n  \n', expect: ['SIP1003 error 1:1'], manifest: false },
      { name: 'only comments', yaml: '# nothing here\n# at all\n', expect: ['SIP1003 error 1:1'], manifest: false },
      { name: 'only a document marker', yaml: '---\n...\n', expect: ['SIP1003 error 1:1'], manifest: false },
      { name: 'a list at the root', yaml: '- package: a\n', expect: ['SIP2001 error 1:1'], message: ['found a list'], manifest: false },
      { name: 'a scalar at the root', yaml: 'hello\n', expect: ['SIP2001 error 1:1'], message: ["found the text 'hello'"], manifest: false },
      { name: 'a root after comments', yaml: '# c\n\n- package: a\n', expect: ['SIP2001 error 3:1'], manifest: false },
      { name: 'no validators key', yaml: 'arguments:\n  a: {default: x}\n', expect: ['SIP2002 error 1:1'], message: ['no "validators:" list'] },
      { name: 'validators is empty (null)', yaml: 'validators:\n', expect: ['SIP2003 error 1:12'], message: ["'validators' must be a list, found nothing"] },
      { name: 'validators is a text', yaml: 'validators: foo\n', expect: ['SIP2003 error 1:13'] },
      { name: 'validators is a mapping', yaml: 'validators:\n  package: a\n', expect: ['SIP2003 error 2:3'], message: ["'validators' must be a list, found a mapping with the key 'package'"] },
      { name: 'validators is an empty list (a warning)', yaml: 'validators: []\n', expect: ['SIP2017 warning 1:1'], manifest: true },
      { name: 'an unknown root key is a warning', yaml: 'validators: [{package: a}]\nvalidator: []\n', expect: ['SIP2004 warning 2:1'], message: ["unknown key 'validator' in the manifest (known keys: arguments, validators)"], manifest: true },
      {
        name: 'several documents: the first is read, with a warning at the second',
        yaml: 'validators:\n  - package: a\n---\nvalidators:\n  - package: b\n',
        expect: ['SIP1007 warning 3:1'],
        message: ['the file holds 2 YAML documents; only the first is read'],
        manifest: true,
      },
      {
        name: 'several documents: a syntax error in a later one still counts',
        yaml: 'validators:\n  - package: a\n---\nvalidators: [\n',
        expect: ['SIP1007 warning 3:1', 'SIP1001 error 5:1'],
        manifest: false,
      },
      { name: 'NUL characters in the text', yaml: 'validators:\n  - package: a\0b\n', expect: ['SIP1004 error 2:15'], message: ['NUL'], manifest: false },
    ]);
  });

  describe('validator items', () => {
    runCases([
      {
        name: 'unknown kinds, with the closest known kind suggested',
        yaml: 'validators:\n  - pakage: a\n  - scirpt: x\n  - os-case: []\n  - argument_cases: {}\n  - copyscript: x\n',
        expect: ['SIP2006 error 2:5', 'SIP2006 error 3:5', 'SIP2006 error 4:5', 'SIP2006 error 5:5', 'SIP2006 error 6:5'],
        message: ["unknown validator kind 'pakage'; did you mean 'package'? (known kinds: package, script, copy_script, os_case, argument_case, argument_set, all, any)"],
      },
      {
        name: 'an unknown kind far from every known one gets no suggestion',
        yaml: 'validators:\n  - reboot: now\n',
        expect: ['SIP2006 error 2:5'],
        message: ["unknown validator kind 'reboot' (known kinds:"],
      },
      {
        name: 'suggestions for every misspelling of the seed',
        yaml: 'validators:\n  - Package: a\n  - al: []\n  - anyy: []\n  - argument-set: {}\n',
        expect: ['SIP2006 error 2:5', 'SIP2006 error 3:5', 'SIP2006 error 4:5', 'SIP2006 error 5:5'],
        message: ["did you mean 'package'?"],
      },
      {
        name: 'an item with no key (an empty mapping)',
        yaml: 'validators:\n  - {}\n',
        expect: ['SIP2005 error 2:5'],
        message: ['a validator must be a mapping with exactly one key, its kind; found an empty mapping'],
      },
      {
        name: 'an item with two keys',
        yaml: 'validators:\n  - package: a\n    script: b.sh\n',
        expect: ['SIP2005 error 2:5'],
        message: ["found a mapping with keys 'package', 'script'"],
      },
      { name: 'an empty item', yaml: 'validators:\n  - package: a\n  -\n', expect: ['SIP2005 error 3:4'] },
      { name: 'a null item', yaml: 'validators:\n  - ~\n', expect: ['SIP2005 error 2:5'], message: ['found nothing'] },
      { name: 'a plain text item', yaml: 'validators:\n  - setup_java.sh\n', expect: ['SIP2005 error 2:5'], message: ["found the text 'setup_java.sh'"] },
      { name: 'a list item', yaml: 'validators:\n  - [package, a]\n', expect: ['SIP2005 error 2:5'], message: ['found a list'] },
      {
        name: 'bad items nested in all, any, os_case and argument_case are found too',
        yaml: [
          'arguments:',
          '  a: {default: x, choices: [x]}',
          'validators:',
          '  - all:',
          '      - pakage: a',
          '  - any:',
          '      - {}',
          '  - os_case:',
          '      - redhat:',
          '          - scrpt: x',
          '  - argument_case:',
          '      argument_name: a',
          '      cases:',
          '        x:',
          '          - all: [{any: [{os_case: [{ubuntu: [{package: a, script: b}]}]}]}]',
          '',
        ].join('\n'),
        expect: ['SIP2006 error 5:9', 'SIP2005 error 7:9', 'SIP2006 error 10:13', 'SIP2005 error 15:47'],
      },
    ]);
  });

  describe('wrong types at every level (SIP2003)', () => {
    runCases([
      { name: 'arguments: a text', yaml: 'arguments: 3\nvalidators: [{package: a}]\n', expect: ['SIP2003 error 1:12'], message: ["'arguments' must be a mapping, a list or empty, found the text '3'"] },
      { name: 'an argument: a text', yaml: 'arguments:\n  x: 3\nvalidators: [{package: a}]\n', expect: ['SIP2003 error 2:6'], message: ["'x' must be a mapping, found the text '3'"] },
      { name: 'an argument: a list', yaml: 'arguments:\n  x: [default, 3]\nvalidators: [{package: a}]\n', expect: ['SIP2003 error 2:6'] },
      { name: 'an argument: nothing', yaml: 'arguments:\n  x:\nvalidators: [{package: a}]\n', expect: ['SIP2003 error 2:5'], message: ['found nothing'] },
      {
        name: 'every argument property',
        yaml: [
          'arguments:',
          '  x:',
          '    description: [a]',
          '    default: {a: b}',
          '    choices: a',
          '    hidden: [x]',
          '    required: {}',
          '    target_variable: []',
          'validators: [{package: a}]',
          '',
        ].join('\n'),
        expect: ['SIP2003 error 3:18', 'SIP2003 error 4:14', 'SIP2003 error 5:14', 'SIP2003 error 6:13', 'SIP2003 error 7:15', 'SIP2003 error 8:22'],
        message: ["'description' must be a text, found a list"],
      },
      {
        name: 'a flag that is not a boolean says so',
        yaml: 'arguments:\n  x: {default: a, hidden: [x]}\nvalidators: [{package: a}]\n',
        expect: ['SIP2003 error 2:27'],
        message: ["'hidden' must be a boolean (true or false), found a list"],
      },
      {
        name: 'choices that are not texts',
        yaml: 'arguments:\n  x:\n    default: a\n    choices: [a, [b], {c: d}, ~]\nvalidators: [{package: a}]\n',
        expect: ['SIP2003 error 4:18', 'SIP2003 error 4:23', 'SIP2003 error 4:31'],
        message: ["item 2 of 'choices' must be a text, found a list"],
      },
      { name: 'an argument in the list form: a text', yaml: 'arguments:\n  - x\nvalidators: [{package: a}]\n', expect: ['SIP2011 warning 1:1', 'SIP2003 error 2:5'] },
      {
        name: 'an argument in the list form with two names and one bad one',
        yaml: 'arguments:\n  - x: 3\nvalidators: [{package: a}]\n',
        expect: ['SIP2011 warning 1:1', 'SIP2003 error 2:8'],
      },
      {
        name: 'the value of each kind',
        yaml: [
          'validators:',
          '  - package: [[a]]',
          '  - script: [a]',
          '  - copy_script:',
          '  - os_case: redhat',
          '  - argument_case: [a]',
          '  - argument_set: x',
          '  - all: x',
          '  - any: {a: b}',
          '',
        ].join('\n'),
        expect: ['SIP2003 error 2:15', 'SIP2003 error 3:13', 'SIP2003 error 4:17', 'SIP2003 error 5:14', 'SIP2003 error 6:20', 'SIP2003 error 7:19', 'SIP2003 error 8:10', 'SIP2003 error 9:10'],
        message: ["item 1 of 'package' must be a text or a mapping, found a list"],
      },
      {
        name: 'package: nothing',
        yaml: 'validators:\n  - package:\n',
        expect: ['SIP2003 error 2:13'],
        message: ["'package' must be a text, a list or a mapping, found nothing (an empty value)"],
      },
      {
        name: 'script properties',
        yaml: 'validators:\n  - script:\n      x.sh:\n        env_vars: a\n        output: [a]\n        inline: {a: b}\n  - script:\n      y.sh: text\n',
        expect: ['SIP2003 error 4:19', 'SIP2003 error 5:17', 'SIP2003 error 6:17', 'SIP2003 error 8:13'],
        message: ["'env_vars' must be a list, found the text 'a'"],
      },
      {
        name: 'env_vars items',
        yaml: 'validators:\n  - script:\n      x.sh:\n        env_vars: [a, [b], {c: d}]\n',
        expect: ['SIP2003 error 4:23', 'SIP2003 error 4:28'],
      },
      {
        name: 'script and copy_script with an empty path',
        yaml: 'validators:\n  - script: ""\n  - copy_script: ""\n',
        expect: ['SIP2003 error 2:13', 'SIP2003 error 3:18'],
        message: ["'script' must be a non-empty text, found the text ''"],
      },
      {
        name: 'script: more or fewer than one path',
        yaml: 'validators:\n  - script: {}\n  - script: {a.sh: {}, b.sh: {}}\n',
        expect: ['SIP2016 error 2:13', 'SIP2016 error 3:13'],
        message: ["'script' must be a mapping with exactly one key; found an empty mapping"],
      },
      {
        name: 'script properties in the list form with two keys in one item',
        yaml: 'validators:\n  - script:\n      x.sh:\n        - {inline: a, output: b}\n',
        expect: ['SIP2016 error 4:11'],
      },
      {
        name: 'os_case entries',
        yaml: 'validators:\n  - os_case:\n      - redhat: x\n      - a: []\n        b: []\n      - just-text\n      - {}\n',
        expect: ['SIP2003 error 3:17', 'SIP2016 error 4:9', 'SIP2003 error 6:9', 'SIP2016 error 7:9'],
        message: ["'redhat' must be a list, found the text 'x'"],
      },
      {
        name: 'argument_case parts',
        yaml: 'validators:\n  - argument_case:\n      argument_name: [a]\n      cases: [a]\n  - argument_case:\n      argument_name: a\n      cases:\n        x: y\n',
        expect: ['SIP2003 error 3:22', 'SIP2003 error 4:14', 'SIP2003 error 8:12'],
      },
      {
        name: 'argument_case without its keys',
        yaml: 'validators:\n  - argument_case: {}\n  - argument_case: {argument_name: a}\n',
        expect: ['SIP2010 error 2:20', 'SIP2010 error 2:20', 'SIP2010 error 3:20'],
        message: ["'argument_case' is missing the required key"],
      },
      {
        name: 'argument_set parts',
        yaml: 'validators:\n  - argument_set: {argument_name: a, value: {b: c}}\n  - argument_set: {argument_name: a}\n  - argument_set: {value: a}\n',
        expect: ['SIP2003 error 2:45', 'SIP2010 error 3:19', 'SIP2010 error 4:19'],
        message: ["'value' must be a text, found a mapping with the key 'b'"],
      },
      {
        name: 'any: an empty list can never pass',
        yaml: 'validators:\n  - any: []\n',
        expect: ['SIP2003 error 2:5'],
        message: ["'any' must be a non-empty list"],
      },
      {
        name: 'a complex mapping key',
        yaml: 'validators:\n  - argument_case:\n      argument_name: a\n      cases:\n        ? [x]\n        : []\n',
        expect: ['SIP2003 error 5:11'],
        message: ['a mapping key must be a plain text key, found a list'],
      },
    ]);
  });

  describe('package names and versions', () => {
    runCases([
      { name: "a;reboot", yaml: 'validators:\n  - package: a;reboot\n', expect: ['SIP2008 error 2:14'], message: ["package name 'a;reboot' is not allowed"] },
      { name: '$(id)', yaml: 'validators:\n  - package: $(id)\n', expect: ['SIP2008 error 2:14'], message: ["'$(id)'"] },
      { name: '`id`', yaml: 'validators:\n  - package: "`id`"\n', expect: ['SIP2008 error 2:14'] },
      { name: '-rf (an option, not a name)', yaml: 'validators:\n  - package: -rf\n', expect: ['SIP2008 error 2:14'], message: ["'-rf'"] },
      { name: '--reinstall in a list', yaml: 'validators:\n  - package: [curl, --reinstall]\n', expect: ['SIP2008 error 2:21'] },
      { name: 'a name with a space', yaml: 'validators:\n  - package: "a b"\n', expect: ['SIP2008 error 2:14'], message: ["'a b'"] },
      {
        name: 'a name with a newline: shown escaped, the message stays on one line',
        yaml: 'validators:\n  - package: "a\\nreboot"\n',
        expect: ['SIP2008 error 2:14'],
        message: ["package name 'a\\nreboot' is not allowed"],
      },
      { name: 'a name with a tab', yaml: 'validators:\n  - package: "a\\tb"\n', expect: ['SIP2008 error 2:14'], message: ["'a\\tb'"] },
      { name: 'an empty name', yaml: 'validators:\n  - package: ""\n', expect: ['SIP2008 error 2:14'] },
      { name: 'a name starting with a dot', yaml: 'validators:\n  - package: .hidden\n', expect: ['SIP2008 error 2:14'] },
      { name: 'a path as a name', yaml: 'validators:\n  - package: /tmp/x.rpm\n', expect: ['SIP2008 error 2:14'] },
      { name: 'a hostile name as a mapping key', yaml: 'validators:\n  - package:\n      - "$(reboot)": {version: 1}\n', expect: ['SIP2008 error 3:9'], message: ["'$(reboot)'"] },
      { name: 'a hostile name as the single mapping', yaml: 'validators:\n  - package: {"a;b": {version: 1}}\n', expect: ['SIP2008 error 2:15'] },
      {
        name: 'a version with a command',
        yaml: 'validators:\n  - package:\n      - curl: {version: "7.1; rm -rf /"}\n',
        expect: ['SIP2009 error 3:25'],
        message: ["package version '7.1; rm -rf /' is not allowed"],
      },
      { name: 'a version with a space', yaml: 'validators:\n  - package: {curl: {version: "1 2"}}\n', expect: ['SIP2009 error 2:31'] },
      { name: 'an empty version', yaml: 'validators:\n  - package: [{curl: {version: ""}}]\n', expect: ['SIP2009 error 2:32'] },
      { name: 'a version with $', yaml: 'validators:\n  - package: [{curl: {version: $x}}]\n', expect: ['SIP2009 error 2:32'] },
      { name: 'a version that is a list', yaml: 'validators:\n  - package: [{curl: {version: [1]}}]\n', expect: ['SIP2003 error 2:32'] },
      { name: 'a package whose properties are empty (null)', yaml: 'validators:\n  - package: [{curl: }]\n', expect: ['SIP2003 error 2:22'] },
      { name: 'an unknown package property is a warning', yaml: 'validators:\n  - package: [{curl: {versoin: 1}}]\n', expect: ['SIP2004 warning 2:23'], message: ["unknown key 'versoin'"], manifest: true },
      { name: 'two names in one mapping item', yaml: 'validators:\n  - package: [{a: {}, b: {}}]\n', expect: ['SIP2016 error 2:15'] },
      { name: 'an empty package list', yaml: 'validators:\n  - package: []\n', expect: ['SIP2007 error 2:14'], message: ['the package list is empty'] },
      {
        name: 'every bad name of a list is reported, each at its place',
        yaml: 'validators:\n  - package:\n      - ok\n      - a;b\n      - ok2\n      - $(c)\n',
        expect: ['SIP2008 error 4:9', 'SIP2008 error 6:9'],
      },
    ]);
  });

  describe('unknown keys: warnings where Sahara ignored them, errors where its schema refused them', () => {
    runCases([
      { name: 'in an argument: a warning', yaml: 'arguments:\n  a:\n    default: x\n    descripton: y\nvalidators: [{package: a}]\n', expect: ['SIP2004 warning 4:5'], message: ["unknown key 'descripton' in 'a' (known keys: description, default, required, hidden, secret, choices, target_variable)"], manifest: true },
      { name: 'in script properties: a warning', yaml: 'validators:\n  - script:\n      x.sh:\n        env: [a]\n', expect: ['SIP2004 warning 4:9'], message: ["unknown key 'env' in 'x.sh' (known keys: env_vars, arguments, output, inline)"], manifest: true },
      { name: 'in list-form script properties: a warning', yaml: 'validators:\n  - script:\n      x.sh:\n        - env: [a]\n', expect: ['SIP2012 warning 4:9', 'SIP2004 warning 4:11'], manifest: true },
      { name: 'at the root: a warning', yaml: 'validators: [{package: a}]\nversion: 2\n', expect: ['SIP2004 warning 2:1'], manifest: true },
      {
        name: 'in argument_case: an error',
        yaml: 'validators:\n  - argument_case:\n      argument_name: a\n      cases: {}\n      default: [{package: a}]\n',
        expect: ['SIP2019 error 5:7'],
        message: ["unknown key 'default' in 'argument_case' (known keys: argument_name, cases)"],
      },
      {
        name: 'in argument_set: an error',
        yaml: 'validators:\n  - argument_set: {argument_name: a, value: b, other: c}\n',
        expect: ['SIP2019 error 2:48'],
        message: ["unknown key 'other' in 'argument_set' (known keys: argument_name, value)"],
      },
    ]);
  });

  describe('argument flags', () => {
    runCases([
      { name: 'required: maybe', yaml: 'arguments:\n  a:\n    required: maybe\nvalidators: [{package: a}]\n', expect: ['SIP2015 error 3:15'], message: ["'required' must be a boolean (true or false), found 'maybe'"] },
      { name: 'hidden: 1', yaml: 'arguments:\n  a: {default: x, hidden: 1}\nvalidators: [{package: a}]\n', expect: ['SIP2015 error 2:27'] },
      { name: 'required: "maybe" (quoted)', yaml: 'arguments:\n  a: {required: "maybe"}\nvalidators: [{package: a}]\n', expect: ['SIP2015 error 2:17'] },
      { name: 'required: "true" (quoted): a warning only', yaml: 'arguments:\n  a: {required: "true"}\nvalidators: [{package: a}]\n', expect: ['SIP2014 warning 2:17'], manifest: true },
    ]);
  });

  describe('limits', () => {
    it('150 errors in one file: the front end reports the first 100, then SIP1006', () => {
      const lines = ['validators:', ...Array.from({ length: 150 }, (_, i) => `  - package: bad;name${i}`)];
      const dir = mkdtempSync(join(tmpdir(), 'sip-parse-'));
      try {
        const file = join(dir, 'image.yaml');
        writeFileSync(file, lines.join('\n') + '\n');
        expect(parse(lines.join('\n')).diagnostics, 'the parser itself reports all').to.have.length(150);
        const r = loadManifest(file);
        const codes = r.diagnostics.map((d) => d.code);
        expect(codes.filter((c) => c === 'SIP2008')).to.have.length(100);
        expect(codes.at(-1)).to.equal('SIP1006');
        expect(r.diagnostics.at(-1)!.message).to.equal('too many errors: only the first 100 are shown');
        expect(r.diagnostics[99]!.loc?.line).to.equal(101);
        expect(r.manifest).to.equal(undefined);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('deeply nested input (200 levels of all) is parsed without overflowing', () => {
      const depthN = 200;
      let yaml = 'validators:\n';
      for (let i = 0; i < depthN; i++) yaml += `${'  '.repeat(i + 1)}- all:\n`;
      yaml += `${'  '.repeat(depthN + 1)}- package: a\n`;
      const r = parse(yaml);
      expect(shown(r.diagnostics)).to.deep.equal([]);
    });

    it('an alias loop or a billion-laughs style expansion does not hang or blow up', () => {
      const yaml = [
        'a: &a [x, x, x, x, x, x, x, x, x, x]',
        'b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]',
        'c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]',
        'd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]',
        'validators: [{package: a}]',
        '',
      ].join('\n');
      const started = Date.now();
      const r = parse(yaml);
      expect(Date.now() - started).to.be.lessThan(5000);
      expect(r.diagnostics.every((d) => d.code === 'SIP2004')).to.equal(true);
    });

    it('a billion-laughs document stops expanding aliases with SIP1008, instead of exhausting memory', () => {
      const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 9; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
      const r = parse([...levels, 'validators: [{package: a}]', ''].join('\n'));
      expect(r.diagnostics.filter((d) => d.code === 'SIP1008')).to.have.length(1);
      expect(r.diagnostics.find((d) => d.code === 'SIP1008')!.message).to.contain('aliases expanded this many times');
    });
  });
});
