import { acuity, higher, type Answer, type Level } from './levels';
import type { Question, Rules } from './schema';

export interface AnsweredQuestion {
  question: string;
  answer: Answer;
}

export interface Outcome {
  level: Level;
  /** One to three cause ids, most pressing first. */
  causes: string[];
  /** Self-care advice ids; empty when the person needs care now. */
  advice: string[];
}

export type Step = { kind: 'question'; question: Question } | { kind: 'outcome'; outcome: Outcome };

const MAX_CAUSES = 3;
const MAX_ADVICE = 3;

/** "I don't know" counts as yes for red flags (CLINICAL.md: telephone-triage practice), never as evidence for a cause. */
export function isPositive(question: Question, answer: Answer): boolean {
  return answer === 'yes' || (answer === 'unsure' && question.kind === 'redFlag');
}

export function createEngine(rules: Rules) {
  function questionOf(answered: AnsweredQuestion): Question {
    const question = rules.questionById.get(answered.question);
    if (!question) throw new Error(`Unknown question "${answered.question}"`);
    return question;
  }

  /**
   * The next question, or the outcome when no remaining question could change it.
   * Questions go in the order of the rules data, highest acuity first; the first emergency sign ends the interview.
   */
  function next(answers: readonly AnsweredQuestion[]): Step {
    const positives = answers.map(questionOf).filter((q, i) => isPositive(q, answers[i]!.answer));
    const level = positives.reduce<Level>((lvl, q) => higher(lvl, q.level), 'selfcare');
    if (level === 'emergency') return { kind: 'outcome', outcome: outcomeFor(level, positives) };

    const answered = new Set(answers.map((a) => a.question));
    const positiveIds = new Set(positives.map((q) => q.id));
    const positivePatterns = positives.filter((q) => q.kind === 'pattern');
    // Pattern questions look for a cause until one is found; a found cause's own follow-ups may still refine it.
    const couldChangeOutcome = (q: Question): boolean =>
      q.kind === 'redFlag'
        ? acuity(q.reach) > acuity(level)
        : acuity(level) < acuity('urgent') && positivePatterns.every((p) => q.askWhen.includes(p.id));

    const question = rules.questions.find(
      (q) => !answered.has(q.id) && q.askWhen.every((gate) => positiveIds.has(gate)) && couldChangeOutcome(q),
    );
    return question ? { kind: 'question', question } : { kind: 'outcome', outcome: outcomeFor(level, positives) };
  }

  function outcomeFor(level: Level, positives: readonly Question[]): Outcome {
    const named = unique(causeOrder(level, positives).flatMap((q) => q.causes));
    const causes = (named.length > 0 ? named : rules.outcomes[level].defaultCauses).slice(0, MAX_CAUSES);
    const needsCareNow = acuity(level) >= acuity('urgent');
    const fromCauses = unique(causes.flatMap((id) => rules.causeById.get(id)?.advice ?? []));
    const advice = needsCareNow
      ? []
      : (fromCauses.length > 0 ? fromCauses : rules.outcomes[level].fallbackAdvice).slice(0, MAX_ADVICE);
    return { level, causes, advice };
  }

  /**
   * True when these answers are exactly what this engine would have asked, in order,
   * so that stored session answers can be trusted.
   */
  function isValidHistory(answers: readonly AnsweredQuestion[]): boolean {
    for (let i = 0; i < answers.length; i++) {
      const step = next(answers.slice(0, i));
      if (step.kind !== 'question' || step.question.id !== answers[i]!.question) return false;
    }
    return true;
  }

  /** Walks the whole interview, answering each question with `answerFor`: for simulations, tests and benchmarks. */
  function walk(answerFor: (question: Question) => Answer): { answers: AnsweredQuestion[]; outcome: Outcome } {
    const answers: AnsweredQuestion[] = [];
    for (let step = next(answers); ; step = next(answers)) {
      if (step.kind === 'outcome') return { answers, outcome: step.outcome };
      answers.push({ question: step.question.id, answer: answerFor(step.question) });
    }
  }

  return { next, isValidHistory, walk };
}

export type Engine = ReturnType<typeof createEngine>;

/**
 * Whose causes are named first: the red flags behind an emergency or urgent level (the reason to act),
 * then patterns with the most specific (a follow-up, answered later) first, then the other red flags.
 */
function causeOrder(level: Level, positives: readonly Question[]): Question[] {
  const escalating = positives.filter((q) => q.kind === 'redFlag' && q.level === level && acuity(level) >= acuity('urgent'));
  const patterns = positives.filter((q) => q.kind === 'pattern').reverse();
  const others = positives
    .filter((q) => q.kind === 'redFlag' && !escalating.includes(q))
    .sort((a, b) => acuity(b.level) - acuity(a.level));
  return [...escalating, ...patterns, ...others];
}

function unique<T>(items: readonly T[]): T[] {
  return [...new Set(items)];
}
