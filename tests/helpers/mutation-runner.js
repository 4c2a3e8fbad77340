// @ts-check
/**
 * The test runner of `npm run mutate` (jest.mutate.config.js): jest's own, one file at a time, that does not load the
 * files left once a test has failed with a mutant switched on. The mutant is killed by then, and the environment
 * would only skip their tests after loading each file and everything it imports (a second or more for a suite that
 * builds the skill). A file not run reports nothing: jest counts a file that reports no test as a failed suite,
 * which Stryker would take for an error.
 */
const TestRunner = require('jest-runner').default;
const { run, ACTIVE_MUTANT } = require('./mutation-test-map');

class MutationRunner extends TestRunner {
  /** @param {Parameters<TestRunner['runTests']>} args */
  async runTests(...args) {
    const [tests, watcher, options] = args;
    if (process.env[ACTIVE_MUTANT] === undefined || !options.serial) return super.runTests(...args);
    for (const test of tests) {
      if (run.failed || watcher.isInterrupted()) return;
      await super.runTests([test], watcher, options);
    }
  }
}

module.exports = MutationRunner;
