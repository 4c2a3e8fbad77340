import type * as Zod from 'zod/mini';
import { once } from '../once';
import { zod } from '../zod';
import { ANSWERS, engine, type Outcome, type Question, type Reply } from '../rules';
import { MAX_MENU_ITEMS, outcomeMenu, type MenuItem } from './menu';

export const SIDES = ['left', 'right', 'both'] as const;
export type Side = (typeof SIDES)[number];

export const isSide = (value: unknown): value is Side => (SIDES as readonly unknown[]).includes(value);

/** Built on first use: a cold LaunchRequest has no state to read. */
const stateSchema = once(() => {
  const z = zod();
  const replySchema = z.union([
    z.strictObject({ question: z.string(), answer: z.enum(ANSWERS) }),
    z.strictObject({ described: z.string() }),
  ]);

  return z.strictObject({
    version: z.literal(2),
    stage: z.enum(['interview', 'outcome']),
    replies: z.array(replySchema).check(z.maxLength(engine.maxReplies)),
    /** Misunderstood replies in a row to the current prompt. */
    misses: z.int().check(z.gte(0), z.lte(1000)),
    /** The pending question was asked again after a hedged or unsure answer; the next unsure answer counts. */
    clarifying: z.optional(z.literal(true)),
    side: z.optional(z.enum(SIDES)),
    /** Index in the outcome's menu (tonight, more about the cause, other causes) of what is on offer. */
    offer: z.optional(z.int().check(z.gte(0), z.lt(MAX_MENU_ITEMS))),
    /** The listener asked for help: the emergency message stands until they go back to where they were. */
    help: z.optional(z.literal(true)),
  });
});

export type DialogState = Zod.infer<ReturnType<typeof stateSchema>>;

export type Pending = { kind: 'question'; question: Question } | { kind: 'describe' };

export type LoadedState =
  | { kind: 'none' }
  | { kind: 'lost' }
  | { kind: 'interview'; state: DialogState; replies: Reply[]; pending: Pending }
  /** An emergency has no layers: it is said again until the listener goes back or starts over. */
  | { kind: 'emergency'; state: DialogState; replies: Reply[]; outcome: Outcome }
  /** Any other outcome kept in the session has a layer on offer: one with none left ended the session. */
  | { kind: 'outcome'; state: DialogState; replies: Reply[]; outcome: Outcome; menu: MenuItem[]; offer: number; offered: MenuItem }
  /** The listener asked for help during an interview or after an outcome, which is kept to go back to. */
  | { kind: 'help'; state: DialogState; within: Extract<LoadedState, { kind: 'interview' | 'outcome' }> };

/**
 * Reads session attributes into a dialog state we can trust: the schema must parse, and the replies must be
 * exactly what the engine would have asked. The outcome is not kept in the session (it would be a health inference
 * sent to Amazon on every turn): it is worked out again from the replies.
 */
export function loadState(attributes: unknown): LoadedState {
  if (attributes === undefined || attributes === null) return { kind: 'none' };
  if (typeof attributes === 'object' && Object.keys(attributes).length === 0) return { kind: 'none' };
  const parsed = stateSchema().safeParse(attributes);
  if (!parsed.success) return { kind: 'lost' };
  const { help, ...state } = parsed.data;
  const loaded = trusted(state);
  if (!help) return loaded;
  return loaded.kind === 'interview' || loaded.kind === 'outcome' ? { kind: 'help', state: parsed.data, within: loaded } : { kind: 'lost' };
}

/** The state without a call for help, checked against what the engine would have asked and concluded. */
function trusted(state: DialogState): LoadedState {
  const { replies } = state;
  // A question or description id the rules do not know is never what the engine would have asked.
  if (!engine.isValidHistory(replies)) return { kind: 'lost' };
  const step = engine.next(replies);
  if (state.stage === 'interview') {
    if (step.kind === 'outcome' || state.offer !== undefined) return { kind: 'lost' };
    if (state.clarifying && step.kind !== 'question') return { kind: 'lost' };
    return { kind: 'interview', state, replies, pending: step };
  }
  if (step.kind !== 'outcome' || state.clarifying) return { kind: 'lost' };
  const { outcome } = step;
  if (outcome.level === 'emergency') return { kind: 'emergency', state, replies, outcome };
  const menu = outcomeMenu(outcome);
  const offer = state.offer ?? 0;
  const offered = menu[offer];
  return offered ? { kind: 'outcome', state, replies, outcome, menu, offer, offered } : { kind: 'lost' };
}

export function interviewState(replies: Reply[], side: Side | undefined, clarifying = false): DialogState {
  return {
    version: 2,
    stage: 'interview',
    replies,
    misses: 0,
    ...(clarifying ? { clarifying: true as const } : {}),
    ...(side ? { side } : {}),
  };
}

export function outcomeState(replies: Reply[], side: Side | undefined, offer: number): DialogState {
  return { version: 2, stage: 'outcome', replies, misses: 0, ...(side ? { side } : {}), offer };
}
