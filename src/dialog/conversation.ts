import { engine, isPositive, rules, type Answer, type AnsweredQuestion, type Outcome } from '../rules';
import { interviewState, loadState, outcomeState, type DialogState, type LoadedState, type Side } from './state';

/** What the listener did, whatever words or intent they used. */
export type DialogEvent =
  | { type: 'launch' }
  | { type: 'describePain'; side?: Side }
  | { type: 'answer'; answer: Answer }
  | { type: 'repeat' }
  | { type: 'back' }
  | { type: 'startOver' }
  | { type: 'help' }
  | { type: 'fallback' }
  /** cause: a known cause id; undefined when none was named; 'unknown' when one was named we don't know. */
  | { type: 'moreAbout'; cause?: string | 'unknown' }
  | { type: 'stop' };

/** What to say, in order; the renderer decides how, per locale. */
export type Act =
  | { type: 'welcome'; oneShot: boolean; side?: Side }
  | { type: 'disclaimer' }
  | { type: 'intro' }
  | { type: 'idleHelp' }
  | { type: 'nothingPending' }
  | { type: 'nothingToRepeat' }
  | { type: 'stateLost' }
  | { type: 'startOver' }
  | { type: 'back'; atStart: boolean }
  | { type: 'ack'; answer: Answer; counted: boolean }
  | { type: 'questionHelp'; question: string }
  | { type: 'fallback'; misses: number }
  | { type: 'resume' }
  | { type: 'ask'; question: string }
  | { type: 'emergency'; outcome: Outcome; unsure: boolean }
  | { type: 'outcome'; outcome: Outcome }
  | { type: 'outcomeHelp'; cause: string }
  | { type: 'offer'; cause: string; next: boolean }
  | { type: 'more'; cause: string }
  | { type: 'unknownCause'; known: readonly string[] }
  | { type: 'openAgain' }
  | { type: 'goodbye' }
  | { type: 'error' };

export interface Turn {
  acts: Act[];
  /** The state to keep; null clears it. */
  state: DialogState | null;
  /** True ends the session; otherwise the last act is an ask or an offer, which carries the reprompt. */
  end: boolean;
}

/** Causes to suggest when someone asks about one we don't know and has no outcome yet. */
const SUGGESTED_CAUSES = ['nightCramps', 'sciatica', 'restlessLegs', 'venousDisease'];

const firstQuestion = (): string => {
  const step = engine.next([]);
  if (step.kind !== 'question') throw new Error('The rules ask no question');
  return step.question.id;
};
const FIRST_QUESTION = firstQuestion();

export function respondTo(attributes: unknown, event: DialogEvent): Turn {
  const loaded = loadState(attributes);
  if (event.type === 'stop') return { acts: [], state: null, end: true };
  switch (loaded.kind) {
    case 'none':
      return fromNothing(event);
    case 'lost':
      return startInterview([{ type: 'stateLost' }], undefined);
    case 'interview':
      return inInterview(loaded, event);
    case 'outcome':
      return afterOutcome(loaded, event);
  }
}

/** Welcome (or its one-shot form), disclaimer and how it works: the opening of every new interview. */
const opening = (oneShot: boolean, side?: Side): Act[] => [
  { type: 'welcome', oneShot, ...(side ? { side } : {}) },
  { type: 'disclaimer' },
  { type: 'intro' },
];

function startInterview(lead: Act[], side: Side | undefined): Turn {
  return {
    acts: [...lead, { type: 'ask', question: FIRST_QUESTION }],
    state: interviewState([], side),
    end: false,
  };
}

function fromNothing(event: Exclude<DialogEvent, { type: 'stop' }>): Turn {
  switch (event.type) {
    case 'launch':
      return startInterview(opening(false), undefined);
    case 'describePain':
      return startInterview(opening(true, event.side), event.side);
    case 'moreAbout':
      return event.cause && event.cause !== 'unknown'
        ? { acts: [{ type: 'more', cause: event.cause }, { type: 'openAgain' }], state: null, end: true }
        : { acts: [{ type: 'unknownCause', known: SUGGESTED_CAUSES }, { type: 'openAgain' }], state: null, end: true };
    case 'startOver':
      return startInterview([{ type: 'startOver' }, { type: 'disclaimer' }], undefined);
    case 'answer':
      return startInterview([{ type: 'nothingPending' }, { type: 'idleHelp' }, { type: 'disclaimer' }], undefined);
    case 'repeat':
      return startInterview([{ type: 'nothingToRepeat' }, { type: 'idleHelp' }, { type: 'disclaimer' }], undefined);
    case 'fallback':
      return startInterview([{ type: 'fallback', misses: 1 }, { type: 'idleHelp' }, { type: 'disclaimer' }], undefined);
    case 'help':
    case 'back':
      return startInterview([{ type: 'idleHelp' }, { type: 'disclaimer' }], undefined);
  }
}

function inInterview(
  loaded: Extract<LoadedState, { kind: 'interview' }>,
  event: Exclude<DialogEvent, { type: 'stop' }>,
): Turn {
  const { state, answers, pending } = loaded;
  const ask = (lead: Act[], misses = 0): Turn => ({
    acts: [...lead, { type: 'ask', question: pending }],
    state: { ...state, misses },
    end: false,
  });
  switch (event.type) {
    case 'answer':
      return answer(answers, pending, event.answer, state.side);
    case 'repeat':
    case 'launch':
      return ask([]);
    case 'describePain':
      return ask([{ type: 'resume' }]);
    case 'help':
      return ask([{ type: 'questionHelp', question: pending }]);
    case 'fallback':
      return ask([{ type: 'fallback', misses: state.misses + 1 }], state.misses + 1);
    case 'startOver':
      return startInterview([{ type: 'startOver' }], state.side);
    case 'back':
      return goBack(answers, state.side);
    case 'moreAbout':
      return event.cause && event.cause !== 'unknown'
        ? ask([{ type: 'more', cause: event.cause }, { type: 'resume' }])
        : ask([{ type: 'unknownCause', known: SUGGESTED_CAUSES }, { type: 'resume' }]);
  }
}

function answer(previous: AnsweredQuestion[], pending: string, given: Answer, side: Side | undefined): Turn {
  const answers = [...previous, { question: pending, answer: given }];
  const question = rules.questionById.get(pending)!;
  const ack: Act = { type: 'ack', answer: given, counted: given === 'unsure' && isPositive(question, given) };
  const step = engine.next(answers);
  if (step.kind === 'question') {
    return { acts: [ack, { type: 'ask', question: step.question.id }], state: interviewState(answers, side), end: false };
  }
  return deliverOutcome(answers, step.outcome, side, given === 'unsure');
}

function deliverOutcome(answers: AnsweredQuestion[], outcome: Outcome, side: Side | undefined, unsure: boolean): Turn {
  const state = outcomeState(answers, side, outcome, 0);
  if (outcome.level === 'emergency') {
    return { acts: [{ type: 'emergency', outcome, unsure }], state, end: true };
  }
  return {
    acts: [{ type: 'outcome', outcome }, { type: 'offer', cause: outcome.causes[0]!, next: false }],
    state,
    end: false,
  };
}

function goBack(answers: AnsweredQuestion[], side: Side | undefined): Turn {
  const last = answers.at(-1);
  if (!last) {
    return { acts: [{ type: 'back', atStart: true }, { type: 'ask', question: FIRST_QUESTION }], state: interviewState([], side), end: false };
  }
  return {
    acts: [{ type: 'back', atStart: false }, { type: 'ask', question: last.question }],
    state: interviewState(answers.slice(0, -1), side),
    end: false,
  };
}

function afterOutcome(
  loaded: Extract<LoadedState, { kind: 'outcome' }>,
  event: Exclude<DialogEvent, { type: 'stop' }>,
): Turn {
  const { state, answers, outcome, offer } = loaded;
  const offered = outcome.causes[offer]!;
  const offerAgain = (lead: Act[], misses = 0): Turn => ({
    acts: [...lead, { type: 'offer', cause: offered, next: false }],
    state: { ...state, misses },
    end: false,
  });
  const tellMore = (cause: string): Turn => {
    const next = cause === offered ? offer + 1 : offer;
    const nextCause = outcome.causes[next];
    return nextCause === undefined
      ? { acts: [{ type: 'more', cause }, { type: 'goodbye' }], state: null, end: true }
      : {
          acts: [{ type: 'more', cause }, { type: 'offer', cause: nextCause, next: true }],
          state: outcomeState(answers, state.side, outcome, next),
          end: false,
        };
  };

  if (outcome.level === 'emergency' && event.type !== 'back' && event.type !== 'startOver') {
    return { acts: [{ type: 'emergency', outcome, unsure: false }], state, end: true };
  }
  switch (event.type) {
    case 'answer':
      return event.answer === 'yes' ? tellMore(offered) : { acts: [{ type: 'goodbye' }], state: null, end: true };
    case 'moreAbout':
      if (event.cause === undefined) return tellMore(offered);
      if (event.cause === 'unknown') return offerAgain([{ type: 'unknownCause', known: outcome.causes }]);
      return tellMore(event.cause);
    case 'repeat':
      return { acts: [{ type: 'outcome', outcome }, { type: 'offer', cause: offered, next: false }], state, end: false };
    case 'help':
      return offerAgain([{ type: 'outcomeHelp', cause: offered }]);
    case 'fallback':
      return offerAgain([{ type: 'fallback', misses: state.misses + 1 }], state.misses + 1);
    case 'back':
      return goBack(answers, state.side);
    case 'startOver':
      return startInterview([{ type: 'startOver' }], state.side);
    case 'launch':
    case 'describePain':
      return startInterview(opening(event.type === 'describePain', state.side), state.side);
  }
}
