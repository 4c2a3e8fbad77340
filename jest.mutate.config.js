/**
 * The jest config for `npm run mutate` (stryker.config.mjs): the usual one, without the suites that spawn
 * processes or build the bundle, or that check how turns are rendered. They cover little or no mutated code
 * in-process, and each costs seconds a run:
 * - console.test.ts: runs `npm start` in child processes
 * - bundle.test.ts, deploy.test.ts: build lambda/dist with esbuild, zip it, load it in a fresh Node process
 * - runtime.test.ts: says which Node.js runs the suite (for scripts/test-runtimes.ts)
 * - icons.test.ts: renders the skill icons from design/icon.svg
 * - speech.test.ts, screen.test.ts: SSML, word counts and the screen per locale (src/speech and src/screen are not
 *   mutated; what the dialog decides is pinned by dialog.test.ts and conversation.test.ts). Together they were
 *   half the time of a mutation run.
 * - server-limits.test.ts: the server's timeouts and connection cap against stalled sockets (src/server/app.ts is
 *   not mutated); timing over real sockets that Stryker's test environment does not keep to.
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  // Stryker runs, for each mutant, the test files jest finds related to the mutated file, and jest follows imports
  // only through the files under `roots`: without src/ (and what imports it) it would find next to none.
  roots: ['<rootDir>/tests', '<rootDir>/src', '<rootDir>/lambda', '<rootDir>/scripts'],
  testPathIgnorePatterns: ['/node_modules/', '/tests/(console|bundle|deploy|runtime|icons|speech|screen|server-limits)\\.test\\.ts$'],
  setupFilesAfterEnv: ['<rootDir>/tests/helpers/mutation-setup.ts'],
  // A mutant that makes a test hang (a deadline removed, a loop that never ends) fails that test here, as killed,
  // before Stryker's own timeout, which would also restart the test runner: that restart made a run crawl.
  testTimeout: 8000,
};
