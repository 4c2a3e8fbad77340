import * as z from 'zod/mini';
import { LEVELS, acuity, type Level } from './levels';

const id = z.string().check(z.regex(/^[a-z][A-Za-z]*$/, 'ids are camelCase words'));
const source = z.string().check(z.minLength(8, 'every rule names its source'));
const level = z.enum(LEVELS);

const questionSchema = z.strictObject({
  id,
  /** redFlag: "I don't know" counts as yes. pattern: points to a cause; "I don't know" is no evidence. */
  kind: z.enum(['redFlag', 'pattern']),
  /** The level a positive answer leads to. */
  level,
  /** Asked only when every question listed here was answered positively. */
  askWhen: z._default(z.array(id), []),
  /** Causes a positive answer makes likely, most likely first. */
  causes: z.array(id),
  source,
});

const causeSchema = z.strictObject({ id, advice: z.array(id), source });
const adviceSchema = z.strictObject({ id, source });
const outcomeSchema = z.strictObject({
  /** Causes named when no answer pointed to one. */
  defaultCauses: z.array(id),
  /** Self-care advice when the causes carry none. */
  fallbackAdvice: z.array(id),
  source,
});

export const rulesDataSchema = z.strictObject({
  questions: z.array(questionSchema).check(z.minLength(1)),
  causes: z.array(causeSchema).check(z.minLength(1)),
  advice: z.array(adviceSchema),
  outcomes: z.record(level, outcomeSchema),
});

export type QuestionData = z.infer<typeof questionSchema>;
export type CauseData = z.infer<typeof causeSchema>;
export type RulesData = z.infer<typeof rulesDataSchema>;

export interface Question extends QuestionData {
  /** The highest level this question or its follow-ups can lead to. */
  reach: Level;
}

export interface Rules {
  questions: readonly Question[];
  questionById: ReadonlyMap<string, Question>;
  causes: readonly CauseData[];
  causeById: ReadonlyMap<string, CauseData>;
  adviceIds: readonly string[];
  outcomes: RulesData['outcomes'];
}

/** Parses and cross-checks the rules data; throws with every problem found. */
export function parseRules(input: unknown): Rules {
  const data = z.parse(rulesDataSchema, input);
  const problems = crossCheck(data);
  if (problems.length > 0) throw new Error(`Invalid triage rules:\n- ${problems.join('\n- ')}`);

  const reach = new Map<string, Level>();
  for (const question of [...data.questions].reverse()) {
    const followUps = data.questions.filter((q) => q.askWhen.includes(question.id));
    const highest = followUps.reduce<Level>(
      (best, f) => (acuity(reach.get(f.id) ?? f.level) > acuity(best) ? (reach.get(f.id) ?? f.level) : best),
      question.level,
    );
    reach.set(question.id, highest);
  }
  const questions = data.questions.map((q) => ({ ...q, reach: reach.get(q.id) ?? q.level }));
  return {
    questions,
    questionById: new Map(questions.map((q) => [q.id, q])),
    causes: data.causes,
    causeById: new Map(data.causes.map((c) => [c.id, c])),
    adviceIds: data.advice.map((a) => a.id),
    outcomes: data.outcomes,
  };
}

function crossCheck(data: RulesData): string[] {
  const problems: string[] = [];
  const causeIds = new Set(data.causes.map((c) => c.id));
  const adviceIds = new Set(data.advice.map((a) => a.id));
  const seen = new Set<string>();
  let lastUngatedRedFlag: Level = 'emergency';

  for (const list of [data.questions, data.causes, data.advice] as const) {
    const ids = list.map((item) => item.id);
    for (const dup of ids.filter((item, i) => ids.indexOf(item) !== i)) problems.push(`duplicate id "${dup}"`);
  }
  for (const q of data.questions) {
    for (const gate of q.askWhen) {
      if (!seen.has(gate)) problems.push(`question "${q.id}" follows "${gate}", which is not an earlier question`);
    }
    for (const cause of q.causes) {
      if (!causeIds.has(cause)) problems.push(`question "${q.id}" names unknown cause "${cause}"`);
    }
    if (q.kind === 'pattern' && acuity(q.level) > acuity('soon')) {
      problems.push(`pattern "${q.id}" leads to ${q.level}: questions for emergency or urgent signs are redFlags, so that "I don't know" counts as yes`);
    }
    if (q.kind === 'redFlag' && q.askWhen.length === 0) {
      if (acuity(q.level) > acuity(lastUngatedRedFlag)) {
        problems.push(`red flag "${q.id}" (${q.level}) comes after a lower-acuity red flag: ask highest acuity first`);
      }
      lastUngatedRedFlag = q.level;
    }
    seen.add(q.id);
  }
  for (const cause of data.causes) {
    for (const advice of cause.advice) {
      if (!adviceIds.has(advice)) problems.push(`cause "${cause.id}" names unknown advice "${advice}"`);
    }
  }
  for (const [lvl, outcome] of Object.entries(data.outcomes)) {
    for (const cause of outcome.defaultCauses) {
      if (!causeIds.has(cause)) problems.push(`outcome "${lvl}" names unknown cause "${cause}"`);
    }
    for (const advice of outcome.fallbackAdvice) {
      if (!adviceIds.has(advice)) problems.push(`outcome "${lvl}" names unknown advice "${advice}"`);
    }
  }
  const reachable = new Set([
    ...data.questions.flatMap((q) => q.causes),
    ...Object.values(data.outcomes).flatMap((o) => o.defaultCauses),
  ]);
  for (const cause of causeIds) {
    if (!reachable.has(cause)) problems.push(`cause "${cause}" is never named by a question or an outcome`);
  }
  return problems;
}
