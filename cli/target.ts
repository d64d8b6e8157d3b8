import { existsSync, readFileSync, statSync } from 'node:fs';
import type { ArgumentNode } from '../compiler/ast/nodes.js';
import type { KindRegistry } from '../compiler/kinds/registry.js';
import { declaredArgument } from '../compiler/argument-values.js';
import { parseManifest } from '../compiler/parse/index.js';
import { argumentList } from './describe-arguments.js';
import { basename, relative } from 'node:path';
import { findPlugin, findPluginVersion, type Plugin } from '../compiler/plugins/registry.js';
import { configArguments } from './config-file.js';
import { many, UsageError, type ParsedArgs } from './args.js';
import type { PluginContext } from './plugin-context.js';

/** What a command works on: a manifest file, or a plugin's version (its manifest and roots). */
export interface Target {
  readonly manifest: string;
  readonly roots: readonly string[];
  /** Values baked in as defaults: the plugin version's arguments, then its config-file defaults. */
  readonly overrides: Readonly<Record<string, string>>;
  readonly label: string;
  /**
   * The manifest's name inside a compiled program (locations, header): relative to the
   * plugin's folder, or the manifest's file name; never the build machine's absolute path.
   */
  readonly locationFile: string;
  /** The validator kinds of the plugin (its `kinds:` modules); absent: the built-in ones. */
  readonly kinds?: KindRegistry;
  /** For PLUGIN VERSION: the plugin, its version and the context it was found in. */
  readonly plugin?: { readonly plugin: Plugin; readonly version: string; readonly context: PluginContext };
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
  const { pluginContext } = await import('./plugin-context.js');
  const target = await withKinds(pluginTarget(await pluginContext(args), first, second));
  return roots.length > 0 ? { ...target, roots } : target;
}

/** The target with its plugin's validator kinds loaded (a kinds module that fails is a PluginError naming it). */
export async function withKinds(target: Target): Promise<Target> {
  const plugin = target.plugin?.plugin;
  if (plugin === undefined || plugin.kinds.length === 0) return target;
  const { pluginKinds } = await import('../compiler/plugins/kinds.js');
  return { ...target, kinds: await pluginKinds(plugin) };
}

/** A plugin version as a target: its manifest, roots, and baked values (plugin.yaml, then config files). */
export function pluginTarget(context: PluginContext, name: string, version: string): Target {
  const plugin = findPlugin(context.plugins, name);
  const v = findPluginVersion(context.plugins, name, version);
  const overrides: Record<string, string> = { ...v.overrides };
  const fromConfig = configArguments(context.config, name, version);
  if (fromConfig.size > 0) {
    // config values are checked here, where their FILE:LINE is known
    const declared = declaredArguments(v.manifest);
    for (const [key, a] of fromConfig) {
      const argument = declared === undefined ? undefined : declaredArgument(declared, key);
      if (declared !== undefined && argument === undefined) {
        warnOnce(context, `${a.where}: warning: ${name} ${version} has no argument '${key}' (arguments: ${argumentList(declared)}); ignored`);
        continue;
      }
      if (argument?.choices !== undefined && !argument.choices.some((c) => c.value === a.value)) {
        throw new UsageError(`${a.where}: '${a.value}' is not one of the choices of ${key} (${name} ${version}): ${argument.choices.map((c) => c.value).join(', ')}`);
      }
      overrides[argument?.name.value ?? key] = a.value;
    }
  }
  return {
    manifest: v.manifest,
    roots: v.roots,
    overrides,
    label: `${name} ${version}`,
    locationFile: pluginLocationFile(plugin.dir, v.manifest),
    plugin: { plugin, version, context },
  };
}

/** The manifest's declared arguments (parsed only), or undefined when it cannot be read: its errors come later, from check. */
function declaredArguments(manifest: string): readonly ArgumentNode[] | undefined {
  try {
    return parseManifest(readFileSync(manifest, 'utf8'), manifest).manifest?.arguments;
  } catch {
    return undefined;
  }
}

function warnOnce(context: PluginContext, line: string): void {
  if (context.warned.has(line)) return;
  context.warned.add(line);
  process.stderr.write(`sahara-image-pack: ${line}\n`);
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
