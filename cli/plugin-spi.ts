import type { ArgumentNode } from '../compiler/ast/nodes.js';
import { hasErrors } from '../compiler/diagnostics/diagnostic.js';
import { loadManifest } from '../compiler/frontend.js';
import { PluginError, type Plugin } from '../compiler/plugins/registry.js';
import type { Cluster, ImageArgument, ImageOptions, ImagePlugin, Remote } from '../compiler/plugins/spi.js';
import { UsageError } from './args.js';
import type { RunResult } from '../runners/runner.js';
import { compileTarget } from './compile-target.js';
import { displayPath } from './output.js';
import type { PluginContext } from './plugin-context.js';
import { programArguments } from './run-program.js';
import { pluginTarget, withKinds } from './target.js';

/** A plugin version's manifest did not compile (its diagnostics are already on stderr): exit 2. */
export class CompileFailed extends Error {}

/**
 * The SPI object of a plugin (compiler/plugins/spi.ts): the manifest-driven implementation,
 * with a module plugin's own methods in place of any of them (each gets the default last).
 */
export function imagePluginOf(plugin: Plugin, context: PluginContext): ImagePlugin {
  const base: ImagePlugin = {
    name: plugin.name,
    getVersions: () => plugin.versions.map((v) => v.version),
    getImageArguments: (version) => imageArguments(context, plugin.name, version),
    packImage: (version, remote, options = {}) => packWithManifest(context, plugin.name, version, remote, options),
    validateImages: async (cluster, options = {}) => {
      const results: RunResult[] = [];
      for (const remote of cluster.remotes) results.push(await base.packImage(cluster.version, remote, options));
      return results;
    },
  };
  const mod = plugin.exports;
  if (mod === undefined) return base;
  const guard = moduleGuard(plugin);
  return {
    name: plugin.name,
    getVersions: base.getVersions,
    getImageArguments: mod.getImageArguments ? (version) => guard('getImageArguments', async () => checkArguments(plugin, await mod.getImageArguments!(version, base))) : base.getImageArguments,
    packImage: mod.packImage ? (version, remote, options = {}) => guard('packImage', () => mod.packImage!(version, remote, options, base)) : base.packImage,
    validateImages: mod.validateImages ? (cluster: Cluster, options = {}) => guard('validateImages', () => mod.validateImages!(cluster, options, base)) : base.validateImages,
  };
}

/**
 * A module plugin's method that throws (its own bug, not ours) is one line naming the plugin,
 * its module and the method (exit 2); the errors of the defaults it calls pass as they are.
 */
function moduleGuard(plugin: Plugin) {
  return async <T>(method: string, body: () => Promise<T>): Promise<T> => {
    try {
      return await body();
    } catch (e) {
      if (e instanceof CompileFailed || e instanceof PluginError || e instanceof UsageError) throw e;
      const why = (e instanceof Error ? e.message : String(e)).split('\n')[0];
      throw new PluginError(`plugin '${plugin.name}' (${plugin.module ?? plugin.dir}): its ${method} failed: ${why}`);
    }
  };
}

/** What a module's getImageArguments returns must be a list of {name, description, ...}. */
function checkArguments(plugin: Plugin, args: unknown): readonly ImageArgument[] {
  if (!Array.isArray(args) || args.some((a) => typeof a !== 'object' || a === null || typeof (a as ImageArgument).name !== 'string')) {
    throw new PluginError(`plugin '${plugin.name}' (${plugin.module ?? plugin.dir}): its getImageArguments must return a list of {name, description, default, required, choices, hidden, secret}`);
  }
  return (args as ImageArgument[]).map((a) => ({ ...a, description: typeof a.description === 'string' ? a.description : '', required: a.required === true, hidden: a.hidden === true, secret: a.secret === true }));
}

/** The version's arguments from its manifest; a default is the plugin's (or config file's) baked value when it has one. */
async function imageArguments(context: PluginContext, name: string, version: string): Promise<ImageArgument[]> {
  const target = await withKinds(pluginTarget(context, name, version));
  const loaded = loadManifest(displayPath(target.manifest), { roots: target.roots, ...(target.kinds === undefined ? {} : { kinds: target.kinds }) });
  if (loaded.manifest === undefined || hasErrors(loaded.diagnostics)) throw new PluginError(`${name} ${version}: the manifest has errors (sahara-image-pack check ${name} ${version})`);
  return loaded.manifest.arguments.map((a) => toImageArgument(a, target.overrides));
}

export function toImageArgument(a: ArgumentNode, overrides: Readonly<Record<string, string>>): ImageArgument {
  const baked = Object.hasOwn(overrides, a.name.value) ? overrides[a.name.value] : undefined;
  const def = baked ?? a.default?.value;
  return {
    name: a.name.value,
    description: a.description?.value.replace(/\s+/g, ' ').trim() ?? '',
    ...(def === undefined ? {} : { default: def }),
    required: a.required === true && def === undefined,
    ...(a.choices === undefined ? {} : { choices: a.choices.map((c) => c.value) }),
    hidden: a.hidden === true,
    secret: a.secret === true,
  };
}

/** The default packImage: compile the version's manifest (baked values in), check the arguments, run on the remote. */
async function packWithManifest(context: PluginContext, name: string, version: string, remote: Remote, options: ImageOptions): Promise<RunResult> {
  const target = await withKinds(pluginTarget(context, name, version));
  const baked = new Map(Object.entries(target.overrides));
  const compiled = compileTarget(target, baked, { tail: '; nothing was run' });
  if (compiled === undefined) throw new CompileFailed(`${name} ${version}: the manifest has errors`);
  const testOnly = options.testOnly === true;
  const call = programArguments(compiled.manifest, Object.entries(options.imageArguments ?? {}), baked, testOnly);
  const program = { text: compiled.text, label: target.label, args: call.args, env: call.env, testOnly };
  return remote.run(program, { progress: options.progress ?? process.stderr, ...(options.signal === undefined ? {} : { signal: options.signal }) });
}
