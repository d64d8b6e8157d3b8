import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * `--config-file PATH` (repeatable; later files win), in the INI style of Sahara's sahara.conf
 * (oslo.config): `[section]`, `key = value` (or `key: value`), `#` and `;` comment lines,
 * indented lines continuing the value before them. What is read:
 *
 *   [DEFAULT]
 *   plugins = vanilla, spark        the enabled plugins, as in sahara.conf (other DEFAULT keys
 *                                   and other sections are Sahara's own: ignored)
 *   [sahara_image_pack]
 *   plugin_dirs = dir, dir          more plugin folders (relative to this file)
 *   libguestfs_backend = direct     LIBGUESTFS_BACKEND for the image runner (the environment wins)
 *   libguestfs_backend_settings = force_tcg
 *   launch_timeout = 120            run --image: --launch-timeout, --timeout, --no-network defaults
 *   timeout = 3600
 *   network = false
 *   ssh_user, ssh_port, ssh_identity_file, ssh_options   run --ssh/--hosts defaults (cli/commands/run.ts sshConfigOptions)
 *   [plugin:NAME]                   argument defaults for every version of plugin NAME
 *   [plugin:NAME:VERSION]           ... for one version (over the former)
 *   java_distro = openjdk
 *
 * Unknown keys in this tool's sections are warnings; a line that is not INI is a ConfigError
 * naming FILE:LINE. `[plugin:...]` values are checked against the version's arguments where
 * they are used (cli/target.ts: an unknown name warns, a value outside the choices fails).
 */
export interface Located {
  readonly value: string;
  /** FILE:LINE of the key. */
  readonly where: string;
}

export interface ToolConfig {
  readonly files: readonly string[];
  readonly enabled?: { readonly names: readonly string[]; readonly where: string };
  readonly pluginDirs: readonly Located[];
  readonly image: {
    readonly backend?: string;
    readonly backendSettings?: string;
    readonly launchTimeoutSec?: number;
    readonly timeoutSec?: number;
    readonly network?: boolean;
  };
  readonly ssh: Readonly<Record<string, string>>;
  /** Plugin name -> version ('' for every version) -> argument name -> value. */
  readonly pluginArguments: ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<string, Located>>>;
  readonly warnings: readonly string[];
}

export class ConfigError extends Error {}

const TOOL_SECTION = 'sahara_image_pack';
const TOOL_KEYS = ['plugin_dirs', 'libguestfs_backend', 'libguestfs_backend_settings', 'launch_timeout', 'timeout', 'network', 'ssh_user', 'ssh_port', 'ssh_identity_file', 'ssh_options'];

interface Entry {
  readonly section: string;
  readonly key: string;
  value: string;
  readonly line: number;
}

/** Parse INI text into entries; a bad line throws ConfigError `FILE:LINE: ...`. */
export function parseIni(text: string, file: string): Entry[] {
  const entries: Entry[] = [];
  let section: string | undefined;
  let last: Entry | undefined;
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const at = `${file}:${i + 1}`;
    if (/^\s*([#;].*)?$/.test(raw)) {
      last = undefined;
      continue;
    }
    if (/^\s/.test(raw)) {
      if (last === undefined) throw new ConfigError(`${at}: an indented line continues a value, but no 'key = value' comes before it`);
      last.value = last.value === '' ? raw.trim() : `${last.value}\n${raw.trim()}`;
      continue;
    }
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1]!.trim();
      last = undefined;
      continue;
    }
    const kv = /^([^=:\s][^=:]*?)\s*[=:]\s*(.*?)\s*$/.exec(raw);
    if (kv === null) throw new ConfigError(`${at}: not 'key = value', '[section]' or a comment: ${raw.slice(0, 60)}`);
    if (section === undefined) throw new ConfigError(`${at}: '${kv[1]}' comes before any [section] (start with [DEFAULT] or [${TOOL_SECTION}])`);
    last = { section, key: kv[1]!, value: kv[2]!, line: i + 1 };
    entries.push(last);
  }
  return entries;
}

/** Read the config files in order (later ones win); a missing or unreadable file is a ConfigError. */
export function readConfigFiles(files: readonly string[]): ToolConfig {
  const warnings: string[] = [];
  let enabled: ToolConfig['enabled'];
  const pluginDirs: Located[] = [];
  const image: { -readonly [K in keyof ToolConfig['image']]: ToolConfig['image'][K] } = {};
  const ssh: Record<string, string> = {};
  const pluginArguments = new Map<string, Map<string, Map<string, Located>>>();
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      throw new ConfigError(`--config-file ${file}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'a directory, not a file' : (e as Error).message}`);
    }
    for (const e of parseIni(text, file)) {
      const where = `${file}:${e.line}`;
      if (e.section === 'DEFAULT') {
        if (e.key === 'plugins') enabled = { names: list(e.value), where };
        continue;
      }
      if (e.section === TOOL_SECTION) {
        switch (e.key) {
          case 'plugin_dirs':
            for (const d of list(e.value)) pluginDirs.push({ value: resolve(dirname(file), d), where });
            break;
          case 'libguestfs_backend':
            image.backend = e.value;
            break;
          case 'libguestfs_backend_settings':
            image.backendSettings = e.value;
            break;
          case 'launch_timeout':
            image.launchTimeoutSec = seconds(e.value, where, e.key);
            break;
          case 'timeout':
            image.timeoutSec = seconds(e.value, where, e.key);
            break;
          case 'network':
            image.network = bool(e.value, where, e.key);
            break;
          case 'ssh_port':
            if (!/^[0-9]+$/.test(e.value) || Number(e.value) < 1 || Number(e.value) > 65535) throw new ConfigError(`${where}: ssh_port wants a port number (1-65535), not '${e.value}'`);
            ssh[e.key] = e.value;
            break;
          case 'ssh_user':
          case 'ssh_identity_file':
          case 'ssh_options':
            ssh[e.key] = e.value;
            break;
          default:
            warnings.push(`${where}: warning: unknown key '${e.key}' in [${TOOL_SECTION}] (keys: ${TOOL_KEYS.join(', ')}); ignored`);
        }
        continue;
      }
      const plugin = /^plugin:([^:]+)(?::(.+))?$/.exec(e.section);
      if (plugin) {
        const byVersion = pluginArguments.get(plugin[1]!) ?? new Map<string, Map<string, Located>>();
        pluginArguments.set(plugin[1]!, byVersion);
        const args = byVersion.get(plugin[2] ?? '') ?? new Map<string, Located>();
        byVersion.set(plugin[2] ?? '', args);
        args.set(e.key, { value: e.value, where });
      }
      // any other section is Sahara's own (database, keystone_authtoken, ...): not ours to judge
    }
  }
  return { files, ...(enabled === undefined ? {} : { enabled }), pluginDirs, image, ssh, pluginArguments, warnings };
}

/** The argument defaults a config gives one plugin version: every-version ones, then the version's. */
export function configArguments(config: ToolConfig, plugin: string, version: string): Map<string, Located> {
  const byVersion = config.pluginArguments.get(plugin);
  return new Map([...(byVersion?.get('') ?? []), ...(byVersion?.get(version) ?? [])]);
}

function list(value: string): string[] {
  return value
    .split(/[,\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function seconds(value: string, where: string, key: string): number {
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value) || Number(value) <= 0) throw new ConfigError(`${where}: ${key} wants a positive number of seconds, not '${value}'`);
  return Number(value);
}

function bool(value: string, where: string, key: string): boolean {
  const v = value.toLowerCase();
  if (['true', 'yes', 'on', '1'].includes(v)) return true;
  if (['false', 'no', 'off', '0'].includes(v)) return false;
  throw new ConfigError(`${where}: ${key} wants true or false, not '${value}'`);
}
