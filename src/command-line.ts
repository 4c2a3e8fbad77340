import { parseArgs, types, type ParseArgsConfig } from 'node:util';

type Options = NonNullable<ParseArgsConfig['options']>;

/** What a command line asks for: the usage, a reason it cannot be read, or its values. */
export type CommandLine<Parsed> = { kind: 'help' } | { kind: 'wrong'; reason: string } | { kind: 'read'; parsed: Parsed };

/**
 * `args` read strictly: `--help` (or `-h`) anywhere asks for the usage; an unknown flag, a missing value or an
 * unexpected argument is wrong, with the reason, never a silent default.
 */
export function parseCommandLine<const O extends Options>(args: readonly string[], options: O, { positionals = false } = {}) {
  const config = { args: [...args], options, strict: true, allowPositionals: positionals } as const;
  type Parsed = ReturnType<typeof parseArgs<typeof config>>;
  if (args.some((arg) => arg === '--help' || arg === '-h')) return { kind: 'help' } as CommandLine<Parsed>;
  try {
    return { kind: 'read', parsed: parseArgs(config) } as CommandLine<Parsed>;
  } catch (error) {
    // isNativeError: node:util's own errors come from another realm under jest, where instanceof Error is false.
    return { kind: 'wrong', reason: types.isNativeError(error) ? error.message : String(error) } as CommandLine<Parsed>;
  }
}

/** How to use a command, as printed: one newline at the end. */
export const usageText = (usage: string): string => (usage.endsWith('\n') ? usage : `${usage}\n`);

/** This process's command line, read strictly: the usage printed and exit 0 on --help, exit 2 when wrong. */
export function readCommandLine<const O extends Options>(usage: string, options: O, { positionals = false } = {}) {
  const line = parseCommandLine(process.argv.slice(2), options, { positionals });
  if (line.kind === 'help') {
    process.stdout.write(usageText(usage));
    process.exit(0);
  }
  if (line.kind === 'wrong') return exitWithUsage(usage, line.reason);
  return line.parsed;
}

/** Says what is wrong with the command line, then how to use it, and exits 2. */
export function exitWithUsage(usage: string, reason: string): never {
  process.stderr.write(`${reason}\n\n${usageText(usage)}`);
  process.exit(2);
}
