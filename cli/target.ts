import { existsSync } from 'node:fs';
import { many, UsageError, type ParsedArgs } from './args.js';

/** What a command works on: a manifest file, or a plugin's version (its manifest and roots). */
export interface Target {
  readonly manifest: string;
  readonly roots: readonly string[];
  readonly overrides: Readonly<Record<string, string>>;
  readonly label: string;
}

/** `MANIFEST` or `PLUGIN VERSION` from the positionals; `--resource-root` replaces the roots. */
export async function resolveTarget(args: ParsedArgs): Promise<Target> {
  const [first, second, ...more] = args.positionals;
  if (first === undefined) throw new UsageError('give a manifest file, or a plugin name and version');
  const roots = many(args, 'resource-root');
  const looksLikeFile = existsSync(first) || /\.ya?ml$/.test(first) || first.includes('/');
  if (looksLikeFile) {
    if (second !== undefined) throw new UsageError(`unexpected argument '${second}' after the manifest`);
    return { manifest: first, roots, overrides: {}, label: first };
  }
  if (second === undefined) throw new UsageError(`'${first}' is not a file; to use a plugin, give its name and version`);
  if (more.length > 0) throw new UsageError(`unexpected argument '${more[0]}'`);
  const { loadPlugins, findPluginVersion, bundledPluginDir } = await import('../compiler/plugins/registry.js');
  const plugins = loadPlugins([...many(args, 'plugin-dir'), bundledPluginDir()]);
  const v = findPluginVersion(plugins, first, second);
  return { manifest: v.manifest, roots: roots.length > 0 ? roots : v.roots, overrides: v.overrides, label: `${first} ${second}` };
}
