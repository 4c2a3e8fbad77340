import { createEngine } from './engine';
import { rules } from './rules';

export { LEVELS, ANSWERS, acuity, type Level, type Answer } from './levels';
export type { Question, Rules, CauseData } from './schema';
export type { AnsweredQuestion, Outcome, Step, Engine } from './engine';
export { rules };
export { createEngine, isPositive } from './engine';

/** The engine over the project's rules, built once at load. */
export const engine = createEngine(rules);
