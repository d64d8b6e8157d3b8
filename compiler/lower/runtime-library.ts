import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KindRegistry } from '../kinds/registry.js';
import { packageRoot } from '../package-root.js';

/** One file of the bash runtime library (`runtime/<name>.sh`). */
export interface RuntimeFile {
  /** File name without `.sh`, e.g. `core`. */
  readonly name: string;
  readonly text: string;
  /** `sip_*` functions the file defines. */
  readonly defines: readonly string[];
  /** Entries of its `# sip-requires:` header lines (file names or function names). */
  readonly requires: readonly string[];
}

export interface RuntimeLibrary {
  readonly dir: string;
  readonly files: ReadonlyMap<string, RuntimeFile>;
  /** Function name → name of the file defining it. */
  readonly definedIn: ReadonlyMap<string, string>;
}

const DEFINE = /^(?:function\s+)?(sip_[A-Za-z0-9_]+)\s*\(\)/gm;
const REQUIRES = /^#\s*sip-requires:(.*)$/gm;

const libraries = new Map<string, RuntimeLibrary>();

/** Read `runtime/*.sh` once per directory. */
export function loadRuntimeLibrary(dir: string = join(packageRoot(), 'runtime')): RuntimeLibrary {
  const hit = libraries.get(dir);
  if (hit !== undefined) return hit;
  const files = new Map<string, RuntimeFile>();
  const definedIn = new Map<string, string>();
  for (const entry of readdirSync(dir).filter((f) => f.endsWith('.sh')).sort()) {
    const name = entry.slice(0, -3);
    const file = runtimeFile(name, readFileSync(join(dir, entry), 'utf8'));
    files.set(name, file);
    for (const fn of file.defines) if (!definedIn.has(fn)) definedIn.set(fn, name);
  }
  const lib = { dir, files, definedIn };
  libraries.set(dir, lib);
  return lib;
}

/** One runtime file from its text (a `runtime/*.sh` file, or a kind's own). */
function runtimeFile(name: string, text: string): RuntimeFile {
  const defines = [...text.matchAll(DEFINE)].map((m) => m[1]!);
  const requires = [...text.matchAll(REQUIRES)].flatMap((m) => m[1]!.trim().split(/[\s,]+/).filter(Boolean));
  return { name, text, defines, requires };
}

const extended = new WeakMap<KindRegistry, Map<RuntimeLibrary, RuntimeLibrary>>();

/**
 * The library plus the bash files the registry's kinds bring (KindDefinition.runtime), so
 * a plugin kind's functions are included like the runtime's own. The library itself when no
 * kind brings a file. Throws when a kind's file reuses a runtime file name or redefines a
 * function of the library (a plugin bug, named).
 */
export function withKindRuntime(lib: RuntimeLibrary, kinds: KindRegistry): RuntimeLibrary {
  const own = kinds.entries().flatMap((k) => (k.definition.runtime ?? []).map((f) => ({ ...f, owner: `${k.owner} kind '${k.definition.name}'` })));
  if (own.length === 0) return lib;
  let byLib = extended.get(kinds);
  const hit = byLib?.get(lib);
  if (hit !== undefined) return hit;
  const files = new Map(lib.files);
  const definedIn = new Map(lib.definedIn);
  for (const f of own) {
    const file = runtimeFile(f.name, f.text);
    const same = files.get(f.name);
    if (same !== undefined && same.text === f.text) continue; // two kinds sharing one file
    if (same !== undefined) throw new Error(`${f.owner}: runtime file '${f.name}' is already part of the runtime library`);
    for (const fn of file.defines) {
      if (definedIn.has(fn)) throw new Error(`${f.owner}: runtime file '${f.name}' redefines ${fn} (defined in ${definedIn.get(fn)}.sh)`);
      definedIn.set(fn, f.name);
    }
    files.set(f.name, file);
  }
  const out: RuntimeLibrary = { dir: lib.dir, files, definedIn };
  if (byLib === undefined) extended.set(kinds, (byLib = new Map()));
  byLib.set(lib, out);
  return out;
}

/** The file a `sip-requires` entry or a function name designates, if any. */
function fileOf(lib: RuntimeLibrary, entry: string): string | undefined {
  const bare = entry.endsWith('.sh') ? entry.slice(0, -3) : entry;
  if (lib.files.has(bare)) return bare;
  return lib.definedIn.get(entry);
}

/**
 * The runtime files a program needs, given the runtime functions its emitted code calls:
 * the files defining them plus everything reachable through `sip-requires` edges. Stable
 * order: dependencies before the files that need them, ties by name.
 * Throws when a function or a required file does not exist (a bug, not a user error).
 */
export function runtimeClosure(lib: RuntimeLibrary, functions: Iterable<string>): RuntimeFile[] {
  const wanted = new Set<string>();
  const queue: string[] = [];
  for (const fn of functions) {
    const file = lib.definedIn.get(fn);
    if (file === undefined) throw new Error(`runtime library ${lib.dir}: no file defines ${fn}`);
    queue.push(file);
  }
  while (queue.length > 0) {
    const name = queue.pop()!;
    if (wanted.has(name)) continue;
    wanted.add(name);
    for (const entry of lib.files.get(name)!.requires) {
      const dep = fileOf(lib, entry);
      if (dep === undefined) throw new Error(`runtime/${name}.sh requires '${entry}', which is neither a file nor a function of the runtime library`);
      queue.push(dep);
    }
  }
  // Topological order (Kahn), ties broken by name, so output is deterministic.
  const deps = new Map<string, Set<string>>();
  for (const name of wanted) {
    deps.set(name, new Set(lib.files.get(name)!.requires.map((e) => fileOf(lib, e)!).filter((d) => d !== name)));
  }
  const order: RuntimeFile[] = [];
  const done = new Set<string>();
  while (done.size < wanted.size) {
    const ready = [...wanted].filter((n) => !done.has(n) && [...deps.get(n)!].every((d) => done.has(d))).sort();
    // A cycle: take the smallest name; bash functions may be defined in any order anyway.
    const next = ready[0] ?? [...wanted].filter((n) => !done.has(n)).sort()[0]!;
    done.add(next);
    order.push(lib.files.get(next)!);
  }
  return order;
}
