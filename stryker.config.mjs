// @ts-check
/**
 * Mutation testing: `npm run mutate` (all areas at once takes hours on a 2-core machine: docs/mutation-testing.md gives each area's time; not part of `npm test`).
 * Run one area at a time: `npx stryker run --mutate '<glob>'`, the areas as docs/mutation-testing.md lists them.
 * Reports: the clear-text summary on the terminal, reports/mutation/mutation.html and .json.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  // Every module that runs in production: the skill, its Lambda entry point and the self-hosted server. The local
  // console (src/console) and the build and docs scripts (scripts/) do not ship; type declarations hold no code.
  // src/server/main.ts only hands src/server/start.ts this process (argv, env, console, exit, signals): the tests run
  // it as a child process, where no mutant is switched on.
  mutate: ['src/**/*.ts', 'lambda/*.ts', '!src/console/**', '!src/**/*.d.ts', '!src/server/main.ts'],
  testRunner: 'jest',
  jest: { projectType: 'custom', configFile: 'jest.mutate.config.js' },
  // Each mutant runs only the tests that reach it. A mutant reached only while modules load (the rules data
  // parsed at start, zod schemas, constants) and by no test is "static": it would need every test, a full run
  // each, so it is left out (Ignored in the report); one that a test reaches too runs with those tests.
  coverageAnalysis: 'perTest',
  ignoreStatic: true,
  // Mutants that do not type-check are not run (CompileError, left out of the score).
  checkers: ['typescript'],
  tsconfigFile: 'tsconfig.json',
  // Stryker gives half of `concurrency` to checkers, which wait on the test runners most of the time: 4 makes
  // two test runners, one per core of the 2-core machines this project runs on.
  concurrency: 4,
  // A mutant's timeout is 1.5 x the time its covering tests took in the dry run, plus this. But loading each test file
  // that holds one of those tests (and everything it imports) is none of it in the estimate. At 10 s, every rules
  // mutant that no test killed early timed out, and Stryker counts a timeout as caught; at 30 s, mutants that survive
  // every file of a wide suite (the fuzz test alone takes 30 to 40 s of a run) still did. A mutant that hangs is
  // caught by a test's own 60 s limit (jest.mutate.config.js) or a loop by Stryker's hit limit.
  timeoutMS: 60000,
  // The dry run, every test once over instrumented code, takes nearly 5 minutes for the rules (Stryker's default
  // limit for it): every conversation runs the engine. 15 leaves room on a busy machine.
  dryRunTimeoutMinutes: 15,
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  // The sandbox is a copy of the project (skill-package/, src/i18n/locales, docs/flow.md … are read by the tests)
  // less node_modules (linked) and build output the mutated tests do not read.
  ignorePatterns: ['dist', 'lambda/dist', 'bench/.build', 'coverage', 'reports', '*.zip', '.ask', '.tmp'],
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  thresholds: { high: 90, low: 80, break: null },
};
