import { acuity, higher, type Answer, type Level } from './levels';
import type { Question, Rules } from './schema';

/** One step of the interview: a yes/no answer to a question, or what the listener said the pain feels like. */
export type Reply = { question: string; answer: Answer } | { described: string };

export interface Outcome {
  level: Level;
  /** Zero to four cause ids, the likeliest first; none when the answers point to no cause. */
  causes: string[];
  /** Self-care advice ids, what to do now first; empty when the person needs care today or sooner. */
  advice: string[];
  /** The safety-net sentence that fits: the likeliest cause's own, a positive sign's, else the level's. */
  safetyNet: string;
  /** A positive sign asks for a doctor within a day or two rather than days (what that changes is the speech's to say). */
  promptly: boolean;
  /** Days until the offered follow-up reminder; none when the advice is to act now. */
  reminderDays?: number;
}

export type Step =
  | { kind: 'question'; question: Question }
  | { kind: 'describe' }
  | { kind: 'outcome'; outcome: Outcome };

const MAX_CAUSES = 4;
const MAX_ADVICE = 3;
/** A person may add to their description a few times; more is not an interview. */
export const MAX_DESCRIPTIONS = 3;

/**
 * "I don't know" counts as yes for warning signs (CLINICAL.md: telephone-triage practice), never as evidence
 * for a cause. Fact questions get a clarifying question first; that is the dialog's job, not the engine's.
 */
export function isPositive(question: Question, answer: Answer): boolean {
  return answer === 'yes' || (answer === 'unsure' && question.kind !== 'pattern');
}

export const isAnswer = (reply: Reply): reply is Extract<Reply, { question: string }> => 'question' in reply;

export function createEngine(rules: Rules) {
  const descriptionById = new Map(rules.descriptions.descriptions.map((d) => [d.id, d]));
  const fallback = new Set(rules.descriptions.fallback);
  /** The longest interview: each question answered once, and every description a person may add. */
  const maxReplies = rules.questions.length + MAX_DESCRIPTIONS;

  /** What the replies establish: the positive questions, those answered, and what the description implied. */
  function facts(replies: readonly Reply[]) {
    const answered = new Map<string, Answer>();
    const implied = new Set<string>();
    let described = false;
    for (const reply of replies) {
      if (isAnswer(reply)) answered.set(reply.question, reply.answer);
      else {
        described = true;
        for (const id of descriptionById.get(reply.described)?.implies ?? []) implied.add(id);
      }
    }
    // What the listener described counts even over an earlier "no": the later, more specific account is the safer one.
    const positives = rules.questions.filter((q) => {
      const answer = answered.get(q.id);
      return implied.has(q.id) || (answer !== undefined && isPositive(q, answer));
    });
    const level = positives.reduce<Level>((lvl, q) => higher(lvl, q.level), 'selfcare');
    return { answered, implied, described, positives, level };
  }

  /**
   * The next step: a question, the open question, or the outcome when nothing left could change it.
   * Questions go in the order of the rules data, highest acuity first; the first emergency sign ends the interview.
   */
  function next(replies: readonly Reply[]): Step {
    const { answered, implied, described, positives, level } = facts(replies);
    const positiveIds = new Set(positives.map((q) => q.id));
    const nothingPointsToACause = positives.every((p) => p.causes.length === 0);
    const couldChangeOutcome = (q: Question): boolean => {
      // An emergency sign asks for nothing more: no question can reach higher, and patterns stop at urgent.
      if (q.kind !== 'pattern') return acuity(q.reach) > acuity(level);
      if (acuity(level) >= acuity('urgent')) return false;
      if (q.askWhen.length > 0) return true;
      // Patterns with no gate are what the open question asks (the rules put them after it): asked one by one,
      // from the fallback list, only while nothing the listener said points to a cause.
      return fallback.has(q.id) && nothingPointsToACause;
    };
    const question = rules.questions.find(
      (q) =>
        !answered.has(q.id) &&
        !implied.has(q.id) &&
        (q.askWhen.length === 0 || q.askWhen.some((gate) => positiveIds.has(gate))) &&
        couldChangeOutcome(q),
    );
    const openQuestionDue = !described && acuity(level) < acuity('urgent') && (!question || question.index >= rules.describeIndex);
    if (openQuestionDue) return { kind: 'describe' };
    return question ? { kind: 'question', question } : { kind: 'outcome', outcome: outcomeFor(level, positives) };
  }

  /**
   * The rules check what this relies on: a positive answer names no cause that needs more care than its level, and
   * no default cause is one a pattern asks about, so a "no" to it is never overridden.
   */
  function outcomeFor(level: Level, positives: readonly Question[]): Outcome {
    const named = unique(inCauseOrder(level, positives).flatMap((q) => q.causes));
    const causes = (named.length > 0 ? named : rules.outcomes[level].defaultCauses).slice(0, MAX_CAUSES);
    const needsCareNow = acuity(level) >= acuity('urgent');
    const fromCauses = unique(causes.flatMap((id) => rules.causeById.get(id)!.advice));
    const advice = needsCareNow
      ? []
      : byTiming(fromCauses.length > 0 ? fromCauses : rules.outcomes[level].fallbackAdvice).slice(0, MAX_ADVICE);
    // The safety net of the likeliest cause that has one (sciatica: the cauda equina signs), else of a positive sign.
    const ownNet = causes.map((id) => rules.causeById.get(id)!.safetyNet).find(Boolean) ?? positives.find((q) => q.safetyNet)?.safetyNet;
    const safetyNet = !needsCareNow && ownNet ? ownNet : rules.outcomes[level].safetyNet;
    const promptly = positives.some((q) => q.promptly);
    return { level, causes, advice, safetyNet, promptly, reminderDays: rules.outcomes[level].reminderDays };
  }

  /** What to do now, in bed, comes before what can wait until tomorrow. */
  function byTiming(advice: readonly string[]): string[] {
    const now = advice.filter((id) => rules.adviceById.get(id)?.when === 'now');
    return [...now, ...advice.filter((id) => !now.includes(id))];
  }

  /** The questions the listener's descriptions answer yes without asking. */
  function impliedBy(replies: readonly Reply[]): ReadonlySet<string> {
    return facts(replies).implied;
  }

  /** The level the answers so far have reached: what "stop" mid-interview must still say. */
  function levelSoFar(replies: readonly Reply[]): Level {
    return facts(replies).level;
  }

  /**
   * True when these replies are what this engine would have asked, in order (a description may come at any
   * point of the interview), so that stored session answers can be trusted.
   */
  function isValidHistory(replies: readonly Reply[]): boolean {
    let descriptions = 0;
    for (let i = 0; i < replies.length; i++) {
      const reply = replies[i]!;
      const step = next(replies.slice(0, i));
      if (isAnswer(reply)) {
        if (step.kind !== 'question' || step.question.id !== reply.question) return false;
      } else {
        descriptions += 1;
        if (step.kind === 'outcome' || !descriptionById.has(reply.described) || descriptions > MAX_DESCRIPTIONS) return false;
      }
    }
    return true;
  }

  /**
   * Walks the whole interview: `answerFor` answers each question, `describe` the open question.
   * For simulations, tests and benchmarks.
   */
  function walk(
    answerFor: (question: Question) => Answer,
    describe: () => string = () => 'ache',
    start: readonly Reply[] = [],
  ): { replies: Reply[]; outcome: Outcome } {
    const replies: Reply[] = [...start];
    for (let step = next(replies); ; step = next(replies)) {
      if (step.kind === 'outcome') return { replies, outcome: step.outcome };
      // Each question is asked at most once, and a person adds a few descriptions: a longer walk would never end.
      if (replies.length >= maxReplies) throw new Error(`The interview did not end within ${maxReplies} steps`);
      replies.push(step.kind === 'describe' ? { described: describe() } : { question: step.question.id, answer: answerFor(step.question) });
    }
  }

  return { next, isValidHistory, walk, levelSoFar, impliedBy, maxReplies };
}

export type Engine = ReturnType<typeof createEngine>;

/**
 * The positive answers in the order their causes are named: the warning signs behind an emergency or urgent level
 * (the reason to act; the rules keep patterns below urgent), then the patterns, the most specific (a follow-up,
 * answered later) first, then the other warning signs in the order asked (those already listed add nothing).
 */
function inCauseOrder(level: Level, positives: readonly Question[]): Question[] {
  const escalating = positives.filter((q) => q.level === level && acuity(level) >= acuity('urgent'));
  const patterns = positives.filter((q) => q.kind === 'pattern').reverse();
  return [...escalating, ...patterns, ...positives];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
