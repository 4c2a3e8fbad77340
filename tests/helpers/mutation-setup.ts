import fc from 'fast-check';

/**
 * For `npm run mutate` only (jest.mutate.config.js): a property that fails stops there, without shrinking the
 * counterexample. A mutant is killed by the first failure; shrinking it would only make the run slower.
 */
fc.configureGlobal({ endOnFailure: true });

/** The whole-conversation suites run in four locales rather than seventeen: see helpers/conversation-locales.ts. */
process.env.MUTATION_RUN = '1';
