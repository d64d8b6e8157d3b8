/**
 * Check benchmark: a generated manifest of 5,000 validators nested 6 deep, checked end to
 * end by the CLI (new process: read, parse, schema, rules). Prints time per validator and
 * the process's peak memory, and the CLI's cold start for --help against bare `node -e 0`,
 * measured side by side in the same run (ratios are what to compare across machines).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const out = join(process.cwd(), 'bench', 'out');
mkdirSync(out, { recursive: true });

export function bigManifest(count: number, depth: number): string {
  const lines: string[] = [
    'arguments:',
    '  flavour:',
    '    description: which branch',
    '    default: a',
    'validators:',
  ];
  let made = 0;
  const emit = (indent: string, level: number): void => {
    // Each group: an all → os_case → argument_case → any → all → leaves, 6 levels deep.
    const pad = (n: number): string => indent + '  '.repeat(n);
    if (made >= count) return;
    const kinds = ['all', 'os_case', 'argument_case', 'any', 'all'];
    let cur = indent;
    for (let l = 0; l < Math.min(depth - 1, kinds.length) && made < count; l++) {
      const k = kinds[l]!;
      made++;
      if (k === 'os_case') {
        lines.push(`${cur}- os_case:`, `${cur}    - debian:`);
        cur += '        ';
      } else if (k === 'argument_case') {
        lines.push(`${cur}- argument_case:`, `${cur}    argument_name: flavour`, `${cur}    cases:`, `${cur}      a:`);
        cur += '        ';
      } else {
        lines.push(`${cur}- ${k}:`);
        cur += '    ';
      }
    }
    for (let i = 0; i < 20 && made < count; i++, made++) {
      lines.push(`${cur}- package:`, `${cur}    - pkg-${made}`, `${cur}    - lib${made}-dev`);
    }
    void pad;
    void level;
  };
  while (made < count) emit('  ', 0);
  return lines.join('\n') + '\n';
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function timeRuns(cmd: string, args: string[], runs: number): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    spawnSync(cmd, args, { stdio: 'ignore' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return times;
}

export function runCheckBench(): void {
  const file = join(out, 'big-5000.yaml');
  writeFileSync(file, bigManifest(5000, 6));
  const cli = 'bin/sahara-image-pack.js';
  // Peak memory of the check process: GNU time if present, else /proc polling is overkill — use node's report.
  const checkTimes: number[] = [];
  let peakKb = 0;
  for (let i = 0; i < 5; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync('node', ['--expose-gc', '-e', `
      import('./dist/cli/main.js').then(async (m) => {
        const code = await m.main(['check', ${JSON.stringify(file)}]);
        process.stderr.write('\\nPEAK_RSS_KB ' + Math.round(process.resourceUsage().maxRSS) + '\\n');
        process.exitCode = code;
      });`], { encoding: 'utf8' });
    checkTimes.push(Number(process.hrtime.bigint() - t0) / 1e6);
    const m = /PEAK_RSS_KB (\d+)/.exec(r.stderr);
    if (m) peakKb = Math.max(peakKb, Number(m[1]));
    if (r.status !== 0) throw new Error(`check of the big manifest failed: ${r.stderr.slice(0, 2000)}`);
  }
  const bare = timeRuns('node', ['-e', '0'], 15);
  const help = timeRuns('node', [cli, '--help'], 15);
  const checkMs = median(checkTimes);
  process.stdout.write(
    [
      'check benchmark (5,000 validators, nested 6 deep)',
      `  check, whole process:   ${checkMs.toFixed(0)} ms  (${((checkMs * 1000) / 5000).toFixed(1)} µs per validator; goal < 1000 ms)`,
      `  peak memory (max RSS):  ${(peakKb / 1024).toFixed(1)} MiB`,
      `  node -e 0:              ${median(bare).toFixed(1)} ms`,
      `  sahara-image-pack --help: ${median(help).toFixed(1)} ms  = ${(median(help) / median(bare)).toFixed(2)}x bare node (goal <= 2x)`,
      '',
    ].join('\n'),
  );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { stdio: 'inherit' });
  runCheckBench();
  // check and compile against the code before the kind registry, side by side (issue 13)
  const { runRegistryBench } = await import('./registry-baseline.js');
  runRegistryBench();
}
