// Plugin discovery: --plugin-dir, npm packages, names found twice, broken plugins reported
// unusable with the reason while the others keep working.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { defaultNodeModules, discoverPlugins } from '../../compiler/plugins/discover.js';
import { bundledPluginDir, findPluginVersion } from '../../compiler/plugins/registry.js';
import { inProcess } from '../cli/run-cli.js';

const MANIFEST = `arguments:
  greeting:
    description: what to say
    default: hello
validators:
  - script:
      say.sh:
        env_vars: [greeting]
`;

/** A plugin.yaml plugin named `name` in `dir/name`. */
function yamlPlugin(dir: string, name: string, yaml = `name: ${name}\ndescription: test plugin ${name}\nversions:\n  "1.0":\n    manifest: image.yaml\n`): string {
  const p = join(dir, name);
  mkdirSync(p, { recursive: true });
  writeFileSync(join(p, 'plugin.yaml'), yaml);
  writeFileSync(join(p, 'image.yaml'), MANIFEST);
  writeFileSync(join(p, 'say.sh'), '#!/bin/bash\nprintf "%s\\n" "$greeting"\n');
  return p;
}

describe('plugins: discovery', function () {
  this.timeout(60_000);
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'sip-plugins-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--plugin-dir adds plugins beside the bundled ones; each says where it was found', async () => {
    yamlPlugin(join(dir, 'a'), 'alpha');
    yamlPlugin(join(dir, 'b'), 'beta');
    const r = await inProcess(['plugins', '--plugin-dir', join(dir, 'a'), '--plugin-dir', join(dir, 'b')]);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.contain('alpha — test plugin alpha');
    expect(r.stdout).to.contain(`(--plugin-dir ${join(dir, 'b')}; plugin.yaml)`);
    expect(r.stdout).to.contain('demo — ');
    expect(r.stdout).to.match(/from \S*plugins\/demo \(bundled; plugin.yaml\)/);
    const c = await inProcess(['compile', 'beta', '1.0', '--plugin-dir', join(dir, 'b')]);
    expect(c.code, c.stderr).to.equal(0);
    expect(c.stdout).to.match(/^#!\/bin\/bash/);
  });

  it('a --plugin-dir that does not exist is a usage error naming it', async () => {
    const r = await inProcess(['plugins', '--plugin-dir', join(dir, 'nope')]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain(`--plugin-dir ${join(dir, 'nope')}: no such directory`);
  });

  it('a name found twice is an error naming both places; the other plugins keep working', async () => {
    yamlPlugin(join(dir, 'a'), 'twin');
    yamlPlugin(join(dir, 'b'), 'twin');
    const argv = ['--plugin-dir', join(dir, 'a'), '--plugin-dir', join(dir, 'b')];
    const list = await inProcess(['plugins', ...argv]);
    expect(list.code).to.equal(2);
    expect(list.stdout).to.contain(`twin: ERROR: found twice: ${join(dir, 'a', 'twin')} (--plugin-dir ${join(dir, 'a')}) and ${join(dir, 'b', 'twin')} (--plugin-dir ${join(dir, 'b')})`);
    expect(list.stdout).to.contain('demo — ');
    const use = await inProcess(['compile', 'twin', '1.0', ...argv]);
    expect(use.code).to.equal(2);
    expect(use.stderr).to.contain(`plugin 'twin' is found twice: ${join(dir, 'a', 'twin')}`);
    expect(use.stderr).to.contain(`and ${join(dir, 'b', 'twin')}`);
    const other = await inProcess(['compile', 'demo', '1.0', ...argv]);
    expect(other.code, other.stderr).to.equal(0);
  });

  it('a plugin named like the bundled one is found twice too (no silent shadowing)', async () => {
    cpSync(join(bundledPluginDir(), 'demo'), join(dir, 'demo'), { recursive: true });
    const r = await inProcess(['compile', 'demo', '1.0', '--plugin-dir', dir]);
    expect(r.code).to.equal(2);
    expect(r.stderr).to.contain("plugin 'demo' is found twice");
    expect(r.stderr).to.contain('(bundled)');
  });

  it('the bundled folder given again as --plugin-dir is the same plugins, not duplicates', async () => {
    const r = await inProcess(['compile', 'demo', '1.0', '--plugin-dir', bundledPluginDir()]);
    expect(r.code, r.stderr).to.equal(0);
  });

  it('broken plugins are listed unusable with the reason; using one says why; the others work', async () => {
    yamlPlugin(dir, 'good');
    yamlPlugin(dir, 'badyaml', 'name: badyaml\nversions: {"1.0": [unclosed\n');
    yamlPlugin(dir, 'outside', 'versions:\n  "1.0":\n    manifest: ../good/image.yaml\n');
    yamlPlugin(dir, 'typo', 'versions:\n  "1.0":\n    manifset: image.yaml\n');
    yamlPlugin(dir, 'throws', 'module: plugin.mjs\n');
    writeFileSync(join(dir, 'throws', 'plugin.mjs'), "throw new Error('boom at load');\n");
    yamlPlugin(dir, 'check', 'versions: {"1.0": {}}\n');
    const list = await inProcess(['plugins', '--plugin-dir', dir]);
    expect(list.code, list.stderr).to.equal(0);
    const lines = list.stdout.split('\n');
    const line = (name: string) => lines.find((l) => l.startsWith(`${name}: UNUSABLE`)) ?? '';
    expect(line('badyaml')).to.contain(join(dir, 'badyaml', 'plugin.yaml'));
    expect(line('outside')).to.contain("manifest '../good/image.yaml' is outside the plugin folder");
    expect(line('typo')).to.contain("unknown key 'manifset'");
    expect(line('throws')).to.contain('its module plugin.mjs failed to load: boom at load');
    expect(line('check')).to.contain("'check' is a command name and cannot name a plugin");
    expect(list.stdout).to.contain('good — test plugin good');
    const use = await inProcess(['compile', 'throws', '1.0', '--plugin-dir', dir]);
    expect(use.code).to.equal(2);
    expect(use.stderr).to.contain(`plugin 'throws' (${join(dir, 'throws')}) cannot be used: its module plugin.mjs failed to load: boom at load`);
    const good = await inProcess(['compile', 'good', '1.0', '--plugin-dir', dir]);
    expect(good.code, good.stderr).to.equal(0);
  });

  it('installed npm packages that declare themselves plugins (keyword, or the package.json field)', async () => {
    const nm = join(dir, 'project', 'node_modules');
    const kw = join(nm, 'sip-plugin-kw');
    yamlPlugin(kw, 'kwplug');
    writeFileSync(join(kw, 'package.json'), JSON.stringify({ name: 'sip-plugin-kw', keywords: ['sahara-image-pack-plugin'] }));
    const scoped = join(nm, '@acme', 'hadoop-images');
    yamlPlugin(join(scoped, 'lib', 'plugins'), 'acme');
    writeFileSync(join(scoped, 'package.json'), JSON.stringify({ name: '@acme/hadoop-images', 'sahara-image-pack': { plugins: 'lib/plugins' } }));
    const plain = join(nm, 'left-pad');
    yamlPlugin(plain, 'notaplugin');
    writeFileSync(join(plain, 'package.json'), JSON.stringify({ name: 'left-pad' }));
    mkdirSync(join(dir, 'project', 'src'));
    const modules = defaultNodeModules(join(dir, 'project', 'src'), bundledPluginDir());
    expect(modules[0]).to.equal(nm);
    const found = await discoverPlugins([], { nodeModules: modules });
    expect(found.plugins.map((p) => `${p.name} (${p.origin})`).sort()).to.deep.equal(['acme (npm package @acme/hadoop-images)', 'kwplug (npm package sip-plugin-kw)']);
    expect(findPluginVersion(found, 'acme', '1.0').manifest).to.equal(join(scoped, 'lib', 'plugins', 'acme', 'image.yaml'));
  });

  it('the tool installed as a package: its own node_modules folder is searched too', () => {
    expect(defaultNodeModules('/', '/usr/lib/node_modules/sahara-image-pack')).to.deep.equal(['/usr/lib/node_modules']);
    expect(defaultNodeModules('/', '/x/node_modules/@scope/sahara-image-pack')).to.deep.equal(['/x/node_modules']);
  });
});
