/**
 * A value made on first use, inside the first test that needs it, then shared by the tests after it.
 *
 * Used instead of beforeAll (or work in a describe body) for the conversations a suite collects once: mutation
 * testing (`npm run mutate`) counts code run in hooks or at collection as run by no test, and then has to run
 * every test for each mutant of that code; run inside a test, it runs only the tests that reach it.
 * During mutation testing's first run, which records the tests that reach each mutant, the value is made again in
 * each test that uses it: made once, it would be counted as reached by the first of them alone, and a mutant only
 * a later test can kill would run without that test.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T; test: string | undefined } | undefined;
  return () => {
    const test = recordingMutationCoverage() ? expect.getState().currentTestName : undefined;
    if (made === undefined || made.test !== test) made = { value: make(), test };
    return made.value;
  };
}

/** Stryker's dry run: inside one of its workers, with no mutant switched on (see mutation-test-map.js). */
const recordingMutationCoverage = (): boolean =>
  process.env.STRYKER_MUTATOR_WORKER !== undefined && process.env.__STRYKER_ACTIVE_MUTANT__ === undefined;
