import { isAbsolute, relative } from 'node:path';
import type { Diagnostic } from '../compiler/diagnostics/diagnostic.js';
import { UsageError } from './args.js';

/** Run a command body; usage and plugin errors become one line on stderr and exit 2. */
export async function reportUsage(body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (e) {
    const name = (e as Error).constructor?.name;
    if (e instanceof UsageError || name === 'PluginError' || name === 'ConfigError') {
      process.stderr.write(`sahara-image-pack: ${(e as Error).message}\nTry 'sahara-image-pack --help'.\n`);
      return 2;
    }
    throw e;
  }
}

/** Paths in messages: relative to the current directory when inside it. */
export function displayPath(path: string): string {
  if (!isAbsolute(path)) return path;
  const rel = relative(process.cwd(), path);
  return rel.startsWith('..') || rel === '' ? path : rel;
}

/** `--warnings-as-errors`: warnings become errors (exit 2), for CI; notes stay notes. */
export function promoteWarnings(diagnostics: readonly Diagnostic[], on: boolean): Diagnostic[] {
  return on ? diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'error' } : d)) : [...diagnostics];
}
