/**
 * `sahara-image-pack check FILE` end to end: exit 0 for clean manifests (warnings allowed),
 * exit 2 on errors, the diagnostics on stderr exactly as in the baselines, and never a stack
 * trace, whatever the input. The CLI runs from source (tsx), in the repository root.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { expect } from 'chai';
import { fixtureNames, INVALID_DIR, manifestPath, REPO_ROOT, VALID_DIR } from '../parse/helpers.js';
import { inProcess } from './run-cli.js';

interface Run {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

const RUNNER = "const { main } = await import('./cli/main.ts'); process.exitCode = await main(process.argv.slice(1));";

/** Run the CLI from source with these arguments, in the repository root. */
function cli(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', RUNNER, '--', ...args],
      { cwd: REPO_ROOT, env: { ...process.env, NO_COLOR: '1', ...env }, maxBuffer: 16 * 1024 * 1024, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : null) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

/** A stack trace line (`    at fn (file:1:2)`) or a Node error banner means an exception escaped. */
function expectNoCrash(r: Run, what: string): void {
  expect(r.stderr, `${what}: no stack trace`).to.not.match(/^\s+at .+[:(]\d+/m);
  expect(r.stderr, `${what}: no internal error`).to.not.match(/internal error|TypeError|ReferenceError|RangeError|Unhandled/);
  expect(r.code, `${what}: exit status (stderr: ${r.stderr.slice(0, 400)})`).to.be.oneOf([0, 2]);
}

const rel = (file: string): string => relative(REPO_ROOT, file);

describe('cli/check', function () {
  this.timeout(120_000);

  const valid = fixtureNames(VALID_DIR);
  const invalid = fixtureNames(INVALID_DIR);
  const runs = new Map<string, Run>();
  const processRuns = new Map<string, Run>();
  /** Jobs also run as separate node processes. */
  const PROCESS_RUNS = [
    'valid:seed-sample',
    'invalid:yaml-syntax',
    'invalid:hostile-packages',
    'bad:binary.yaml',
    'bad:latin1.yaml',
    'bad:a-directory',
    'bad:missing',
    'bad:deep.yaml',
    'bad:many-errors.yaml',
    'usage:none',
  ];
  let scratch: string;

  const bad: Record<string, string | Buffer> = {
    'empty.yaml': '',
    'comments.yaml': '# nothing\n\n   \n',
    'unclosed.yaml': 'validators:\n  - package: [a, b\n',
    'tabs.yaml': 'validators:\n\t- package: a\n',
    'root-list.yaml': '- package: a\n',
    'binary.yaml': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00, 0x00]),
    'latin1.yaml': Buffer.concat([Buffer.from('validators:\n  - package: caf'), Buffer.from([0xe9]), Buffer.from('\n')]),
    'hostile.yaml': 'validators:\n  - package: "a\\n\\u001b[31mreboot"\n  - package: $(reboot)\n',
    'many-errors.yaml': ['validators:', ...Array.from({ length: 150 }, (_, i) => `  - package: bad;${i}`)].join('\n') + '\n',
    'deep.yaml': 'validators:\n' + Array.from({ length: 300 }, (_, i) => `${'  '.repeat(i + 1)}- all:\n`).join('') + `${'  '.repeat(301)}- package: a\n`,
    'aliases.yaml': 'a: &a [x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b]\nvalidators: *c\n',
  };

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'sip-cli-check-'));
    for (const [name, content] of Object.entries(bad)) writeFileSync(join(scratch, name), content);
    mkdirSync(join(scratch, 'a-directory'));
    const jobs: [string, string[]][] = [
      ...valid.map((n): [string, string[]] => [`valid:${n}`, ['check', rel(manifestPath(VALID_DIR, n))]]),
      ...invalid.map((n): [string, string[]] => [`invalid:${n}`, ['check', rel(manifestPath(INVALID_DIR, n))]]),
      ...Object.keys(bad).map((n): [string, string[]] => [`bad:${n}`, ['check', join(scratch, n)]]),
      ['bad:a-directory', ['check', join(scratch, 'a-directory')]],
      ['bad:missing', ['check', join(scratch, 'missing.yaml')]],
      ['json:invalid', ['check', rel(manifestPath(INVALID_DIR, 'hostile-packages')), '--format', 'json']],
      ['json:valid', ['check', rel(manifestPath(VALID_DIR, 'seed-sample')), '--format=json']],
      ['usage:none', ['check']],
      ['usage:format', ['check', rel(manifestPath(VALID_DIR, 'seed-sample')), '--format', 'xml']],
    ];
    for (const [key, args] of jobs) runs.set(key, await inProcess(args));
    // The same CLI as real processes for the inputs most likely to crash (a few at a time:
    // each is a node process): the exit status and stderr must be the same.
    const queue = PROCESS_RUNS.filter((k) => runs.has(k)).map((k) => [k, jobs.find((j) => j[0] === k)![1]] as const);
    const worker = async (): Promise<void> => {
      for (let job = queue.shift(); job; job = queue.shift()) processRuns.set(job[0], await cli(job[1]));
    };
    await Promise.all(Array.from({ length: 3 }, worker));
  });

  after(() => rmSync(scratch, { recursive: true, force: true }));

  const run = (key: string): Run => {
    const r = runs.get(key);
    expect(r, key).to.not.equal(undefined);
    return r!;
  };

  describe('valid fixtures: exit 0', () => {
    for (const name of valid) {
      it(name, () => {
        const r = run(`valid:${name}`);
        expectNoCrash(r, name);
        expect(r.code, r.stderr).to.equal(0);
        expect(r.stdout).to.equal('');
        expect(r.stderr).to.match(/: 0 errors, \d+ warnings?(, \d+ notes?)? \(ok\)\n$/);
      });
    }

    it('the design document sample checks clean: nothing but the summary', () => {
      const r = run('valid:seed-sample');
      expect(r.stderr).to.equal('test/fixtures/manifests/valid/seed-sample/image.yaml: 0 errors, 0 warnings (ok)\n');
    });
  });

  describe('invalid fixtures: exit 2, stderr exactly as the baseline', () => {
    for (const name of invalid) {
      it(name, () => {
        const r = run(`invalid:${name}`);
        expectNoCrash(r, name);
        expect(r.code).to.equal(2);
        const baseline = readFileSync(join(REPO_ROOT, 'test', 'baselines', 'diagnostics', `${name}.errors.txt`), 'utf8');
        expect(r.stderr).to.equal(baseline);
      });
    }
  });

  describe('hostile and broken input: exit 2, one clear diagnostic, no stack trace', () => {
    const expectations: [string, string, RegExp][] = [
      ['empty.yaml', 'SIP1003', /empty\.yaml:1:1: error SIP1003: the manifest is empty/],
      ['comments.yaml', 'SIP1003', /comments\.yaml:1:1: error SIP1003/],
      ['unclosed.yaml', 'SIP1001', /unclosed\.yaml:3:1: error SIP1001: YAML syntax error/],
      ['tabs.yaml', 'SIP1001', /tabs\.yaml:2:1: error SIP1001: YAML syntax error: Tabs are not allowed as indentation/],
      ['root-list.yaml', 'SIP2001', /root-list\.yaml:1:1: error SIP2001/],
      ['binary.yaml', 'SIP1004', /binary\.yaml:1:8: error SIP1004: the file is not a text manifest \(it contains NUL bytes/],
      ['latin1.yaml', 'SIP1004', /latin1\.yaml:2:17: error SIP1004: .*not valid UTF-8/],
      ['a-directory', 'SIP1005', /error SIP1005: cannot read .*a-directory: it is a directory/],
      ['missing', 'SIP1005', /error SIP1005: cannot read .*missing\.yaml: no such file/],
    ];
    for (const [name, code, pattern] of expectations) {
      it(`${name}: ${code}`, () => {
        const r = run(`bad:${name}`);
        expectNoCrash(r, name);
        expect(r.code).to.equal(2);
        expect(r.stderr).to.match(pattern);
        expect(r.stderr).to.contain(`error ${code}:`);
        expect(r.stdout).to.equal('');
      });
    }

    it('control characters in a hostile package name are escaped, not sent to the terminal', () => {
      const r = run('bad:hostile.yaml');
      expectNoCrash(r, 'hostile');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.not.contain('\u001b');
      expect(r.stderr).to.contain("package name 'a\\n\\x1b[31mreboot' is not allowed");
      expect(r.stderr).to.contain("package name '$(reboot)' is not allowed");
    });

    it('150 errors: the first 100, then SIP1006', () => {
      const r = run('bad:many-errors.yaml');
      expectNoCrash(r, 'many errors');
      expect(r.code).to.equal(2);
      expect(r.stderr.match(/error SIP2008/g)).to.have.length(100);
      expect(r.stderr).to.match(/error SIP1006: too many errors: only the first 100 are shown/);
    });

    it('300 levels of nesting: no stack overflow', () => {
      const r = run('bad:deep.yaml');
      expectNoCrash(r, 'deep');
      expect(r.code, r.stderr).to.equal(0);
    });

    it('aliases that expand: handled quickly', () => {
      const r = run('bad:aliases.yaml');
      expectNoCrash(r, 'aliases');
    });
  });

  describe('as a separate process: same exit status and output, no stack trace', () => {
    for (const key of PROCESS_RUNS) {
      it(key, () => {
        const p = processRuns.get(key);
        expect(p, key).to.not.equal(undefined);
        expectNoCrash(p!, key);
        const r = run(key);
        expect([p!.code, p!.stdout, p!.stderr]).to.deep.equal([r.code, r.stdout, r.stderr]);
      });
    }
  });

  describe('--format json', () => {
    it('prints the diagnostics as JSON on stdout, exit 2 on errors', () => {
      const r = run('json:invalid');
      expect(r.code).to.equal(2);
      const out = JSON.parse(r.stdout) as { ok: boolean; file: string; diagnostics: { code: string; line: number; column: number; severity: string }[] };
      expect(out.ok).to.equal(false);
      expect(out.file).to.equal('test/fixtures/manifests/invalid/hostile-packages/image.yaml');
      expect(out.diagnostics[0]).to.include({ code: 'SIP2008', severity: 'error', line: 3, column: 14 });
      expect(out.diagnostics.map((d) => d.code)).to.include.members(['SIP2007', 'SIP2009']);
    });

    it('ok: true and no diagnostics for the seed sample, exit 0', () => {
      const r = run('json:valid');
      expect(r.code).to.equal(0);
      expect(JSON.parse(r.stdout)).to.deep.include({ ok: true, diagnostics: [] });
    });
  });

  describe('usage errors: exit 2 with a one-line reason', () => {
    it('no manifest', () => {
      const r = run('usage:none');
      expectNoCrash(r, 'usage');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.match(/^sahara-image-pack: /);
    });

    it('an unknown --format', () => {
      const r = run('usage:format');
      expectNoCrash(r, 'format');
      expect(r.code).to.equal(2);
      expect(r.stderr).to.contain('--format must be text or json');
    });
  });
});
