import { existsSync, statSync } from 'node:fs';
import { basename, relative } from 'node:path';
import type { KindRegistry } from '../compiler/kinds/registry.js';
import { many, UsageError, type ParsedArgs } from './args.js';

/** What a command works on: a manifest file, or a plugin's version (its manifest and roots). */
export interface Target {
  readonly manifest: string;
  readonly roots: readonly string[];
  readonly overrides: Readonly<Record<string, string>>;
  readonly label: string;
  /**
   * The manifest's name inside a compiled program (locations, header): relative to the
   * plugin's folder, or the manifest's file name; never the build machine's absolute path.
   */
  readonly locationFile: string;
  /** The validator kinds of the plugin (its `kinds:` modules); absent: the built-in ones. */
  readonly kinds?: KindRegistry;
}

/** `MANIFEST` or `PLUGIN VERSION` from the positionals; `--resource-root` replaces the roots. */
export async function resolveTarget(args: ParsedArgs): Promise<Target> {
  const [first, second, ...more] = args.positionals;
  if (first === undefined) throw new UsageError('give a manifest file, or a plugin name and version');
  const roots = many(args, 'resource-root');
  for (const root of roots) {
    // one clear line instead of one "script not found" per script
    if (!isDirectory(root)) throw new UsageError(`--resource-root ${root}: ${existsSync(root) ? 'not a directory' : 'no such directory'}`);
  }
  const manifestLike = isFile(first) || /\.ya?ml$/.test(first);
  if (second === undefined) {
    // one word: a manifest path (a missing or unreadable one is reported by the front end)
    if (!manifestLike && !first.includes('/') && !existsSync(first)) {
      throw new UsageError(`'${first}' is not a file; to use a plugin, give its name and version`);
    }
    return { manifest: first, roots, overrides: {}, label: first, locationFile: basename(first) };
  }
  // two words: PLUGIN VERSION, unless the first is a manifest file (a directory named like a
  // plugin does not count)
  if (manifestLike) throw new UsageError(`unexpected argument '${second}' after the manifest`);
  if (more.length > 0) throw new UsageError(`unexpected argument '${more[0]}'`);
  const { loadPlugins, findPluginVersion, bundledPluginDir } = await import('../compiler/plugins/registry.js');
  const plugins = loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]);
  const v = findPluginVersion(plugins, first, second);
  const plugin = plugins.find((p) => p.name === first);
  const locationFile = pluginLocationFile(plugin?.dir, v.manifest);
  const { pluginKinds } = await import('../compiler/plugins/kinds.js');
  const kinds = plugin === undefined ? undefined : await pluginKinds(plugin);
  return { manifest: v.manifest, roots: roots.length > 0 ? roots : v.roots, overrides: v.overrides, label: `${first} ${second}`, locationFile, ...(kinds === undefined ? {} : { kinds }) };
}

/** How a plugin's manifest is named in the program: relative to the plugin, else its file name. */
export function pluginLocationFile(pluginDir: string | undefined, manifest: string): string {
  const inPlugin = pluginDir === undefined ? '..' : relative(pluginDir, manifest);
  return inPlugin.startsWith('..') || inPlugin === '' ? basename(manifest) : inPlugin;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
