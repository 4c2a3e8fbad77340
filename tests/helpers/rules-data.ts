import questions from '../../src/rules/data/questions.json';
import causes from '../../src/rules/data/causes.json';
import advice from '../../src/rules/data/advice.json';
import outcomes from '../../src/rules/data/outcomes.json';
import descriptions from '../../src/rules/data/descriptions.json';

/** A copy of the project's rules data, as the JSON files hold it, for a test to edit (break it, or vary it). */
export const rulesData = () => structuredClone({ questions, causes, advice, outcomes, descriptions });

export type RulesDataCopy = ReturnType<typeof rulesData>;
