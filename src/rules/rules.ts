import { indexRules } from './indexed';
import type { Rules } from './schema';
import { validated } from './validated';

/** The triage rules, validated (at build time, in the bundle) and indexed once, when the module loads. */
export const rules: Rules = indexRules(validated);
