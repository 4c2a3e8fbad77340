import {
  MAX_DESCRIPTIONS,
  acuity,
  engine,
  isPositive,
  rules,
  type Answer,
  type Level,
  type Outcome,
  type Reply,
  type Step,
} from '../rules';
import { outcomeMenu, type MenuItem } from './menu';
import { interviewState, loadState, outcomeState, type DialogState, type LoadedState, type Pending, type Side } from './state';

/** An answer as given: yes, no, not sure, or a hedge ("sometimes", "kind of", "a little"). */
export type GivenAnswer = Answer | 'partly';

/** What the listener did, whatever words or intent they used. */
export type DialogEvent =
  | { type: 'launch' }
  /** feel and part: slot value ids, or 'unknown' when something was said that matched none. */
  | { type: 'describePain'; side?: Side; feel?: string; part?: string }
  | { type: 'answer'; answer: GivenAnswer }
  | { type: 'repeat' }
  | { type: 'back' }
  | { type: 'startOver' }
  | { type: 'help' }
  | { type: 'fallback' }
  /** cause: a known cause id; undefined when none was named; 'unknown' when one was named we don't know. */
  | { type: 'moreAbout'; cause?: string }
  | { type: 'tonight' }
  | { type: 'otherCauses' }
  /** "Remind me" on the screen: yes to the reminder, whatever is on offer. */
  | { type: 'remind' }
  /** "Done" on the screen: a goodbye after an outcome, else the same as stop. */
  | { type: 'done' }
  /** "Thanks", "good night": a goodbye, whatever the state; care still needed is said once more. */
  | { type: 'thanks' }
  /** "Call an ambulance", "I can't breathe", "I'm scared": the emergency number at once, in every state. */
  | { type: 'emergencyHelp' }
  | { type: 'stop' };

/** Where the listener is: said before the question it belongs to. */
export type Cue = 'lastSafety' | 'last';

/** What to say, in order; the renderer decides how, per locale. */
export type Act =
  | { type: 'welcome'; oneShot: boolean; side?: Side }
  | { type: 'disclaimer' }
  | { type: 'intro'; safetyQuestions: number }
  | { type: 'idleHelp' }
  | { type: 'nothingPending' }
  | { type: 'nothingToRepeat' }
  | { type: 'stateLost' }
  | { type: 'startOver' }
  | { type: 'back'; atStart: boolean }
  /** turn: how many replies came before, so that acknowledgements can vary. */
  | { type: 'ack'; answer: Answer; counted: boolean; turn: number }
  | { type: 'noted' }
  /** partly: a hedge to a warning sign; look: "not sure" about what can be seen or felt; unsure: about a fact. */
  | { type: 'clarify'; question: string; reason: 'partly' | 'look' | 'unsure' }
  | { type: 'questionHelp'; question: string }
  | { type: 'describeHelp' }
  | { type: 'fallback'; misses: number }
  | { type: 'resume' }
  | { type: 'ask'; question: string; cue?: Cue; rephrase?: boolean }
  | { type: 'describe' }
  /** The emergency message; outcome is absent when the listener asked for help rather than answered a sign. */
  | { type: 'emergency'; outcome?: Outcome; unsure: boolean }
  | { type: 'outcome'; outcome: Outcome }
  | { type: 'offer'; item: MenuItem }
  | { type: 'tonight'; advice: readonly string[] }
  | { type: 'more'; cause: string }
  | { type: 'others'; causes: readonly string[] }
  | { type: 'unknownCause'; known: readonly string[] }
  | { type: 'outcomeHelp'; item: MenuItem }
  | { type: 'openAgain' }
  | { type: 'goodbye'; level: Level | undefined }
  | { type: 'getCare'; level: Level }
  | { type: 'reminder'; outcome: ReminderOutcome; days: number }
  | { type: 'error' };

/** Something the adapter must do outside the dialog, then say how it went. */
export interface Effect {
  type: 'reminder';
  days: number;
  level: Level;
}

/** How a reminder offer ended: set, declined at Alexa's consent question, or why not. */
export type ReminderOutcome = 'set' | 'denied' | 'card' | 'noPermission' | 'limit' | 'failed';

export interface Turn {
  acts: Act[];
  /** The state to keep; null clears it. */
  state: DialogState | null;
  /** True ends the session; otherwise the last act is a question, an offer or the emergency, which carry the reprompt. */
  end: boolean;
  effect?: Effect;
}

/** Causes to suggest when someone asks about one we don't know and has no outcome yet. */
const SUGGESTED_CAUSES = ['nightCramps', 'sciatica', 'restlessLegs', 'venousDisease'];

type Interview = Extract<LoadedState, { kind: 'interview' }>;
type AfterOutcome = Extract<LoadedState, { kind: 'outcome' }>;
type AfterEmergency = Extract<LoadedState, { kind: 'emergency' }>;
type HelpAsked = Extract<LoadedState, { kind: 'help' }>;
type Event = Exclude<DialogEvent, { type: 'stop' | 'done' | 'thanks' | 'emergencyHelp' }>;

export function respondTo(attributes: unknown, event: DialogEvent): Turn {
  return respondToLoaded(loadState(attributes), event);
}

/** The same, from a state already loaded: the adapter also counts where the listener was (src/skill/metrics.ts). */
export function respondToLoaded(loaded: LoadedState, event: DialogEvent): Turn {
  if (event.type === 'stop') return stop(loaded);
  if (event.type === 'done') {
    return loaded.kind === 'outcome' ? { acts: [{ type: 'goodbye', level: loaded.outcome.level }], state: null, end: true } : stop(loaded);
  }
  if (event.type === 'thanks') return thanks(loaded);
  if (event.type === 'emergencyHelp') return helpAsked(loaded);
  switch (loaded.kind) {
    case 'none':
      return fromNothing(event);
    case 'lost':
      return startInterview([{ type: 'stateLost' }], [], undefined);
    case 'interview':
      return inInterview(loaded, event);
    case 'emergency':
      return afterEmergency(loaded, event);
    case 'outcome':
      return afterOutcome(loaded, event);
    case 'help':
      return afterHelpAsked(loaded, event);
  }
}

/** What is said once the reminder the listener accepted has been dealt with; the outcome stands either way. */
export function reminderTurn(outcome: ReminderOutcome, effect: Effect): Turn {
  return {
    acts: [
      { type: 'reminder', outcome, days: effect.days },
      { type: 'goodbye', level: effect.level },
    ],
    state: null,
    end: true,
  };
}

/** Stop ends the session; once the answers call for care today or sooner, it says so one last time. */
function stop(loaded: LoadedState): Turn {
  return { acts: careStillNeeded(loaded), state: null, end: true };
}

/** "Get care today" or "call the number now", when what was said so far calls for it; nothing otherwise. */
function careStillNeeded(loaded: LoadedState): Act[] {
  const level = levelOf(loaded);
  return acuity(level) >= acuity('urgent') ? [{ type: 'getCare', level }] : [];
}

function levelOf(loaded: LoadedState): Level {
  switch (loaded.kind) {
    case 'interview':
      return engine.levelSoFar(loaded.replies);
    case 'emergency':
    case 'help':
      return 'emergency';
    case 'outcome':
      return loaded.outcome.level;
    default:
      return 'selfcare';
  }
}

/** A goodbye in every state: after an outcome its own, else care still needed said once more, then "take care". */
function thanks(loaded: LoadedState): Turn {
  if (loaded.kind === 'outcome') return { acts: [{ type: 'goodbye', level: loaded.outcome.level }], state: null, end: true };
  return { acts: [...careStillNeeded(loaded), { type: 'goodbye', level: undefined }], state: null, end: true };
}

/**
 * A call for help: the emergency message at once, whatever was asked. The interview (or outcome) is kept, so that
 * "go back" returns to it; after an emergency outcome its own message is said again.
 */
function helpAsked(loaded: LoadedState): Turn {
  if (loaded.kind === 'emergency')
    return { acts: [{ type: 'emergency', outcome: loaded.outcome, unsure: false }], state: loaded.state, end: false };
  const kept =
    loaded.kind === 'interview' || loaded.kind === 'outcome' || loaded.kind === 'help' ? loaded.state : interviewState([], undefined);
  return { acts: [{ type: 'emergency', unsure: false }], state: { ...kept, misses: 0, help: true }, end: false };
}

/** After a call for help, "go back" returns to where the listener was; anything else says the message again. */
function afterHelpAsked({ state, within }: HelpAsked, event: Event): Turn {
  if (event.type === 'startOver') return startOver(state.side);
  if (event.type !== 'back') return { acts: [{ type: 'emergency', unsure: false }], state, end: false };
  switch (within.kind) {
    case 'interview':
      return within.replies.length === 0
        ? startInterview(opening(false, within.state.side, []), [], within.state.side)
        : { acts: [{ type: 'resume' }, askFor(within.pending, within.replies)], state: { ...within.state, misses: 0 }, end: false };
    case 'outcome':
      return { acts: [{ type: 'resume' }, { type: 'offer', item: within.offered }], state: { ...within.state, misses: 0 }, end: false };
  }
}

/** The description ids a describePain event carries: its feeling, else its body part; 'unclear' when neither fits. */
function describedAs(event: Extract<DialogEvent, { type: 'describePain' }>): string | undefined {
  const { descriptions, parts, combinations } = rules.descriptions;
  const { feel, part } = event;
  // "My feet burn", "a tender calf": the feeling in that part says more than either alone.
  const combined = combinations.find((c) => c.feel === feel && part !== undefined && c.parts.includes(part));
  if (combined) return combined.as;
  if (feel && descriptions.some((d) => d.id === feel)) return feel;
  if (part && Object.hasOwn(parts, part)) return parts[part];
  return feel || part ? 'unclear' : undefined;
}

/** Welcome (or its one-shot form), disclaimer and how it works: the opening of every new interview. */
function opening(oneShot: boolean, side: Side | undefined, replies: readonly Reply[]): Act[] {
  const implied = engine.impliedBy(replies);
  return [
    { type: 'welcome', oneShot, ...(side ? { side } : {}) },
    { type: 'disclaimer' },
    { type: 'intro', safetyQuestions: rules.safetyQuestions.filter((q) => !implied.has(q.id)).length },
  ];
}

function startInterview(lead: Act[], replies: Reply[], side: Side | undefined): Turn {
  return stepTurn(lead, replies, side, engine.next(replies));
}

function fromNothing(event: Event): Turn {
  switch (event.type) {
    case 'launch':
      return startInterview(opening(false, undefined, []), [], undefined);
    case 'describePain': {
      const described = describedAs(event);
      const replies: Reply[] = described ? [{ described }] : [];
      return startInterview(opening(true, event.side, replies), replies, event.side);
    }
    case 'moreAbout':
      // Asked cold ("Alexa, tell me about sciatica", perhaps without the skill's name): the disclaimer first.
      return event.cause && event.cause !== 'unknown'
        ? { acts: [{ type: 'disclaimer' }, { type: 'more', cause: event.cause }, { type: 'openAgain' }], state: null, end: true }
        : {
            acts: [{ type: 'disclaimer' }, { type: 'unknownCause', known: SUGGESTED_CAUSES }, { type: 'openAgain' }],
            state: null,
            end: true,
          };
    case 'startOver':
      return startInterview([{ type: 'startOver' }, { type: 'disclaimer' }], [], undefined);
    case 'answer':
      return startInterview([{ type: 'nothingPending' }, { type: 'idleHelp' }, { type: 'disclaimer' }], [], undefined);
    case 'repeat':
      return startInterview([{ type: 'nothingToRepeat' }, { type: 'idleHelp' }, { type: 'disclaimer' }], [], undefined);
    case 'fallback':
      return startInterview([{ type: 'fallback', misses: 1 }, { type: 'idleHelp' }, { type: 'disclaimer' }], [], undefined);
    case 'help':
    case 'back':
    case 'tonight':
    case 'otherCauses':
    case 'remind':
      return startInterview([{ type: 'idleHelp' }, { type: 'disclaimer' }], [], undefined);
  }
}

/** The act that asks for a pending step, with where the listener is when it helps. */
function askFor(pending: Pending, replies: readonly Reply[], rephrase = false): Act {
  if (pending.kind === 'describe') return { type: 'describe' };
  const cue = cueFor(pending.question.id, replies);
  return { type: 'ask', question: pending.question.id, ...(cue ? { cue } : {}), ...(rephrase ? { rephrase } : {}) };
}

/** "Last safety question" before the last warning sign everyone is asked; "last question" when any answer ends it. */
function cueFor(question: string, replies: readonly Reply[]): Cue | undefined {
  const lastSafety = rules.safetyQuestions.at(-1)!.id;
  if (question === lastSafety) return 'lastSafety';
  const endsEither = (['yes', 'no'] as const).every((answer) => engine.next([...replies, { question, answer }]).kind === 'outcome');
  return endsEither ? 'last' : undefined;
}

/** A turn that moves to the engine's next step: the next question, the open question, or the outcome. */
function stepTurn(lead: Act[], replies: Reply[], side: Side | undefined, step: Step, unsure = false): Turn {
  if (step.kind === 'outcome') return deliverOutcome(lead, replies, step.outcome, side, unsure);
  return { acts: [...lead, askFor(step, replies)], state: interviewState(replies, side), end: false };
}

function inInterview(loaded: Interview, event: Event): Turn {
  const { state, replies, pending } = loaded;
  const again = (lead: Act[], options: { misses?: number; rephrase?: boolean } = {}): Turn => ({
    acts: [...lead, askFor(pending, replies, options.rephrase)],
    state: { ...state, misses: options.misses ?? 0 },
    end: false,
  });
  switch (event.type) {
    case 'answer':
      return pending.kind === 'describe' ? describe(loaded, 'unclear') : answer(loaded, pending.question.id, event.answer);
    case 'describePain': {
      const described = describedAs(event);
      if (pending.kind === 'describe') return describe(loaded, described ?? 'unclear');
      const descriptions = replies.filter((r) => 'described' in r).length;
      if (!described || described === 'unclear' || descriptions >= MAX_DESCRIPTIONS) return again([{ type: 'resume' }]);
      const next = [...replies, { described }];
      return stepTurn([{ type: 'noted' }], next, state.side, engine.next(next));
    }
    case 'repeat':
    case 'launch':
      return again([]);
    case 'help':
      return again([pending.kind === 'describe' ? { type: 'describeHelp' } : { type: 'questionHelp', question: pending.question.id }]);
    case 'fallback':
      return pending.kind === 'describe'
        ? describe(loaded, 'unclear')
        : again([{ type: 'fallback', misses: state.misses + 1 }], { misses: state.misses + 1, rephrase: true });
    case 'startOver':
      return startOver(state.side);
    case 'back':
      return goBack(replies, state.side);
    case 'moreAbout':
      return event.cause && event.cause !== 'unknown'
        ? again([{ type: 'more', cause: event.cause }, { type: 'resume' }])
        : again([{ type: 'unknownCause', known: SUGGESTED_CAUSES }, { type: 'resume' }]);
    case 'tonight':
    case 'otherCauses':
    case 'remind':
      return again([{ type: 'resume' }]);
  }
}

function describe({ replies, state }: Interview, described: string): Turn {
  const next = [...replies, { described }];
  return stepTurn([], next, state.side, engine.next(next));
}

/**
 * Records an answer. A hedge ("sometimes", "a little") to a warning sign, or "not sure" to a fact or to a sign the
 * listener can look at or feel ("switch on a light and look"), gets one clarifying question first; said again, it
 * counts as yes. To a pattern, a hedge is a yes.
 */
function answer({ replies, state }: Interview, pending: string, given: GivenAnswer): Turn {
  const question = rules.questionById.get(pending)!;
  const checkable = question.kind === 'fact' || question.kind === 'observable';
  const needsClarifying = question.kind !== 'pattern' && (given === 'partly' || (given === 'unsure' && checkable));
  if (needsClarifying && !state.clarifying) {
    return {
      acts: [
        { type: 'clarify', question: pending, reason: given === 'partly' ? 'partly' : question.kind === 'observable' ? 'look' : 'unsure' },
        { type: 'ask', question: pending, rephrase: true },
      ],
      state: interviewState(replies, state.side, true),
      end: false,
    };
  }
  const recorded: Answer = given === 'partly' ? (question.kind === 'pattern' ? 'yes' : 'unsure') : given;
  const next = [...replies, { question: pending, answer: recorded }];
  const counted = recorded === 'unsure' && isPositive(question, recorded);
  const step = engine.next(next);
  const ack: Act[] = step.kind === 'outcome' ? [] : [{ type: 'ack', answer: recorded, counted, turn: replies.length }];
  return stepTurn(ack, next, state.side, step, counted);
}

function deliverOutcome(lead: Act[], replies: Reply[], outcome: Outcome, side: Side | undefined, unsure: boolean): Turn {
  const state = outcomeState(replies, side, 0);
  if (outcome.level === 'emergency') return { acts: [{ type: 'emergency', outcome, unsure }], state, end: false };
  const menu = outcomeMenu(outcome);
  const first = menu[0];
  return {
    acts: [...lead, { type: 'outcome', outcome }, ...(first ? [{ type: 'offer', item: first } as const] : [])],
    state,
    end: first === undefined,
  };
}

/** The answers are cleared and the first question asked again; the side the listener named is kept. */
function startOver(side: Side | undefined): Turn {
  return startInterview([{ type: 'startOver' }], [], side);
}

function goBack(replies: Reply[], side: Side | undefined): Turn {
  if (replies.length === 0) return startInterview([{ type: 'back', atStart: true }], replies, side);
  return startInterview([{ type: 'back', atStart: false }], replies.slice(0, -1), side);
}

/** After an emergency, only going back or starting over leaves it; anything else says it again. */
function afterEmergency({ state, replies, outcome }: AfterEmergency, event: Event): Turn {
  if (event.type === 'back') return goBack(replies, state.side);
  if (event.type === 'startOver') return startOver(state.side);
  return { acts: [{ type: 'emergency', outcome, unsure: false }], state, end: false };
}

function afterOutcome(loaded: AfterOutcome, event: Event): Turn {
  const { state, replies, outcome, menu, offer, offered } = loaded;
  const goodbye: Act = { type: 'goodbye', level: outcome.level };
  const offerAgain = (lead: Act[], misses = 0): Turn => ({
    acts: [...lead, { type: 'offer', item: offered }],
    state: { ...state, misses },
    end: false,
  });

  /** Says one layer, then offers the next one not yet heard, or says goodbye. */
  const tell = (item: Exclude<MenuItem, { kind: 'reminder' }>): Turn => {
    // The offer moves on when the listener takes it; a layer asked for out of turn leaves the offer standing.
    const nextOffer = sameItem(offered, item) ? offer + 1 : offer;
    const layer = layerAct(item, outcome);
    const upcoming = menu[nextOffer];
    return upcoming
      ? { acts: [layer, { type: 'offer', item: upcoming }], state: outcomeState(replies, state.side, nextOffer), end: false }
      : { acts: [layer, goodbye], state: null, end: true };
  };

  const remind = (days: number): Turn => ({ acts: [], state: null, end: true, effect: { type: 'reminder', days, level: outcome.level } });
  // A "no" to a layer moves on to the reminder, when there is one not yet offered; a "no" to that ends it.
  const reminderAt = menu.findIndex((m) => m.kind === 'reminder');
  const declined = (): Turn =>
    reminderAt > offer
      ? { acts: [{ type: 'offer', item: menu[reminderAt]! }], state: outcomeState(replies, state.side, reminderAt), end: false }
      : { acts: [goodbye], state: null, end: true };

  switch (event.type) {
    case 'answer':
      if (event.answer === 'yes') return offered.kind === 'reminder' ? remind(offered.days) : tell(offered);
      if (event.answer === 'unsure' || event.answer === 'partly') return offerAgain([{ type: 'outcomeHelp', item: offered }]);
      return declined();
    case 'moreAbout':
      if (event.cause === undefined) return offered.kind !== 'reminder' ? tell(offered) : offerAgain([]);
      if (event.cause === 'unknown') return offerAgain([{ type: 'unknownCause', known: outcome.causes }]);
      return tell({ kind: 'more', cause: event.cause });
    case 'tonight':
      return outcome.advice.length > 0 ? tell({ kind: 'tonight' }) : offerAgain([{ type: 'getCare', level: outcome.level }]);
    case 'otherCauses':
      // With one cause, the layer says there are no others, and the offer stands.
      return tell({ kind: 'others' });
    case 'remind': {
      const reminder = menu[reminderAt];
      return reminder?.kind === 'reminder' ? remind(reminder.days) : offerAgain([{ type: 'getCare', level: outcome.level }]);
    }
    case 'repeat':
      return {
        acts: [
          { type: 'outcome', outcome },
          { type: 'offer', item: offered },
        ],
        state,
        end: false,
      };
    case 'help':
      return offerAgain([{ type: 'outcomeHelp', item: offered }]);
    case 'fallback':
      return offerAgain([{ type: 'fallback', misses: state.misses + 1 }], state.misses + 1);
    case 'back':
      return goBack(replies, state.side);
    case 'startOver':
      return startOver(state.side);
    case 'launch':
      return startInterview(opening(false, state.side, []), [], state.side);
    case 'describePain': {
      const described = describedAs(event);
      const fresh: Reply[] = described ? [{ described }] : [];
      return startInterview(opening(true, event.side ?? state.side, fresh), fresh, event.side ?? state.side);
    }
  }
}

function layerAct(item: Exclude<MenuItem, { kind: 'reminder' }>, outcome: Outcome): Act {
  switch (item.kind) {
    case 'tonight':
      // The first piece of advice was in the outcome itself; the layer adds the rest.
      return { type: 'tonight', advice: outcome.advice.length > 1 ? outcome.advice.slice(1) : outcome.advice };
    case 'more':
      return { type: 'more', cause: item.cause };
    case 'others':
      return { type: 'others', causes: outcome.causes.slice(1) };
  }
}

function sameItem(a: MenuItem, b: MenuItem): boolean {
  return a.kind === b.kind && (a.kind !== 'more' || (b.kind === 'more' && a.cause === b.cause));
}
