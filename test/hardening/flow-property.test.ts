// The hardening suite, part 2: a property test of the flow semantics. Random validator trees
// (all / any / argument_case / argument_set / os_case over stub scripts that pass, fail, or pass
// only when reconciling) are compiled and run for real with bash on this machine, in both modes
// on a random distro; the markers the scripts write (id, test_only, the argument values they
// see) and the exit status must equal what the reference interpreter (flow-reference.ts) says.
// SIP_PROPERTY_SEED=N replays a run; SIP_PROPERTY_TREES=N changes the count (default 500).
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { hasErrors } from '../../compiler/diagnostics/diagnostic.js';
import { compileProgram } from '../../compiler/backend.js';
import { loadManifest } from '../../compiler/frontend.js';
import { interpret, manifestOf, prng, randomTree, scriptsOf, SYSTEMS, type Behaviour, type FlowNode } from './flow-reference.js';

const TREES = Number(process.env.SIP_PROPERTY_TREES ?? 500);
const SEED = Number(process.env.SIP_PROPERTY_SEED ?? Math.floor(Math.random() * 2 ** 31));

const EXIT: Record<Behaviour, string> = { pass: 'exit 0', fail: 'exit 1', fix: '[ "$test_only" = 0 ]' };

function bash(file: string, args: readonly string[]): Promise<{ code: number; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', [file, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stderr }));
  });
}

interface Trial {
  readonly index: number;
  readonly tree: FlowNode[];
  readonly dir: string;
  readonly system: (typeof SYSTEMS)[number];
  readonly testOnly: boolean;
}

describe(`hardening: flow semantics against a reference interpreter (${TREES} random trees, seed ${SEED})`, function () {
  this.timeout(600_000);
  let root: string;
  before(function () {
    if (process.getuid?.() !== 0) this.skip(); // the program refuses to run as non-root (exit 3)
    root = mkdtempSync(join(tmpdir(), 'sip-flow-'));
  });
  after(() => root && rmSync(root, { recursive: true, force: true }));

  it('every tree compiles, runs, and records what the reference says', async () => {
    const rand = prng(SEED);
    const trials: Trial[] = [];
    for (let index = 0; index < TREES; index++) {
      const tree = randomTree(rand);
      const system = SYSTEMS[Math.floor(rand() * SYSTEMS.length)]!;
      const testOnly = rand() < 0.35;
      const dir = join(root, `t${index}`);
      mkdirSync(dir);
      for (const s of scriptsOf(tree)) {
        writeFileSync(join(dir, `${s.id}.sh`), `#!/bin/bash\nprintf '%s:%s:%s:%s\\n' ${s.id} "$test_only" "$a" "$b" >> '${dir}/marks'\n${EXIT[s.behaviour]}\n`);
      }
      const manifest = join(dir, 'image.yaml');
      writeFileSync(manifest, manifestOf(tree));
      const loaded = loadManifest(manifest);
      expect(hasErrors(loaded.diagnostics), `tree ${index} (seed ${SEED}): ${loaded.diagnostics.map((d) => d.message).join('; ')}`).to.equal(false);
      const out = compileProgram(loaded.manifest!, loaded.resources, { manifestText: loaded.text!, compilerVersion: 'property-test' });
      expect(hasErrors(out.diagnostics), `tree ${index}: ${out.diagnostics.map((d) => d.message).join('; ')}`).to.equal(false);
      writeFileSync(join(dir, 'prog.sh'), out.text!);
      trials.push({ index, tree, dir, system, testOnly });
    }
    const failures: string[] = [];
    let shapes = { any: 0, argument_case: 0, os_case: 0, set: 0, failedRuns: 0 };
    const queue = [...trials];
    const worker = async (): Promise<void> => {
      for (let t = queue.shift(); t; t = queue.shift()) {
        const want = interpret(t.tree, t.system, t.testOnly);
        const r = await bash(join(t.dir, 'prog.sh'), ['--distro', t.system.distro, ...(t.testOnly ? ['--test-only'] : [])]);
        const marksFile = join(t.dir, 'marks');
        const got = existsSync(marksFile) ? readFileSync(marksFile, 'utf8').split('\n').filter(Boolean) : [];
        const code = want.passed ? 0 : 1;
        if (!want.passed) shapes.failedRuns++;
        if (r.code !== code || JSON.stringify(got) !== JSON.stringify(want.marks)) {
          failures.push(
            `tree ${t.index} (SIP_PROPERTY_SEED=${SEED}) on ${t.system.distro}${t.testOnly ? ' --test-only' : ''}: ` +
              `exit ${r.code}, want ${code}\n  got  ${got.join(' ')}\n  want ${want.marks.join(' ')}\n  manifest ${join(t.dir, 'image.yaml')}\n${r.stderr.slice(0, 800)}`,
          );
        }
      }
    };
    await Promise.all([worker(), worker()]);
    const text = trials.map((t) => manifestOf(t.tree)).join('');
    shapes = { ...shapes, any: count(text, '"any"'), argument_case: count(text, '"argument_case"'), os_case: count(text, '"os_case"'), set: count(text, '"argument_set"') };
    if (failures.length > 0) {
      // keep the scratch trees of a failed run for a look
      root = '';
      expect.fail(`${failures.length} of ${TREES} trees disagree with the reference:\n${failures.slice(0, 5).join('\n')}`);
    }
    // the trees exercise every construct, and both outcomes
    for (const [k, n] of Object.entries(shapes)) expect(n, k).to.be.greaterThan(TREES / 10);
  });
});

function count(text: string, word: string): number {
  return text.split(word).length - 1;
}
