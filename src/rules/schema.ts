import * as z from 'zod/mini';
import { createEngine } from './engine';
import { indexRules } from './indexed';
import { LEVELS, acuity, higher, type Level } from './levels';

const id = z.string().check(z.regex(/^[a-z][A-Za-z]*$/, 'ids are camelCase words'));
const source = z.string().check(z.minLength(8, 'every rule names its source'));
const level = z.enum(LEVELS);

const questionSchema = z.strictObject({
  id,
  /**
   * redFlag: a warning sign; "I don't know" counts as yes.
   * fact: a warning sign about a fact the listener knows or can find out (a medicine, a risk, what eases the pain):
   * "I don't know" gets one clarifying question, then counts as yes.
   * observable: a warning sign the person can look at or feel: "I don't know" first gets "switch on a light and
   * look", then counts as yes.
   * pattern: points to a cause; "I don't know" is no evidence.
   */
  kind: z.enum(['redFlag', 'fact', 'observable', 'pattern']),
  /** The level a positive answer leads to. */
  level,
  /** Asked only when one of the questions listed here was answered positively. */
  askWhen: z._default(z.array(id), []),
  /** Causes a positive answer makes likely, most likely first. */
  causes: z.array(id),
  /** The safety-net sentence a positive answer calls for, when the likeliest cause has none of its own. */
  safetyNet: z.optional(id),
  /** Where care is sought instead of the level's usual place (pregnancy: the maternity team). */
  route: z.optional(id),
  source,
});

const causeSchema = z.strictObject({
  id,
  /** The least care this cause needs: it is never named in an outcome below this level. */
  level,
  advice: z.array(id),
  /** The safety-net sentence this cause needs instead of its level's. */
  safetyNet: z.optional(id),
  /** What to do until care comes, for a cause that needs care today or sooner ("keep the leg down, don't warm it"). */
  firstAid: z.optional(id),
  /** Advice that is unsafe while this cause is possible: no outcome that names it may give any of it. */
  avoid: z.optional(z.strictObject({ advice: z.array(id).check(z.minLength(1)), source })),
  source,
});
const adviceSchema = z.strictObject({ id, when: z.enum(['now', 'later']), source });
const outcomeSchema = z.strictObject({
  /** Causes named when no answer pointed to one. */
  defaultCauses: z.array(id),
  /** Self-care advice when the causes carry none. */
  fallbackAdvice: z.array(id),
  safetyNet: id,
  /** Offer a reminder this many days later to check on the leg; only where the advice is not to act now. */
  reminderDays: z.optional(z.int().check(z.gte(1), z.lte(14))),
  source,
});
const descriptionsSchema = z.strictObject({
  /** The open question is asked before this question, once the warning signs before it are checked. */
  askBefore: id,
  /** Patterns asked yes or no, in order, when the description points to none. */
  fallback: z.array(id),
  source,
  /** What the listener said the pain feels like, and the questions that answers with a yes. */
  descriptions: z.array(z.strictObject({ id, implies: z.array(id) })),
  /** A body part named without a feeling, taken as this description. */
  parts: z.record(id, id),
  /** A feeling said of certain parts, taken as another description ("burning" in the feet, "tender" in the calf). */
  combinations: z.array(z.strictObject({ feel: id, parts: z.array(id).check(z.minLength(1)), as: id })),
});

export const rulesDataSchema = z.strictObject({
  questions: z.array(questionSchema).check(z.minLength(1)),
  causes: z.array(causeSchema).check(z.minLength(1)),
  advice: z.array(adviceSchema),
  outcomes: z.record(level, outcomeSchema),
  descriptions: descriptionsSchema,
});

export type QuestionData = z.infer<typeof questionSchema>;
export type CauseData = z.infer<typeof causeSchema>;
export type AdviceData = z.infer<typeof adviceSchema>;
export type RulesData = z.infer<typeof rulesDataSchema>;
export type Descriptions = RulesData['descriptions'];

export interface Question extends QuestionData {
  /** The highest level this question or the questions that follow it can lead to. */
  reach: Level;
  /** Position in the asking order. */
  index: number;
  /** False for patterns only the open question finds: they are never asked yes or no. */
  askable: boolean;
}

export interface Rules {
  questions: readonly Question[];
  questionById: ReadonlyMap<string, Question>;
  causes: readonly CauseData[];
  causeById: ReadonlyMap<string, CauseData>;
  advice: readonly AdviceData[];
  adviceById: ReadonlyMap<string, AdviceData>;
  outcomes: RulesData['outcomes'];
  descriptions: Descriptions;
  descriptionIds: readonly string[];
  /** The index of the first question asked after the open question. */
  describeIndex: number;
  /** The questions every listener is asked before the open question: the warning signs with no gate. */
  safetyQuestions: readonly Question[];
  /** Safety-net ids used by causes and outcomes. */
  safetyNets: readonly string[];
}

/**
 * The rules as validation leaves them: plain data (it survives JSON), with what validation derives (each
 * question's reach, index and askability; the open question's place; the safety nets in use).
 */
export interface ValidatedRules {
  questions: Question[];
  causes: CauseData[];
  advice: AdviceData[];
  outcomes: RulesData['outcomes'];
  descriptions: Descriptions;
  describeIndex: number;
  safetyNets: string[];
}

/** Parses and cross-checks the rules data; throws with every problem found. */
export function validateRules(input: unknown): ValidatedRules {
  const data = z.parse(rulesDataSchema, input);
  const reach = reachOf(data.questions);
  const problems = crossCheck(data, reach);
  if (problems.length > 0) throw new Error(`Invalid triage rules:\n- ${problems.join('\n- ')}`);
  return derive(data, reach);
}

/**
 * validateRules, then a walk through every outcome the rules can reach (some seconds): what the build runs, so that
 * rules with unsafe advice never become a bundle, and what the tests run.
 */
export function validateRulesFully(input: unknown): ValidatedRules {
  const validated = validateRules(input);
  const unsafe = unsafeAdvice(validated);
  if (unsafe.length > 0) throw new Error(`Invalid triage rules:\n- ${unsafe.join('\n- ')}`);
  return validated;
}

/**
 * Advice a named cause must avoid, in any outcome the engine can reach: narrowed arteries are never named with
 * raising the legs or compression stockings. A conflict makes the rules invalid, so that the data, not a silent
 * filter, keeps them apart.
 */
export function unsafeAdvice(validated: ValidatedRules): string[] {
  const rules = indexRules(validated);
  const problems = new Set<string>();
  for (const outcome of createEngine(rules).reachableOutcomes()) {
    for (const id of outcome.causes) {
      for (const advice of outcome.advice.filter((a) => rules.causeById.get(id)?.avoid?.advice.includes(a))) {
        problems.add(
          `an outcome names "${id}" and gives "${advice}", which "${id}" must avoid (${outcome.causes.join(', ')}: ${outcome.advice.join(', ')})`,
        );
      }
    }
  }
  return [...problems];
}

/** What validation adds to the data: each question's reach, index and askability, the open question's place. */
function derive(data: RulesData, reach: ReadonlyMap<string, Level>): ValidatedRules {
  const fallback = new Set(data.descriptions.fallback);
  const questions = data.questions.map((q, index) => ({
    ...q,
    reach: reach.get(q.id) ?? q.level,
    index,
    askable: q.kind !== 'pattern' || q.askWhen.length > 0 || fallback.has(q.id),
  }));
  return {
    questions,
    causes: data.causes,
    advice: data.advice,
    outcomes: data.outcomes,
    descriptions: data.descriptions,
    describeIndex: questions.findIndex((q) => q.id === data.descriptions.askBefore),
    safetyNets: [
      ...new Set([
        ...Object.values(data.outcomes).map((o) => o.safetyNet),
        ...data.causes.flatMap((c) => (c.safetyNet ? [c.safetyNet] : [])),
        ...data.questions.flatMap((q) => (q.safetyNet ? [q.safetyNet] : [])),
      ]),
    ],
  };
}

/** Validates and indexes rules data: what the skill runs on. */
export const parseRules = (input: unknown): Rules => indexRules(validateRules(input));

/** Warning signs are asked while they could raise the level: through themselves or the questions they open. */
function reachOf(questions: readonly QuestionData[]): Map<string, Level> {
  const reach = new Map<string, Level>();
  for (const question of [...questions].reverse()) {
    const followUps = questions.filter((q) => q.askWhen.includes(question.id));
    const highest = followUps.reduce<Level>((best, f) => higher(best, reach.get(f.id) ?? f.level), question.level);
    reach.set(question.id, highest);
  }
  return reach;
}

function crossCheck(data: RulesData, reach: ReadonlyMap<string, Level>): string[] {
  const problems: string[] = [];
  const causeById = new Map(data.causes.map((c) => [c.id, c]));
  const adviceIds = new Set(data.advice.map((a) => a.id));
  const questionIds = new Set(data.questions.map((q) => q.id));
  const seen = new Set<string>();
  let lastUngatedReach: Level = 'emergency';
  const describeAt = data.questions.findIndex((q) => q.id === data.descriptions.askBefore);

  for (const list of [data.questions, data.causes, data.advice, data.descriptions.descriptions] as const) {
    const ids = list.map((item) => item.id);
    for (const dup of ids.filter((item, i) => ids.indexOf(item) !== i)) problems.push(`duplicate id "${dup}"`);
  }
  if (describeAt === -1) problems.push(`the open question comes before "${data.descriptions.askBefore}", which is no question`);
  data.questions.forEach((q, index) => {
    for (const gate of q.askWhen) {
      if (!seen.has(gate)) problems.push(`question "${q.id}" follows "${gate}", which is not an earlier question`);
    }
    for (const causeId of q.causes) {
      const cause = causeById.get(causeId);
      if (!cause) problems.push(`question "${q.id}" names unknown cause "${causeId}"`);
      else if (acuity(cause.level) > acuity(q.level)) {
        problems.push(
          `question "${q.id}" (${q.level}) names "${causeId}", which needs ${cause.level}: it would be named in an outcome below its care`,
        );
      }
    }
    if (q.kind === 'pattern' && acuity(q.level) > acuity('soon')) {
      problems.push(
        `pattern "${q.id}" leads to ${q.level}: questions for emergency or urgent signs are warning signs, so that "I don't know" counts as yes`,
      );
    }
    if (q.kind === 'pattern' && q.askWhen.length === 0 && index < describeAt) {
      problems.push(`pattern "${q.id}" comes before the open question: only warning signs are asked of everyone`);
    }
    if (q.kind !== 'pattern' && q.askWhen.length === 0) {
      const own = reach.get(q.id) ?? q.level;
      if (acuity(own) > acuity(lastUngatedReach)) {
        problems.push(`warning sign "${q.id}" (${own}) comes after a lower-acuity one: ask highest acuity first`);
      }
      lastUngatedReach = own;
    }
    seen.add(q.id);
  });
  for (const cause of data.causes) {
    for (const advice of [...cause.advice, ...(cause.avoid?.advice ?? [])]) {
      if (!adviceIds.has(advice)) problems.push(`cause "${cause.id}" names unknown advice "${advice}"`);
    }
    for (const advice of cause.advice.filter((a) => cause.avoid?.advice.includes(a))) {
      problems.push(`cause "${cause.id}" gives "${advice}", which it must avoid`);
    }
    if (cause.firstAid !== undefined && acuity(cause.level) < acuity('urgent')) {
      problems.push(`cause "${cause.id}" has first aid, which is for causes that need care today or sooner`);
    }
    if (acuity(cause.level) >= acuity('urgent') && cause.advice.length > 0) {
      problems.push(`cause "${cause.id}" needs care today but carries self-care advice`);
    }
  }
  const askedAbout = new Map(data.questions.filter((q) => q.kind === 'pattern').flatMap((q) => q.causes.map((c) => [c, q.id] as const)));
  for (const [lvl, outcome] of Object.entries(data.outcomes)) {
    for (const causeId of outcome.defaultCauses) {
      const cause = causeById.get(causeId);
      const pattern = askedAbout.get(causeId);
      if (!cause) problems.push(`outcome "${lvl}" names unknown cause "${causeId}"`);
      else if (acuity(cause.level) > acuity(lvl as Level)) problems.push(`outcome "${lvl}" names "${causeId}", which needs ${cause.level}`);
      if (pattern)
        problems.push(
          `outcome "${lvl}" names "${causeId}" by default, which pattern "${pattern}" asks about: it would be named after a no`,
        );
    }
    for (const advice of outcome.fallbackAdvice) {
      if (!adviceIds.has(advice)) problems.push(`outcome "${lvl}" names unknown advice "${advice}"`);
    }
    if (outcome.reminderDays !== undefined && acuity(lvl as Level) >= acuity('urgent')) {
      problems.push(`outcome "${lvl}" offers a reminder, but at this level the advice is to act now`);
    }
  }
  for (const description of data.descriptions.descriptions) {
    for (const implied of description.implies) {
      if (!questionIds.has(implied)) problems.push(`description "${description.id}" implies unknown question "${implied}"`);
    }
  }
  const descriptionIds = new Set(data.descriptions.descriptions.map((d) => d.id));
  for (const [part, description] of Object.entries(data.descriptions.parts)) {
    if (!descriptionIds.has(description)) problems.push(`body part "${part}" is taken as unknown description "${description}"`);
  }
  for (const combination of data.descriptions.combinations) {
    for (const id of [combination.feel, combination.as]) {
      if (!descriptionIds.has(id))
        problems.push(`"${combination.feel}" in ${combination.parts.join(', ')} names unknown description "${id}"`);
    }
  }
  const implied = new Set(data.descriptions.descriptions.flatMap((d) => d.implies));
  for (const q of data.questions) {
    if (q.kind === 'pattern' && q.askWhen.length === 0 && !data.descriptions.fallback.includes(q.id) && !implied.has(q.id)) {
      problems.push(`pattern "${q.id}" is neither asked nor implied by any description`);
    }
  }
  for (const pattern of data.descriptions.fallback) {
    const q = data.questions.find((x) => x.id === pattern);
    if (q?.kind !== 'pattern' || q.askWhen.length > 0) problems.push(`fallback "${pattern}" is not an ungated pattern`);
  }
  const reachable = new Set([...data.questions.flatMap((q) => q.causes), ...Object.values(data.outcomes).flatMap((o) => o.defaultCauses)]);
  for (const cause of causeById.keys()) {
    if (!reachable.has(cause)) problems.push(`cause "${cause}" is never named by a question or an outcome`);
  }
  return problems;
}
