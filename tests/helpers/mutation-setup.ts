import fc from 'fast-check';

/**
 * For `npm run mutate` only (jest.mutate.config.js): a property that fails stops there, without shrinking the
 * counterexample. A mutant is killed by the first failure; shrinking it would only make the run slower.
 */
fc.configureGlobal({ endOnFailure: true });
