/**
 * The `main` of a small script CLI (`cli.ts start|stop|status`): runs the subcommand named by the
 * first argument and exits with the code it returns; an unknown one prints the usage and exits 2,
 * a thrown error prints its message and exits 1.
 */
export function runSubcommand(usage: string, commands: Readonly<Record<string, () => Promise<number>>>): void {
  const name = process.argv[2];
  const command = name === undefined || !Object.hasOwn(commands, name) ? undefined : commands[name];
  if (command === undefined) {
    console.error(`usage: ${usage}`);
    process.exit(2);
  }
  command().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
