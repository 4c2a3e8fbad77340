import questions from './data/questions.json';
import causes from './data/causes.json';
import advice from './data/advice.json';
import outcomes from './data/outcomes.json';
import descriptions from './data/descriptions.json';

/** The rules data as written, before validation: what src/rules/validated.ts and the build validate. */
export const rulesData = { questions, causes, advice, outcomes, descriptions };
