import questions from './data/questions.json';
import causes from './data/causes.json';
import advice from './data/advice.json';
import outcomes from './data/outcomes.json';
import descriptions from './data/descriptions.json';
import { parseRules, type Rules } from './schema';

/** The triage rules, parsed and cross-checked once, when the module loads. */
export const rules: Rules = parseRules({ questions, causes, advice, outcomes, descriptions });
