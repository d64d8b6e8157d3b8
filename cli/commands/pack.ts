/** The original's interface: `sahara-image-pack [--image IMG] PLUGIN VERSION [args]` (not yet). */
export async function run(argv: readonly string[]): Promise<number> {
  const [plugin, version] = argv;
  process.stderr.write(
    `sahara-image-pack: packing images (PLUGIN VERSION form, here '${plugin ?? ''} ${version ?? ''}') is not implemented yet.\n` +
      `Use: sahara-image-pack compile ${plugin ?? 'PLUGIN'} ${version ?? 'VERSION'} -o prog.sh, then run prog.sh (see README).\n`,
  );
  return 2;
}
