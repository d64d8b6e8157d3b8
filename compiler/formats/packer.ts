/**
 * `compile --format packer`: a Packer (HCL2, Packer 1.6+) `shell` provisioner block that
 * uploads the compiled program and runs it as root in a build (SPEC §6 "Fleet scale").
 * Pure and deterministic.
 *
 * The block names the program as a file beside the template (`script =
 * "${path.root}/image.sh"`, written by `compile ... -o image.sh`): Packer uploads a script
 * file byte for byte. (Embedding the program inline does not work: Packer runs its Go
 * template engine over inline scripts, more than once, so any `{{` in a script body would be
 * rewritten.) Packer puts it at its own `remote_path` (a random name under /tmp on the machine
 * being built) and removes it afterwards. It runs with bash: as is when the build's SSH user
 * is root, else through `sudo -n`; stdin /dev/null. A non-zero exit status fails the build.
 * The baked values (`--set`, the plugin's) are the program's defaults, so no arguments are
 * needed.
 */

export interface PackerOptions {
  /** `--NAME VALUE` pairs baked in, named in a comment for the reader. */
  readonly args: readonly (readonly [string, string])[];
  readonly label: string;
  readonly compilerVersion: string;
  /** The program's file name beside the template (default image.sh). */
  readonly programFile?: string;
  /** The compile command that writes that file, for the comment. */
  readonly compileCommand: string;
}

export function packerProvisioner(options: PackerOptions): string {
  const file = options.programFile ?? 'image.sh';
  const baked = options.args.length === 0 ? 'none' : options.args.map(([n, v]) => `--${n} ${JSON.stringify(v)}`).join(' ');
  const run = (extra: string) => `if [ "$(id -u)" -eq 0 ]; then /bin/bash '{{ .Path }}'${extra} </dev/null; else sudo -n /bin/bash '{{ .Path }}'${extra} </dev/null; fi`;
  return [
    `# ${oneLine(options.label)}: written by ${oneLine(options.compilerVersion)}. A Packer (HCL2) provisioner`,
    '# that runs the image program as root on the machine being built; put it inside your',
    `# build { } block, with the program beside the template: ${oneLine(options.compileCommand)}`,
    `# Baked-in values (the program's defaults): ${oneLine(baked)}.`,
    `# For a check only: ${hclString(run(' --test-only'))}`,
    'provisioner "shell" {',
    `  script          = ${hclString('${path.root}/' + file, { keepTemplate: true })}`,
    `  execute_command = ${hclString(run(''))}`,
    '}',
    '',
  ].join('\n');
}

export const PACKER_HINT = 'put the block inside your build { } (packer 1.6+, HCL2), with the program it names beside the template; then `packer validate` the template';

/** An HCL double-quoted string: JSON escapes, and `${` / `%{` doubled unless the template is meant. */
function hclString(text: string, opts: { keepTemplate?: boolean } = {}): string {
  const quoted = JSON.stringify(text);
  return opts.keepTemplate ? quoted : quoted.replace(/[$%]\{/g, (m) => m[0]! + m);
}

function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ');
}
