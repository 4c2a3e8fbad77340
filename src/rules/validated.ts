import { rulesData } from './data';
import { validateRules, type ValidatedRules } from './schema';

/**
 * The rules data, parsed and cross-checked. Run from source (the tests, the console), this validates when it
 * loads; the bundle replaces this module with the output of the same validation run at build time
 * (scripts/bundle.ts), so a Lambda cold start does not repeat it.
 */
export const validated: ValidatedRules = validateRules(rulesData);
