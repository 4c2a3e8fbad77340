import * as z from 'zod/mini';
import { ANSWERS, LEVELS, engine, rules, type AnsweredQuestion, type Outcome } from '../rules';

export const SIDES = ['left', 'right', 'both'] as const;
export type Side = (typeof SIDES)[number];

export const isSide = (value: unknown): value is Side => (SIDES as readonly unknown[]).includes(value);

const MAX_CAUSES_IN_OUTCOME = 3;

const stateSchema = z.strictObject({
  version: z.literal(1),
  stage: z.enum(['interview', 'outcome']),
  answers: z
    .array(z.strictObject({ question: z.string(), answer: z.enum(ANSWERS) }))
    .check(z.maxLength(rules.questions.length)),
  /** Misunderstood replies in a row to the current prompt. */
  misses: z.int().check(z.gte(0), z.lte(1000)),
  side: z.optional(z.enum(SIDES)),
  /** Recorded on the response that delivers the outcome, for repeat, "tell me more" and the tests. */
  outcome: z.optional(
    z.strictObject({
      level: z.enum(LEVELS),
      causes: z.array(z.string()).check(z.maxLength(MAX_CAUSES_IN_OUTCOME)),
    }),
  ),
  /** Index in outcome.causes of the cause offered by "would you like to hear more about …?". */
  offer: z.optional(z.int().check(z.gte(0), z.lt(MAX_CAUSES_IN_OUTCOME))),
});

export type DialogState = z.infer<typeof stateSchema>;

export type LoadedState =
  | { kind: 'none' }
  | { kind: 'lost' }
  | { kind: 'interview'; state: DialogState; answers: AnsweredQuestion[]; pending: string }
  | { kind: 'outcome'; state: DialogState; answers: AnsweredQuestion[]; outcome: Outcome; offer: number };

/**
 * Reads session attributes into a dialog state we can trust: the schema must parse, the answers must be
 * exactly what the engine would have asked, and a recorded outcome must be the one those answers lead to.
 */
export function loadState(attributes: unknown): LoadedState {
  if (attributes === undefined || attributes === null) return { kind: 'none' };
  if (typeof attributes === 'object' && Object.keys(attributes).length === 0) return { kind: 'none' };
  const parsed = stateSchema.safeParse(attributes);
  if (!parsed.success) return { kind: 'lost' };
  const state = parsed.data;
  const { answers } = state;
  if (!answers.every((a) => rules.questionById.has(a.question)) || !engine.isValidHistory(answers)) {
    return { kind: 'lost' };
  }
  const step = engine.next(answers);
  if (state.stage === 'interview') {
    return step.kind === 'question' && state.outcome === undefined
      ? { kind: 'interview', state, answers, pending: step.question.id }
      : { kind: 'lost' };
  }
  const recorded = state.outcome;
  const offer = state.offer ?? 0;
  const consistent =
    step.kind === 'outcome' &&
    recorded !== undefined &&
    recorded.level === step.outcome.level &&
    recorded.causes.join() === step.outcome.causes.join() &&
    offer < step.outcome.causes.length;
  return consistent ? { kind: 'outcome', state, answers, outcome: step.outcome, offer } : { kind: 'lost' };
}

export function interviewState(answers: AnsweredQuestion[], side: Side | undefined): DialogState {
  return { version: 1, stage: 'interview', answers, misses: 0, ...(side ? { side } : {}) };
}

export function outcomeState(
  answers: AnsweredQuestion[],
  side: Side | undefined,
  outcome: Outcome,
  offer: number,
): DialogState {
  return {
    version: 1,
    stage: 'outcome',
    answers,
    misses: 0,
    ...(side ? { side } : {}),
    outcome: { level: outcome.level, causes: outcome.causes },
    offer,
  };
}
