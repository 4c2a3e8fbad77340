// @ts-check
/**
 * For `npm run mutate` only: which test file holds which test. Stryker names the tests that reach a mutant (their
 * full names, joined into jest's --testNamePattern), but jest then loads every test file related to the mutated
 * file to find them: for a module every handler imports, that is 26 files and 12 s per mutant before a test runs.
 * The environment records the map during Stryker's dry run; the sequencer keeps only the files that hold a test
 * the mutant's pattern names.
 */
const fs = require('node:fs');
const path = require('node:path');

/** The variable Stryker sets to the id of the mutant switched on (none during the dry run). */
const ACTIVE_MUTANT = '__STRYKER_ACTIVE_MUTANT__';
/** Set in every process Stryker starts: outside one (jest run by hand with this config), nothing is recorded. */
const STRYKER_WORKER = 'STRYKER_MUTATOR_WORKER';

/** @param {string} rootDir */
const mapDirectory = (rootDir) => path.join(rootDir, '.mutation-test-map');

/**
 * A test's full name as Stryker's jest environment names it: its describe blocks' names and its own, space-joined.
 * @param {{ name: string, parent?: { name: string, parent?: unknown } }} test
 */
function fullTestName(test) {
  const names = [];
  for (let block = test; block; block = /** @type {typeof test | undefined} */ (block.parent)) names.unshift(block.name);
  return names.slice(1).join(' ').trimStart(); // the first is jest's ROOT_DESCRIBE_BLOCK
}

/**
 * @param {string} rootDir
 * @param {string} testPath
 * @param {string[]} names
 */
function recordTestFile(rootDir, testPath, names) {
  const directory = mapDirectory(rootDir);
  fs.mkdirSync(directory, { recursive: true });
  const file = path.join(directory, `${path.relative(rootDir, testPath).replace(/[\\/]/g, '__')}.json`);
  fs.writeFileSync(file, JSON.stringify({ testPath, names }));
}

/**
 * Test name -> the files holding a test of that name; undefined when no dry run recorded one.
 * @param {string} rootDir
 * @returns {Map<string, Set<string>> | undefined}
 */
function readTestMap(rootDir) {
  const directory = mapDirectory(rootDir);
  if (!fs.existsSync(directory)) return undefined;
  /** @type {Map<string, Set<string>>} */
  const files = new Map();
  for (const entry of fs.readdirSync(directory)) {
    /** @type {{ testPath: string, names: string[] }} */
    const { testPath, names } = JSON.parse(fs.readFileSync(path.join(directory, entry), 'utf8'));
    for (const name of names) {
      const holders = files.get(name) ?? new Set();
      holders.add(testPath);
      files.set(name, holders);
    }
  }
  return files;
}

/** Stryker's escape of a test name in --testNamePattern (@stryker-mutator/util's escapeRegExp). */
const escapeRegExp = (/** @type {string} */ text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The test names in Stryker's pattern, `(name1)|(name2)|…`, each escaped: an escaped name holds no bare `)|(`.
 * @param {string} pattern
 */
function namesInPattern(pattern) {
  if (!pattern.startsWith('(') || !pattern.endsWith(')')) return undefined;
  return new Set(pattern.slice(1, -1).split(')|('));
}

/**
 * Whether a test of the run under way has failed: once one has, the mutant is killed and its other tests need not run.
 * Module state, shared by the environment and the sequencer: jest runs Stryker's test files in this one process, and
 * the sequencer starts each run (a mutant run again, after its runner restarts, starts afresh).
 */
const run = { failed: false };

module.exports = { run, ACTIVE_MUTANT, STRYKER_WORKER, fullTestName, recordTestFile, readTestMap, escapeRegExp, namesInPattern };
