import { parseArgs, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * A command line read strictly: `--help` (or `-h`) prints the usage and exits 0; an unknown flag, a missing value or
 * an unexpected argument prints the reason and the usage and exits 2, never a silent default.
 */
export function readCommandLine<const O extends Options>(usage: string, options: O, { positionals = false } = {}) {
  const config = { args: process.argv.slice(2), options, strict: true, allowPositionals: positionals } as const;
  let parsed: ReturnType<typeof parseArgs<typeof config>>;
  try {
    if (process.argv.slice(2).some((arg) => arg === '--help' || arg === '-h')) {
      process.stdout.write(usage.endsWith('\n') ? usage : `${usage}\n`);
      process.exit(0);
    }
    parsed = parseArgs(config);
  } catch (error) {
    return exitWithUsage(usage, error instanceof Error ? error.message : String(error));
  }
  return parsed;
}

/** Says what is wrong with the command line, then how to use it, and exits 2. */
export function exitWithUsage(usage: string, reason: string): never {
  process.stderr.write(`${reason}\n\n${usage.endsWith('\n') ? usage : `${usage}\n`}`);
  process.exit(2);
}
