import { join } from 'node:path';
import { packageRoot } from '../package-root.js';
import { closest, suggestion } from '../diagnostics/suggest.js';
import type { PluginModule } from './spi.js';

/**
 * What discovery finds: plugins (usable ones), the ones found but unusable (with the reason),
 * and names found in two places (an error for that name, naming both). See discover.ts.
 */
export interface PluginVersion {
  readonly version: string;
  readonly manifest: string;
  readonly roots: readonly string[];
  /** Argument values baked in as defaults for this version (compile --set wins over them). */
  readonly overrides: Readonly<Record<string, string>>;
}

/** How a plugin folder is laid out. */
export type PluginLayout = 'plugin.yaml' | 'module' | 'sahara';

export interface Plugin {
  readonly name: string;
  readonly description: string;
  readonly dir: string;
  /** Where it was found, for messages: `bundled`, `--plugin-dir DIR`, `config FILE`, `npm package P`. */
  readonly origin: string;
  readonly layout: PluginLayout;
  readonly versions: readonly PluginVersion[];
  /** A module plugin's file (plugin.yaml `module:`, or plugin.mjs/plugin.js). */
  readonly module?: string;
  /** `kinds:` of its plugin.yaml: modules adding validator kinds, relative to `dir` (kinds.ts loads them). */
  readonly kinds: readonly string[];
  /** A module plugin's exports: SPI methods that replace the manifest-driven defaults (spi.ts). */
  readonly exports?: PluginModule;
}

/** A plugin folder that cannot be used, and why (shown by `plugins`; the others keep working). */
export interface UnusablePlugin {
  readonly name: string;
  readonly dir: string;
  readonly origin: string;
  readonly reason: string;
}

export interface PluginSet {
  readonly plugins: readonly Plugin[];
  readonly unusable: readonly UnusablePlugin[];
  /** Names found in more than one place: using such a name is an error naming each place. */
  readonly duplicates: ReadonlyMap<string, readonly string[]>;
  /** `[DEFAULT] plugins = ...` of a config file: the enabled names, and where that was said. */
  readonly enabled?: { readonly names: readonly string[]; readonly where: string };
}

/** The bundled plugins folder (`<package>/plugins`), from compiled or source layout. */
export function bundledPluginDir(): string {
  return join(packageRoot(), 'plugins');
}

export class PluginError extends Error {}

/** Names a plugin cannot take: the commands (and help). */
export const COMMANDS: readonly string[] = ['check', 'compile', 'plan', 'run', 'plugins', 'help'];

/** The plugin of that name, or a PluginError saying what there is instead. */
export function findPlugin(set: PluginSet, name: string): Plugin {
  const places = set.duplicates.get(name);
  if (places !== undefined) throw new PluginError(`plugin '${name}' is found twice: ${places.join(' and ')}; remove or rename one`);
  const p = set.plugins.find((x) => x.name === name);
  if (p !== undefined) {
    if (set.enabled !== undefined && !set.enabled.names.includes(name)) {
      throw new PluginError(`plugin '${name}' is not enabled (${set.enabled.where}: plugins = ${set.enabled.names.join(', ')})`);
    }
    return p;
  }
  const broken = set.unusable.find((x) => x.name === name);
  if (broken !== undefined) throw new PluginError(`plugin '${name}' (${broken.dir}) cannot be used: ${broken.reason}`);
  const known = set.plugins.map((x) => x.name);
  const command = closest(name, COMMANDS.filter((c) => c !== 'help'));
  const hint = command !== undefined ? `; did you mean the command '${command}'? (sahara-image-pack ${command} ...)` : suggestion(name, known);
  throw new PluginError(`no plugin named '${name}' (plugins: ${known.join(', ') || 'none'})${hint}`);
}

export function findPluginVersion(set: PluginSet, name: string, version: string): PluginVersion {
  const p = findPlugin(set, name);
  const v = p.versions.find((x) => x.version === version);
  if (v === undefined) throw new PluginError(`plugin '${name}' has no version '${version}' (versions: ${p.versions.map((x) => x.version).join(', ')})${suggestion(version, p.versions.map((x) => x.version))}`);
  return v;
}
