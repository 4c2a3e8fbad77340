import type * as Conversation from '../src/dialog/conversation';
import { MAX_DESCRIPTIONS, engine, rules, type Answer, type Reply } from '../src/rules';
import { loadFresh } from './helpers/fresh-module';

/**
 * The session attributes a device sends back are the only memory of the interview. The skill goes on from them
 * only when they are exactly what it would have written; anything else is "lost": it says so and starts again,
 * rather than trusting answers the listener never gave.
 */

/** What the skill does with these attributes when the listener says "repeat". Loaded afresh: see fresh-module.ts. */
function repeatWith(attributes: unknown): string[] {
  const { respondTo } = loadFresh<typeof Conversation>('../../src/dialog/conversation');
  return respondTo(attributes, { type: 'repeat' }).acts.map((act) => act.type);
}

/** "Sorry, I lost track of where we were, so let's start again", then the first question. */
const startsAgain = (acts: string[]) => acts[0] === 'stateLost' && acts.at(-1) === 'ask';

/** A real interview cut after `cut` replies, as the skill wrote it. */
function interviewAfter(given: Record<string, Answer>, cut: number, described = 'cramp') {
  const replies = engine
    .walk(
      (q) => given[q.id] ?? 'no',
      () => described,
    )
    .replies.slice(0, cut);
  return { version: 2, stage: 'interview', replies, misses: 0 };
}

/** A real outcome, as the skill wrote it, with the offer at `offer`. */
function outcomeAfter(described: string, offer = 0, given: Record<string, Answer> = {}) {
  const { replies } = engine.walk(
    (q) => given[q.id] ?? 'no',
    () => described,
  );
  return { version: 2, stage: 'outcome', replies, misses: 0, offer };
}

describe('session state the skill wrote', () => {
  it.each([
    ['mid-interview', interviewAfter({}, 2)],
    ['at the open question', interviewAfter({}, 5)],
    ['with the side the listener named', { ...interviewAfter({}, 2), side: 'left' }],
    ['after many replies not understood', { ...interviewAfter({}, 2), misses: 1000 }],
    ['clarifying a hedged answer to a warning sign', { ...interviewAfter({}, 2), clarifying: true }],
  ])('is trusted %s: "repeat" asks the pending step again', (_case, attributes) => {
    const acts = repeatWith(attributes);
    expect(acts).toHaveLength(1);
    expect(['ask', 'describe']).toContain(acts[0]);
  });

  it.each([
    ['its first layer on offer', outcomeAfter('joint', 0)],
    ['its last layer, the reminder, on offer', outcomeAfter('joint', 3)],
    ['a two-layer outcome, its last on offer', outcomeAfter('restless', 1)],
    ['an emergency', outcomeAfter('ache', 0, { breathing: 'yes' })],
  ])('is trusted after the outcome, %s: "repeat" says the outcome again', (_case, attributes) => {
    expect(repeatWith(attributes)[0]).toMatch(/^(outcome|emergency)$/);
  });

  it('none at all, or an empty session, is a new conversation, not a lost one', () => {
    for (const attributes of [undefined, null, {}])
      expect(repeatWith(attributes)).toEqual(['nothingToRepeat', 'idleHelp', 'disclaimer', 'ask']);
  });
});

describe('session state the skill did not write starts the interview again', () => {
  const mid = interviewAfter({}, 2);
  const longest = rules.questions.length + MAX_DESCRIPTIONS;
  it.each<[string, unknown]>([
    ['not an object', 42],
    ['a string', 'interview'],
    ['an older version', { ...mid, version: 1 }],
    ['a newer version', { ...mid, version: 3 }],
    ['a version as text', { ...mid, version: '2' }],
    ['an unknown stage', { ...mid, stage: 'done' }],
    ['an unknown field', { ...mid, answers: [] }],
    ['negative misses', { ...mid, misses: -1 }],
    ['too many misses', { ...mid, misses: 1001 }],
    ['fractional misses', { ...mid, misses: 1.5 }],
    ['clarifying false', { ...mid, clarifying: false }],
    ['a side that is none', { ...mid, side: 'middle' }],
    ['an answer that is none', { ...mid, replies: [{ question: 'breathing', answer: 'maybe' }] }],
    ['a reply with more in it', { ...mid, replies: [{ question: 'breathing', answer: 'no', said: 'no' }] }],
    ['a description that is not text', { ...mid, replies: [{ described: 7 }] }],
    ['a question the rules do not have', { ...mid, replies: [{ question: 'toothache', answer: 'no' }] }],
    ['a description the rules do not have', { ...mid, replies: [{ described: 'tickle' }] }],
    ['answers out of order', { ...mid, replies: [...mid.replies].reverse() }],
    [
      'more descriptions than a listener may give',
      { ...mid, replies: Array.from({ length: MAX_DESCRIPTIONS + 1 }, (): Reply => ({ described: 'cramp' })) },
    ],
    ['more replies than any interview', { ...mid, replies: Array.from({ length: longest + 1 }, (): Reply => ({ described: 'cramp' })) }],
    ['clarifying at the open question', { ...interviewAfter({}, 5), clarifying: true }],
    ['an offer mid-interview', { ...mid, offer: 0 }],
    ['an outcome mid-interview', { ...mid, outcome: { level: 'selfcare', causes: [] } }],
    ['an interview that has ended', { ...outcomeAfter('cramp'), stage: 'interview', offer: undefined }],
  ])('%s', (_case, attributes) => {
    const acts = repeatWith(JSON.parse(JSON.stringify(attributes)) as unknown);
    expect({ acts, startsAgain: startsAgain(acts) }).toEqual({ acts, startsAgain: true });
  });

  const outcome = outcomeAfter('joint');
  const emergency = outcomeAfter('ache', 0, { breathing: 'yes' });
  it.each<[string, unknown]>([
    ['an outcome stage before the outcome', { ...interviewAfter({}, 2), stage: 'outcome', offer: 0 }],
    // The outcome is worked out from the replies, never taken from the session: one sent anyway is forged.
    ['an outcome sent along, even the true one', { ...outcome, outcome: { level: 'selfcare', causes: ['arthritis'] } }],
    ['a forged level', { ...outcome, outcome: { level: 'soon', causes: [] } }],
    ['an offer past the menu', { ...outcomeAfter('restless'), offer: 2 }],
    ['an offer past any menu', { ...outcome, offer: 4 }],
    ['a negative offer', { ...outcome, offer: -1 }],
    ['clarifying after the outcome', { ...outcome, clarifying: true }],
    ['an emergency with causes sent along', { ...emergency, outcome: { level: 'emergency', causes: ['cellulitis'] } }],
  ])('after the outcome: %s', (_case, attributes) => {
    const acts = repeatWith(JSON.parse(JSON.stringify(attributes)) as unknown);
    expect({ acts, startsAgain: startsAgain(acts) }).toEqual({ acts, startsAgain: true });
  });
});
