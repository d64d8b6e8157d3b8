/**
 * A plugin's validator kinds: `kinds:` in its plugin.yaml names one or more ES modules
 * (`.js`, `.mjs`; `.ts` where the process runs TypeScript, as under tsx), relative to the
 * plugin folder and inside it. Each module's default export is a function
 * `(api: KindModuleApi) => KindDefinition[]` (or the array itself); the kinds are added to
 * the built-in ones (a kind with a built-in name replaces it) with the plugin as their owner,
 * so their diagnostic codes read `<plugin>.<CODE>`.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, relative, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { dataKind } from '../kinds/data-kind.js';
import type { KindDefinition } from '../kinds/kind.js';
import { BUILTIN_KIND_DEFINITIONS, builtinKinds, type KindRegistry } from '../kinds/registry.js';
import { PluginError } from './registry.js';

/** What a kinds module gets: helpers, so that a plugin needs no import from this package. */
export interface KindModuleApi {
  /** A kind whose node is its checked value (compiler/kinds/data-kind.ts). */
  readonly dataKind: typeof dataKind;
  /** The built-in definition of a kind, to wrap or extend it. */
  builtin(name: string): KindDefinition | undefined;
  /** The plugin's folder. */
  readonly pluginDir: string;
  /** A text file of the plugin (a template, a runtime file), by path relative to its folder. */
  readText(path: string): string;
}

/** `path` (relative to `dir`) as an absolute path inside `dir`, or an error naming it. */
export function insidePlugin(dir: string, path: string, what: string): string {
  const full = resolve(dir, path);
  const rel = relative(dir, full);
  if (isAbsolute(path) || rel === '' || rel.startsWith('..') || isAbsolute(rel)) throw new PluginError(`${what} '${path}' is outside the plugin folder ${dir}`);
  return full;
}

const loaded = new Map<string, Promise<KindRegistry>>();

/**
 * The kind registry of a plugin: the built-in kinds plus those of its kinds modules (none:
 * the built-in registry itself). Loaded once per plugin folder. Rejects with a
 * PluginError naming the module and the reason.
 */
export function pluginKinds(plugin: { readonly name: string; readonly dir: string; readonly kinds?: readonly string[] }): Promise<KindRegistry> {
  const modules = plugin.kinds ?? [];
  if (modules.length === 0) return Promise.resolve(builtinKinds());
  const key = `${plugin.dir}\0${modules.join('\0')}`;
  let hit = loaded.get(key);
  if (hit === undefined) loaded.set(key, (hit = loadKinds(plugin.name, plugin.dir, modules)));
  return hit;
}

async function loadKinds(name: string, dir: string, modules: readonly string[]): Promise<KindRegistry> {
  const api: KindModuleApi = {
    dataKind,
    builtin: (kind) => BUILTIN_KIND_DEFINITIONS.find((d) => d.name === kind),
    pluginDir: dir,
    readText: (path) => readFileSync(insidePlugin(dir, path, 'file'), 'utf8'),
  };
  let registry = builtinKinds();
  for (const m of modules) {
    const file = insidePlugin(dir, m, 'kinds module');
    let definitions: unknown;
    try {
      const mod = (await import(pathToFileURL(file).href)) as { default?: unknown };
      definitions = typeof mod.default === 'function' ? await (mod.default as (a: KindModuleApi) => unknown)(api) : mod.default;
    } catch (e) {
      throw new PluginError(`plugin '${name}': kinds module ${m}: ${(e as Error).message}`);
    }
    if (!Array.isArray(definitions)) throw new PluginError(`plugin '${name}': kinds module ${m} must export by default a list of kind definitions, or a function returning one`);
    try {
      registry = registry.with(definitions as KindDefinition[], name);
    } catch (e) {
      throw new PluginError(`plugin '${name}': kinds module ${m}: ${(e as Error).message}`);
    }
  }
  return registry;
}
