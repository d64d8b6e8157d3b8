import type { ArgumentNode } from '../compiler/ast/nodes.js';
import type { ImageArgument } from '../compiler/plugins/spi.js';

/** Arguments as help text: `--name VALUE`, description, default or required, choices. Hidden ones are left out. */
export function describeArguments(args: readonly ArgumentNode[], overrides: Readonly<Record<string, string>> = {}): string {
  const shown = args.filter((a) => !a.hidden);
  if (shown.length === 0) return '  (none)\n';
  return shown
    .map((a) => {
      const facts: string[] = [];
      const forced = Object.hasOwn(overrides, a.name.value) ? overrides[a.name.value] : undefined;
      if (forced !== undefined) facts.push(`set by the plugin: ${forced}`);
      else if (a.required) facts.push('required');
      else if (a.default !== undefined) facts.push(a.default.value === '' ? 'default: empty' : `default: ${a.default.value}`);
      if (a.choices) facts.push(`choices: ${a.choices.map((c) => c.value).join(', ')}`);
      const desc = a.description?.value.replace(/\s+/g, ' ').trim() ?? '';
      return `  --${a.name.value} VALUE\n      ${desc}${desc ? ' ' : ''}(${facts.join('; ')})\n`;
    })
    .join('');
}

/** The same for the SPI's getImageArguments (a module plugin may give its own): `--name VALUE`, or `-x VALUE` for a one-letter name. */
export function describeImageArguments(args: readonly ImageArgument[]): string {
  const shown = args.filter((a) => !a.hidden);
  if (shown.length === 0) return '  (none)\n';
  return shown
    .map((a) => {
      const facts: string[] = [];
      if (a.required) facts.push('required');
      else if (a.default !== undefined) facts.push(`default: ${a.secret ? '(secret)' : a.default === '' ? 'empty' : a.default}`);
      if (a.choices) facts.push(`choices: ${a.choices.join(', ')}`);
      return `  ${a.name.length === 1 ? '-' : '--'}${a.name} VALUE\n      ${a.description}${a.description ? ' ' : ''}(${facts.join('; ') || 'optional'})\n`;
    })
    .join('');
}

/** `--a, --b` for "unknown argument" messages: the visible arguments (hidden ones stay hidden, as in --help). */
export function argumentList(args: readonly ArgumentNode[]): string {
  return args.filter((a) => !a.hidden).map((a) => (a.name.value.length === 1 ? '-' : '--') + a.name.value).join(', ') || 'none';
}
