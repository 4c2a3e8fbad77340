/**
 * The jest config for `npm run mutate` (stryker.config.mjs): the usual one, without the suites that spawn
 * processes or build the bundle. They cover little or no mutated code in-process (a
 * bundle built from Stryker's sandbox, or a child process, never has a mutant switched on), and each costs seconds
 * a run. The speech and screen suites stay in: src/speech and src/screen are mutated, and they are what kills
 * most of those mutants.
 * - console.test.ts: runs `npm start` in child processes
 * - bundle.test.ts, deploy.test.ts: build lambda/dist with esbuild, zip it, load it in a fresh Node process
 * - runtime.test.ts: says which Node.js runs the suite (for scripts/test-runtimes.ts)
 * - icons.test.ts: renders the skill icons from design/icon.svg
 * The server's socket suites (server-limits, server-connections) stay in: they take their margins from the limits
 * each test configures, not from the machine being idle, and they are what kills the mutants of src/server/app.ts
 * and connections.ts. The nginx test among them runs the built server in a child process, where no mutant is on.
 */
const path = require('node:path');
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker runs, for each mutant, the test files jest finds related to the mutated file, and jest follows imports
  // only through the files under `roots`: without src/ (and what imports it) it would find next to none.
  roots: ['<rootDir>/tests', '<rootDir>/src', '<rootDir>/lambda', '<rootDir>/scripts'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/(console|bundle|deploy|runtime|icons)\\.test\\.ts$'],
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/mutation-setup.ts'],
  // A mutant runs only the test files holding a test that reaches it, and stops at its first failed test. Absolute
  // paths: Stryker's environment wrapper does not read <rootDir>.
  testEnvironment: path.join(__dirname, 'tests/helpers/mutation-environment.js'),
  testSequencer: path.join(__dirname, 'tests/helpers/mutation-sequencer.js'),
  // Once a test has failed, the files left are not loaded at all.
  runner: path.join(__dirname, 'tests/helpers/mutation-runner.js'),
  // A mutant that makes a test hang (a deadline removed, a loop that never ends) fails that test here, as killed,
  // usually before Stryker's own timeout, which would also restart the test runner. Long enough for hangs only: at
  // 8 s, tests that take 2 s in `npm test` (a few hundred conversations, a socket attack) ran past it on Stryker's
  // instrumented code beside a second runner, and each mutant they reached was counted as killed.
  testTimeout: 60000,
};
