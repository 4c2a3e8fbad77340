import { readCommandLine } from '../src/command-line';

/**
 * The command line of `npm start`, the self-hosted server and the scripts, as a person at a terminal meets it:
 * --help prints the usage and exits 0; anything wrong says what, then the usage, and exits 2; nothing is guessed.
 */
const USAGE = 'Usage: tool [--port <n>] [file]';
const OPTIONS = { port: { type: 'string' } } as const;

class Exit extends Error {
  constructor(readonly code: number | string | null | undefined) {
    super(`exit ${String(code)}`);
  }
}

function run(args: string[], { positionals, usage = USAGE }: { positionals?: boolean; usage?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const argv = process.argv;
  process.argv = ['node', 'tool', ...args];
  const spies = [
    jest.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Exit(code);
    }),
    jest.spyOn(process.stdout, 'write').mockImplementation((text) => out.push(String(text)) > 0),
    jest.spyOn(process.stderr, 'write').mockImplementation((text) => err.push(String(text)) > 0),
  ];
  try {
    const parsed = positionals === undefined ? readCommandLine(usage, OPTIONS) : readCommandLine(usage, OPTIONS, { positionals });
    return { parsed, out: out.join(''), err: err.join('') };
  } catch (error) {
    if (!(error instanceof Exit)) throw error;
    return { exit: error.code, out: out.join(''), err: err.join('') };
  } finally {
    spies.forEach((spy) => spy.mockRestore());
    process.argv = argv;
  }
}

describe("a command's line", () => {
  it('prints the usage, one newline at the end, and exits 0 on --help or -h, wherever it is', () => {
    for (const args of [['--help'], ['--port', '3000', '-h']]) {
      expect(run(args)).toEqual({ exit: 0, out: `${USAGE}\n`, err: '' });
    }
    expect(run(['--help'], { usage: `${USAGE}\n` }).out).toBe(`${USAGE}\n`);
  });

  it('says what is wrong, then the usage, and exits 2: an unknown flag, a missing value, an unexpected argument', () => {
    for (const args of [['--prot', '3000'], ['--port'], ['extra']]) {
      const result = run(args);
      expect(result).toMatchObject({ exit: 2, out: '' });
      expect(result.err).toMatch(new RegExp(`^\\S.*\\n\\n${USAGE.replace(/[[\]|]/g, '\\$&')}\\n$`));
    }
  });

  it('gives the values read, and an argument only where the command takes one', () => {
    expect(run(['--port', '3000']).parsed?.values).toEqual({ port: '3000' });
    expect(run(['--port', '3000', 'notes.txt'], { positionals: true }).parsed?.positionals).toEqual(['notes.txt']);
  });
});
