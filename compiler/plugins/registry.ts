import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { packageRoot } from '../package-root.js';
import { parse } from 'yaml';

/**
 * Directory plugins: a folder with a `plugin.yaml` naming, per version, the manifest, its
 * ordered resource roots and argument overrides. No TypeScript is needed for such a plugin.
 *
 *   name: demo
 *   description: ...
 *   versions:
 *     "1.0":
 *       manifest: image.yaml          # relative to the plugin folder
 *       resource_roots: [., ../common] # default: the manifest's folder
 *       arguments: {name: value}      # defaults baked in for this version (--set wins)
 *   kinds: kinds/index.js             # optional: modules adding validator kinds (one or a list)
 */
export interface PluginVersion {
  readonly version: string;
  readonly manifest: string;
  readonly roots: readonly string[];
  readonly overrides: Readonly<Record<string, string>>;
}

export interface Plugin {
  readonly name: string;
  readonly description: string;
  readonly dir: string;
  readonly versions: readonly PluginVersion[];
  /** `kinds:` — modules adding validator kinds, relative to `dir` (compiler/plugins/kinds.ts). */
  readonly kinds: readonly string[];
}

/** The bundled plugins folder (`<package>/plugins`), from compiled or source layout. */
export function bundledPluginDir(): string {
  return join(packageRoot(), 'plugins');
}

export class PluginError extends Error {}

export function loadPlugins(dirs: readonly string[]): Plugin[] {
  const found = new Map<string, Plugin>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const entry of readdirSync(dir).sort()) {
      const pdir = join(dir, entry);
      const file = join(pdir, 'plugin.yaml');
      if (!statSync(pdir).isDirectory() || !existsSync(file)) continue;
      const p = readPlugin(pdir, file);
      if (!found.has(p.name)) found.set(p.name, p);
    }
  }
  return [...found.values()];
}

const RESERVED = new Set(['check', 'compile', 'plan', 'run', 'plugins', 'help']);

function readPlugin(dir: string, file: string): Plugin {
  let doc: unknown;
  try {
    doc = parse(readFileSync(file, 'utf8'), { version: '1.1', schema: 'failsafe' });
  } catch (e) {
    throw new PluginError(`${file}: ${(e as Error).message}`);
  }
  const d = (doc ?? {}) as Record<string, unknown>;
  const name = typeof d.name === 'string' ? d.name : dir.split('/').pop()!;
  if (RESERVED.has(name)) throw new PluginError(`${file}: '${name}' is a command name and cannot name a plugin`);
  const versions: PluginVersion[] = [];
  const vs = (d.versions ?? {}) as Record<string, Record<string, unknown> | null>;
  for (const [version, v] of Object.entries(vs)) {
    const manifest = resolve(dir, typeof v?.manifest === 'string' ? v.manifest : 'image.yaml');
    const roots = Array.isArray(v?.resource_roots) ? (v.resource_roots as string[]).map((r) => resolve(dir, r)) : [dirname(manifest)];
    const overrides = readOverrides(file, version, v?.arguments);
    versions.push({ version, manifest, roots, overrides });
  }
  return { name, description: typeof d.description === 'string' ? d.description : '', dir, versions, kinds: readKinds(file, d.kinds) };
}

export function findPluginVersion(plugins: readonly Plugin[], name: string, version: string): PluginVersion {
  const p = plugins.find((x) => x.name === name);
  if (p === undefined) {
    const known = plugins.map((x) => x.name).join(', ') || 'none';
    throw new PluginError(`no plugin named '${name}' (plugins: ${known}); a manifest path must name an existing file`);
  }
  const v = p.versions.find((x) => x.version === version);
  if (v === undefined) throw new PluginError(`plugin '${name}' has no version '${version}' (versions: ${p.versions.map((x) => x.version).join(', ')})`);
  return v;
}

/** A version's `arguments`: a mapping of names to text values (failsafe YAML: scalars are text). */
function readOverrides(file: string, version: string, value: unknown): Readonly<Record<string, string>> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new PluginError(`${file}: version ${version}: 'arguments' must be a mapping of argument names to values`);
  const out: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new PluginError(`${file}: version ${version}: the value of argument '${name}' must be a plain text value`);
    out[name] = v;
  }
  return out;
}

/** `kinds:`: one module path or a list of them (checked to stay inside the plugin when loaded). */
function readKinds(file: string, value: unknown): readonly string[] {
  if (value === undefined || value === null) return [];
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  if (list.some((m) => typeof m !== 'string' || m === '')) throw new PluginError(`${file}: 'kinds' must be a module path, or a list of module paths, relative to the plugin folder`);
  return list as string[];
}
