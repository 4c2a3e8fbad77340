import { acuity, higher, type Answer, type Level } from './levels';
import type { Question, Rules } from './schema';

/** One step of the interview: a yes/no answer to a question, or what the listener said the pain feels like. */
export type Reply = { question: string; answer: Answer } | { described: string };

export interface Outcome {
  level: Level;
  /** Zero to four cause ids, the likeliest first; none when the answers point to no cause. */
  causes: string[];
  /** The likeliest cause's self-care advice, what to do now first; empty when the person needs care today or sooner. */
  advice: string[];
  /** The safety-net sentence that fits: the likeliest cause's own, a positive sign's, else the level's. */
  safetyNet: string;
  /** What to do until care comes, when the likeliest cause needing care today or sooner has its own. */
  firstAid?: string;
  /** Where to get care, when a positive answer names a place other than the level's usual one (the maternity team). */
  route?: string;
  /** Days until the offered follow-up reminder; none when the advice is to act now. */
  reminderDays?: number;
}

export type Step = { kind: 'question'; question: Question } | { kind: 'describe' } | { kind: 'outcome'; outcome: Outcome };

const MAX_CAUSES = 4;
const MAX_ADVICE = 3;
/** A person may add to their description a few times; more is not an interview. */
export const MAX_DESCRIPTIONS = 3;

/**
 * "I don't know" counts as yes for warning signs (CLINICAL.md: telephone-triage practice), never as evidence
 * for a cause. Fact and observable questions get a clarifying question first; that is the dialog's job, not the engine's.
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
   * A question is asked while a yes to it could still change the outcome: raise the level (through itself or the
   * questions it opens), or change what the listener is told (the likeliest cause and so its advice and safety
   * net, where to go). The fallback patterns the open question falls back on are asked one by one, only while
   * nothing the listener said points to a cause.
   */
  function next(replies: readonly Reply[]): Step {
    const { answered, implied, described, positives, level } = facts(replies);
    const positiveIds = new Set(positives.map((q) => q.id));
    // A cause named, or a pattern that needs a doctor of its own (a tender calf), is somewhere to point to.
    const nothingPointsToACause = positives.every((p) => p.causes.length === 0 && (p.kind !== 'pattern' || p.level === 'selfcare'));
    let current: Outcome | undefined;
    const couldChangeOutcome = (q: Question): boolean => {
      // Patterns no other answer opens are the open question's: implied by a description, or the fallbacks.
      if (q.kind === 'pattern' && q.askWhen.length === 0)
        return acuity(level) < acuity('urgent') && fallback.has(q.id) && nothingPointsToACause;
      if (acuity(q.reach) > acuity(level)) return true;
      // An emergency ends the interview: nothing is asked after it.
      if (level === 'emergency') return false;
      current ??= outcomeFor(level, positives);
      // A yes to q leaves the level as it is: here q's reach, and so its level, is at most the level reached.
      const positivesIfYes = rules.questions.filter((p) => p === q || positiveIds.has(p.id));
      return !sameAdvice(current, outcomeFor(level, positivesIfYes));
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
    return question ? { kind: 'question', question } : { kind: 'outcome', outcome: current ?? outcomeFor(level, positives) };
  }

  /**
   * The rules check what this relies on: a positive answer names no cause that needs more care than its level, no
   * default cause is one a pattern asks about (so a "no" to it is never overridden), and no outcome gives advice a
   * cause it names must avoid.
   */
  function outcomeFor(level: Level, positives: readonly Question[]): Outcome {
    const named = unique(inCauseOrder(level, positives).flatMap((q) => q.causes));
    const causes = (named.length > 0 ? named : rules.outcomes[level].defaultCauses).slice(0, MAX_CAUSES);
    const needsCareNow = acuity(level) >= acuity('urgent');
    const cause = (id: string) => rules.causeById.get(id)!;
    // What to do tonight is the likeliest cause's own advice, not a mix that could suit one cause and harm another.
    const likeliestAdvice = causes.map((id) => cause(id).advice).find((advice) => advice.length > 0);
    const advice = needsCareNow ? [] : byTiming(likeliestAdvice ?? rules.outcomes[level].fallbackAdvice).slice(0, MAX_ADVICE);
    const safetyNet =
      (needsCareNow ? netForCareNow(level, positives, causes) : netBelowUrgent(positives, causes)) ?? rules.outcomes[level].safetyNet;
    // What to do until care comes fits the reason to act: the likeliest cause's own, or none.
    const firstAid = needsCareNow && causes[0] !== undefined ? cause(causes[0]).firstAid : undefined;
    const route = positives.find((q) => q.route)?.route;
    const reminderDays = rules.outcomes[level].reminderDays;
    return {
      level,
      causes,
      advice,
      safetyNet,
      ...(firstAid ? { firstAid } : {}),
      ...(route ? { route } : {}),
      ...(reminderDays ? { reminderDays } : {}),
    };
  }

  /**
   * Care today or sooner: the net of the sign that set the level (a red, swollen leg: a clot's and an infection's
   * signs), else the likeliest cause's if it needs that care itself (a broken bone: a foot going numb); else none.
   */
  function netForCareNow(level: Level, positives: readonly Question[], causes: readonly string[]): string | undefined {
    const reason = positives.find((q) => q.level === level);
    const likeliest = causes[0] === undefined ? undefined : rules.causeById.get(causes[0]);
    return reason?.safetyNet ?? (likeliest && acuity(likeliest.level) >= acuity('urgent') ? likeliest.safetyNet : undefined);
  }

  /** Below urgent: the likeliest cause's own net (sciatica: the cauda equina signs), else the most specific sign's. */
  function netBelowUrgent(positives: readonly Question[], causes: readonly string[]): string | undefined {
    const likeliest = causes[0] === undefined ? undefined : rules.causeById.get(causes[0]);
    return likeliest?.safetyNet ?? [...positives].reverse().find((q) => q.safetyNet)?.safetyNet;
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

  /**
   * Every interview the rules allow: each question answered yes or no ("not sure" leads
   * where one of them does), with every set of up to MAX_DESCRIPTIONS descriptions given at the open question (what
   * they imply is what counts, whenever they are said). `onOutcome` sees each way to an outcome. For the rules check
   * and the tests.
   */
  function everyInterview(onOutcome: (replies: readonly Reply[], outcome: Outcome) => void): void {
    const sets = descriptionSets();
    // Each path is its own: the answers differ, or the description sets, which imply different things.
    const visit = (replies: Reply[]): void => {
      const step = next(replies);
      if (step.kind === 'outcome') onOutcome(replies, step.outcome);
      else if (step.kind === 'describe') for (const set of sets) visit([...replies, ...set.map((described) => ({ described }))]);
      else for (const answer of ['yes', 'no'] as const) visit([...replies, { question: step.question.id, answer }]);
    };
    visit([]);
  }

  /** Every different outcome an interview can reach (see everyInterview). */
  function reachableOutcomes(): Outcome[] {
    const outcomes = new Map<string, Outcome>();
    everyInterview((_replies, outcome) => outcomes.set(JSON.stringify(outcome), outcome));
    return [...outcomes.values()];
  }

  /** One set of descriptions for each different thing up to MAX_DESCRIPTIONS of them can imply. */
  function descriptionSets(): string[][] {
    const byImplied = new Map<string, string[]>();
    const extend = (set: string[], from: number): void => {
      if (set.length > 0) {
        const implied = [...new Set(set.flatMap((id) => descriptionById.get(id)!.implies))].sort().join();
        if (!byImplied.has(implied)) byImplied.set(implied, set);
      }
      if (set.length === MAX_DESCRIPTIONS) return;
      const ids = [...descriptionById.keys()];
      for (let i = from; i < ids.length; i++) extend([...set, ids[i]!], i + 1);
    };
    extend([], 0);
    return [...byImplied.values()];
  }

  return { next, isValidHistory, walk, levelSoFar, impliedBy, everyInterview, reachableOutcomes, maxReplies };
}

export type Engine = ReturnType<typeof createEngine>;

/**
 * What the listener is told to do: the same place, likeliest cause, advice, first aid and safety net. Outcomes of
 * the same level only: a question that could raise the level is asked for that alone.
 */
function sameAdvice(a: Outcome, b: Outcome): boolean {
  return (
    a.route === b.route &&
    a.causes[0] === b.causes[0] &&
    a.advice.join() === b.advice.join() &&
    a.firstAid === b.firstAid &&
    a.safetyNet === b.safetyNet
  );
}

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
