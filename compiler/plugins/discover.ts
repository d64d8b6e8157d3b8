import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { readPluginYaml, readVersions, type PluginYaml } from './plugin-yaml.js';
import { COMMANDS, PluginError, type Plugin, type PluginSet, type PluginVersion, type UnusablePlugin } from './registry.js';
import { isDirectory, isFile, readSaharaTree, saharaPluginParents, safeList, SAHARA_MANIFEST } from './sahara-tree.js';
import type { PluginModule } from './spi.js';

/** A folder to look for plugins in, and how it was named (for messages). */
export interface PluginSearch {
  readonly dir: string;
  /** `bundled`, `--plugin-dir DIR`, `FILE:LINE` (a config file), `npm package NAME`. */
  readonly origin: string;
  /** A missing folder is an error (a --plugin-dir typo), except for the bundled one. */
  readonly optional?: boolean;
}

export interface DiscoverOptions {
  /** `node_modules` folders whose packages may declare themselves plugins (npmPluginSearches). */
  readonly nodeModules?: readonly string[];
  readonly enabled?: PluginSet['enabled'];
}

/**
 * Find every plugin: in each searched folder, each sub-folder holding a plugin.yaml, a
 * plugin.mjs/plugin.js module, or a Sahara tree (sahara-tree.ts); a folder that is itself a
 * plugin counts too. A plugin that cannot be used (bad plugin.yaml, a manifest outside it, a
 * module that throws on load, no versions) is listed in `unusable` with the reason; a name
 * found in two folders goes to `duplicates` naming both. Neither stops the others.
 */
export async function discoverPlugins(searches: readonly PluginSearch[], options: DiscoverOptions = {}): Promise<PluginSet> {
  const all = [...searches, ...npmPluginSearches(options.nodeModules ?? [])];
  const seen = new Set<string>();
  const found: (Plugin | UnusablePlugin)[] = [];
  for (const search of all) {
    if (!isDirectory(search.dir)) {
      if (search.optional) continue;
      throw new PluginError(`${search.origin}: ${existsSync(search.dir) ? 'not a directory' : 'no such directory'}: ${search.dir}`);
    }
    for (const dir of candidateFolders(search.dir)) {
      const real = realpathSync(dir);
      if (seen.has(real)) continue;
      const p = await readPluginFolder(dir, search.origin);
      if (p === undefined) continue;
      seen.add(real);
      found.push(p);
    }
  }
  const byName = new Map<string, (Plugin | UnusablePlugin)[]>();
  for (const p of found) byName.set(p.name, [...(byName.get(p.name) ?? []), p]);
  const duplicates = new Map<string, string[]>();
  for (const [name, list] of byName) if (list.length > 1) duplicates.set(name, list.map((p) => `${p.dir} (${p.origin})`));
  const plugins = found.filter((p): p is Plugin => 'versions' in p && !duplicates.has(p.name));
  const unusable = found.filter((p): p is UnusablePlugin => 'reason' in p && !duplicates.has(p.name));
  return { plugins, unusable, duplicates, ...(options.enabled === undefined ? {} : { enabled: options.enabled }) };
}

/** The folders below a searched one that may be plugins (the folder itself first). */
function candidateFolders(dir: string): string[] {
  if (looksLikePlugin(dir)) return [dir];
  const out: string[] = [];
  for (const entry of safeList(dir)) {
    const sub = join(dir, entry);
    if (!entry.startsWith('.') && isDirectory(sub) && looksLikePlugin(sub)) out.push(sub);
  }
  for (const parent of saharaPluginParents(dir)) {
    for (const entry of safeList(parent)) {
      const sub = join(parent, entry);
      if (isDirectory(sub) && looksLikePlugin(sub)) out.push(sub);
    }
  }
  return out;
}

function looksLikePlugin(dir: string): boolean {
  return isFile(join(dir, 'plugin.yaml')) || isFile(join(dir, 'plugin.mjs')) || isFile(join(dir, 'plugin.js')) || readSaharaTree(dir) !== undefined;
}

/** One plugin folder: a Plugin, an UnusablePlugin with the reason, or undefined (not a plugin). */
async function readPluginFolder(dir: string, origin: string): Promise<Plugin | UnusablePlugin | undefined> {
  const yamlFile = join(dir, 'plugin.yaml');
  const tree = readSaharaTree(dir);
  let name = basename(dir);
  const unusable = (reason: string): UnusablePlugin => ({ name, dir, origin, reason });
  try {
    const yaml: PluginYaml = isFile(yamlFile) ? readPluginYaml(dir, yamlFile, tree === undefined ? 'image.yaml' : SAHARA_MANIFEST) : { description: '', kinds: [] };
    name = yaml.name ?? name;
    const moduleFile = yaml.module ?? [join(dir, 'plugin.mjs'), join(dir, 'plugin.js')].find(isFile);
    let mod: PluginModule | undefined;
    if (moduleFile !== undefined) {
      try {
        const ns = (await import(pathToFileURL(moduleFile).href)) as { default?: PluginModule } & PluginModule;
        mod = ns.default ?? ns;
      } catch (e) {
        return unusable(`its module ${basename(moduleFile)} failed to load: ${firstLine(e)}`);
      }
      if (typeof mod !== 'object' || mod === null) return unusable(`its module ${basename(moduleFile)} exports no plugin object`);
      if (yaml.name === undefined && typeof mod.name === 'string') name = mod.name;
    }
    if (COMMANDS.includes(name)) return unusable(`'${name}' is a command name and cannot name a plugin`);
    let versions: readonly PluginVersion[] | undefined = yaml.versions;
    if (versions === undefined && mod?.versions !== undefined) versions = readVersions(dir, moduleFile!, mod.versions);
    if (versions === undefined && tree !== undefined) {
      if (tree.versions.length === 0) {
        return unusable(`one Sahara manifest (${SAHARA_MANIFEST}) serves every version: name its versions in a plugin.yaml overlay beside it (versions: {"2.3": {}}; see plugins/README.md)`);
      }
      versions = tree.versions;
    }
    if (versions === undefined || versions.length === 0) return unusable(`${isFile(yamlFile) ? yamlFile : dir}: no versions`);
    const layout = mod !== undefined ? 'module' : isFile(yamlFile) ? 'plugin.yaml' : 'sahara';
    const description = yaml.description || (typeof mod?.description === 'string' ? mod.description : '') || (layout === 'sahara' ? 'Sahara plugin tree' : '');
    return { name, description, dir, origin, layout, versions, kinds: yaml.kinds, ...(moduleFile === undefined ? {} : { module: moduleFile }), ...(mod === undefined ? {} : { exports: mod }) };
  } catch (e) {
    return unusable(firstLine(e));
  }
}

function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split('\n')[0]!;
}

/**
 * Installed npm packages that declare themselves plugins: a package.json with the keyword
 * `sahara-image-pack-plugin` (the package folder holds the plugin, or plugin folders), or
 * the field `"sahara-image-pack": {"plugins": "DIR"}` (that folder of the package).
 */
export function npmPluginSearches(nodeModules: readonly string[]): PluginSearch[] {
  const out: PluginSearch[] = [];
  for (const nm of nodeModules) {
    for (const entry of safeList(nm)) {
      const dirs = entry.startsWith('@') ? safeList(join(nm, entry)).map((e) => join(nm, entry, e)) : [join(nm, entry)];
      for (const dir of dirs) {
        const pkg = readPackageJson(join(dir, 'package.json'));
        if (pkg === undefined) continue;
        const field = pkg['sahara-image-pack'] as { plugins?: unknown } | undefined;
        const keyword = Array.isArray(pkg.keywords) && pkg.keywords.includes('sahara-image-pack-plugin');
        const name = typeof pkg.name === 'string' ? pkg.name : basename(dir);
        if (field !== undefined && typeof field === 'object' && typeof field.plugins === 'string') out.push({ dir: resolve(dir, field.plugins), origin: `npm package ${name}` });
        else if (keyword) out.push({ dir, origin: `npm package ${name}` });
      }
    }
  }
  return out;
}

function readPackageJson(file: string): Record<string, unknown> | undefined {
  try {
    const v: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** The node_modules folders to look in: the current directory's and its parents', and the one holding this tool. */
export function defaultNodeModules(cwd: string, toolRoot: string): string[] {
  const out: string[] = [];
  for (let d = resolve(cwd); ; d = dirname(d)) {
    const nm = join(d, 'node_modules');
    if (isDirectory(nm)) out.push(nm);
    if (dirname(d) === d) break;
  }
  if (basename(dirname(toolRoot)) === 'node_modules' && !out.includes(dirname(toolRoot))) out.push(dirname(toolRoot));
  if (basename(dirname(dirname(toolRoot))) === 'node_modules' && basename(dirname(toolRoot)).startsWith('@')) out.push(dirname(dirname(toolRoot)));
  return out;
}
