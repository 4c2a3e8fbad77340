// @ts-check
/**
 * The jest environment of `npm run mutate` (jest.mutate.config.js): Node's, plus two things that make a run finish.
 * - During Stryker's dry run it records which test file holds which test (mutation-test-map.js).
 * - Once a test fails with a mutant switched on, the mutant is killed: the rest of that file's tests are skipped
 *   (jest has no bail that Stryker can use), and the runner loads no file after it (mutation-runner.js). Only a
 *   mutant that survives runs every test that reaches it.
 * - With MUTATION_TRACE set to a file, it appends a line there for each test file a mutant runs: the mutant, the
 *   file, its time from setup to teardown, whether a test failed (to see where a slow area's time goes).
 * Stryker wraps this environment in its own, which reads the test names it reports as covering each mutant.
 */
const fs = require('node:fs');
const { TestEnvironment } = require('jest-environment-node');
const { run, ACTIVE_MUTANT, STRYKER_WORKER, fullTestName, recordTestFile } = require('./mutation-test-map');

class MutationEnvironment extends TestEnvironment {
  /** @type {string[]} */
  #names = [];
  #rootDir;
  #testPath;
  #started = Date.now();

  /**
   * @param {import('@jest/environment').JestEnvironmentConfig} config
   * @param {import('@jest/environment').EnvironmentContext} context
   */
  constructor(config, context) {
    super(config, context);
    this.#rootDir = config.projectConfig.rootDir;
    this.#testPath = context.testPath;
  }

  /** @param {import('@jest/types').Circus.Event} event */
  async handleTestEvent(event) {
    if (process.env[ACTIVE_MUTANT] === undefined) {
      if (event.name === 'test_start' && process.env[STRYKER_WORKER] !== undefined) this.#names.push(fullTestName(event.test));
      return;
    }
    if (event.name === 'run_describe_start' && run.failed) event.describeBlock.mode = 'skip';
    if (event.name === 'test_start' && run.failed) event.test.mode = 'skip';
    if (event.name === 'test_done' && event.test.errors.length > 0) run.failed = true;
  }

  async teardown() {
    if (process.env[ACTIVE_MUTANT] === undefined && this.#names.length > 0) recordTestFile(this.#rootDir, this.#testPath, this.#names);
    const trace = process.env.MUTATION_TRACE;
    if (trace && process.env[ACTIVE_MUTANT] !== undefined) {
      const line = {
        mutant: process.env[ACTIVE_MUTANT],
        file: this.#testPath.split('/').at(-1),
        ms: Date.now() - this.#started,
        failed: run.failed,
      };
      fs.appendFileSync(trace, `${JSON.stringify(line)}\n`);
    }
    await super.teardown();
  }
}

module.exports = MutationEnvironment;
