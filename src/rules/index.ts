import { createEngine } from './engine';
import { rules } from './rules';

export { LEVELS, ANSWERS, acuity, type Level, type Answer } from './levels';
export type { Question, Rules, CauseData } from './schema';
export type { Reply, Outcome, Step, Engine } from './engine';
export { rules };
export { createEngine, isPositive, isAnswer, MAX_DESCRIPTIONS } from './engine';

/** The engine over the project's rules, built once at load. */
export const engine = createEngine(rules);
