/**
 * A small reference interpreter for the flow semantics of SPEC §3 (`all`, `any`,
 * `argument_case`, `argument_set`, `os_case`), written straight from the text, independent of
 * the compiler and the runtime; and a random generator of validator trees over stub scripts.
 */

/** A stub script: records `id:test_only:a:b`, then passes, fails, or passes only when reconciling. */
export type Behaviour = 'pass' | 'fail' | 'fix';

export type FlowNode =
  | { readonly k: 'script'; readonly id: string; readonly behaviour: Behaviour }
  | { readonly k: 'set'; readonly arg: string; readonly value: string }
  | { readonly k: 'argument_case'; readonly arg: string; readonly cases: readonly (readonly [string, readonly FlowNode[]])[] }
  | { readonly k: 'os_case'; readonly branches: readonly (readonly [string, readonly FlowNode[]])[] }
  | { readonly k: 'all'; readonly children: readonly FlowNode[] }
  | { readonly k: 'any'; readonly children: readonly FlowNode[] };

export const ARGS = ['a', 'b'] as const;
export const VALUES = ['x', 'y', 'z'] as const;
export const OS_KEYS = ['ubuntu', 'ubuntu22', 'debian', 'debian12', 'centos', 'centos7', 'redhat', 'rocky', 'suse'] as const;

/** The systems a tree is run on: `--distro` value, and what it means. */
export const SYSTEMS = [
  { distro: 'ubuntu22', id: 'ubuntu', major: '22', family: 'debian' },
  { distro: 'debian12', id: 'debian', major: '12', family: 'debian' },
  { distro: 'centos7', id: 'centos', major: '7', family: 'redhat' },
  { distro: 'rocky9', id: 'rocky', major: '9', family: 'redhat' },
] as const;
export type System = (typeof SYSTEMS)[number];

export interface Outcome {
  readonly marks: string[];
  readonly passed: boolean;
}

/** Run `roots` (the manifest's top-level list, an `all`) as the program would, and say what it records. */
export function interpret(roots: readonly FlowNode[], system: System, testOnly: boolean): Outcome {
  const args = new Map<string, string>([
    ['a', 'x'],
    ['b', 'x'],
  ]);
  const marks: string[] = [];
  const list = (nodes: readonly FlowNode[], t: boolean): boolean => nodes.every((n) => run(n, t));
  const matches = (key: string): boolean => key === system.id || key === system.id + system.major || key === system.family;
  function run(node: FlowNode, t: boolean): boolean {
    switch (node.k) {
      case 'script':
        marks.push(`${node.id}:${t ? 1 : 0}:${args.get('a')}:${args.get('b')}`);
        return node.behaviour === 'pass' || (node.behaviour === 'fix' && !t);
      case 'set':
        args.set(node.arg, node.value);
        return true;
      case 'argument_case': {
        const hit = node.cases.find(([value]) => value === args.get(node.arg));
        return hit === undefined ? true : list(hit[1], t);
      }
      case 'os_case': {
        const hit = node.branches.find(([key]) => matches(key));
        return hit === undefined ? true : list(hit[1], t);
      }
      case 'all':
        return list(node.children, t);
      case 'any': {
        // pass 1 in test-only mode; pass 2 in reconcile mode unless the run is test-only;
        // a failed alternative's argument changes are undone
        for (const pass of t ? [true] : [true, false]) {
          for (const child of node.children) {
            const saved = new Map(args);
            if (run(child, pass)) return true;
            args.clear();
            for (const [k, v] of saved) args.set(k, v);
          }
        }
        return false;
      }
    }
  }
  return { marks, passed: list(roots, testOnly) };
}

/** A seeded PRNG (mulberry32): the same seed gives the same trees. */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A random tree of at most `depth` levels; script ids are s0, s1, ... in generation order. */
export function randomTree(rand: () => number): FlowNode[] {
  let scripts = 0;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
  const distinct = <T>(xs: readonly T[], n: number): T[] => [...xs].sort(() => rand() - 0.5).slice(0, n);
  const some = (depth: number, max: number): FlowNode[] => Array.from({ length: 1 + Math.floor(rand() * max) }, () => node(depth));
  function node(depth: number): FlowNode {
    const r = rand();
    if (depth <= 0 || r < 0.3) {
      const behaviour = pick<Behaviour>(['pass', 'pass', 'fail', 'fix']);
      return { k: 'script', id: `s${scripts++}`, behaviour };
    }
    if (r < 0.42) return { k: 'set', arg: pick(ARGS), value: pick(VALUES) };
    if (r < 0.56) return { k: 'all', children: some(depth - 1, 3) };
    if (r < 0.74) return { k: 'any', children: some(depth - 1, 3) };
    if (r < 0.87) {
      const values = distinct(VALUES, 1 + Math.floor(rand() * 3));
      return { k: 'argument_case', arg: pick(ARGS), cases: values.map((v) => [v, some(depth - 1, 2)] as const) };
    }
    const keys = distinct(OS_KEYS, 1 + Math.floor(rand() * 3));
    return { k: 'os_case', branches: keys.map((key) => [key, some(depth - 1, 2)] as const) };
  }
  return some(4, 3);
}

/** Every script in a tree. */
export function scriptsOf(nodes: readonly FlowNode[]): { id: string; behaviour: Behaviour }[] {
  const out: { id: string; behaviour: Behaviour }[] = [];
  const walk = (n: FlowNode): void => {
    if (n.k === 'script') out.push({ id: n.id, behaviour: n.behaviour });
    else if (n.k === 'all' || n.k === 'any') n.children.forEach(walk);
    else if (n.k === 'argument_case') n.cases.forEach(([, c]) => c.forEach(walk));
    else if (n.k === 'os_case') n.branches.forEach(([, c]) => c.forEach(walk));
  };
  nodes.forEach(walk);
  return out;
}

/** The tree as a manifest (JSON is YAML). */
export function manifestOf(nodes: readonly FlowNode[]): string {
  const v = (n: FlowNode): unknown => {
    switch (n.k) {
      case 'script':
        return { script: { [`${n.id}.sh`]: { env_vars: [...ARGS] } } };
      case 'set':
        return { argument_set: { argument_name: n.arg, value: n.value } };
      case 'argument_case':
        return { argument_case: { argument_name: n.arg, cases: Object.fromEntries(n.cases.map(([value, c]) => [value, c.map(v)])) } };
      case 'os_case':
        return { os_case: n.branches.map(([key, c]) => ({ [key]: c.map(v) })) };
      case 'all':
        return { all: n.children.map(v) };
      case 'any':
        return { any: n.children.map(v) };
    }
  };
  const args = Object.fromEntries(ARGS.map((a) => [a, { description: `argument ${a}`, default: 'x' }]));
  return JSON.stringify({ arguments: args, validators: nodes.map(v) }, null, 1) + '\n';
}
