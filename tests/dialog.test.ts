import { respondTo, type Act, type DialogEvent, type Turn } from '../src/dialog/conversation';
import type { MenuItem } from '../src/dialog/menu';
import { engine, type Answer, type Reply } from '../src/rules';

/**
 * The dialog as a table: at each point of the conversation, what each thing the listener can say or tap leads
 * to. Each row reads "what the skill says, in order | what it keeps": the acts that the speech, the reprompt, the
 * card and the screen are rendered from (their words, per locale, are checked in conversation.test.ts and
 * speech.test.ts), then whether the session ends, and the state it keeps (stage, replies, offer, side,
 * clarifying, misses). A change to the dialog shows up here, row by row, for review.
 */


/** One act, with what it is about: `ask(clotRisk, lastSafety)`, `offer(more:arthritis)`, `ack(no, turn 1)`. */
const item = (i: MenuItem | undefined) => (i === undefined ? 'none' : i.kind === 'more' ? `more:${i.cause}` : i.kind);
const args = (name: string, ...parts: Array<string | number | false | undefined>) => {
  const kept = parts.filter((p) => p !== undefined && p !== false);
  return kept.length ? `${name}(${kept.join(', ')})` : name;
};
function actText(act: Act): string {
  switch (act.type) {
    case 'welcome':
      return args('welcome', act.oneShot && 'one-shot', act.side);
    case 'intro':
      return args('intro', act.safetyQuestions);
    case 'back':
      return args('back', act.atStart && 'at start');
    case 'ack':
      return args('ack', act.answer, act.counted && 'counted', `turn ${act.turn}`);
    case 'clarify':
      return args('clarify', act.question, act.reason);
    case 'questionHelp':
      return args('help', act.question);
    case 'fallback':
      return args('fallback', act.misses);
    case 'ask':
      return args('ask', act.question, act.cue, act.rephrase && 'rephrased');
    case 'emergency':
      return args('emergency', act.outcome.causes[0], act.unsure && 'unsure');
    case 'outcome':
      return args('outcome', act.outcome.level);
    case 'offer':
      return args('offer', item(act.item));
    case 'tonight':
      return args('tonight', act.advice.join(' '));
    case 'more':
      return args('more', act.cause);
    case 'others':
      return args('others', act.causes.join(' '));
    case 'unknownCause':
      return args('unknownCause', act.known.join(' '));
    case 'outcomeHelp':
      return args('outcomeHelp', item(act.item));
    case 'goodbye':
      return args('goodbye', act.level);
    case 'getCare':
      return args('getCare', act.level);
    default:
      return act.type;
  }
}
/** A turn as one line: its acts, then "ends, " when the session ends, and the state kept ("cleared" when none). */
function turnText(turn: Turn): string {
  const s = turn.state;
  const kept = !s
    ? 'cleared'
    : [s.stage, s.replies.length, s.offer !== undefined && `offer ${s.offer}`, s.side, s.clarifying && 'clarifying', s.misses > 0 && `misses ${s.misses}`]
        .filter((p) => p !== undefined && p !== false)
        .join(' ');
  const said = [...turn.acts.map(actText), ...(turn.effect ? [`remind(in ${turn.effect.days} days, ${turn.effect.level})`] : [])];
  return `${said.join(' ')} | ${turn.end ? 'ends, ' : ''}${kept}`;
}

/** A real interview (every answer no unless given, the pain described as `described`), cut after `cut` replies. */
const interviewAfter = (given: Record<string, Answer>, cut: number, described = 'cramp', start: Reply[] = []) => ({
  version: 2,
  stage: 'interview',
  replies: engine.walk((q) => given[q.id] ?? 'no', () => described, start).replies.slice(0, cut),
  misses: 0,
});
/** A real interview to its outcome, with the layer at `offer` on offer. */
const outcomeAfter = (described: string, offer = 0, given: Record<string, Answer> = {}) => {
  const { replies, outcome } = engine.walk((q) => given[q.id] ?? 'no', () => described);
  return { version: 2, stage: 'outcome', replies, misses: 0, outcome: { level: outcome.level, causes: outcome.causes }, offer };
};

/** What the listener says (or taps), as the intent handlers and the screen's touch vocabulary turn it into events. */
const events: Record<string, DialogEvent> = {
  launch: { type: 'launch' },
  'my left leg cramps': { type: 'describePain', feel: 'cramp', side: 'left' },
  'it wobbles (no match)': { type: 'describePain', feel: 'unknown' },
  'my knee': { type: 'describePain', part: 'knee' },
  'my calf': { type: 'describePain', part: 'calf' },
  'it started after a fall': { type: 'describePain', feel: 'afterFall' },
  'my leg hurts': { type: 'describePain' },
  yes: { type: 'answer', answer: 'yes' },
  no: { type: 'answer', answer: 'no' },
  'not sure': { type: 'answer', answer: 'unsure' },
  sometimes: { type: 'answer', answer: 'partly' },
  repeat: { type: 'repeat' },
  'go back': { type: 'back' },
  'start over': { type: 'startOver' },
  help: { type: 'help' },
  'not understood': { type: 'fallback' },
  'more about sciatica': { type: 'moreAbout', cause: 'sciatica' },
  'more about arthritis': { type: 'moreAbout', cause: 'arthritis' },
  'more about bursitis': { type: 'moreAbout', cause: 'bursitis' },
  'more about gout': { type: 'moreAbout', cause: 'unknown' },
  'tell me more': { type: 'moreAbout' },
  'tips for tonight': { type: 'tonight' },
  'what else could it be': { type: 'otherCauses' },
  'remind me': { type: 'remind' },
  done: { type: 'done' },
  stop: { type: 'stop' },
};

const mid = interviewAfter({}, 1);
/** Points of the conversation, as the session attributes a device sends back. */
const states: Record<string, unknown> = {
  'no session': undefined,
  'at the first safety question': interviewAfter({}, 0),
  'at the second safety question': mid,
  'clarifying a hedge to it': { ...mid, clarifying: true },
  'after two replies not understood': { ...mid, misses: 2 },
  'at the last safety question, a fact': interviewAfter({}, 4),
  'clarifying the fact': { ...interviewAfter({}, 4), clarifying: true },
  'at the changed-leg question': interviewAfter({}, 2),
  'at the open question': interviewAfter({}, 5),
  'at the cramps question, nothing described': interviewAfter({}, 6, 'unclear'),
  'after a yes to one swollen leg (urgent), mid-interview': interviewAfter({ legChanged: 'yes', oneLegSwollen: 'yes' }, 5),
  'at the last question (shooting pain)': interviewAfter({}, 6, 'shooting'),
  'after three descriptions': { version: 2, stage: 'interview', replies: [{ described: 'cramp' }, { described: 'heavy' }, { described: 'joint' }], misses: 0 },
  'at the first question of a one-shot about the left leg': { ...interviewAfter({}, 1, 'cramp', [{ described: 'cramp' }]), side: 'left' },
  'after a joint outcome, tonight on offer': outcomeAfter('joint', 0),
  'after a joint outcome, more about arthritis on offer': outcomeAfter('joint', 1),
  'after a joint outcome, the other causes on offer': outcomeAfter('joint', 2),
  'after a joint outcome, the reminder on offer': outcomeAfter('joint', 3),
  'after restless legs, in the left leg': { ...outcomeAfter('restless', 0), side: 'left' },
  'after night cramps, more about them on offer': outcomeAfter('cramp', 1),
  'after an emergency': outcomeAfter('ache', 0, { breathing: 'yes' }),
  'after a possible clot (urgent)': outcomeAfter('ache', 0, { clotRisk: 'yes' }),
};

const table: Array<[string, Record<string, string>]> = [
  ['no session', {
    launch: 'welcome disclaimer intro(5) ask(breathing) | interview 0',
    'my left leg cramps': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 1 left',
    'it wobbles (no match)': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my knee': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my leg hurts': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 0',
    yes: 'nothingPending idleHelp disclaimer ask(breathing) | interview 0',
    no: 'nothingPending idleHelp disclaimer ask(breathing) | interview 0',
    'not sure': 'nothingPending idleHelp disclaimer ask(breathing) | interview 0',
    sometimes: 'nothingPending idleHelp disclaimer ask(breathing) | interview 0',
    repeat: 'nothingToRepeat idleHelp disclaimer ask(breathing) | interview 0',
    'go back': 'idleHelp disclaimer ask(breathing) | interview 0',
    'start over': 'startOver disclaimer ask(breathing) | interview 0',
    help: 'idleHelp disclaimer ask(breathing) | interview 0',
    'not understood': 'fallback(1) idleHelp disclaimer ask(breathing) | interview 0',
    'more about sciatica': 'disclaimer more(sciatica) openAgain | ends, cleared',
    'more about gout': 'disclaimer unknownCause(nightCramps sciatica restlessLegs venousDisease) openAgain | ends, cleared',
    'tell me more': 'disclaimer unknownCause(nightCramps sciatica restlessLegs venousDisease) openAgain | ends, cleared',
    'tips for tonight': 'idleHelp disclaimer ask(breathing) | interview 0',
    'what else could it be': 'idleHelp disclaimer ask(breathing) | interview 0',
    done: ' | ends, cleared',
    stop: ' | ends, cleared',
    'my calf': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'it started after a fall': 'welcome(one-shot) disclaimer intro(4) ask(breathing) | interview 1',
    'remind me': 'idleHelp disclaimer ask(breathing) | interview 0',
  }],
  ['at the first safety question', {
    'go back': 'back(at start) ask(breathing) | interview 0',
    no: 'ack(no, turn 0) ask(caudaEquina) | interview 1',
    'my calf': 'resume ask(breathing) | interview 0',
  }],
  ['at the second safety question', {
    launch: 'ask(caudaEquina) | interview 1',
    'my left leg cramps': 'noted ask(caudaEquina) | interview 2',
    'it wobbles (no match)': 'resume ask(caudaEquina) | interview 1',
    'my knee': 'noted ask(caudaEquina) | interview 2',
    'my leg hurts': 'resume ask(caudaEquina) | interview 1',
    yes: 'emergency(caudaEquina) | outcome 2 offer 0',
    no: 'ack(no, turn 1) ask(legChanged) | interview 2',
    'not sure': 'emergency(caudaEquina, unsure) | outcome 2 offer 0',
    sometimes: 'clarify(caudaEquina, partly) ask(caudaEquina, rephrased) | interview 1 clarifying',
    repeat: 'ask(caudaEquina) | interview 1',
    'go back': 'back ask(breathing) | interview 0',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'help(caudaEquina) ask(caudaEquina) | interview 1',
    'not understood': 'fallback(1) ask(caudaEquina, rephrased) | interview 1 misses 1',
    'more about sciatica': 'more(sciatica) resume ask(caudaEquina) | interview 1',
    'more about gout': 'unknownCause(nightCramps sciatica restlessLegs venousDisease) resume ask(caudaEquina) | interview 1',
    'tell me more': 'unknownCause(nightCramps sciatica restlessLegs venousDisease) resume ask(caudaEquina) | interview 1',
    'tips for tonight': 'resume ask(caudaEquina) | interview 1',
    'what else could it be': 'resume ask(caudaEquina) | interview 1',
    done: ' | ends, cleared',
    stop: ' | ends, cleared',
    'my calf': 'resume ask(caudaEquina) | interview 1',
    'it started after a fall': 'noted ask(caudaEquina) | interview 2',
    'more about arthritis': 'more(arthritis) resume ask(caudaEquina) | interview 1',
    'more about bursitis': 'more(bursitis) resume ask(caudaEquina) | interview 1',
  }],
  ['clarifying a hedge to it', {
    yes: 'emergency(caudaEquina) | outcome 2 offer 0',
    no: 'ack(no, turn 1) ask(legChanged) | interview 2',
    'not sure': 'emergency(caudaEquina, unsure) | outcome 2 offer 0',
    sometimes: 'emergency(caudaEquina, unsure) | outcome 2 offer 0',
    repeat: 'ask(caudaEquina) | interview 1 clarifying',
    'not understood': 'fallback(1) ask(caudaEquina, rephrased) | interview 1 clarifying misses 1',
  }],
  ['after two replies not understood', {
    'not understood': 'fallback(3) ask(caudaEquina, rephrased) | interview 1 misses 3',
    no: 'ack(no, turn 1) ask(legChanged) | interview 2',
    repeat: 'ask(caudaEquina) | interview 1',
  }],
  ['at the last safety question, a fact', {
    no: 'ack(no, turn 4) describe | interview 5',
    'not sure': 'clarify(clotRisk, unsure) ask(clotRisk, rephrased) | interview 4 clarifying',
    sometimes: 'clarify(clotRisk, partly) ask(clotRisk, rephrased) | interview 4 clarifying',
    yes: 'outcome(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    repeat: 'ask(clotRisk, lastSafety) | interview 4',
    'go back': 'back ask(suddenOrInjury) | interview 3',
  }],
  ['clarifying the fact', {
    'not sure': 'outcome(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    sometimes: 'outcome(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    no: 'ack(no, turn 4) describe | interview 5',
  }],
  ['at the changed-leg question', {
    'not sure': 'ack(unsure, counted, turn 2) ask(coldPaleLeg) | interview 3',
    sometimes: 'clarify(legChanged, partly) ask(legChanged, rephrased) | interview 2 clarifying',
    yes: 'ack(yes, turn 2) ask(coldPaleLeg) | interview 3',
  }],
  ['at the open question', {
    launch: 'describe | interview 5',
    'my left leg cramps': 'ask(soonSigns) | interview 6',
    'it wobbles (no match)': 'ask(nightCramp) | interview 6',
    'my knee': 'ask(soonSigns) | interview 6',
    'my leg hurts': 'ask(nightCramp) | interview 6',
    yes: 'ask(nightCramp) | interview 6',
    no: 'ask(nightCramp) | interview 6',
    'not sure': 'ask(nightCramp) | interview 6',
    sometimes: 'ask(nightCramp) | interview 6',
    repeat: 'describe | interview 5',
    'go back': 'back ask(clotRisk, lastSafety) | interview 4',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'describeHelp describe | interview 5',
    'not understood': 'ask(nightCramp) | interview 6',
    'more about sciatica': 'more(sciatica) resume describe | interview 5',
    'more about gout': 'unknownCause(nightCramps sciatica restlessLegs venousDisease) resume describe | interview 5',
    'tell me more': 'unknownCause(nightCramps sciatica restlessLegs venousDisease) resume describe | interview 5',
    'tips for tonight': 'resume describe | interview 5',
    'what else could it be': 'resume describe | interview 5',
    'remind me': 'resume describe | interview 5',
    done: ' | ends, cleared',
    stop: ' | ends, cleared',
  }],
  ['at the last safety question, a fact', {
    'my left leg cramps': 'noted ask(clotRisk, lastSafety) | interview 5',
    'it wobbles (no match)': 'resume ask(clotRisk, lastSafety) | interview 4',
  }],
  ['at the cramps question, nothing described', {
    yes: 'ack(yes, turn 6) ask(soonSigns) | interview 7',
    sometimes: 'ack(yes, turn 6) ask(soonSigns) | interview 7',
    'not sure': 'ack(unsure, turn 6) ask(urgeToMove) | interview 7',
    no: 'ack(no, turn 6) ask(urgeToMove) | interview 7',
  }],
  ['after a yes to one swollen leg (urgent), mid-interview', {
    stop: 'getCare(urgent) | ends, cleared',
    done: 'getCare(urgent) | ends, cleared',
    no: 'ack(no, turn 5) ask(suddenOrInjury) | interview 6',
    'not sure': 'emergency(cellulitis, unsure) | outcome 6 offer 0',
  }],
  ['at the last question (shooting pain)', {
    no: 'outcome(soon) offer(tonight) | outcome 7 offer 0',
    yes: 'outcome(urgent) offer(more:seriousSpinalCondition) | outcome 7 offer 0',
    'not sure': 'outcome(urgent) offer(more:seriousSpinalCondition) | outcome 7 offer 0',
    repeat: 'ask(spinalWarningSigns, last) | interview 6',
  }],
  ['after three descriptions', {
    'my left leg cramps': 'resume ask(breathing) | interview 3',
    'my knee': 'resume ask(breathing) | interview 3',
    no: 'ack(no, turn 3) ask(caudaEquina) | interview 4',
  }],
  ['at the first question of a one-shot about the left leg', {
    no: 'ack(no, turn 1) ask(caudaEquina) | interview 2 left',
    'go back': 'back ask(breathing) | interview 0 left',
    'start over': 'startOver ask(breathing) | interview 0 left',
    stop: ' | ends, cleared',
  }],
  ['after a joint outcome, tonight on offer', {
    launch: 'welcome disclaimer intro(5) ask(breathing) | interview 0',
    'my left leg cramps': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 1 left',
    'it wobbles (no match)': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my knee': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my leg hurts': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 0',
    yes: 'tonight(offTheSoreSide restIce) offer(more:arthritis) | outcome 7 offer 1',
    no: 'offer(reminder) | outcome 7 offer 3',
    'not sure': 'outcomeHelp(tonight) offer(tonight) | outcome 7 offer 0',
    sometimes: 'outcomeHelp(tonight) offer(tonight) | outcome 7 offer 0',
    repeat: 'outcome(selfcare) offer(tonight) | outcome 7 offer 0',
    'go back': 'back ask(soonSigns) | interview 6',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'outcomeHelp(tonight) offer(tonight) | outcome 7 offer 0',
    'not understood': 'fallback(1) offer(tonight) | outcome 7 offer 0 misses 1',
    'more about sciatica': 'more(sciatica) offer(tonight) | outcome 7 offer 0',
    'more about gout': 'unknownCause(arthritis bursitis tendinitis) offer(tonight) | outcome 7 offer 0',
    'tell me more': 'tonight(offTheSoreSide restIce) offer(more:arthritis) | outcome 7 offer 1',
    'tips for tonight': 'tonight(offTheSoreSide restIce) offer(more:arthritis) | outcome 7 offer 1',
    'what else could it be': 'others(bursitis tendinitis) offer(tonight) | outcome 7 offer 0',
    'remind me': 'remind(in 3 days, selfcare) | ends, cleared',
    done: 'goodbye(selfcare) | ends, cleared',
    stop: ' | ends, cleared',
  }],
  ['after a joint outcome, more about arthritis on offer', {
    'more about arthritis': 'more(arthritis) offer(others) | outcome 7 offer 2',
    'more about bursitis': 'more(bursitis) offer(more:arthritis) | outcome 7 offer 1',
    yes: 'more(arthritis) offer(others) | outcome 7 offer 2',
    'tips for tonight': 'tonight(offTheSoreSide restIce) offer(more:arthritis) | outcome 7 offer 1',
  }],
  ['after a joint outcome, the other causes on offer', {
    launch: 'welcome disclaimer intro(5) ask(breathing) | interview 0',
    'my left leg cramps': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 1 left',
    'it wobbles (no match)': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my knee': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my leg hurts': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 0',
    yes: 'others(bursitis tendinitis) offer(reminder) | outcome 7 offer 3',
    no: 'offer(reminder) | outcome 7 offer 3',
    'not sure': 'outcomeHelp(others) offer(others) | outcome 7 offer 2',
    sometimes: 'outcomeHelp(others) offer(others) | outcome 7 offer 2',
    repeat: 'outcome(selfcare) offer(others) | outcome 7 offer 2',
    'go back': 'back ask(soonSigns) | interview 6',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'outcomeHelp(others) offer(others) | outcome 7 offer 2',
    'not understood': 'fallback(1) offer(others) | outcome 7 offer 2 misses 1',
    'more about sciatica': 'more(sciatica) offer(others) | outcome 7 offer 2',
    'more about gout': 'unknownCause(arthritis bursitis tendinitis) offer(others) | outcome 7 offer 2',
    'tell me more': 'others(bursitis tendinitis) offer(reminder) | outcome 7 offer 3',
    'tips for tonight': 'tonight(offTheSoreSide restIce) offer(others) | outcome 7 offer 2',
    'what else could it be': 'others(bursitis tendinitis) offer(reminder) | outcome 7 offer 3',
    done: 'goodbye(selfcare) | ends, cleared',
    stop: ' | ends, cleared',
  }],
  ['after a joint outcome, the reminder on offer', {
    yes: 'remind(in 3 days, selfcare) | ends, cleared',
    'remind me': 'remind(in 3 days, selfcare) | ends, cleared',
    no: 'goodbye(selfcare) | ends, cleared',
    'not sure': 'outcomeHelp(reminder) offer(reminder) | outcome 7 offer 3',
    repeat: 'outcome(selfcare) offer(reminder) | outcome 7 offer 3',
    'tell me more': 'offer(reminder) | outcome 7 offer 3',
    'tips for tonight': 'tonight(offTheSoreSide restIce) offer(reminder) | outcome 7 offer 3',
    'what else could it be': 'others(bursitis tendinitis) offer(reminder) | outcome 7 offer 3',
    'more about arthritis': 'more(arthritis) offer(reminder) | outcome 7 offer 3',
  }],
  ['after restless legs, in the left leg', {
    'tips for tonight': 'tonight(moveLegs) offer(more:restlessLegs) | outcome 6 offer 0 left',
    'what else could it be': 'others() offer(more:restlessLegs) | outcome 6 offer 0 left',
    launch: 'welcome(left) disclaimer intro(5) ask(breathing) | interview 0 left',
    'my leg hurts': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 0 left',
    'my knee': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 1 left',
    yes: 'more(restlessLegs) offer(reminder) | outcome 6 offer 1 left',
  }],
  ['after night cramps, more about them on offer', {
    yes: 'more(nightCramps) offer(reminder) | outcome 7 offer 2',
    no: 'offer(reminder) | outcome 7 offer 2',
    'tips for tonight': 'tonight(sipWater) offer(more:nightCramps) | outcome 7 offer 1',
    'what else could it be': 'others() offer(more:nightCramps) | outcome 7 offer 1',
    'tell me more': 'more(nightCramps) offer(reminder) | outcome 7 offer 2',
    repeat: 'outcome(selfcare) offer(more:nightCramps) | outcome 7 offer 1',
  }],
  ['after an emergency', {
    launch: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'my left leg cramps': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'it wobbles (no match)': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'my knee': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'my leg hurts': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    yes: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    no: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'not sure': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    sometimes: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    repeat: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'go back': 'back ask(breathing) | interview 0',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'not understood': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'more about sciatica': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'more about gout': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'tell me more': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'tips for tonight': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'what else could it be': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    'remind me': 'emergency(pulmonaryEmbolism) | outcome 1 offer 0',
    done: 'getCare(emergency) | ends, cleared',
    stop: 'getCare(emergency) | ends, cleared',
  }],
  ['after a possible clot (urgent)', {
    launch: 'welcome disclaimer intro(5) ask(breathing) | interview 0',
    'my left leg cramps': 'welcome(one-shot, left) disclaimer intro(5) ask(breathing) | interview 1 left',
    'it wobbles (no match)': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my knee': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 1',
    'my leg hurts': 'welcome(one-shot) disclaimer intro(5) ask(breathing) | interview 0',
    yes: 'more(deepVeinThrombosis) goodbye(urgent) | ends, cleared',
    no: 'goodbye(urgent) | ends, cleared',
    'not sure': 'outcomeHelp(more:deepVeinThrombosis) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    sometimes: 'outcomeHelp(more:deepVeinThrombosis) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    repeat: 'outcome(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'go back': 'back ask(clotRisk, lastSafety) | interview 4',
    'start over': 'startOver ask(breathing) | interview 0',
    help: 'outcomeHelp(more:deepVeinThrombosis) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'not understood': 'fallback(1) offer(more:deepVeinThrombosis) | outcome 5 offer 0 misses 1',
    'more about sciatica': 'more(sciatica) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'more about gout': 'unknownCause(deepVeinThrombosis) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'tell me more': 'more(deepVeinThrombosis) goodbye(urgent) | ends, cleared',
    'tips for tonight': 'getCare(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'what else could it be': 'others() offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    'remind me': 'getCare(urgent) offer(more:deepVeinThrombosis) | outcome 5 offer 0',
    done: 'goodbye(urgent) | ends, cleared',
    stop: 'getCare(urgent) | ends, cleared',
  }],
];

describe.each(table)('%s', (point, rows) => {
  it.each(Object.entries(rows))('"%s"', (said, expected) => {
    expect(turnText(respondTo(states[point], events[said]!))).toBe(expected);
  });
});

// The turn is taken inside the test: see helpers/lazy.ts.
describe('the state a turn keeps is read back as it was written', () => {
  const keeping = table.flatMap(([point, rows]) =>
    Object.entries(rows)
      .filter(([, expected]) => !expected.endsWith('cleared'))
      .map(([said]) => [point, said] as const),
  );
  it.each(keeping)('%s, then "%s"', (point, said) => {
    const { state } = respondTo(states[point], events[said]!);
    expect(respondTo(state, { type: 'repeat' }).acts[0]?.type).not.toBe('stateLost');
  });
});
