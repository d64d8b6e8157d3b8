// The plugin SPI (compiler/plugins/spi.ts): a plugin.yaml-only folder and a JS module plugin
// both answer getImageArguments / packImage / validateImages; a remote is a Runner.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'chai';
import { parseArgs } from '../../cli/args.js';
import { PLUGIN_OPTIONS, pluginContext, type PluginContext } from '../../cli/plugin-context.js';
import { imagePluginOf } from '../../cli/plugin-spi.js';
import { findPlugin } from '../../compiler/plugins/registry.js';
import { parseReport, type ProgramToRun, type Runner, type RunResult } from '../../runners/runner.js';
import { inProcess } from '../cli/run-cli.js';

/**
 * A remote that runs the program with this machine's bash (test-only runs of a manifest whose
 * only step is a script writing into a temp folder): what the SPI hands a runner, for real.
 */
class LocalBash implements Runner {
  readonly seen: ProgramToRun[] = [];
  constructor(private readonly dir: string, private readonly name: string) {}
  async run(program: ProgramToRun): Promise<RunResult> {
    this.seen.push(program);
    const file = join(this.dir, `${this.name}.sh`);
    const report = join(this.dir, `${this.name}.jsonl`);
    writeFileSync(file, program.text);
    const t0 = Date.now();
    const r = await promisify(execFile)('bash', [file, ...program.args, '--report', report], { env: { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...program.env } }).then(
      (x) => ({ code: 0, stderr: x.stderr }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? 1, stderr: e.stderr ?? '' }),
    );
    return { target: this.name, exitCode: r.code, output: r.stderr, report: parseReport(readFileSync(report, 'utf8')), durationMs: Date.now() - t0 };
  }
}

const MANIFEST = (out: string) => `arguments:
  greeting:
    description: what to write
    default: hello
  x:
    description: a one-letter argument
    default: "1"
  secret_token:
    description: hidden from --help
    default: t
    hidden: true
validators:
  - script:
      write.sh:
        env_vars: [greeting, x]
        inline: printf '%s %s\\n' "$greeting" "$x" >>${out}
`;

const root = process.getuid?.() === 0 ? describe : describe.skip; // the program runs as root only

root('plugins: the SPI, for plugin.yaml folders and module plugins', function () {
  this.timeout(60_000);
  let dir: string;
  let context: PluginContext;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sip-spi-'));
    const plugins = join(dir, 'plugins');
    // plugin.yaml only
    mkdirSync(join(plugins, 'plain'), { recursive: true });
    writeFileSync(join(plugins, 'plain', 'plugin.yaml'), 'versions:\n  "1.0":\n    arguments: {greeting: baked}\n');
    writeFileSync(join(plugins, 'plain', 'image.yaml'), MANIFEST(join(dir, 'plain.out')));
    // a module plugin: its own versions, an extra argument in getImageArguments, and a
    // packImage that upper-cases the greeting before the default implementation runs
    mkdirSync(join(plugins, 'mod'), { recursive: true });
    writeFileSync(join(plugins, 'mod', 'image.yaml'), MANIFEST(join(dir, 'mod.out')));
    writeFileSync(
      join(plugins, 'mod', 'plugin.mjs'),
      `export default {
  name: 'modplug',
  description: 'a module plugin',
  versions: { '2.0': { manifest: 'image.yaml' }, '2.1': {} },
  async getImageArguments(version, defaults) {
    return [...(await defaults.getImageArguments(version)), { name: 'extra', description: 'added by the module for ' + version, required: false, hidden: false, secret: false }];
  },
  packImage(version, remote, options, defaults) {
    const args = { ...options.imageArguments };
    if (args.greeting !== undefined) args.greeting = args.greeting.toUpperCase();
    return defaults.packImage(version, remote, { ...options, imageArguments: args });
  },
};
`,
    );
    // a module whose methods throw: one line naming it, not a stack trace
    mkdirSync(join(plugins, 'buggy'), { recursive: true });
    writeFileSync(join(plugins, 'buggy', 'image.yaml'), MANIFEST(join(dir, 'buggy.out')));
    writeFileSync(
      join(plugins, 'buggy', 'plugin.mjs'),
      "export const versions = { '1.0': {} };\nexport function packImage() { throw new TypeError('x is undefined'); }\nexport function getImageArguments() { return 'not a list'; }\n",
    );
    context = await pluginContext(parseArgs(['--plugin-dir', plugins], PLUGIN_OPTIONS));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('getImageArguments: the manifest\'s arguments with the plugin\'s baked values as defaults', async () => {
    const spi = imagePluginOf(findPlugin(context.plugins, 'plain'), context);
    expect(spi.getVersions()).to.deep.equal(['1.0']);
    const args = await spi.getImageArguments('1.0');
    expect(args.map((a) => [a.name, a.default, a.hidden])).to.deep.equal([
      ['greeting', 'baked', false],
      ['x', '1', false],
      ['secret_token', 't', true],
    ]);
  });

  it('packImage compiles the version and runs it on the remote, test-only and with image arguments', async () => {
    const spi = imagePluginOf(findPlugin(context.plugins, 'plain'), context);
    const remote = new LocalBash(dir, 'one');
    const r = await spi.packImage('1.0', remote, { testOnly: true, imageArguments: { x: '42' } });
    expect(r.exitCode, r.output).to.equal(0);
    expect(remote.seen[0]!.args).to.deep.equal(['--test-only', '--x', '42']);
    expect(readFileSync(join(dir, 'plain.out'), 'utf8')).to.equal('baked 42\n');
    expect(r.report.at(-1)).to.include({ event: 'summary', mode: 'test-only' });
  });

  it('validateImages runs the cluster\'s version on every remote of the cluster', async () => {
    const spi = imagePluginOf(findPlugin(context.plugins, 'plain'), context);
    rmSync(join(dir, 'plain.out'), { force: true });
    const results = await spi.validateImages({ version: '1.0', remotes: [new LocalBash(dir, 'n1'), new LocalBash(dir, 'n2')] }, { testOnly: true, imageArguments: { greeting: 'hi' } });
    expect(results.map((r) => [r.target, r.exitCode])).to.deep.equal([
      ['n1', 0],
      ['n2', 0],
    ]);
    expect(readFileSync(join(dir, 'plain.out'), 'utf8')).to.equal('hi 1\nhi 1\n');
  });

  it('a module plugin: its name, versions and methods replace the defaults, which it can still call', async () => {
    const p = findPlugin(context.plugins, 'modplug');
    expect(p.layout).to.equal('module');
    const spi = imagePluginOf(p, context);
    expect(spi.getVersions()).to.deep.equal(['2.0', '2.1']);
    expect((await spi.getImageArguments('2.1')).map((a) => a.name)).to.deep.equal(['greeting', 'x', 'secret_token', 'extra']);
    const r = await spi.packImage('2.0', new LocalBash(dir, 'm'), { testOnly: true, imageArguments: { greeting: 'loud' } });
    expect(r.exitCode, r.output).to.equal(0);
    expect(readFileSync(join(dir, 'mod.out'), 'utf8')).to.equal('LOUD 1\n');
  });

  it('PLUGIN VERSION --help goes through getImageArguments: hidden ones hidden, -x for a one-letter name', async () => {
    const help = await inProcess(['--plugin-dir', join(dir, 'plugins'), 'modplug', '2.0', '--help']);
    expect(help.code, help.stderr).to.equal(0);
    expect(help.stdout).to.contain('  --greeting VALUE\n      what to write (default: hello)');
    expect(help.stdout).to.contain('  -x VALUE\n      a one-letter argument (default: 1)');
    expect(help.stdout).to.contain('  --extra VALUE\n      added by the module for 2.0 (optional)');
    expect(help.stdout).to.not.contain('secret_token');
  });

  it('a module method that throws, or answers nonsense, is one line naming the plugin and the method (exit 2)', async () => {
    const help = await inProcess(['--plugin-dir', join(dir, 'plugins'), 'buggy', '1.0', '--help']);
    expect(help.code).to.equal(2);
    expect(help.stderr).to.contain(`plugin 'buggy' (${join(dir, 'plugins', 'buggy', 'plugin.mjs')}): its getImageArguments must return a list`);
    const pack = await inProcess(['--plugin-dir', join(dir, 'plugins'), '--image', join(dir, 'x.qcow2'), 'buggy', '1.0']);
    expect(pack.code).to.equal(2);
    expect(pack.stderr.split('\n')[0]).to.equal(`sahara-image-pack: plugin 'buggy' (${join(dir, 'plugins', 'buggy', 'plugin.mjs')}): its packImage failed: x is undefined`);
  });
});
