/**
 * Image runner benchmarks (issue: the main job), printed as ratios from one run on copies of
 * the same Debian test image (.cache/envs/debian.qcow2), under TCG where KVM cannot run guests.
 *
 * 1. Trivial manifest, test-only: `sahara-image-pack run --image` against bare
 *    `virt-customize -a IMG --run-command true` (one appliance launch with inspection).
 *    Goal: at most 0.8x.
 * 2. A 20-step manifest (10 packages from the image's offline repository, 10 scripts),
 *    reconcile and then test-only: this runner against the original Python implementation
 *    (Debian's python3-sahara + python3-guestfs, driven by bench/sahara-original.py exactly
 *    as its CLI drives it). Goal: at least 3x faster. Same end state: after each tool's
 *    reconcile, OUR test-only run must pass on its image.
 *
 *   node --import tsx bench/image.ts [--reps N]     (make bench-image)
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureImage, REPO_DIR } from '../test/support/envs.js';

const out = join(REPO_DIR, 'bench', 'out', 'image');
const reps = Number(process.argv[process.argv.indexOf('--reps') + 1] || 1) || 1;
const env = { ...process.env, LIBGUESTFS_BACKEND_SETTINGS: process.env['LIBGUESTFS_BACKEND_SETTINGS'] ?? 'force_tcg', SIP_STATE_DIR: join(out, 'state') };

function timed(cmd: string, args: readonly string[], expect: number): number {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  const s = (performance.now() - t0) / 1000;
  if (r.status !== expect) throw new Error(`${cmd} ${args.join(' ')}: exit ${r.status}, expected ${expect}\n${r.stderr.slice(-3000)}`);
  return s;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fresh(base: string, name: string): string {
  const to = join(out, name);
  copyFileSync(base, to);
  return to;
}

const sip = (args: readonly string[], expect = 0) => timed(process.execPath, [join(REPO_DIR, 'bin', 'sahara-image-pack.js'), ...args], expect);

export async function imageBench(): Promise<void> {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(join(out, 'state'), { recursive: true });
  const base = await ensureImage();
  const trivial = join(out, 'trivial.yaml');
  writeFileSync(trivial, 'validators:\n  - script: {noop: {inline: "true"}}\n');

  // 1. trivial test-only vs virt-customize --run-command true, alternating
  const ours: number[] = [];
  const vc: number[] = [];
  for (let i = 0; i < reps; i++) {
    const a = fresh(base, 'a.qcow2');
    ours.push(sip(['run', trivial, '--image', a, '--test-only']));
    const b = fresh(base, 'b.qcow2');
    vc.push(timed('virt-customize', ['-q', '-a', b, '--run-command', 'true'], 0));
  }
  const o = median(ours);
  const v = median(vc);
  process.stdout.write(
    `image benchmark 1: trivial manifest, test-only (median of ${reps})\n` +
      `  sahara-image-pack run --image: ${o.toFixed(1)} s; virt-customize --run-command true: ${v.toFixed(1)} s; ratio ${(o / v).toFixed(2)}x (goal <= 0.8x)\n\n`,
  );

  // 2. 20 steps: ours vs the original, reconcile then test-only
  const dir = join(out, 'm20');
  mkdirSync(dir, { recursive: true });
  const lines = ['validators:'];
  for (let i = 1; i <= 10; i++) lines.push(`  - package: sip-p${String(i).padStart(3, '0')}`);
  for (let i = 1; i <= 10; i++) {
    const n = String(i).padStart(2, '0');
    lines.push(`  - script: step${n}.sh`);
    writeFileSync(
      join(dir, `step${n}.sh`),
      `#!/bin/bash\nif [ "\${test_only:-0}" = 1 ]; then test -f /var/lib/sipbench/step${n}; exit; fi\nmkdir -p /var/lib/sipbench && touch /var/lib/sipbench/step${n}\n`,
    );
  }
  writeFileSync(join(dir, 'image.yaml'), lines.join('\n') + '\n');
  const manifest = join(dir, 'image.yaml');
  const mine = fresh(base, 'ours.qcow2');
  const theirs = fresh(base, 'original.qcow2');
  const original = (img: string, testOnly: boolean) =>
    timed('/usr/bin/python3', [join(REPO_DIR, 'bench', 'sahara-original.py'), img, dir, ...(testOnly ? ['--test-only'] : [])], 0);
  const oursRec = sip(['run', manifest, '--image', mine]);
  const origRec = original(theirs, false);
  const oursTest = sip(['run', manifest, '--image', mine, '--test-only']);
  const origTest = original(theirs, true);
  // same end state: our test-only passes on the image the original reconciled
  sip(['run', manifest, '--image', theirs, '--test-only']);
  process.stdout.write(
    `image benchmark 2: 20 steps (10 packages, 10 scripts), this runner vs the original (python3-sahara + python3-guestfs)\n` +
      `  reconcile: ${oursRec.toFixed(1)} s vs ${origRec.toFixed(1)} s: ${(origRec / oursRec).toFixed(2)}x faster (goal >= 3x)\n` +
      `  test-only: ${oursTest.toFixed(1)} s vs ${origTest.toFixed(1)} s: ${(origTest / oursTest).toFixed(2)}x faster (goal >= 3x)\n` +
      `  same end state: our test-only run passes on the image the original reconciled\n\n`,
  );
  rmSync(out, { recursive: true, force: true });
}

if (import.meta.url === `file://${process.argv[1]}`) await imageBench();
