import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import type { PluginVersion } from './registry.js';

/**
 * A folder's `plugin.yaml`: per version, the manifest, its ordered resource roots and argument
 * overrides. No TypeScript is needed for such a plugin.
 *
 *   name: demo                       # default: the folder's name
 *   description: ...
 *   module: plugin.mjs               # optional: a JS module with SPI methods (spi.ts)
 *   kinds: kinds/index.js            # optional: modules adding validator kinds, one or a list (kinds.ts)
 *   versions:
 *     "1.0":
 *       manifest: image.yaml           # relative to the plugin folder, and inside it
 *       resource_roots: [., ../common] # default: the manifest's folder
 *       arguments: {name: value}       # defaults baked in for this version (--set wins)
 *
 * Every problem is a PluginYamlError whose message names the file (the plugin is then
 * reported unusable; the others keep working).
 */
export interface PluginYaml {
  readonly name?: string;
  readonly description: string;
  readonly module?: string;
  /** `kinds:` module paths, relative to the plugin folder (checked to stay inside it when loaded). */
  readonly kinds: readonly string[];
  /** Undefined when the file has no `versions:` (a Sahara tree's overlay may give them). */
  readonly versions?: readonly PluginVersion[];
}

export class PluginYamlError extends Error {}

const KEYS = new Set(['name', 'description', 'module', 'versions', 'kinds']);
const VERSION_KEYS = new Set(['manifest', 'resource_roots', 'arguments']);

/** Read `file` (in plugin folder `dir`); `defaultManifest` is used where a version names none. */
export function readPluginYaml(dir: string, file: string, defaultManifest = 'image.yaml'): PluginYaml {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), { version: '1.1', schema: 'failsafe' });
  } catch (e) {
    throw new PluginYamlError(`${file}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (doc === null || doc === undefined) doc = {};
  if (typeof doc !== 'object' || Array.isArray(doc)) throw new PluginYamlError(`${file}: must be a mapping (name, description, versions)`);
  const d = doc as Record<string, unknown>;
  for (const k of Object.keys(d)) if (!KEYS.has(k)) throw new PluginYamlError(`${file}: unknown key '${k}' (keys: ${[...KEYS].join(', ')})`);
  const text = (key: string): string | undefined => {
    const v = d[key];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw new PluginYamlError(`${file}: '${key}' must be text`);
    return v;
  };
  const name = text('name');
  const module = text('module');
  if (module !== undefined) inside(dir, file, 'module', module);
  const out = { description: text('description') ?? '', kinds: readKinds(file, d.kinds), ...(name === undefined ? {} : { name }), ...(module === undefined ? {} : { module: resolve(dir, module) }) };
  if (d.versions === undefined || d.versions === null) return out;
  return { ...out, versions: readVersions(dir, file, d.versions, defaultManifest) };
}

/** `versions:` of a plugin.yaml or of a module plugin's export (`where` names it in messages). */
export function readVersions(dir: string, where: string, value: unknown, defaultManifest = 'image.yaml'): PluginVersion[] {
  const file = where;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new PluginYamlError(`${file}: 'versions' must be a mapping of version names to {manifest, resource_roots, arguments}`);
  const versions: PluginVersion[] = [];
  for (const [version, raw] of Object.entries(value as Record<string, unknown>)) {
    const v = (raw ?? {}) as Record<string, unknown>;
    if (typeof v !== 'object' || Array.isArray(v)) throw new PluginYamlError(`${file}: version ${version}: must be a mapping (manifest, resource_roots, arguments)`);
    for (const k of Object.keys(v)) if (!VERSION_KEYS.has(k)) throw new PluginYamlError(`${file}: version ${version}: unknown key '${k}' (keys: ${[...VERSION_KEYS].join(', ')})`);
    if (v.manifest !== undefined && typeof v.manifest !== 'string') throw new PluginYamlError(`${file}: version ${version}: 'manifest' must be a path`);
    const manifest = inside(dir, file, `version ${version}: manifest`, typeof v.manifest === 'string' ? v.manifest : defaultManifest);
    let roots: string[] = [dirname(manifest)];
    if (v.resource_roots !== undefined) {
      if (!Array.isArray(v.resource_roots) || v.resource_roots.some((r) => typeof r !== 'string')) throw new PluginYamlError(`${file}: version ${version}: 'resource_roots' must be a list of folders`);
      roots = (v.resource_roots as string[]).map((r) => resolve(dir, r));
    }
    versions.push({ version, manifest, roots, overrides: readOverrides(file, version, v.arguments) });
  }
  return versions;
}

/** A path named by the plugin that must stay inside its folder (the manifest, the module). */
function inside(dir: string, file: string, what: string, path: string): string {
  const full = resolve(dir, path);
  const rel = relative(dir, full);
  if (isAbsolute(path) || rel.startsWith('..') || rel === '') throw new PluginYamlError(`${file}: ${what} '${path}' is outside the plugin folder ${dir}`);
  return full;
}

/** A version's `arguments`: a mapping of names to text values (failsafe YAML: scalars are text). */
export function readOverrides(file: string, version: string, value: unknown): Readonly<Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PluginYamlError(`${file}: version ${version}: 'arguments' must be a mapping of argument names to values`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new PluginYamlError(`${file}: version ${version}: the value of argument '${name}' must be a plain text value`);
    out[name] = v;
  }
  return out;
}

/** `kinds:`: one module path or a list of them. */
function readKinds(file: string, value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.some((m) => typeof m !== 'string' || m === '')) throw new PluginYamlError(`${file}: 'kinds' must be a module path, or a list of module paths, relative to the plugin folder`);
  return list as string[];
}
