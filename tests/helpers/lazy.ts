/**
 * A value made on first use, inside the first test that needs it, then shared by the tests after it.
 *
 * Used instead of beforeAll (or work in a describe body) for the conversations a suite collects once: mutation
 * testing (`npm run mutate`) counts code run in hooks or at collection as run by no test, and then has to run
 * every test for each mutant of that code; run inside a test, it runs only the tests that reach it.
 */
export function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}
