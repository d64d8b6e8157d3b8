export async function run(_argv: readonly string[]): Promise<number> {
  process.stderr.write('sahara-image-pack: plan is not ready yet\n');
  return 2;
}
