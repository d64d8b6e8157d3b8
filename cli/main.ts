/**
 * Entry point. Only parses the command word; each command's module is imported lazily so
 * that `--help` starts as fast as node itself.
 */
import { USAGE } from './usage.js';

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined ? 2 : 0;
  }
  if (command === '--version' || command === '-V') {
    const { VERSION } = await import('../compiler/version.js');
    process.stdout.write(`sahara-image-pack ${VERSION}\n`);
    return 0;
  }
  switch (command) {
    case 'check':
      return (await import('./commands/check.js')).run(rest);
    case 'compile':
      return (await import('./commands/compile.js')).run(rest);
    case 'plan':
      return (await import('./commands/plan.js')).run(rest);
    case 'plugins':
      return (await import('./commands/plugins.js')).run(rest);
    case 'run':
      return (await import('./commands/run.js')).run(rest);
    default:
      // the original's form: [--image IMG] [--test-only] ... PLUGIN VERSION [args]
      return (await import('./commands/pack.js')).run(argv);
  }
}
