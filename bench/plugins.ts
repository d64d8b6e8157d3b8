/**
 * Plugin lookup benchmark: what finding the plugins costs a `PLUGIN VERSION` command, measured
 * side by side in the same run: the bundled folder alone (the baseline), then with the npm
 * package scan (node_modules of the current directory and its parents), then with 200 more
 * plugin.yaml plugins in a --plugin-dir.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { packageRoot } from '../compiler/package-root.js';
import { defaultNodeModules, discoverPlugins, type PluginSearch } from '../compiler/plugins/discover.js';
import { bundledPluginDir } from '../compiler/plugins/registry.js';

async function timeIt(searches: PluginSearch[], nodeModules: string[], runs: number): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await discoverPlugins(searches, { nodeModules });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

export async function pluginsBench(): Promise<void> {
  const many = mkdtempSync(join(tmpdir(), 'sip-bench-plugins-'));
  try {
    for (let i = 0; i < 200; i++) {
      const d = join(many, `p${String(i).padStart(3, '0')}`);
      mkdirSync(d);
      writeFileSync(join(d, 'plugin.yaml'), `description: plugin ${i}\nversions:\n  "1.0": {}\n  "2.0": {arguments: {x: "1"}}\n`);
      writeFileSync(join(d, 'image.yaml'), 'validators: []\n');
    }
    const bundled = [{ dir: bundledPluginDir(), origin: 'bundled' }];
    const modules = defaultNodeModules(process.cwd(), packageRoot());
    await timeIt(bundled, modules, 5); // warm up
    const base = await timeIt(bundled, [], 31);
    const npm = await timeIt(bundled, modules, 31);
    const lots = await timeIt([...bundled, { dir: many, origin: '--plugin-dir' }], modules, 11);
    process.stdout.write(
      [
        'plugin lookup',
        `  bundled plugins only:                 ${base.toFixed(2)} ms (baseline)`,
        `  + npm package scan (${modules.length} node_modules): ${npm.toFixed(2)} ms = ${(npm / base).toFixed(2)}x`,
        `  + 200 plugin.yaml plugins:            ${lots.toFixed(2)} ms = ${(lots / base).toFixed(2)}x`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(many, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await pluginsBench();
