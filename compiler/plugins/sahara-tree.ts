import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { PluginVersion } from './registry.js';

/**
 * An original Sahara plugin folder, used as it is (no plugin.yaml):
 *
 *   <pkg>/plugins/<name>/v<X_Y_Z>/resources/images/image.yaml   one manifest per version
 *   <pkg>/plugins/<name>/resources/images/image.yaml            one manifest for every version
 *
 * Versions come from the `vX_Y_Z` folders (`v5_11_0` is version `5.11.0`); each version's
 * resource root is its `resources/images` folder (the scripts beside the manifest), as
 * Sahara's glue passed it. A one-manifest plugin (spark, ambari, mapr) has no version folders:
 * its versions are given by a small plugin.yaml overlay in the plugin folder (discover.ts).
 */
export const SAHARA_MANIFEST = join('resources', 'images', 'image.yaml');

export interface SaharaTree {
  /** One per `vX_Y_Z` folder; empty when the manifest serves every version. */
  readonly versions: readonly PluginVersion[];
  /** The one-for-all-versions manifest, when there is one. */
  readonly shared?: string;
}

/** The Sahara layout of a plugin folder, or undefined when it has none. */
export function readSaharaTree(dir: string): SaharaTree | undefined {
  const versions: PluginVersion[] = [];
  for (const entry of safeList(dir)) {
    const m = /^v([0-9]+(?:_[0-9A-Za-z]+)*)$/.exec(entry);
    const manifest = join(dir, entry, SAHARA_MANIFEST);
    if (m === null || !isFile(manifest)) continue;
    versions.push({ version: m[1]!.replace(/_/g, '.'), manifest, roots: [dirname(manifest)], overrides: {} });
  }
  versions.sort((a, b) => compareVersions(a.version, b.version));
  const shared = join(dir, SAHARA_MANIFEST);
  if (isFile(shared)) return { versions, shared };
  return versions.length > 0 ? { versions } : undefined;
}

/**
 * The folders holding Sahara plugin folders below a `--plugin-dir`: the dir itself when it
 * is a package's `plugins/`, `DIR/plugins` (DIR is the package), `DIR/*\/plugins` (DIR is the
 * repository checkout, e.g. sahara-plugin-vanilla/ with sahara_plugin_vanilla/plugins/).
 */
export function saharaPluginParents(dir: string): string[] {
  const out: string[] = [];
  if (isDirectory(join(dir, 'plugins'))) out.push(join(dir, 'plugins'));
  for (const entry of safeList(dir)) {
    if (entry.startsWith('.') || entry === 'plugins' || entry === 'node_modules') continue;
    const p = join(dir, entry, 'plugins');
    if (isDirectory(p)) out.push(p);
  }
  return out;
}

function compareVersions(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = Number(x[i] ?? -1) - Number(y[i] ?? -1);
    if (d !== 0 && !Number.isNaN(d)) return d;
  }
  return a.localeCompare(b);
}

export function safeList(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

export function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
