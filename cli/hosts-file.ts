/**
 * `--hosts FILE` and `--hosts FILE:GROUP`: the SSH targets of a run, from
 *
 * - a plain list: one `[USER@]HOST[:PORT]` a line; `#` starts a comment (a whole line, or after
 *   a blank); blank lines are skipped;
 * - an Ansible INI inventory (any `[section]` line makes it one): host lines `NAME [KEY=VALUE]...`
 *   under `[GROUP]`, with `ansible_host`, `ansible_port` and `ansible_user` (and their old
 *   `ansible_ssh_*` spellings) taken from the line or from `[GROUP:vars]`; `[GROUP:children]`
 *   lists groups whose hosts belong to GROUP. `FILE:GROUP` takes that group's hosts (`all`: every
 *   host), `FILE` alone every host. Host ranges (`web[01:20]`) are not supported: list the hosts.
 *
 * A host named twice is run once. Problems are UsageErrors naming FILE:LINE.
 */
import { existsSync, readFileSync } from 'node:fs';
import { UsageError } from './args.js';

interface InventoryHost {
  name: string;
  vars: Map<string, string>;
  line: number;
}

/** `FILE` or `FILE:GROUP` -> the file and the group (a path that exists as given is never split). */
export function splitHostsArgument(value: string): { file: string; group?: string } {
  if (existsSync(value)) return { file: value };
  const i = value.lastIndexOf(':');
  if (i > 0 && i < value.length - 1) return { file: value.slice(0, i), group: value.slice(i + 1) };
  return { file: value };
}

/** The target specs `[USER@]HOST[:PORT]` of a hosts file (see the header). */
export function readHostsFile(value: string): string[] {
  const { file, group } = splitHostsArgument(value);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--hosts: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  const lines = text.split('\n').map((l) => stripComment(l).trim());
  const isIni = lines.some((l) => /^\[[^\]]+\]$/.test(l));
  let specs: string[];
  if (!isIni) {
    if (group !== undefined) throw new UsageError(`--hosts ${value}: ${file} is a plain list of hosts, not an inventory with groups`);
    specs = lines.filter((l) => l !== '');
    const bad = specs.find((l) => /\s/.test(l));
    if (bad !== undefined) throw new UsageError(`--hosts ${file}:${lines.indexOf(bad) + 1}: one [USER@]HOST[:PORT] a line, not '${bad}'`);
  } else {
    specs = inventoryHosts(lines, file, group);
  }
  specs = [...new Set(specs)];
  if (specs.length === 0) throw new UsageError(`--hosts ${value}: no hosts in it`);
  return specs;
}

function stripComment(line: string): string {
  if (/^\s*[#;]/.test(line)) return '';
  const i = line.search(/\s#/);
  return i >= 0 ? line.slice(0, i) : line;
}

function inventoryHosts(lines: readonly string[], file: string, group: string | undefined): string[] {
  const members = new Map<string, InventoryHost[]>([['ungrouped', []]]);
  const children = new Map<string, string[]>();
  const groupVars = new Map<string, Map<string, string>>();
  let section: { group: string; kind: 'hosts' | 'vars' | 'children' } = { group: 'ungrouped', kind: 'hosts' };
  lines.forEach((l, index) => {
    const where = `${file}:${index + 1}`;
    if (l === '') return;
    const head = /^\[([^\]:]+)(?::(vars|children))?\]$/.exec(l);
    if (head) {
      section = { group: head[1]!, kind: (head[2] as 'vars' | 'children' | undefined) ?? 'hosts' };
      if (section.kind === 'hosts' && !members.has(section.group)) members.set(section.group, []);
      return;
    }
    if (/^\[/.test(l)) throw new UsageError(`--hosts ${where}: cannot read the section header '${l}'`);
    if (section.kind === 'children') {
      children.set(section.group, [...(children.get(section.group) ?? []), l]);
      return;
    }
    const words = l.split(/\s+/);
    if (section.kind === 'vars') {
      const kv = /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*)$/.exec(l);
      if (!kv) throw new UsageError(`--hosts ${where}: a [${section.group}:vars] line must be NAME=VALUE, not '${l}'`);
      const vars = groupVars.get(section.group) ?? new Map<string, string>();
      vars.set(kv[1]!, unquote(kv[2]!));
      groupVars.set(section.group, vars);
      return;
    }
    const name = words[0]!;
    if (/\[[^\]]*:[^\]]*\]/.test(name)) throw new UsageError(`--hosts ${where}: host ranges ('${name}') are not supported; list the hosts one a line`);
    const vars = new Map<string, string>();
    for (const w of words.slice(1)) {
      const kv = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(w);
      if (!kv) throw new UsageError(`--hosts ${where}: after the host name come KEY=VALUE pairs, not '${w}'`);
      vars.set(kv[1]!, unquote(kv[2]!));
    }
    members.get(section.group)!.push({ name, vars, line: index + 1 });
  });

  const groupsOf = new Map<InventoryHost, string[]>();
  const collect = (g: string, seen: Set<string>, into: InventoryHost[], via: string[]) => {
    if (seen.has(g)) return;
    seen.add(g);
    for (const h of members.get(g) ?? []) {
      into.push(h);
      groupsOf.set(h, [...new Set([...(groupsOf.get(h) ?? []), ...via, g])]);
    }
    for (const c of children.get(g) ?? []) collect(c, seen, into, [...via, g]);
  };
  let chosen: InventoryHost[] = [];
  if (group === undefined || group === 'all') {
    for (const g of members.keys()) collect(g, new Set(), chosen, []);
  } else {
    if (!members.has(group) && !children.has(group)) {
      const known = [...new Set([...members.keys(), ...children.keys()])].filter((g) => g !== 'ungrouped' || members.get(g)!.length > 0);
      throw new UsageError(`--hosts ${file}:${group}: no group '${group}' in ${file} (groups: ${known.join(', ') || 'none'})`);
    }
    collect(group, new Set(), chosen, []);
  }
  chosen = [...new Set(chosen)];
  return chosen.map((h) => {
    // the host line's own variables, then its groups' (nearest first), then [all:vars]
    const sources = [h.vars, ...(groupsOf.get(h) ?? []).map((g) => groupVars.get(g)), groupVars.get('all')];
    const v = (key: string): string | undefined => {
      for (const vars of sources) {
        const found = vars?.get(`ansible_${key}`) ?? vars?.get(`ansible_ssh_${key}`);
        if (found !== undefined) return found;
      }
      return undefined;
    };
    const host = v('host') ?? h.name;
    const user = v('user');
    const port = v('port');
    const bracketed = host.includes(':') ? `[${host}]` : host;
    return `${user === undefined ? '' : user + '@'}${bracketed}${port === undefined ? '' : ':' + port}`;
  });
}

function unquote(v: string): string {
  const t = v.trim();
  return /^(['"]).*\1$/.test(t) ? t.slice(1, -1) : t;
}
