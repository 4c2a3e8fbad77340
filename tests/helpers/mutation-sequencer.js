// @ts-check
/**
 * The test sequencer of `npm run mutate` (jest.mutate.config.js): with a mutant switched on, of the test files jest
 * found related to the mutated file, only those holding a test Stryker says reaches the mutant (mutation-test-map.js),
 * the files that failed last time first, then the quickest. Without the dry run's map, or with a pattern it cannot
 * read, every file runs.
 */
const Sequencer = require('@jest/test-sequencer').default;
const { run, ACTIVE_MUTANT, readTestMap, escapeRegExp, namesInPattern } = require('./mutation-test-map');

/** @type {Map<string, Map<string, Set<string>> | undefined>} the map, read once a mutant runs (after the dry run) */
const maps = new Map();

class MutationSequencer extends Sequencer {
  /** @param {ConstructorParameters<typeof Sequencer>[0]} options */
  constructor(options) {
    super(options);
    this.pattern = options.globalConfig.testNamePattern;
    this.rootDir = options.contexts[0]?.config.rootDir;
  }

  /** @param {import('@jest/test-result').Test[]} tests */
  async sort(tests) {
    run.failed = false;
    if (process.env[ACTIVE_MUTANT] === undefined) return super.sort(tests);
    const wanted = this.#filesHoldingPattern();
    const chosen = wanted ? tests.filter((test) => wanted.has(test.path)) : tests;
    // Jest runs the slowest files first, to keep its workers busy; a mutant is killed by its first failed test, so
    // here the files that failed last time come first (the same area's mutants fail the same tests), then the quickest.
    const failed = (/** @type {import('@jest/test-result').Test} */ test) => (this.hasFailed(test) ? 1 : 0);
    const time = (/** @type {import('@jest/test-result').Test} */ test) => this.time(test) ?? Number.MAX_SAFE_INTEGER;
    return [...chosen].sort((a, b) => failed(b) - failed(a) || time(a) - time(b));
  }

  #filesHoldingPattern() {
    if (!this.pattern || !this.rootDir) return undefined;
    if (!maps.has(this.rootDir)) maps.set(this.rootDir, readTestMap(this.rootDir));
    const map = maps.get(this.rootDir);
    const names = namesInPattern(this.pattern);
    if (!map || !names) return undefined;
    /** @type {Set<string>} */
    const files = new Set();
    let found = 0;
    for (const [name, holders] of map) {
      if (!names.has(escapeRegExp(name))) continue;
      found++;
      for (const file of holders) files.add(file);
    }
    return found === names.size ? files : undefined;
  }
}

module.exports = MutationSequencer;
