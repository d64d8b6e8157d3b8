// --config-file: Sahara's INI style; [DEFAULT] plugins enables plugins; the tool's section
// (plugin dirs, libguestfs and runner settings, SSH options); per-plugin argument defaults;
// later files win; unknown keys warn; a bad file fails naming FILE:LINE.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { ConfigError, configArguments, parseIni, readConfigFiles } from '../../cli/config-file.js';
import { imageRunnerOptions } from '../../cli/commands/run.js';
import { parseArgs } from '../../cli/args.js';
import { inProcess } from './run-cli.js';

describe('cli: --config-file', function () {
  this.timeout(60_000);
  let dir: string;
  const file = (name: string, text: string) => {
    const f = join(dir, name);
    writeFileSync(f, text);
    return f;
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-config-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('parses sections, both separators, comments and indented continuation lines', () => {
    const e = parseIni('# c\n[DEFAULT]\nplugins = a,\n  b\n; c\n[x]\nk: v\n', 'f.conf');
    expect(e.map((x) => [x.section, x.key, x.value, x.line])).to.deep.equal([
      ['DEFAULT', 'plugins', 'a,\nb', 3],
      ['x', 'k', 'v', 7],
    ]);
  });

  it('a bad file fails naming FILE:LINE; a missing one says so', () => {
    expect(() => parseIni('[DEFAULT]\nplugins = a\nthis is not ini\n', 'f.conf')).to.throw(ConfigError, /^f\.conf:3: not 'key = value'/);
    expect(() => parseIni('plugins = a\n', 'f.conf')).to.throw(ConfigError, /^f\.conf:1: 'plugins' comes before any \[section\]/);
    expect(() => parseIni('[DEFAULT]\n  stray\n', 'f.conf')).to.throw(ConfigError, /^f\.conf:2: an indented line/);
    expect(() => readConfigFiles([join(dir, 'none.conf')])).to.throw(ConfigError, /none\.conf: no such file/);
    const bad = file('bad.conf', '[sahara_image_pack]\ntimeout = soon\n');
    expect(() => readConfigFiles([bad])).to.throw(ConfigError, new RegExp(`^${bad}:2: timeout wants a positive number of seconds, not 'soon'`));
  });

  it('the CLI reports a bad config file in one line, exit 2', async () => {
    const bad = file('bad.conf', '[DEFAULT]\n= x\n');
    const r = await inProcess(['compile', 'demo', '1.0', '--config-file', bad]);
    expect(r.code).to.equal(2);
    expect(r.stderr.split('\n')[0]).to.equal(`sahara-image-pack: ${bad}:2: not 'key = value', '[section]' or a comment: = x`);
  });

  it('unknown keys of the tool\'s sections warn; Sahara\'s own keys and sections are left alone', async () => {
    const f = file('s.conf', '[DEFAULT]\ndebug = true\n[database]\nconnection = mysql://x\n[sahara_image_pack]\nplugin_dir = x\n');
    const c = readConfigFiles([f]);
    expect(c.warnings).to.deep.equal([`${f}:6: warning: unknown key 'plugin_dir' in [sahara_image_pack] (keys: plugin_dirs, libguestfs_backend, libguestfs_backend_settings, launch_timeout, timeout, network, ssh_user, ssh_port, ssh_identity_file, ssh_options); ignored`]);
    const r = await inProcess(['compile', 'demo', '1.0', '--config-file', f]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stderr).to.contain("warning: unknown key 'plugin_dir'");
  });

  it('[DEFAULT] plugins selects the enabled plugins, as in sahara.conf; later files win', async () => {
    mkdirSync(join(dir, 'p', 'other'), { recursive: true });
    writeFileSync(join(dir, 'p', 'other', 'plugin.yaml'), 'versions: {"1.0": {}}\n');
    writeFileSync(join(dir, 'p', 'other', 'image.yaml'), 'validators: []\n');
    const only = file('only-other.conf', '[DEFAULT]\nplugins = other\n[sahara_image_pack]\nplugin_dirs = p\n');
    const r = await inProcess(['compile', 'demo', '1.0', '--config-file', only]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`plugin 'demo' is not enabled (${only}:2: plugins = other)`);
    const ok = await inProcess(['compile', 'other', '1.0', '--config-file', only]);
    expect(ok.code, ok.stderr).to.equal(0);
    const both = file('both.conf', '[DEFAULT]\nplugins = demo, other\n');
    const later = await inProcess(['compile', 'demo', '1.0', '--config-file', only, '--config-file', both]);
    expect(later.code, later.stderr).to.equal(0);
    const list = await inProcess(['plugins', '--config-file', only]);
    expect(list.stdout).to.contain(`not enabled by ${only}:2`);
  });

  it('per-plugin argument defaults ([plugin:NAME], [plugin:NAME:VERSION]) are baked in; the command line wins', async () => {
    const f = file('args.conf', '[plugin:demo]\ngreeting = from the config\njava_distro = none\n[plugin:demo:1.0]\ngreeting = for 1.0\n');
    const c = readConfigFiles([f]);
    expect([...configArguments(c, 'demo', '1.0')].map(([k, v]) => [k, v.value])).to.deep.equal([
      ['greeting', 'for 1.0'],
      ['java_distro', 'none'],
    ]);
    const r = await inProcess(['compile', 'demo', '1.0', '--config-file', f]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain("'for 1.0'");
    const help = await inProcess(['--config-file', f, 'demo', '1.0', '--help']);
    expect(help.stdout).to.contain('default: for 1.0');
    const cli = await inProcess(['compile', 'demo', '1.0', '--config-file', f, '--greeting', 'from the command line']);
    expect(cli.stdout).to.contain("'from the command line'");
    expect(cli.stdout).to.not.contain("'for 1.0'");
    const bad = file('bad-args.conf', '[plugin:demo]\njava_distro = oracle\n');
    const refused = await inProcess(['compile', 'demo', '1.0', '--config-file', bad]);
    expect(refused.code).to.equal(2);
    expect(refused.stderr.split('\n')[0]).to.equal(`sahara-image-pack: ${bad}:2: 'oracle' is not one of the choices of java_distro (demo 1.0): openjdk, none`);
    const unknown = file('unknown-args.conf', '[plugin:demo]\ngretting = hi\njava-distro = none\n');
    const warned = await inProcess(['--config-file', unknown, 'demo', '1.0', '--help']);
    expect(warned.code, warned.stderr).to.equal(0);
    expect(warned.stderr).to.equal(`sahara-image-pack: ${unknown}:2: warning: demo 1.0 has no argument 'gretting' (arguments: --greeting, --java_distro); ignored\n`);
    expect(warned.stdout).to.contain('(default: none; choices: openjdk, none)');
  });

  it('the tool\'s section: plugin dirs (relative to the file), image runner settings, SSH options', () => {
    const f = file('tool.conf', '[sahara_image_pack]\nplugin_dirs = a, /abs/b\nlibguestfs_backend_settings = force_tcg\nlaunch_timeout = 90\ntimeout = 600\nnetwork = no\nssh_user = cloud-user\nssh_port = 2222\n');
    const c = readConfigFiles([f]);
    expect(c.pluginDirs.map((d) => d.value)).to.deep.equal([join(dir, 'a'), '/abs/b']);
    expect(c.image).to.deep.equal({ backendSettings: 'force_tcg', launchTimeoutSec: 90, timeoutSec: 600, network: false });
    expect(c.ssh).to.deep.equal({ ssh_user: 'cloud-user', ssh_port: '2222' });
    const saved = process.env['LIBGUESTFS_BACKEND_SETTINGS'];
    delete process.env['LIBGUESTFS_BACKEND_SETTINGS'];
    try {
      const spec = { timeout: { value: true }, 'launch-timeout': { value: true }, 'no-network': {}, 'root-filesystem': { value: true } };
      expect(imageRunnerOptions(parseArgs([], spec), c, 'x.img')).to.deep.equal({ image: 'x.img', network: false, launchTimeoutSec: 90, timeoutSec: 600 });
      expect(process.env['LIBGUESTFS_BACKEND_SETTINGS']).to.equal('force_tcg');
      expect(imageRunnerOptions(parseArgs(['--timeout', '5'], spec), c, 'x.img').timeoutSec).to.equal(5);
    } finally {
      if (saved === undefined) delete process.env['LIBGUESTFS_BACKEND_SETTINGS'];
      else process.env['LIBGUESTFS_BACKEND_SETTINGS'] = saved;
    }
    expect(() => readConfigFiles([file('p.conf', '[sahara_image_pack]\nssh_port = 70000\n')])).to.throw(ConfigError, /:2: ssh_port wants a port number/);
  });
});
