/**
 * The jest config for `npm run mutate` (stryker.config.mjs): the usual one, without the suites that spawn
 * processes or build the bundle. They cover no mutated code in-process, and each takes seconds a run.
 * - console.test.ts: runs `npm start` in child processes
 * - bundle.test.ts, deploy.test.ts: build lambda/dist with esbuild, zip it, load it in a fresh Node process
 * - runtime.test.ts: says which Node.js runs the suite (for scripts/test-runtimes.ts)
 * - icons.test.ts: renders the skill icons from design/icon.svg
 */
const base = require('./jest.config');

/** @type {import('jest').Config} */
module.exports = {
  ...base,
  testPathIgnorePatterns: ['/node_modules/', '/tests/(console|bundle|deploy|runtime|icons)\\.test\\.ts$'],
};
