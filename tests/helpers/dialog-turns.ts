import { respondTo, type Act, type DialogEvent, type Turn } from '../../src/dialog/conversation';
import { engine, type Answer, type Outcome } from '../../src/rules';

/**
 * The dialog's turns of an interview, from the launch: each question answered as `answers` says (else "no"; a "not
 * sure" asked about again is said again), the open question with the description `feel`. Made inside the test that
 * checks them, so that a mutation run credits that test (lazy.ts). Bounded: an interview that does not end fails at once.
 */
export function interviewTurns(answers: Readonly<Record<string, Answer>>, feel = 'cramp'): Turn[] {
  const turns: Turn[] = [respondTo(undefined, { type: 'launch' })];
  for (let state = turns[0]!.state; state?.stage === 'interview'; state = turns.at(-1)!.state) {
    if (turns.length > 2 * engine.maxReplies) throw new Error(`The interview does not end: ${JSON.stringify(state.replies)}`);
    const step = engine.next(state.replies);
    const event: DialogEvent =
      step.kind === 'question' ? { type: 'answer', answer: answers[step.question.id] ?? 'no' } : { type: 'describePain', feel };
    turns.push(respondTo(state, event));
  }
  return turns;
}

/** The turn that follows `turn` when the listener does `event`. */
export const after = (turn: Turn, event: DialogEvent): Turn => respondTo(turn.state, event);

/** The outcome a turn delivers, an emergency's included; a turn without one fails the test. */
export function outcomeIn(turn: Turn): Outcome {
  const act = turn.acts.find((a): a is Extract<Act, { type: 'outcome' | 'emergency' }> => a.type === 'outcome' || a.type === 'emergency');
  if (!act?.outcome) throw new Error(`No outcome in ${JSON.stringify(turn.acts)}`);
  return act.outcome;
}
