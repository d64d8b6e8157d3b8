/**
 * The compiler's modules form no import cycle (value imports; `import type` is erased), so
 * each phase can be read from its inputs: parse → check → lower → emit, kinds beside them.
 */
import { expect } from 'chai';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const COMPILER = join(ROOT, 'compiler');

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Value imports (and re-exports) of a module, as absolute .ts paths inside compiler/. */
export function valueImports(file: string, within = COMPILER): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?(?:[^'";]*?\sfrom\s+)?'(\.[^']+)';/gm)) {
    if (m[1] !== undefined) continue;
    const clause = m[0];
    // `import { type A, type B } from` imports nothing at run time either
    const names = /\{([^}]*)\}/.exec(clause)?.[1];
    if (names !== undefined && !/\*|^\s*\w+\s*,/.test(clause.replace(/^(import|export)\s+/, '')) && names.split(',').every((n) => n.trim() === '' || n.trim().startsWith('type '))) continue;
    out.push(resolve(dirname(file), m[2]!.replace(/\.js$/, '.ts')));
  }
  return out.filter((f) => f.startsWith(within));
}

/** The first cycle found, as module paths relative to the repository, or undefined. */
export function findCycle(files: readonly string[], within = COMPILER): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (f: string): string[] | undefined => {
    if (state.get(f) === 'done') return undefined;
    if (state.get(f) === 'open') return [...stack.slice(stack.indexOf(f)), f].map((p) => relative(ROOT, p));
    state.set(f, 'open');
    stack.push(f);
    for (const dep of valueImports(f, within)) {
      const c = visit(dep);
      if (c !== undefined) return c;
    }
    stack.pop();
    state.set(f, 'done');
    return undefined;
  };
  for (const f of files) {
    const c = visit(f);
    if (c !== undefined) return c;
  }
  return undefined;
}

describe('compiler: import graph', () => {
  it('has no cycle', () => {
    expect(findCycle(sources(COMPILER).sort())).to.equal(undefined);
  });

  it('finds a cycle where there is one, and ignores type-only imports', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sip-cycle-'));
    try {
      writeFileSync(join(dir, 'a.ts'), "import { b } from './b.js';\nexport const a = b;\n");
      writeFileSync(join(dir, 'b.ts'), "import type { T } from './a.js';\nimport { type U } from './c.js';\nexport const b = 1;\n");
      writeFileSync(join(dir, 'c.ts'), "export { a } from './a.js';\nexport type U = 1;\n");
      const files = ['a.ts', 'b.ts', 'c.ts'].map((f) => join(dir, f));
      expect(findCycle(files, dir)).to.equal(undefined);
      writeFileSync(join(dir, 'b.ts'), "import { c } from './c.js';\nexport const b = c;\n");
      expect(findCycle(files, dir)?.map((f) => f.split('/').pop())).to.deep.equal(['a.ts', 'b.ts', 'c.ts', 'a.ts']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
