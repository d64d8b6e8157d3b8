import { packageRoot } from '../compiler/package-root.js';
import { defaultNodeModules, discoverPlugins, type PluginSearch } from '../compiler/plugins/discover.js';
import { bundledPluginDir, type PluginSet } from '../compiler/plugins/registry.js';
import { many, type OptionSpec, type ParsedArgs } from './args.js';
import { readConfigFiles, type ToolConfig } from './config-file.js';

/** The options that say where plugins come from; every command that takes PLUGIN VERSION has them. */
export const PLUGIN_OPTIONS = {
  'plugin-dir': { value: true, repeatable: true },
  'config-file': { value: true, repeatable: true },
} as const satisfies Record<string, OptionSpec>;

export interface PluginContext {
  readonly config: ToolConfig;
  readonly plugins: PluginSet;
  /** Warnings already printed (a config value is checked each time its plugin version is used). */
  readonly warned: Set<string>;
}

/**
 * The config files (their warnings go to stderr, once) and the plugins they, `--plugin-dir`,
 * the bundled `plugins/` and installed npm packages provide.
 */
export async function pluginContext(args: ParsedArgs): Promise<PluginContext> {
  const config = readConfigFiles(many(args, 'config-file'));
  for (const w of config.warnings) process.stderr.write(`sahara-image-pack: ${w}\n`);
  const searches: PluginSearch[] = [
    ...many(args, 'plugin-dir').map((dir) => ({ dir, origin: `--plugin-dir ${dir}` })),
    ...config.pluginDirs.map((d) => ({ dir: d.value, origin: `plugin_dirs at ${d.where}` })),
    { dir: bundledPluginDir(), origin: 'bundled', optional: true },
  ];
  const plugins = await discoverPlugins(searches, { nodeModules: defaultNodeModules(process.cwd(), packageRoot()), ...(config.enabled === undefined ? {} : { enabled: config.enabled }) });
  return { config, plugins, warned: new Set() };
}
